using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Files;
using PolicyRules.Language.Model;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules run --rules DIR --module ID --input IN.csv --output OUT.csv [--at DATE] [--threads N]</c>: a bulk run.
/// The module is compiled once (<see cref="CompiledModule"/>) and the CSV streamed through it in bounded chunks on
/// N threads (all cores by default), the output written in input order, byte-identical whatever N, and memory flat in
/// the row count. A bad row goes to OUT.errors.csv with its line number and reason and every other row is still
/// computed; the closing line reconciles the counts. The input is read strictly (<see cref="CsvInput"/>): a CSV that
/// cannot be trusted past some line stops the run with that line and column, and nothing is written. Outputs appear
/// only when the run completes (<see cref="AtomicFile"/>). <c>--engine interpreter</c> runs the reference path instead:
/// one row at a time through the interpreter, on one thread (same files, slower).
/// </summary>
internal sealed class RunCommand : CliCommand
{
    public override string Name => "run";
    public override string Description => "bulk: a module over every row of a CSV file, on all cores; bad rows go to <out>.errors.csv with line number and reason";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", "the rule package folder", Required: true),
        new("module", "id", "the module to evaluate (see 'policyrules doc')", Required: true) { Suggest = Completion.Modules },
        new("input", "in.csv", "the rows: a header row naming the module's inputs (names or labels)", Required: true),
        new("output", "out.csv", "the input columns followed by the outputs; errors go beside it in <out>.errors.csv", Required: true),
        new("at", "date", "the date the law is applied at for every row (yyyy-mm-dd); without it, each row's 'at' column"),
        new("threads", "n", "worker threads (default: one per core)"),
        new("engine", "compiled|interpreter|duckdb", "compiled (default); interpreter: the reference path, one row at a time; duckdb: the module's SQL on embedded DuckDB, CSV or Parquet in and out", Completions: ["compiled", "interpreter", "duckdb"]),
        new("encoding", "utf-8|gb18030|gbk", "the input CSV's encoding (default utf-8); bytes not in it stop the run at their line; --engine duckdb reads utf-8 only", Completions: ["utf-8", "gb18030", "gbk"]),
        new("memory-limit", "size", "--engine duckdb only: DuckDB's memory limit (e.g. 2GB); past it, it works out of core in a temporary folder"),
        PackageLoader.ReformOption,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "run";
        var rules = args.Require("rules", command);
        var moduleName = args.Require("module", command);
        var inputPath = args.Require("input", command);
        var outputPath = OutputPaths.Check(args.Require("output", command), "output", command);
        var fixedAt = args.Date("at", command);
        var threads = Environment.ProcessorCount;
        if (args.Get("threads") is { } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1))
            throw new UsageException($"run: --threads must be a whole number of at least 1, got '{t}'");
        var engine = args.Get("engine") ?? "compiled";
        if (engine is not ("compiled" or "interpreter" or "duckdb"))
            throw new UsageException($"run: --engine must be 'compiled', 'interpreter' or 'duckdb', got '{engine}'");
        var encoding = Encoding(args, command);
        var memoryLimit = args.Get("memory-limit");
        if (memoryLimit is not null && engine != "duckdb") throw new UsageException("run: --memory-limit applies to --engine duckdb only");
        if (engine == "duckdb" && args.Get("encoding") is { } named && named != "utf-8")
            throw new UsageException($"run: --engine duckdb reads UTF-8 only, not {named}; convert the file or use the compiled engine");
        if (!File.Exists(inputPath)) throw new UsageException($"run: input file '{inputPath}' does not exist");
        var errorsPath = engine == "duckdb" ? PolicyRules.Sql.DuckDb.DuckDbRun.ErrorsPath(outputPath) : ErrorsPath(outputPath);
        if (SameFile(inputPath, outputPath) || SameFile(inputPath, errorsPath))
            throw new UsageException($"run: --output '{outputPath}' would overwrite the input '{inputPath}' (or its errors file would); choose another output file");
        var outputFolder = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;

        var package = PackageLoader.Load(rules, error, reform: args.Get("reform"));
        if (package is null) return 1;
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).Error!));
            return 1;
        }
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            throw new UsageException($"run: input '{structured.Name}' of '{module.Name}' is a {structured.Type}, which a CSV cell cannot hold; use 'policyrules eval --batch' with JSON lines");

        if (engine == "duckdb")
            return DuckDbRunCommand.Run(package, module, new PolicyRules.Sql.DuckDb.DuckDbRunOptions(inputPath, outputPath, fixedAt,
                args.Get("threads") is null ? null : threads, memoryLimit), error);

        using var reader = OpenCsv(inputPath, encoding, command, error);
        if (reader is null) return 1;
        var columns = reader.Header.ToList();
        var problems = CsvColumns.Problems(module, columns, fixedAt is not null, outputsBeside: true);
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine($"run: {inputPath}: {p}");
            return 1;
        }
        var run = engine == "compiled" ? new BulkCsvRun(CompiledModule.Compile(package, module), columns, fixedAt, threads) : null;

        // Both files are written beside their targets and renamed into place only when the run completes.
        if (!Directory.Exists(outputFolder)) Directory.CreateDirectory(outputFolder);
        using var results = AtomicFile.Create(outputPath, 1 << 20);
        using var errors = AtomicFile.Create(errorsPath);
        BulkRunCounts counts;
        try
        {
            counts = run is null
                ? RunInterpreted(package, module, reader, columns, fixedAt, results.Stream, errors.Stream, error)
                : run.Run(reader.Fill, results.Stream, errors.Stream, n => error.WriteLine($"run: {n:N0} rows…"));
        }
        catch (CsvFormatException e)
        {
            error.WriteLine($"run: {e.Message}");
            error.WriteLine($"run: stopped at line {e.Line}: the rest of {inputPath} cannot be read reliably, so no rows were counted and nothing was written ({outputPath} and {errorsPath} are as they were); fix the file and run again");
            return 1;
        }
        var blank = reader.BlankLines > 0 ? $", empty lines skipped {reader.BlankLines}" : "";
        error.WriteLine("run: " + (run?.EngineReport(counts) ?? "engine interpreter (--engine interpreter)"));
        if (!counts.Reconciled)
        {
            error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows}{blank} (NOT RECONCILED); nothing was written");
            return 1;
        }
        try
        {
            errors.Commit();    // first, so that a results file in place always has its errors file beside it
            results.Commit();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("run: stopped by a signal before the outputs were in place; nothing was written");
            return 1;
        }
        error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows}{blank} (reconciled: in = out + errors); results in {outputPath}, errors in {errorsPath}");
        return 0;
    }

    /// <summary><c>--encoding</c>: utf-8 (the default), gb18030 or gbk.</summary>
    internal static System.Text.Encoding Encoding(CliArgs args, string command)
    {
        var name = args.Get("encoding") ?? "utf-8";
        return CsvInput.EncodingByName(name)
            ?? throw new UsageException($"{command}: --encoding must be utf-8, gb18030 or gbk, got '{name}'");
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Opens a CSV file and reads its header; a header that cannot be read (empty file, a column named twice, bad bytes) is reported, not thrown.</summary>
    internal static CsvInput? OpenCsv(string path, System.Text.Encoding encoding, string command, TextWriter error)
    {
        try
        {
            return CsvInput.Open(path, encoding);
        }
        catch (CsvFormatException e)
        {
            error.WriteLine($"{command}: {e.Message}");
            return null;
        }
    }

    /// <summary>The reference path: one row at a time through <see cref="RulePackage.Evaluate(ModuleModel, DateOnly, IReadOnlyDictionary{string, object?}, bool)"/>.</summary>
    private static BulkRunCounts RunInterpreted(RulePackage package, ModuleModel module, CsvInput reader, List<string> columns, DateOnly? fixedAt,
        Stream outputStream, Stream errorsStream, TextWriter error)
    {
        var inputColumns = CsvColumns.InputIndexes(module, columns);
        var atColumn = columns.FindIndex(c => c.Trim() == "at");
        var outputs = module.Outputs.ToList();
        long rowsIn = 0, rowsOut = 0, errorRows = 0;
        using (var writer = new Sep(',').Writer(o => o with { Escape = true }).To(outputStream, leaveOpen: true))
        using (var errors = new Sep(',').Writer(o => o with { Escape = true }).To(errorsStream, leaveOpen: true))
        {
            var inputs = new Dictionary<string, object?>(module.Inputs.Count);
            while (reader.Read())
            {
                rowsIn++;
                var line = reader.RowLine;
                EvaluationError? failure = null;
                EvaluationResult? result = null;
                if (reader.CellCount != columns.Count)
                    failure = new EvaluationError(ErrorCodes.InvalidInput, $"expected {columns.Count} columns, found {reader.CellCount}");
                else
                {
                    inputs.Clear();
                    foreach (var input in module.Inputs)
                        if (inputColumns[input.Index] >= 0) inputs[input.Name] = reader.Cell(inputColumns[input.Index]).ToString();
                    DateOnly at;
                    if (fixedAt is { } f) at = f;
                    else if (!InputConverter.TryParseDate(reader.Cell(atColumn), out at))
                        failure = new EvaluationError(ErrorCodes.InvalidInput, $"at: expected a date as yyyy-mm-dd, got \"{reader.Cell(atColumn)}\"", "at");
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
                    for (var c = 0; c < columns.Count; c++) o[columns[c]].Set(reader.Cell(c));
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
