using System.Globalization;
using PolicyRules.Language;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Files;
using PolicyRules.Scenarios;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules test &lt;dir&gt; [FILE.scenario…]</c>: runs the scenario files of a rule package (all, or the named ones).
/// Prints each failure with its file(line), expected against actual and the explanation quoting the provisions, then
/// <c>N passed, N failed</c> (<c>, N skipped</c>). Exit 1 on any failure, on errors in the rules, or below <c>--min-coverage</c>.
/// </summary>
internal sealed class TestCommand : CliCommand
{
    public override string Name => "test";
    public override string Description => "run the scenario files of a rule package, or only the named ones; ends with 'N passed, N failed'";
    public override CliPositional Positional =>
        new("dir", "the rule package folder, then optionally scenario files to run instead of all of them (paths, or names under the package's scenarios/ folder)",
            Minimum: 1, Maximum: int.MaxValue, Shown: "<dir> [<file.scenario>…]");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("filter", "name|tag", "only the scenarios whose whole name or one of whose tags is this, ignoring case; * stands for any characters ('*地段*'); tag:X or name:X for tags or names only"),
        new("explain", null, "print the explanation (every value, its rule and the provision it quotes) of passing scenarios too"),
        new("verbose", null, "print a line for every scenario, passed ones too"),
        new("junit", "file.xml", "also write a JUnit XML report"),
        new("coverage", null, "report the definitions, labelled rules and if/match branches no scenario reached (of the modules the selected scenarios use, when --filter or files narrow them)"),
        new("coverage-format", "text|json|cobertura", "the coverage report's format (default text); implies --coverage", Completions: CoverageReport.Formats),
        new("coverage-output", "file", "write the coverage report to this file instead of standard output; implies --coverage"),
        new("min-coverage", "N", "fail (exit 1) when coverage is below N percent; implies --coverage"),
        new("reform", "file.reform", "run the scenarios with this reform applied to the package (a scenario naming its own reform runs under that one)"),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    private const string UsageText = "test: usage: policyrules test <rule-package-folder> [<file.scenario>…] [--filter NAME|TAG] [--explain] [--junit FILE] [--coverage] [--coverage-format text|json|cobertura] [--coverage-output FILE] [--min-coverage N] [--verbose]";

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positionals.Count < 1) throw new UsageException(UsageText);
        var directory = args.Positionals[0];
        if (!Directory.Exists(directory)) throw new UsageException($"test: rule package folder '{directory}' does not exist");
        var files = args.Positionals.Skip(1).Select(f => ScenarioFile(directory, f)).ToHashSet(StringComparer.Ordinal);
        var filter = args.Get("filter");
        var junit = args.Get("junit") is { } j ? OutputPaths.Check(j, "junit", "test") : null;
        var verbose = args.Flag("verbose");
        var explain = args.Flag("explain");
        decimal? minCoverage = null;
        if (args.Get("min-coverage") is { } min)
        {
            if (!decimal.TryParse(min.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) || m > 100)
                throw new UsageException($"test: --min-coverage must be a percentage from 0 to 100, got '{min}'");
            minCoverage = m;
        }
        var coverageFormat = args.Get("coverage-format") ?? "text";
        if (!CoverageReport.Formats.Contains(coverageFormat))
            throw new UsageException($"test: --coverage-format must be one of {string.Join(", ", CoverageReport.Formats)}, got '{coverageFormat}'");
        var coverageOutput = args.Get("coverage-output") is { } co ? OutputPaths.Check(co, "coverage-output", "test") : null;
        var wantCoverage = args.Flag("coverage") || minCoverage is not null || args.Get("coverage-format") is not null || coverageOutput is not null;

        var suiteName = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var reform = args.Get("reform");
        if (reform is not null && !File.Exists(reform)) throw new UsageException($"test: reform file '{reform}' does not exist");
        var rules = RuleCompilation.FromDirectory(directory, reform);
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
        // Selected by scenario (files and --filter look only at the scenario); the cases are made and run one at a
        // time, and only counted, so a table of a million rows runs in the memory of one.
        var scenarios = suite.Scenarios.Files.SelectMany(f => f.Scenarios)
            .Where(s => files.Count == 0 || files.Contains(Path.GetFullPath(s.File)))
            .Where(s => filter is null || ScenarioSuite.Matches(s, filter))
            .ToList();
        if (scenarios.Count == 0)
        {
            output.WriteLine(filter is null
                ? files.Count == 0
                    ? $"no scenario under '{directory}': scenario files (*.scenario) belong in its scenarios/ folder"
                    : "the named scenario files hold no scenario"
                : $"no scenario matches --filter '{filter}' (a tag or a whole scenario name, ignoring case; * for any characters, as in '*{filter.Trim('*')}*')"
                  + (filter.EndsWith(".scenario", StringComparison.OrdinalIgnoreCase) ? $"; to run one file, name it after the folder: policyrules test {directory} {filter}" : ""));
            output.WriteLine("0 passed, 0 failed");
            return 1;
        }

        // Narrowed by files or --filter, coverage counts only the modules the selected scenarios use.
        var modules = files.Count > 0 || filter is not null ? scenarios.Select(s => s.Module).OfType<ModuleModel>().Distinct() : null;
        var coverage = wantCoverage ? new ScenarioCoverage(suite.Package.Model, modules) : null;
        var runner = new ScenarioRunner(suite.Package, coverage, suite.Reforms);
        var junitCases = junit is null ? null : new List<JUnitCase>();
        int passed = 0, failed = 0, skipped = 0;
        foreach (var c in scenarios.SelectMany(s => s.Cases))
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = runner.Run(c);
            junitCases?.Add(JUnitCase.Of(result, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
            switch (result.Outcome)
            {
                case ScenarioOutcome.Failed: failed++; output.WriteLine(result.Report()); break;
                case ScenarioOutcome.Skipped: skipped++; output.Write(result.Report()); break;
                default:
                    passed++;
                    if (explain) output.WriteLine(result.Report(explainPassed: true));
                    else if (verbose) output.Write(result.Report());
                    break;
            }
        }

        var exit = failed > 0 ? 1 : 0;

        if (coverage is not null)
        {
            var report = CoverageReport.Write(coverage, coverageFormat, directory);
            if (coverageOutput is null) output.Write(report);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(coverageOutput))!);
                AtomicFile.WriteAllText(coverageOutput, report);
                output.WriteLine($"coverage {coverage.Percent.ToString("0.0", CultureInfo.InvariantCulture)}% ({coverage.Covered}/{coverage.Total}); {coverageFormat} report written to {coverageOutput}");
            }
            if (minCoverage is { } floor && coverage.Percent < floor)
            {
                output.WriteLine($"coverage {coverage.Percent.ToString("0.0", CultureInfo.InvariantCulture)}% is below --min-coverage {floor.ToString(CultureInfo.InvariantCulture)}%");
                exit = 1;
            }
        }
        if (junit is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(junit))!); // as run and doc create theirs
            JUnitReport.Write(junit, junitCases!, suiteName);
            output.WriteLine($"JUnit report written to {junit}");
        }
        output.WriteLine($"{passed} passed, {failed} failed" + (skipped > 0 ? $", {skipped} skipped" : ""));
        return exit;
    }

    /// <summary>
    /// The full path of a scenario file named on the command line: as given (from the current folder), or under the
    /// package folder or its scenarios/ folder. It must be a <c>.scenario</c> file inside the package.
    /// </summary>
    private static string ScenarioFile(string directory, string name)
    {
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var found = new[] { name, Path.Combine(directory, name), Path.Combine(directory, "scenarios", name) }.FirstOrDefault(File.Exists);
        if (found is null)
        {
            var known = Directory.EnumerateFiles(directory, "*.scenario", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>();
            var hint = NameSuggester.Nearest(Path.GetFileName(name), known);
            throw new UsageException($"test: scenario file '{name}' does not exist" + (hint is null ? "" : $"; did you mean '{hint}'?"));
        }
        var full = Path.GetFullPath(found);
        if (!full.StartsWith(root, StringComparison.Ordinal) || !full.EndsWith(".scenario", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"test: '{name}' is not a .scenario file inside the rule package '{directory}'; scenario files belong in its scenarios/ folder");
        return full;
    }
}
