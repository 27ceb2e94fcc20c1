using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PolicyRules.Bulk;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>The Handan 2017 No. 4 rule package, loaded once (the folder is found above the running assembly,
/// or given by POLICYRULES_RULES).</summary>
public static class Handan
{
    private static readonly Lazy<RulePackage> Loaded = new(() => RulePackage.Load(RulesDirectory));

    public static RulePackage Package => Loaded.Value;

    public static string RulesDirectory => Environment.GetEnvironmentVariable("POLICYRULES_RULES") is { Length: > 0 } dir ? dir : FindRules();

    public static CompiledModule Compile(string module) => CompiledModule.Compile(Package, module);

    private static string FindRules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules", "handan-2017-04");
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln")) && Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("cannot find rules/handan-2017-04 above " + AppContext.BaseDirectory + "; set POLICYRULES_RULES");
    }

    /// <summary>A Microsoft RulesEngine over workflows given as JSON text.</summary>
    public static RulesEngine.RulesEngine RulesEngineFor(string workflowsJson) =>
        new(System.Text.Json.JsonSerializer.Deserialize<Workflow[]>(workflowsJson)!, new ReSettings());
}

/// <summary>
/// The benchmark job: in-process (no child build per benchmark), a short run (3 warm-ups, 7 measured iterations)
/// unless POLICYRULES_BENCH_JOB=default, with the memory diagnoser. Results are per record: each benchmark method
/// sets OperationsPerInvoke to the number of records it evaluates.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        var full = Environment.GetEnvironmentVariable("POLICYRULES_BENCH_JOB") == "default";
        var job = full ? Job.Default : Job.ShortRun.WithIterationCount(7);
        AddJob(job.WithToolchain(InProcessEmitToolchain.Instance).WithId(full ? "InProcess" : "Short-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        // On a shared machine the minimum and the median say more than the mean.
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Min, BenchmarkDotNet.Columns.StatisticColumn.Median);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
