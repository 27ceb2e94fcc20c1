using System.Globalization;
using PolicyRules.Bulk;
using PolicyRules.Cli.Impact;
using PolicyRules.Files;
using PolicyRules.Language.Messages;

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
    public override Msg Description => Msg.Of("help.diff");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("base", "old-dir", Msg.Of("help.diff_base")),
        new("rules", "new-dir", Msg.Of("help.diff_rules"), Required: true),
        new("reform", "file.reform", Msg.Of("help.diff_reform")),
        new("module", "id", Msg.Of("help.module"), Required: true) { Suggest = Completion.Modules },
        new("input", "sample.csv", Msg.Of("help.diff_input"), Required: true),
        new("at", "date", Msg.Of("help.run_at")),
        new("by", "column", Msg.Of("help.diff_by")),
        new("changes", "changes.csv", Msg.Of("help.diff_changes")),
        new("format", "text|json", Msg.Of("help.diff_format"), Completions: ["text", "json"]),
        new("show", "n", Msg.Of("help.diff_show")),
        new("threads", "n", Msg.Of("help.threads")),
        new("encoding", "utf-8|gb18030|gbk", Msg.Of("help.diff_encoding"), Completions: ["utf-8", "gb18030", "gbk"]),
        new("fail-on-change", null, Msg.Of("help.diff_fail_on_change")),
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "diff";
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        string Text(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(lang);
        var moduleName = args.Require("module", command, lang);
        var inputPath = args.Require("input", command, lang);
        var fixedAt = args.Date("at", command, lang);
        var encoding = RunCommand.Encoding(args, command, lang);
        var format = args.Get("format") ?? "text";
        if (format is not ("text" or "json")) throw new UsageException(Text("diff.bad_format", ("value", format)));
        var showText = args.Get("show") ?? "10";
        if (!int.TryParse(showText, NumberStyles.None, CultureInfo.InvariantCulture, out var show))
            throw new UsageException(Text("diff.bad_show", ("value", showText)));
        var threads = Environment.ProcessorCount;
        if (args.Get("threads") is { } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1))
            throw new UsageException(Text("diff.bad_threads", ("value", t)));
        var changesPath = args.Get("changes") is { } c ? OutputPaths.Check(c, "changes", command, lang) : null;
        if (!File.Exists(OutputPaths.InputFile(inputPath, command, lang))) throw new UsageException(Text("diff.no_input", ("file", inputPath)));
        if (changesPath is not null && Path.GetFullPath(changesPath) == Path.GetFullPath(inputPath))
            throw new UsageException(Text("diff.changes_overwrite", ("changes", changesPath), ("input", inputPath)));

        var sides = LoadSides(args, error, lang);
        if (sides is not { } s) return 1;
        foreach (var side in new[] { s.Base, s.New })
            if (side.Package.FindModule(moduleName) is null)
            {
                error.WriteLine(Text("diff.no_module", ("package", side.Name), ("module", moduleName)));
                return 1;
            }

        using var reader = RunCommand.OpenCsv(inputPath, encoding, command, error, lang);
        if (reader is null) return 1;
        var columns = reader.Header.ToList();
        // What run would refuse for either version is refused here, before any row is compared.
        var problems = new[] { s.Base, s.New }.Select(x => x.Package.FindModule(moduleName)!)
            .SelectMany(m => CsvColumns.Problems(m, columns, fixedAt is not null, outputsBeside: true)).DistinctBy(p => p.ToString()).ToList();
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine(Text("diff.column_problem", ("file", inputPath), ("problem", p)));
            return 1;
        }
        var byColumn = -1;
        if (args.Get("by") is { } by)
        {
            byColumn = columns.FindIndex(x => x.Trim() == by.Trim());
            if (byColumn < 0 && s.New.Package.FindModule(moduleName)!.FindInput(by.Trim()) is { } input)
                byColumn = CsvColumns.InputIndexes(s.New.Package.FindModule(moduleName)!, columns)[input.Index];
            if (byColumn < 0)
                throw new UsageException(Text("diff.bad_by", ("by", by), ("file", inputPath), ("columns", columns.Select(x => x.Trim()).ToList())));
        }

        var diff = new ImpactDiff(s.Base, s.New, moduleName, columns, fixedAt, threads, byColumn, show) { Language = lang };
        if (changesPath is not null && diff.ChangesHeader.Skip(1 + columns.Count).FirstOrDefault(h => columns.Any(x => x.Trim() == h)) is { } clash)
        {
            error.WriteLine(Text("diff.changes_clash", ("file", inputPath), ("column", clash)));
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
                (total, groups, examples) = diff.Run(reader.Fill, changes?.Stream,
                    n => error.WriteLine(Text("diff.progress", ("rows", n.ToString("N0", CultureInfo.InvariantCulture)))));
            }
            catch (CsvFormatException e)
            {
                error.WriteLine(Text("cli.command_message", ("command", command), ("message", e.Text)));
                error.WriteLine(Text("diff.stopped_at_line", ("line", e.Line), ("input", inputPath),
                    ("changes", changesPath is null ? "" : Msg.Of("diff.changes_as_it_was", ("file", changesPath)))));
                return 1;
            }
            catch (ImpactException e)
            {
                error.WriteLine(Text("cli.command_message", ("command", command), ("message", e.Message)));
                return 1;
            }
            error.WriteLine(diff.EngineReport(total.Rows).Render(lang));
            if (total.Rows != total.Changed + total.Unchanged + total.Errors)
            {
                error.WriteLine(Text("diff.not_reconciled", ("rows", total.Rows), ("changed", total.Changed), ("unchanged", total.Unchanged), ("errors", total.Errors)));
                return 1;
            }
            try
            {
                changes?.Commit();
            }
            catch (OperationCanceledException)
            {
                error.WriteLine(Text("diff.stopped_by_signal"));
                return 1;
            }
            var report = new ImpactReport
            {
                Module = moduleName, Input = inputPath, At = fixedAt, Base = s.Base.Name, New = s.New.Name, NewShown = s.New.Shown,
                By = byColumn < 0 ? null : columns[byColumn].Trim(), Outputs = diff.Outputs, Total = total, Groups = groups,
                BlankLines = reader.BlankLines, Examples = examples, Language = lang,
            };
            if (format == "json") output.WriteLine(report.ToJson());
            else report.WriteText(output);
            if (changesPath is not null) error.WriteLine(Text("diff.changed_rows_in", ("count", total.Changed + total.ErrorsBase + total.ErrorsNew), ("file", changesPath)));

            if (!args.Flag("fail-on-change") || total.Changed + total.Errors == 0) return 0;
            error.WriteLine(Text("diff.fail_on_change", ("changed", total.Changed), ("errors", total.Errors)));
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
    private static (ImpactSide Base, ImpactSide New)? LoadSides(CliArgs args, TextWriter error, Lang lang)
    {
        var rulesPath = args.Require("rules", "diff", lang);
        var reform = args.Get("reform");
        var basePath = args.Get("base");
        if (reform is not null && basePath is not null)
            throw new UsageException(Msg.Of("diff.base_and_reform").Render(lang));
        if (reform is null && basePath is null)
            throw new UsageException(Msg.Of("diff.base_required").Render(lang));
        var before = PackageLoader.Load(basePath ?? rulesPath, "diff", error, lang);
        if (before is null) return null;
        var after = reform is null ? PackageLoader.Load(rulesPath, "diff", error, lang) : PackageLoader.WithReform(before, rulesPath, reform, "diff", error, lang);
        if (after is null) return null;
        // The side's name is English whatever --lang says: the JSON report carries it, and JSON is the same in every language.
        return (new ImpactSide(basePath ?? rulesPath, before),
            new ImpactSide(reform is null ? rulesPath : Msg.Of("diff.with_reform", ("rules", rulesPath), ("reform", reform)).Render(Lang.En), after)
            { Shown = reform is null ? null : Msg.Of("diff.with_reform", ("rules", rulesPath), ("reform", reform)).Render(lang) });
    }
}
