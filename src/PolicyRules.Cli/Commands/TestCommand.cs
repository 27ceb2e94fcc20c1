using System.Globalization;
using PolicyRules.Language;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
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
    public override Msg Description => Msg.Of("help.test");
    public override CliPositional Positional =>
        new("dir", Msg.Of("help.test_dir"),
            Minimum: 1, Maximum: int.MaxValue, Shown: "<dir> [<file.scenario>…]");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("filter", "name|tag", Msg.Of("help.test_filter")),
        new("explain", null, Msg.Of("help.test_explain")),
        new("verbose", null, Msg.Of("help.test_verbose")),
        new("junit", "file.xml", Msg.Of("help.test_junit")),
        new("coverage", null, Msg.Of("help.test_coverage")),
        new("coverage-format", "text|json|cobertura", Msg.Of("help.test_coverage_format"), Completions: CoverageReport.Formats),
        new("coverage-output", "file", Msg.Of("help.test_coverage_output")),
        new("min-coverage", "N", Msg.Of("help.test_min_coverage")),
        new("reform", "file.reform", Msg.Of("help.test_reform")),
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        var given = CliLang.Given(args);
        var locale = CliLang.Locale();
        // Before the files are known, messages follow --lang or the locale; after, the files' keywords too.
        var lang = given ?? locale;
        string Say(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(lang);
        if (args.Positionals.Count < 1) throw new UsageException(Say("test.usage"));
        var directory = args.Positionals[0];
        PackageLoader.RequireFolder(directory, "test", lang);
        var files = args.Positionals.Skip(1).Select(f => ScenarioFile(directory, f, lang)).ToHashSet(StringComparer.Ordinal);
        var chinese = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool IsChinese(string file) => chinese.TryGetValue(file, out var zh) ? zh : chinese[file] = CliLang.IsChineseFile(file);
        var scenarioFiles = files.Count > 0 ? files.ToList()
            : Directory.EnumerateFiles(directory, "*.scenario", SearchOption.AllDirectories).Select(Path.GetFullPath).ToList();
        lang = given ?? (scenarioFiles.Count > 0 && scenarioFiles.All(IsChinese) ? Lang.Zh : locale);
        var filter = args.Get("filter");
        var junit = args.Get("junit") is { } j ? OutputPaths.Check(j, "junit", "test", lang) : null;
        var verbose = args.Flag("verbose");
        var explain = args.Flag("explain");
        decimal? minCoverage = null;
        if (args.Get("min-coverage") is { } min)
        {
            if (!decimal.TryParse(min.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var m) || m > 100)
                throw new UsageException(Say("test.bad_min_coverage", ("value", min)));
            minCoverage = m;
        }
        var coverageFormat = args.Get("coverage-format") ?? "text";
        if (!CoverageReport.Formats.Contains(coverageFormat))
            throw new UsageException(Say("test.bad_coverage_format", ("formats", CoverageReport.Formats), ("value", coverageFormat)));
        // '--coverage-output -' is standard output, where the report goes without it.
        var coverageOutput = args.Get("coverage-output") is { } co && !OutputPaths.IsStandardOutput(co) ? OutputPaths.Check(co, "coverage-output", "test", lang) : null;
        var wantCoverage = args.Flag("coverage") || minCoverage is not null || args.Get("coverage-format") is not null || args.Get("coverage-output") is not null;

        var suiteName = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var reform = args.Get("reform");
        PackageLoader.RequireReform(reform, "test", lang);
        var rules = RuleCompilation.FromDirectory(directory, reform);
        if (rules.HasErrors)
        {
            var errors = rules.Diagnostics.Where(d => d.IsError).Select(d => d.ToString(lang)).ToList();
            foreach (var d in rules.Diagnostics.Where(d => d.IsError)) output.WriteLine(d.ToString(lang));
            output.WriteLine(Say("test.package_errors", ("dir", directory)));
            if (junit is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(junit))!);
                JUnitReport.WritePackageErrors(junit, suiteName, errors, lang);
                output.WriteLine(Say("test.junit_written", ("file", junit)));
            }
            output.WriteLine(Say("test.summary", ("passed", 0), ("failed", 1)));
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
                    ? Say("test.no_scenarios", ("dir", directory))
                    : Say("test.named_files_empty")
                : filter.EndsWith(".scenario", StringComparison.OrdinalIgnoreCase)
                    ? Say("test.filter_matches_none_file", ("filter", filter), ("core", filter.Trim('*')), ("dir", directory))
                    : Say("test.filter_matches_none", ("filter", filter), ("core", filter.Trim('*'))));
            output.WriteLine(Say("test.summary", ("passed", 0), ("failed", 0)));
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
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            // Each scenario is reported in the language of its own file (or --lang), in the JUnit report too.
            var caseLang = given ?? (IsChinese(Path.GetFullPath(c.Span.File)) ? Lang.Zh : locale);
            junitCases?.Add(JUnitCase.Of(result, elapsed, caseLang));
            switch (result.Outcome)
            {
                case ScenarioOutcome.Failed: failed++; output.WriteLine(result.Report(lang: caseLang)); break;
                case ScenarioOutcome.Skipped: skipped++; output.Write(result.Report(lang: caseLang)); break;
                default:
                    passed++;
                    if (explain) output.WriteLine(result.Report(explainPassed: true, lang: caseLang));
                    else if (verbose) output.Write(result.Report(lang: caseLang));
                    break;
            }
        }

        var exit = failed > 0 ? 1 : 0;

        if (coverage is not null)
        {
            var report = CoverageReport.Write(coverage, coverageFormat, directory, lang);
            if (coverageOutput is null) output.Write(report);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(coverageOutput))!);
                AtomicFile.WriteAllText(coverageOutput, report);
                output.WriteLine(Say("test.coverage_written", ("percent", coverage.Percent.ToString("0.0", CultureInfo.InvariantCulture)), ("covered", coverage.Covered),
                    ("total", coverage.Total), ("format", coverageFormat), ("file", coverageOutput)));
            }
            if (minCoverage is { } floor && coverage.Percent < floor)
            {
                output.WriteLine(Say("test.coverage_below", ("percent", coverage.Percent.ToString("0.0", CultureInfo.InvariantCulture)), ("floor", floor)));
                exit = 1;
            }
        }
        if (junit is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(junit))!); // as run and doc create theirs
            JUnitReport.Write(junit, junitCases!, suiteName);
            output.WriteLine(Say("test.junit_written", ("file", junit)));
        }
        output.WriteLine(skipped > 0
            ? Say("test.summary_skipped", ("passed", passed), ("failed", failed), ("skipped", skipped))
            : Say("test.summary", ("passed", passed), ("failed", failed)));
        return exit;
    }

    /// <summary>
    /// The full path of a scenario file named on the command line: as given (from the current folder), or under the
    /// package folder or its scenarios/ folder. It must be a <c>.scenario</c> file inside the package.
    /// </summary>
    private static string ScenarioFile(string directory, string name, Lang lang)
    {
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var found = new[] { name, Path.Combine(directory, name), Path.Combine(directory, "scenarios", name) }.FirstOrDefault(File.Exists);
        if (found is null)
        {
            var known = Directory.EnumerateFiles(directory, "*.scenario", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>();
            var hint = NameSuggester.Nearest(Path.GetFileName(name), known);
            throw new UsageException((hint is null ? Msg.Of("test.no_scenario_file", ("name", name))
                : Msg.Of("test.no_scenario_file_hint", ("name", name), ("hint", Msg.Of("hint.did_you_mean", ("name", hint))))).Render(lang));
        }
        var full = Path.GetFullPath(found);
        if (!full.StartsWith(root, StringComparison.Ordinal) || !full.EndsWith(".scenario", StringComparison.OrdinalIgnoreCase))
            throw new UsageException(Msg.Of("test.not_in_package", ("name", name), ("dir", directory)).Render(lang));
        return full;
    }
}
