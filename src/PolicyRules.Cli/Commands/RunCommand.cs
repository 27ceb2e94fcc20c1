using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules run --rules DIR --module ID --input IN.csv --output OUT.csv [--at DATE] [--threads N]</c>: a bulk run.
/// The module is compiled once (<see cref="CompiledModule"/>) and the CSV streamed through it in bounded chunks on
/// N threads (all cores by default), the output written in input order, byte-identical whatever N, and memory flat in
/// the row count. A bad row goes to OUT.errors.csv with its line number and reason and every other row is still
/// computed; the closing line reconciles the counts. <c>--engine interpreter</c> runs the reference path instead:
/// one row at a time through the interpreter, on one thread (same files, slower).
/// </summary>
internal static class RunCommand
{
    public static readonly string[] Options = ["rules", "module", "input", "output", "at", "threads", "engine"];

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "run";
        var rules = args.Require("rules", command);
        var moduleName = args.Require("module", command);
        var inputPath = args.Require("input", command);
        var outputPath = args.Require("output", command);
        var fixedAt = args.Date("at", command);
        var threads = Environment.ProcessorCount;
        if (args.Get("threads") is { } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1))
            throw new UsageException($"run: --threads must be a whole number of at least 1, got '{t}'");
        var engine = args.Get("engine") ?? "compiled";
        if (engine is not ("compiled" or "interpreter"))
            throw new UsageException($"run: --engine must be 'compiled' or 'interpreter', got '{engine}'");
        if (!File.Exists(inputPath)) throw new UsageException($"run: input file '{inputPath}' does not exist");
        var errorsPath = ErrorsPath(outputPath);
        if (SameFile(inputPath, outputPath) || SameFile(inputPath, errorsPath))
            throw new UsageException($"run: --output '{outputPath}' would overwrite the input '{inputPath}' (or its errors file would); choose another output file");
        var outputFolder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        if (!Directory.Exists(outputFolder)) Directory.CreateDirectory(outputFolder);

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

        using var reader = OpenCsv(inputPath, command, error);
        if (reader is null) return 1;
        var columns = reader.Header.ColNames.ToList();
        var run = engine == "compiled" ? new BulkCsvRun(CompiledModule.Compile(package, module), columns, fixedAt, threads) : null;
        var missing = run?.MissingColumns ?? MissingColumns(module, columns, fixedAt);
        if (missing.Count > 0)
        {
            error.WriteLine($"run: {inputPath} lacks the column(s) {string.Join(", ", missing)} that module '{module.Name}' needs; its columns are {string.Join(", ", columns)}");
            return 1;
        }

        BulkRunCounts counts;
        if (run is null) counts = RunInterpreted(package, module, reader, columns, fixedAt, outputPath, errorsPath, error);
        else
        {
            using var results = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            using var errors = new FileStream(errorsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            counts = run.Run(chunk => Fill(reader, chunk), results, errors, n => error.WriteLine($"run: {n:N0} rows…"));
        }

        error.WriteLine("run: " + (run?.EngineReport(counts) ?? "engine interpreter (--engine interpreter)"));
        error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows} ({(counts.Reconciled ? "reconciled: in = out + errors" : "NOT RECONCILED")}); results in {outputPath}, errors in {errorsPath}");
        return counts.Reconciled ? 0 : 1;
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Opens a CSV file with a header row; a header the reader refuses (a column named twice) is reported, not thrown.</summary>
    internal static SepReader? OpenCsv(string path, string command, TextWriter error)
    {
        try
        {
            return Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true }).FromFile(path);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"{command}: cannot read the header row of {path}: {e.Message}");
            return null;
        }
    }

    /// <summary>Copies rows from the reader into the chunk until it is full (true) or the file ends (false).</summary>
    internal static bool Fill(SepReader reader, TextChunk chunk)
    {
        while (!chunk.IsFull)
        {
            if (!reader.MoveNext()) return false;
            var row = reader.Current;
            chunk.BeginRow(row.LineNumberFrom);
            for (var c = 0; c < row.ColCount; c++) chunk.AddCell(row[c].Span);
        }
        return true;
    }

    private static List<string> MissingColumns(ModuleModel module, List<string> columns, DateOnly? fixedAt)
    {
        var missing = new List<string>();
        foreach (var input in module.Inputs)
        {
            var index = columns.FindIndex(c => c.Trim() == input.Name);
            if (index < 0 && input.Label is not null) index = columns.FindIndex(c => c.Trim() == input.Label);
            if (index < 0 && !input.Type.Optional) missing.Add(input.Label is null ? input.Name : $"{input.Name} ({input.Label})");
        }
        if (fixedAt is null && columns.FindIndex(c => c.Trim() == "at") < 0) missing.Add("at (or give --at)");
        return missing;
    }

    /// <summary>The reference path: one row at a time through <see cref="RulePackage.Evaluate(ModuleModel, DateOnly, IReadOnlyDictionary{string, object?}, bool)"/>.</summary>
    private static BulkRunCounts RunInterpreted(RulePackage package, ModuleModel module, SepReader reader, List<string> columns, DateOnly? fixedAt,
        string outputPath, string errorsPath, TextWriter error)
    {
        var inputColumns = new int[module.Inputs.Count];
        foreach (var input in module.Inputs)
        {
            var index = columns.FindIndex(c => c.Trim() == input.Name);
            if (index < 0 && input.Label is not null) index = columns.FindIndex(c => c.Trim() == input.Label);
            inputColumns[input.Index] = index;
        }
        var atColumn = columns.FindIndex(c => c.Trim() == "at");
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
                    e["line"].Set(line.ToString(CultureInfo.InvariantCulture));
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
            if (errorRows == 0) errors.Header.Add(BulkCsvRun.ErrorHeader);
        }
        return new BulkRunCounts(rowsIn, rowsOut, errorRows);
    }

    public static string ErrorsPath(string outputPath) =>
        outputPath.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? outputPath[..^4] + ".errors.csv" : outputPath + ".errors.csv";
}
