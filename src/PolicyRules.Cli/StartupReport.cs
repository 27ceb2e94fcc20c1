using System.Diagnostics;
using System.Globalization;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Cli;

/// <summary>
/// <c>POLICYRULES_TIMINGS=1</c>: after the command, where its time went, on standard error — the runtime's start up to
/// <c>Main</c>, then each phase (<see cref="PhaseTimings"/>: wall and CPU time, methods the JIT compiled and its time),
/// then the whole process. For measuring start-up (benchmarks/README.md); off by default.
/// </summary>
internal static class StartupReport
{
    public static PhaseTimings Start()
    {
        var process = Process.GetCurrentProcess();
        var sinceStart = (DateTime.Now - process.StartTime).TotalMilliseconds;
        var timings = PhaseTimings.Start();
        timings.Add("runtime to Main", sinceStart, process.TotalProcessorTime.TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds, GC.GetTotalAllocatedBytes());
        return timings;
    }

    public static void Finish(PhaseTimings timings, TextWriter error)
    {
        PhaseTimings.Mark("command");
        var process = Process.GetCurrentProcess();
        error.WriteLine(timings.Report());
        error.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "process: {0:F0} ms since start, {1:F0} ms CPU, {2} GCs, {3} assemblies loaded",
            (DateTime.Now - process.StartTime).TotalMilliseconds, process.TotalProcessorTime.TotalMilliseconds,
            GC.CollectionCount(0), AppDomain.CurrentDomain.GetAssemblies().Length));
    }
}
