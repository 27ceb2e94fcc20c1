using System.Globalization;
using PolicyRules.Language;
using PolicyRules.Scenarios;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules test &lt;dir&gt;</c>: runs every scenario file of a rule package. Prints each failure with its
/// file(line), expected against actual and the explanation quoting the provisions, then <c>N passed, N failed</c>
/// (<c>, N skipped</c>). Exit 1 on any failure, on errors in the rules, or below <c>--min-coverage</c>.
/// </summary>
internal static class TestCommand
{
    public static readonly string[] Options = ["junit", "filter", "min-coverage"];
    public static readonly string[] Flags = ["coverage", "verbose"];

    private const string UsageText = "test: usage: policyrules test <rule-package-folder> [--filter NAME|TAG] [--junit FILE] [--coverage] [--min-coverage N] [--verbose]";

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positionals.Count != 1) throw new UsageException(UsageText);
        var directory = args.Positionals[0];
        if (!Directory.Exists(directory)) throw new UsageException($"test: rule package folder '{directory}' does not exist");
        var filter = args.Get("filter");
        var junit = args.Get("junit") is { } j ? OutputPaths.Check(j, "junit", "test") : null;
        var verbose = args.Flag("verbose");
        decimal? minCoverage = null;
        if (args.Get("min-coverage") is { } min)
        {
            if (!decimal.TryParse(min.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) || m > 100)
                throw new UsageException($"test: --min-coverage must be a percentage from 0 to 100, got '{min}'");
            minCoverage = m;
        }
        var wantCoverage = args.Flag("coverage") || minCoverage is not null;

        var suiteName = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var rules = RuleCompilation.FromDirectory(directory);
        if (rules.HasErrors)
        {
            var errors = rules.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
            foreach (var d in errors) output.WriteLine(d);
            output.WriteLine($"the rule package '{directory}' has errors, so no scenario was run; see 'policyrules check {directory}'");
            if (junit is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(junit))!);
                JUnitReport.WritePackageErrors(junit, suiteName, errors);
                output.WriteLine($"JUnit report written to {junit}");
            }
            output.WriteLine("0 passed, 1 failed");
            return 1;
        }
        var suite = ScenarioSuite.Load(rules, directory);
        var cases = suite.Cases.Where(c => filter is null || ScenarioSuite.Matches(c, filter)).ToList();
        if (cases.Count == 0)
        {
            output.WriteLine(filter is null
                ? $"no scenario under '{directory}': scenario files (*.scenario) belong in its scenarios/ folder"
                : $"no scenario matches --filter '{filter}' (a tag, or part of a scenario's name)");
            output.WriteLine("0 passed, 0 failed");
            return 1;
        }

        var coverage = wantCoverage ? new ScenarioCoverage(suite.Package.Model) : null;
        var runner = new ScenarioRunner(suite.Package, coverage);
        var results = new List<ScenarioResult>(cases.Count);
        var times = new List<TimeSpan>(cases.Count);
        foreach (var c in cases)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = runner.Run(c);
            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            results.Add(result);
            switch (result.Outcome)
            {
                case ScenarioOutcome.Failed: output.WriteLine(result.Report()); break;
                case ScenarioOutcome.Skipped: output.Write(result.Report()); break;
                default: if (verbose) output.Write(result.Report()); break;
            }
        }

        var passed = results.Count(r => r.Outcome == ScenarioOutcome.Passed);
        var failed = results.Count(r => r.Outcome == ScenarioOutcome.Failed);
        var skipped = results.Count(r => r.Outcome == ScenarioOutcome.Skipped);
        var exit = failed > 0 ? 1 : 0;

        if (coverage is not null)
        {
            output.Write(coverage.Report());
            if (minCoverage is { } floor && coverage.Percent < floor)
            {
                output.WriteLine($"coverage {coverage.Percent.ToString("0.0", CultureInfo.InvariantCulture)}% is below --min-coverage {floor.ToString(CultureInfo.InvariantCulture)}%");
                exit = 1;
            }
        }
        if (junit is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(junit))!); // as run and doc create theirs
            JUnitReport.Write(junit, results, suiteName, times);
            output.WriteLine($"JUnit report written to {junit}");
        }
        output.WriteLine($"{passed} passed, {failed} failed" + (skipped > 0 ? $", {skipped} skipped" : ""));
        return exit;
    }
}
