using System.Globalization;
using PolicyRules.Bulk;
using PolicyRules.Cli.Impact;
using PolicyRules.Files;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules diff (--base OLD --rules NEW | --rules DIR --reform FILE) --module ID --input SAMPLE.csv [--at DATE] [--by COLUMN] [--changes FILE.csv]
/// [--format text|json] [--fail-on-change]</c>: the impact report of a rule change. Both versions of the module evaluate
/// every row (<see cref="ImpactDiff"/>); the report counts rows changed, unchanged and in error on either side, and per
/// output the rows changed and, for money and decimal outputs, the exact totals before and after and their difference,
/// overall and per group of <c>--by</c>. The sample is read and checked exactly as <c>run</c> reads it, and refused
/// (exit 1) where run would refuse it. Exit 0, or 1 with <c>--fail-on-change</c> when any row changes or errs.
/// </summary>
internal sealed class DiffCommand : CliCommand
{
    public override string Name => "diff";
    public override string Description => "impact report: what a rule change moves over a sample population (counts, totals before and after, per group)";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("base", "old-dir", "the rule package before the change (or give --reform instead)"),
        new("rules", "new-dir", "the rule package after the change; with --reform, the package the reform applies to", Required: true),
        new("reform", "file.reform", "compare the --rules package with itself under this reform (no --base)"),
        new("module", "id", "the module to evaluate (see 'policyrules doc')", Required: true) { Suggest = Completion.Modules },
        new("input", "sample.csv", "the sample population: a header row naming the module's inputs, read as 'run' reads it", Required: true),
        new("at", "date", "the date the law is applied at for every row (yyyy-mm-dd); without it, each row's 'at' column"),
        new("by", "column", "also report per value of this column of the sample (e.g. grade)"),
        new("changes", "changes.csv", "write every changed row here: its line, its cells, each output before and after, each side's error"),
        new("format", "text|json", "the report on standard output: text (default) or json (schema in docs/cli.md)", Completions: ["text", "json"]),
        new("show", "n", "text report: how many changed rows to show (default 10)"),
        new("threads", "n", "worker threads (default: one per core)"),
        new("encoding", "utf-8|gb18030|gbk", "the input CSV's encoding (default utf-8); bytes not in it stop the diff at their line", Completions: ["utf-8", "gb18030", "gbk"]),
        new("fail-on-change", null, "exit 1 when any row changes or is an error on either side"),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "diff";
        var moduleName = args.Require("module", command);
        var inputPath = args.Require("input", command);
        var fixedAt = args.Date("at", command);
        var encoding = RunCommand.Encoding(args, command);
        var format = args.Get("format") ?? "text";
        if (format is not ("text" or "json")) throw new UsageException($"diff: --format must be 'text' or 'json', got '{format}'");
        var showText = args.Get("show") ?? "10";
        if (!int.TryParse(showText, NumberStyles.None, CultureInfo.InvariantCulture, out var show))
            throw new UsageException($"diff: --show must be a whole number, got '{showText}'");
        var threads = Environment.ProcessorCount;
        if (args.Get("threads") is { } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1))
            throw new UsageException($"diff: --threads must be a whole number of at least 1, got '{t}'");
        var changesPath = args.Get("changes") is { } c ? OutputPaths.Check(c, "changes", command) : null;
        if (!File.Exists(inputPath)) throw new UsageException($"diff: input file '{inputPath}' does not exist");
        if (changesPath is not null && Path.GetFullPath(changesPath) == Path.GetFullPath(inputPath))
            throw new UsageException($"diff: --changes '{changesPath}' would overwrite the input '{inputPath}'; choose another file");

        var sides = LoadSides(args, error);
        if (sides is not { } s) return 1;
        foreach (var side in new[] { s.Base, s.New })
            if (side.Package.FindModule(moduleName) is null)
            {
                error.WriteLine($"diff: the package '{side.Name}' has no module '{moduleName}'; see 'policyrules doc {side.Name}'");
                return 1;
            }

        using var reader = RunCommand.OpenCsv(inputPath, encoding, command, error);
        if (reader is null) return 1;
        var columns = reader.Header.ToList();
        // What run would refuse for either version is refused here, before any row is compared.
        var problems = new[] { s.Base, s.New }.Select(x => x.Package.FindModule(moduleName)!)
            .SelectMany(m => CsvColumns.Problems(m, columns, fixedAt is not null, outputsBeside: true)).Distinct().ToList();
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine($"diff: {inputPath}: {p}");
            return 1;
        }
        var byColumn = -1;
        if (args.Get("by") is { } by)
        {
            byColumn = columns.FindIndex(x => x.Trim() == by.Trim());
            if (byColumn < 0 && s.New.Package.FindModule(moduleName)!.FindInput(by.Trim()) is { } input)
                byColumn = CsvColumns.InputIndexes(s.New.Package.FindModule(moduleName)!, columns)[input.Index];
            if (byColumn < 0)
                throw new UsageException($"diff: --by '{by}' is not a column of {inputPath}; its columns are {string.Join(", ", columns.Select(x => $"'{x.Trim()}'"))}");
        }

        var diff = new ImpactDiff(s.Base, s.New, moduleName, columns, fixedAt, threads, byColumn, show);
        if (changesPath is not null && diff.ChangesHeader.Skip(1 + columns.Count).FirstOrDefault(h => columns.Any(x => x.Trim() == h)) is { } clash)
        {
            error.WriteLine($"diff: {inputPath}: its column '{clash}' has the name of a column of the changes file; rename the column");
            return 1;
        }

        AtomicFile? changes = null;
        try
        {
            if (changesPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(changesPath))!);
                changes = AtomicFile.Create(changesPath, 1 << 20);
            }
            OutcomeCounts total;
            IReadOnlyList<(string, OutcomeCounts)> groups;
            IReadOnlyList<string> examples;
            try
            {
                (total, groups, examples) = diff.Run(reader.Fill, changes?.Stream, n => error.WriteLine($"diff: {n:N0} rows…"));
            }
            catch (CsvFormatException e)
            {
                error.WriteLine($"diff: {e.Message}");
                error.WriteLine($"diff: stopped at line {e.Line}: the rest of {inputPath} cannot be read reliably, so nothing was compared{(changesPath is null ? "" : $" ({changesPath} is as it was)")}; fix the file and run again");
                return 1;
            }
            catch (ImpactException e)
            {
                error.WriteLine($"diff: {e.Message}");
                return 1;
            }
            error.WriteLine($"diff: {diff.EngineReport(total.Rows)}");
            if (total.Rows != total.Changed + total.Unchanged + total.Errors)
            {
                error.WriteLine($"diff: rows {total.Rows} ≠ changed {total.Changed} + unchanged {total.Unchanged} + errors {total.Errors} (NOT RECONCILED); no report");
                return 1;
            }
            try
            {
                changes?.Commit();
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("diff: stopped by a signal before the changes file was in place; nothing was written");
                return 1;
            }
            var report = new ImpactReport
            {
                Module = moduleName, Input = inputPath, At = fixedAt, Base = s.Base.Name, New = s.New.Name,
                By = byColumn < 0 ? null : columns[byColumn].Trim(), Outputs = diff.Outputs, Total = total, Groups = groups,
                BlankLines = reader.BlankLines, Examples = examples,
            };
            if (format == "json") output.WriteLine(report.ToJson());
            else report.WriteText(output);
            if (changesPath is not null) error.WriteLine($"diff: {total.Changed + total.ErrorsBase + total.ErrorsNew} changed rows in {changesPath}");

            if (!args.Flag("fail-on-change") || total.Changed + total.Errors == 0) return 0;
            error.WriteLine($"diff: --fail-on-change: {total.Changed} rows changed, {total.Errors} rows are errors");
            return 1;
        }
        finally
        {
            changes?.Dispose();
        }
    }

    /// <summary>
    /// The two versions a diff compares, each a loaded <see cref="PolicyRules.RulePackage"/>: <c>--base OLD --rules NEW</c>,
    /// two package folders; or <c>--rules DIR --reform FILE</c>, the package as it is against the same package with the
    /// reform applied (its rule files read and parsed once, bound again for the reformed side: a reform replaces values in
    /// the model it is applied to). Null
    /// (diagnostics printed) when a package or the reform does not load.
    /// </summary>
    private static (ImpactSide Base, ImpactSide New)? LoadSides(CliArgs args, TextWriter error)
    {
        var rulesPath = args.Require("rules", "diff");
        var reform = args.Get("reform");
        var basePath = args.Get("base");
        if (reform is not null && basePath is not null)
            throw new UsageException("diff: give --base OLD --rules NEW (two packages) or --rules DIR --reform FILE (a reform), not both");
        if (reform is null && basePath is null)
            throw new UsageException("diff: --base is required (or --reform FILE, to compare --rules with itself under a reform)");
        var before = PackageLoader.Load(basePath ?? rulesPath, error);
        if (before is null) return null;
        var after = reform is null ? PackageLoader.Load(rulesPath, error) : PackageLoader.WithReform(before, rulesPath, reform, error);
        if (after is null) return null;
        return (new ImpactSide(basePath ?? rulesPath, before), new ImpactSide(reform is null ? rulesPath : $"{rulesPath} with {reform}", after));
    }
}
