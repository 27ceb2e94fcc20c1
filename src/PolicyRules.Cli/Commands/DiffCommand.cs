using System.Globalization;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules diff --base OLD --rules NEW --module ID --input SAMPLE.csv [--at DATE]</c>: runs a module of two
/// versions of a rule package over the same sample population and reports which outcomes the change moves —
/// the rules team's CI shows it on every change. Exit 0 (or 1 with <c>--fail-on-change</c> when anything moved).
/// </summary>
internal sealed class DiffCommand : CliCommand
{
    public override string Name => "diff";
    public override string Description => "which outcomes a rule change moves over a sample population";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("base", "old-dir", "the rule package before the change", Required: true),
        new("rules", "new-dir", "the rule package after the change", Required: true),
        new("module", "id", "the module to evaluate (see 'policyrules doc')", Required: true) { Suggest = Completion.Modules },
        new("input", "sample.csv", "the sample population: a header row naming the module's inputs", Required: true),
        new("at", "date", "the date the law is applied at for every row (yyyy-mm-dd); without it, each row's 'at' column"),
        new("show", "n", "how many changed rows to show (default 10)"),
        new("encoding", "utf-8|gb18030|gbk", "the input CSV's encoding (default utf-8); bytes not in it stop the diff at their line", Completions: ["utf-8", "gb18030", "gbk"]),
        new("fail-on-change", null, "exit 1 when any outcome changes"),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "diff";
        var basePath = args.Require("base", command);
        var rulesPath = args.Require("rules", command);
        var moduleName = args.Require("module", command);
        var inputPath = args.Require("input", command);
        var fixedAt = args.Date("at", command);
        var encoding = RunCommand.Encoding(args, command);
        var showText = args.Get("show") ?? "10";
        if (!int.TryParse(showText, NumberStyles.None, CultureInfo.InvariantCulture, out var show))
            throw new UsageException($"diff: --show must be a whole number, got '{showText}'");
        if (!File.Exists(inputPath)) throw new UsageException($"diff: input file '{inputPath}' does not exist");

        var before = PackageLoader.Load(basePath, error);
        var after = PackageLoader.Load(rulesPath, error);
        if (before is null || after is null) return 1;
        if (after.FindModule(moduleName) is null && before.FindModule(moduleName) is null)
            throw new UsageException($"diff: neither package has a module '{moduleName}'");

        using var reader = RunCommand.OpenCsv(inputPath, encoding, command, error);
        if (reader is null) return 1;
        var columns = reader.Header.ToList();
        // A sample that 'run' would refuse is refused here too, rather than compared as errors in both versions.
        var problems = new[] { before, after }.Select(p => p.FindModule(moduleName)).OfType<ModuleModel>()
            .SelectMany(m => CsvColumns.Problems(m, columns, fixedAt is not null, outputsBeside: false)).Distinct().ToList();
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine($"diff: {inputPath}: {p}");
            return 1;
        }

        var atColumn = columns.FindIndex(c => c.Trim() == "at");
        var changedBy = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        long rows = 0, changedRows = 0, unreadable = 0, firstUnreadable = 0;
        try
        {
            while (reader.Read())
            {
                rows++;
                var at = fixedAt ?? default;
                if (reader.CellCount != columns.Count
                    || (fixedAt is null && !DateOnly.TryParseExact(reader.Cell(atColumn).Trim(), "yyyy-MM-dd", out at)))
                {
                    // Neither version can read the row: counted and shown, not compared.
                    if (unreadable++ == 0) firstUnreadable = reader.RowLine;
                    continue;
                }
                var cells = new Dictionary<string, string>(columns.Count);
                for (var c = 0; c < columns.Count; c++) cells[columns[c].Trim()] = reader.Cell(c).ToString();
                var old = Outcome(before, moduleName, at, cells);
                var now = Outcome(after, moduleName, at, cells);
                var differences = old.Keys.Union(now.Keys).Order(StringComparer.Ordinal)
                    .Where(k => !old.TryGetValue(k, out var a) || !now.TryGetValue(k, out var b) || a != b)
                    .ToList();
                if (differences.Count == 0) continue;
                changedRows++;
                foreach (var k in differences) changedBy[k] = changedBy.GetValueOrDefault(k) + 1;
                if (examples.Count < show)
                    examples.Add($"  line {reader.RowLine} ({columns[0]}={cells[columns[0].Trim()]}): " +
                        string.Join(", ", differences.Select(k => $"{k} {old.GetValueOrDefault(k, "—")} → {now.GetValueOrDefault(k, "—")}")));
            }
        }
        catch (CsvFormatException e)
        {
            error.WriteLine($"diff: {e.Message}");
            error.WriteLine($"diff: stopped at line {e.Line}: the rest of {inputPath} cannot be read reliably, so nothing was compared; fix the file and run again");
            return 1;
        }

        var compared = rows - unreadable;
        output.WriteLine($"diff {moduleName} over {inputPath}{(fixedAt is { } f ? $" at {f:yyyy-MM-dd}" : "")}: {rows} rows, {changedRows} change, {compared - changedRows} unchanged"
            + (unreadable > 0 ? $", {unreadable} not compared (a wrong number of columns or no valid 'at' date; the first at line {firstUnreadable})" : ""));
        foreach (var (name, count) in changedBy) output.WriteLine($"  {name}: {count} rows change");
        if (examples.Count > 0)
        {
            output.WriteLine($"first {examples.Count} changed rows:");
            foreach (var e in examples) output.WriteLine(e);
        }
        return changedRows > 0 && args.Flag("fail-on-change") ? 1 : 0;
    }

    /// <summary>Each output's value as text, or the error code under "error", for one package version.</summary>
    private static Dictionary<string, string> Outcome(RulePackage package, string module, DateOnly at, Dictionary<string, string> cells)
    {
        var model = package.FindModule(module);
        if (model is null) return new() { ["error"] = ErrorCodes.UnknownModule };
        var inputs = model.Inputs
            .Select(i => (i.Name, Cell: cells.TryGetValue(i.Name, out var v) ? v : i.Label is not null && cells.TryGetValue(i.Label, out var l) ? l : null))
            .Where(x => x.Cell is not null)
            .ToDictionary(x => x.Name, x => (object?)x.Cell);
        var result = package.Evaluate(model, at, inputs);
        if (!result.Succeeded) return new() { ["error"] = result.Error!.Code };
        return result.Outputs.ToDictionary(o => o.Key, o => ValueText.Format(o.Value));
    }
}
