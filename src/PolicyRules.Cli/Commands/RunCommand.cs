using nietras.SeparatedValues;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules run --rules DIR --module ID --input IN.csv --output OUT.csv [--at DATE]</c>: a bulk run.
/// Streams the CSV (memory does not grow with the row count); a bad row goes to OUT.errors.csv with its line
/// number and reason and every other row is still computed; the closing line reconciles the counts.
/// </summary>
internal static class RunCommand
{
    public static readonly string[] Options = ["rules", "module", "input", "output", "at"];

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "run";
        var rules = args.Require("rules", command);
        var moduleName = args.Require("module", command);
        var inputPath = args.Require("input", command);
        var outputPath = args.Require("output", command);
        var fixedAt = args.Date("at", command);
        if (!File.Exists(inputPath)) throw new UsageException($"run: input file '{inputPath}' does not exist");
        var errorsPath = ErrorsPath(outputPath);

        var package = PackageLoader.Load(rules, error);
        if (package is null) return 1;
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).Error!));
            return 1;
        }
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            throw new UsageException($"run: input '{structured.Name}' of '{module.Name}' is a {structured.Type}, which a CSV cell cannot hold; use 'policyrules eval --batch' with JSON lines");

        using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true }).FromFile(inputPath);
        var columns = reader.Header.ColNames.ToList();
        var inputColumns = new int[module.Inputs.Count];
        var missing = new List<string>();
        foreach (var input in module.Inputs)
        {
            var index = columns.FindIndex(c => c.Trim() == input.Name);
            if (index < 0 && input.Label is not null) index = columns.FindIndex(c => c.Trim() == input.Label);
            if (index < 0 && !input.Type.Optional) missing.Add(input.Label is null ? input.Name : $"{input.Name} ({input.Label})");
            inputColumns[input.Index] = index;
        }
        var atColumn = columns.FindIndex(c => c.Trim() == "at");
        if (fixedAt is null && atColumn < 0) missing.Add("at (or give --at)");
        if (missing.Count > 0)
        {
            error.WriteLine($"run: {inputPath} lacks the column(s) {string.Join(", ", missing)} that module '{module.Name}' needs; its columns are {string.Join(", ", columns)}");
            return 1;
        }

        var outputs = module.Outputs.ToList();
        long rowsIn = 0, rowsOut = 0, errorRows = 0;
        using (var writer = new Sep(',').Writer(o => o with { Escape = true }).ToFile(outputPath))
        using (var errors = new Sep(',').Writer(o => o with { Escape = true }).ToFile(errorsPath))
        {
            var inputs = new Dictionary<string, object?>(module.Inputs.Count);
            foreach (var row in reader)
            {
                rowsIn++;
                var line = row.LineNumberFrom;
                EvaluationError? failure = null;
                EvaluationResult? result = null;
                if (row.ColCount != columns.Count)
                    failure = new EvaluationError(ErrorCodes.InvalidInput, $"expected {columns.Count} columns, found {row.ColCount}");
                else
                {
                    inputs.Clear();
                    foreach (var input in module.Inputs)
                        if (inputColumns[input.Index] >= 0) inputs[input.Name] = row[inputColumns[input.Index]].ToString();
                    DateOnly at;
                    if (fixedAt is { } f) at = f;
                    else if (!DateOnly.TryParseExact(row[atColumn].ToString().Trim(), "yyyy-MM-dd", out at))
                        failure = new EvaluationError(ErrorCodes.InvalidInput, $"at: expected a date as yyyy-mm-dd, got \"{row[atColumn]}\"", "at");
                    if (failure is null)
                    {
                        result = package.Evaluate(module, at, inputs);
                        failure = result.Error;
                    }
                }

                if (failure is not null)
                {
                    errorRows++;
                    using var e = errors.NewRow();
                    e["line"].Set(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    e["code"].Set(failure.Code);
                    e["field"].Set(failure.Field ?? "");
                    e["message"].Set(failure.Message);
                }
                else
                {
                    rowsOut++;
                    using var o = writer.NewRow();
                    for (var c = 0; c < columns.Count; c++) o[columns[c]].Set(row[c].Span);
                    foreach (var (name, value) in result!.Outputs) o[name].Set(ValueText.Format(value));
                }
                if (rowsIn % 100_000 == 0) error.WriteLine($"run: {rowsIn:N0} rows…");
            }
            if (rowsOut == 0)
            {
                // Sep writes the header with the first row; keep the output well-formed when every row failed.
                writer.Header.Add(columns.Concat(outputs.Select(o => o.Name)).ToArray());
            }
            if (errorRows == 0) errors.Header.Add(["line", "code", "field", "message"]);
        }

        var balanced = rowsIn == rowsOut + errorRows;
        error.WriteLine($"run: rows in {rowsIn}, rows out {rowsOut}, error rows {errorRows} ({(balanced ? "reconciled: in = out + errors" : "NOT RECONCILED")}); results in {outputPath}, errors in {errorsPath}");
        return balanced ? 0 : 1;
    }

    public static string ErrorsPath(string outputPath) =>
        outputPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? outputPath[..^4] + ".errors.csv" : outputPath + ".errors.csv";
}
