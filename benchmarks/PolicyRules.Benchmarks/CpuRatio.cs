using System.Globalization;
using System.Runtime.InteropServices;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The compiled bulk path and the generated module (TryEvaluate) against the hand-written baseline in thread CPU time, for a machine too loaded for wall-clock
/// figures: the three run alternately, round after round, on the same data; each round's time is the CPU time of the
/// measuring thread only (time spent descheduled does not count), and the figures are the minimum and median over the
/// rounds. Linux only (clock_gettime with CLOCK_THREAD_CPUTIME_ID).
/// <c>dotnet run -c Release --project benchmarks/PolicyRules.Benchmarks -- cpu-ratio [ROUNDS] [WORKLOAD…]</c>
/// </summary>
public static class CpuRatio
{
    private const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static long ThreadCpuNanoseconds()
    {
        if (ClockGetTime(ThreadCpuClock, out var t) != 0) throw new InvalidOperationException("clock_gettime failed");
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    private sealed record Workload(string Name, int Records, Action HandWritten, Action Compiled, Action Generated);

    private static IEnumerable<Workload> Workloads(ISet<string> only)
    {
        bool Wanted(string name) => only.Count == 0 || only.Contains(name);
        if (Wanted("landtax"))
        {
            var d = new LandTaxData(LandTaxBenchmarks.Records);
            var r = new LandTaxResults(d.Count);
            var c = new LandTaxEngines.Compiled(d);
            var g = new LandTaxEngines.Generated(d);
            yield return new("landtax", d.Count, () => LandTaxEngines.HandWritten(d, r, d.Count), c.Run, () => g.Run(r, d.Count));
        }
        if (Wanted("subsidy"))
        {
            var d = new SubsidyData(SubsidyBenchmarks.Records);
            var r = new SubsidyResults(d.Count);
            var c = new SubsidyEngines.Compiled(d);
            var g = new SubsidyEngines.Generated(d);
            yield return new("subsidy", d.Count, () => SubsidyEngines.HandWritten(d, r, d.Count), c.Run, () => g.Run(r, d.Count));
        }
        if (Wanted("child"))
        {
            var d = new ChildData(LeftBehindChildBenchmarks.Records);
            var r = new ChildResults(d.Count);
            var c = new ChildEngines.Compiled(d);
            var g = new ChildEngines.Generated(d);
            yield return new("child", d.Count, () => ChildEngines.HandWritten(d, r, d.Count), c.Run, () => g.Run(r, d.Count));
        }
        if (Wanted("deadline"))
        {
            var d = new DeadlineData(PublicationDeadlineBenchmarks.Records);
            var r = new DeadlineResults(d.Count);
            var calendar = DeadlineEngines.Calendar();
            var c = new DeadlineEngines.Compiled(d);
            var g = new DeadlineEngines.Generated(d);
            yield return new("deadline", d.Count, () => DeadlineEngines.HandWritten(calendar, d, r, d.Count), c.Run, () => g.Run(r, d.Count));
        }
    }

    public static void Run(string[] args)
    {
        var rounds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 30;
        var only = args.Where(a => !int.TryParse(a, CultureInfo.InvariantCulture, out _)).ToHashSet();
        Thread.CurrentThread.Priority = ThreadPriority.Highest;
        Console.WriteLine($"thread CPU time per record, {rounds} alternating rounds; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine("| workload | hand-written min | median | compiled min | median | ratio of min | ratio of median | generated min | median | ratio of min | ratio of median |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var w in Workloads(only))
        {
            // Past the 30 calls that promote the hand-written loop to tier 1 with its dynamic PGO profile (the compiled
            // kernel is a dynamic method, optimized at once), then a pause for the background compile.
            for (var k = 0; k < 40; k++) { w.HandWritten(); w.Compiled(); w.Generated(); }
            Thread.Sleep(500);
            for (var k = 0; k < 3; k++) { w.HandWritten(); w.Compiled(); w.Generated(); }
            var hand = new double[rounds];
            var compiled = new double[rounds];
            var generated = new double[rounds];
            for (var k = 0; k < rounds; k++)
            {
                hand[k] = Measure(w.HandWritten, w.Records);
                compiled[k] = Measure(w.Compiled, w.Records);
                generated[k] = Measure(w.Generated, w.Records);
            }
            Array.Sort(hand);
            Array.Sort(compiled);
            Array.Sort(generated);
            double Median(double[] x) => x[x.Length / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {w.Name} | {hand[0]:F2} ns | {Median(hand):F2} ns | {compiled[0]:F2} ns | {Median(compiled):F2} ns | {compiled[0] / hand[0]:F3} | {Median(compiled) / Median(hand):F3} | "
                + $"{generated[0]:F2} ns | {Median(generated):F2} ns | {generated[0] / hand[0]:F3} | {Median(generated) / Median(hand):F3} |"));
        }
        Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static double Measure(Action run, int records)
    {
        var start = ThreadCpuNanoseconds();
        run();
        return (double)(ThreadCpuNanoseconds() - start) / records;
    }
}
