using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyRules.Language.Diagnostics;

/// <summary>
/// Where a command's time goes, phase by phase: wall time, and the methods the JIT compiled and its time. Off unless a
/// host turns it on (<c>POLICYRULES_TIMINGS=1</c> for the CLI, docs in benchmarks/README.md); the front end marks its
/// phases (parse, bind, reform) through <see cref="Mark"/>, which costs nothing when it is off.
/// </summary>
internal sealed class PhaseTimings
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Phase> _phases = new();
    private double _lastMs;
    private double _lastCpuMs;
    private long _lastMethods;
    private double _lastJitMs;
    private long _lastBytes;

    private sealed record Phase(string Name, double Ms, double CpuMs, long Methods, double JitMs, long Bytes);

    /// <summary>The timings of this process's command, or null when off.</summary>
    public static PhaseTimings? Current { get; set; }

    private PhaseTimings() { (_lastMethods, _lastJitMs) = Jit(); _lastCpuMs = CpuMs(); _lastBytes = Allocated(); }

    /// <summary>Starts timing; what ran before (the host, the runtime's start) is reported by the host itself.</summary>
    public static PhaseTimings Start() => Current = new PhaseTimings();

    /// <summary>A phase measured by the host itself (the runtime's start, before any code of ours ran).</summary>
    public void Add(string phase, double ms, double cpuMs, long methods, double jitMs, long bytes)
    {
        lock (_phases) _phases.Add(new Phase(phase, ms, cpuMs, methods, jitMs, bytes));
    }

    /// <summary>Ends the phase <paramref name="phase"/> here (when timings are on).</summary>
    public static void Mark(string phase) => Current?.End(phase);

    private void End(string phase)
    {
        var ms = _clock.Elapsed.TotalMilliseconds;
        var cpuMs = CpuMs();
        var (methods, jitMs) = Jit();
        var bytes = Allocated();
        lock (_phases) _phases.Add(new Phase(phase, ms - _lastMs, cpuMs - _lastCpuMs, methods - _lastMethods, jitMs - _lastJitMs, bytes - _lastBytes));
        _lastMs = ms; _lastCpuMs = cpuMs; _lastMethods = methods; _lastJitMs = jitMs; _lastBytes = bytes;
    }

    /// <summary>Bytes allocated so far by every thread.</summary>
    private static long Allocated()
    {
#if NET
        return System.GC.GetTotalAllocatedBytes();
#else
        return 0;
#endif
    }

    /// <summary>The CPU time of the whole process (every thread: parsing runs on several).</summary>
    private static double CpuMs()
    {
#if NET
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
#else
        return 0;
#endif
    }

    private static (long Methods, double JitMs) Jit()
    {
#if NET
        return (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
#else
        return (0, 0);
#endif
    }

    /// <summary>One line per phase: wall ms, CPU ms, methods JIT-compiled, JIT ms, MB allocated; then the total.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Line("phase", "wall ms", "cpu ms", "jitted", "jit ms", "MB alloc"));
        var total = new Phase("total", 0, 0, 0, 0, 0);
        foreach (var p in _phases)
        {
            sb.AppendLine(Line(p));
            total = total with { Ms = total.Ms + p.Ms, CpuMs = total.CpuMs + p.CpuMs, Methods = total.Methods + p.Methods, JitMs = total.JitMs + p.JitMs, Bytes = total.Bytes + p.Bytes };
        }
        sb.Append(Line(total));
        return sb.ToString();
    }

    private static string Line(Phase p) =>
        Line(p.Name, F(p.Ms), F(p.CpuMs), p.Methods.ToString(CultureInfo.InvariantCulture), F(p.JitMs), (p.Bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture));

    private static string F(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);

    private static string Line(string name, string ms, string cpuMs, string methods, string jitMs, string mb) =>
        $"{name,-16} {ms,8} {cpuMs,8} {methods,8} {jitMs,8} {mb,9}";
}
