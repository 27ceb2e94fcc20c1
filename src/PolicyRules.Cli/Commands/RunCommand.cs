using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Files;
using PolicyRules.Language.Messages;
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
internal sealed partial class RunCommand : CliCommand
{
    public override string Name => "run";
    public override Msg Description => Msg.Of("help.run");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", Msg.Of("help.rules_folder"), Required: true),
        new("module", "id", Msg.Of("help.module"), Required: true) { Suggest = Completion.Modules },
        new("input", "in.csv", Msg.Of("help.run_input"), Required: true),
        new("output", "out.csv", Msg.Of("help.run_output"), Required: true),
        new("at", "date", Msg.Of("help.run_at")),
        new("threads", "n", Msg.Of("help.threads")),
        new("engine", "compiled|interpreter|duckdb", Msg.Of("help.run_engine"), Completions: ["compiled", "interpreter", "duckdb"]),
        new("encoding", "utf-8|gb18030|gbk", Msg.Of("help.run_encoding"), Completions: ["utf-8", "gb18030", "gbk"]),
        new("memory-limit", "size", Msg.Of("help.run_memory_limit")),
        PackageLoader.ReformOption,
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io);

    public static int Run(CliArgs args, CliStreams io)
    {
        const string command = "run";
        var error = io.Error;
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        string Text(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(lang);
        var rules = args.Require("rules", command, lang);
        var moduleName = args.Require("module", command, lang);
        var inputPath = args.Require("input", command, lang);
        var outputPath = args.Require("output", command, lang);
        var toStdout = OutputPaths.IsStandardOutput(outputPath);
        var fromStdin = IsStandardInput(inputPath);
        if (!toStdout) OutputPaths.Check(outputPath, "output", command, lang);
        var fixedAt = args.Date("at", command, lang);
        var threads = Environment.ProcessorCount;
        if (args.Get("threads") is { } t && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1))
            throw new UsageException(Text("run.bad_threads", ("value", t)));
        var engine = args.Get("engine") ?? "compiled";
        if (engine is not ("compiled" or "interpreter" or "duckdb"))
            throw new UsageException(Text("run.bad_engine", ("value", engine)));
        // DuckDB aborts the whole process when it cannot start the threads it is told to (100,000 did here); no machine needs more.
        if (engine == "duckdb" && args.Get("threads") is not null && threads > MaxDuckDbThreads) throw new UsageException(Text("run.duckdb_too_many_threads", ("max", MaxDuckDbThreads), ("value", threads)));
        var encoding = Encoding(args, command, lang);
        var memoryLimit = args.Get("memory-limit");
        if (memoryLimit is not null && engine != "duckdb") throw new UsageException(Text("run.memory_limit_duckdb_only"));
        // DuckDB's own refusal of a size is English and blames the files; its accepted forms are wider, these suffice.
        if (memoryLimit is not null && !MemorySize().IsMatch(memoryLimit)) throw new UsageException(Text("run.bad_memory_limit", ("value", memoryLimit)));
        if (engine != "duckdb")
            foreach (var (option, file) in new[] { ("input", inputPath), ("output", outputPath) })
                if (PolicyRules.Sql.DuckDb.DuckDbRun.IsParquet(file)) throw new UsageException(Text("run.parquet_duckdb_only", ("option", option), ("file", file)));
        if (engine == "duckdb" && args.Get("encoding") is { } named && named != "utf-8")
            throw new UsageException(Text("run.duckdb_utf8_only", ("encoding", named)));
        if (fromStdin && engine == "duckdb") throw new UsageException(Text("run.duckdb_no_stdin"));
        if (!fromStdin && !File.Exists(OutputPaths.NotAFolder(inputPath, command, lang))) throw new UsageException(Text("run.no_input", ("file", inputPath)));
        // DuckDB's read after the pass that checks the lines would wait for ever on a pipe already read to its end.
        if (engine == "duckdb" && !PolicyRules.Language.Files.PackageFiles.IsRegularFile(inputPath))
            throw new UsageException(Text("run.duckdb_not_regular", ("file", inputPath)));
        // DuckDB's own words for a file that is not Parquet are English, with a line of its SQL.
        if (PolicyRules.Sql.DuckDb.DuckDbRun.IsParquet(inputPath) && !IsParquetFile(inputPath)) throw new UsageException(Text("run.not_parquet", ("file", inputPath)));
        var errorsPath = engine == "duckdb" ? PolicyRules.Sql.DuckDb.DuckDbRun.ErrorsPath(outputPath) : ErrorsPath(outputPath);
        if (!toStdout && !fromStdin && (SameFile(inputPath, outputPath) || SameFile(inputPath, errorsPath)))
            throw new UsageException(Text("run.would_overwrite", ("output", outputPath), ("input", inputPath)));

        var package = PackageLoader.Load(rules, command, error, lang, args.Get("reform"));
        if (package is null) return 1;
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            // Said as every other refusal of run is (run writes CSV, not JSON), with the nearest module's name.
            error.WriteLine(Text("cli.problem", ("command", command), ("problem", package.Evaluate(moduleName, default, new Dictionary<string, object?>()).Error!.MessageIn(lang))));
            return 1;
        }
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            throw new UsageException(Text("run.structured_input", ("input", structured.Name), ("module", module.Name), ("type", structured.Type.ToString())));

        using var target = toStdout ? RunTarget.StandardOutput() : RunTarget.Files(outputPath, errorsPath);
        if (engine == "duckdb")
            return DuckDbRunCommand.Run(package, module, new PolicyRules.Sql.DuckDb.DuckDbRunOptions(inputPath, target.Output, fixedAt,
                args.Get("threads") is null ? null : threads, memoryLimit) { Language = lang }, target, io, lang);
        return RunRows(package, module, inputPath, encoding, fixedAt, threads, engine, target, io, lang);
    }

    /// <summary>The compiled engine (with its fallback to the interpreter) or the interpreter over the CSV file.</summary>
    private static int RunRows(RulePackage package, ModuleModel module, string inputPath, System.Text.Encoding encoding, DateOnly? fixedAt,
        int threads, string engine, RunTarget target, CliStreams io, Lang lang)
    {
        const string command = "run";
        var error = io.Error;
        string Text(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(lang);
        using var reader = IsStandardInput(inputPath) ? OpenStandardInput(io, encoding, command, lang) : OpenCsv(inputPath, encoding, command, error, lang);
        if (reader is null) return 1;
        if (IsStandardInput(inputPath)) inputPath = StandardInputName;
        var columns = reader.Header.ToList();
        var problems = CsvColumns.Problems(module, columns, fixedAt is not null, outputsBeside: true);
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine(Text("run.column_problem", ("file", inputPath), ("problem", p)));
            return 1;
        }
        var run = engine == "compiled" ? new BulkCsvRun(CompiledModule.Compile(package, module), columns, fixedAt, threads) { Language = lang } : null;

        // Both files are written beside their targets and renamed into place only when the run completes.
        var outputFolder = Path.GetDirectoryName(Path.GetFullPath(target.Output))!;
        if (!Directory.Exists(outputFolder)) Directory.CreateDirectory(outputFolder);
        using var results = AtomicFile.Create(target.Output, 1 << 20);
        using var errors = AtomicFile.Create(target.Errors);
        BulkRunCounts counts;
        try
        {
            counts = run is null
                ? RunInterpreted(package, module, reader, columns, fixedAt, results.Stream, errors.Stream, error, lang)
                : run.Run(reader.Fill, results.Stream, errors.Stream, n => error.WriteLine(Progress(n, lang)));
        }
        catch (CsvFormatException e)
        {
            error.WriteLine(Text("cli.command_message", ("command", command), ("message", e.Text)));
            error.WriteLine(target.StoppedAt(e.Line, inputPath).Render(lang));
            return 1;
        }
        var blank = reader.BlankLines > 0 ? Msg.Of("run.blank_lines", ("count", reader.BlankLines)) : null;
        error.WriteLine(Text("run.engine", ("report", run?.EngineReport(counts) ?? Msg.Of("run.engine_interpreter"))));
        if (!counts.Reconciled)
        {
            error.WriteLine(Counts("run.not_reconciled", counts, blank).Render(lang));
            return 1;
        }
        try
        {
            errors.Commit();    // first, so that a results file in place always has its errors file beside it
            results.Commit();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(Text("run.stopped_by_signal"));
            return 1;
        }
        target.Publish(counts.ErrorRows, io);
        error.WriteLine(target.Reconciled(counts, blank).Render(lang));
        return 0;
    }

    /// <summary>The most <c>--threads</c> <c>--engine duckdb</c> takes.</summary>
    internal const int MaxDuckDbThreads = 1024;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+(\.\d+)?\s*[KMGT]i?B$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex MemorySize();

    /// <summary>The progress line written every 100,000 rows.</summary>
    internal static string Progress(long rows, Lang lang) =>
        Msg.Of("run.progress", ("rows", rows.ToString("N0", CultureInfo.InvariantCulture))).Render(lang);

    /// <summary>The closing line that reconciles the counts (<c>run.reconciled</c>, or <c>run.not_reconciled</c>).</summary>
    internal static Msg Counts(string key, BulkRunCounts counts, Msg? blank, params (string, object?)[] more) =>
        Msg.Of(key, [("rows_in", counts.RowsIn), ("rows_out", counts.RowsOut), ("error_rows", counts.ErrorRows), ("blank", blank ?? (object)""), .. more]);

    /// <summary><c>--encoding</c>: utf-8 (the default), gb18030 or gbk.</summary>
    internal static System.Text.Encoding Encoding(CliArgs args, string command, Lang lang)
    {
        var name = args.Get("encoding") ?? "utf-8";
        return CsvInput.EncodingByName(name)
            ?? throw new UsageException(Msg.Of("run.bad_encoding", ("command", command), ("value", name)).Render(lang));
    }

    /// <summary>Whether the file begins and ends with Parquet's magic bytes, PAR1.</summary>
    private static bool IsParquetFile(string path)
    {
        using var stream = File.OpenRead(path);
        if (stream.Length < 8) return false;
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        stream.ReadExactly(head);
        stream.Seek(-4, SeekOrigin.End);
        stream.ReadExactly(tail);
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
    }

    private static bool SameFile(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>How messages name standard input, read with <c>--input -</c>.</summary>
    internal const string StandardInputName = "<stdin>";

    /// <summary>Whether an input path given on the command line is '-', standard input (<c>./-</c> names a file).</summary>
    internal static bool IsStandardInput(string path) => path == "-";

    /// <summary>The CSV on standard input (its bytes, decoded as a file is, when the console's stream is at hand), its header read;
    /// a header that cannot be read is reported, as <see cref="OpenCsv"/> reports it, naming <see cref="StandardInputName"/>.</summary>
    private static CsvInput? OpenStandardInput(CliStreams io, System.Text.Encoding encoding, string command, Lang lang)
    {
        try
        {
            return io.InBytes is { } bytes ? CsvInput.Open(bytes, StandardInputName, encoding) : CsvInput.Open(io.In, StandardInputName);
        }
        catch (CsvFormatException e)
        {
            io.Error.WriteLine(Msg.Of("cli.command_message", ("command", command), ("message", e.Text)).Render(lang));
            return null;
        }
    }

    /// <summary>Opens a CSV file and reads its header; a header that cannot be read (empty file, a column named twice, bad bytes) is reported, not thrown.</summary>
    internal static CsvInput? OpenCsv(string path, System.Text.Encoding encoding, string command, TextWriter error, Lang lang)
    {
        try
        {
            return CsvInput.Open(path, encoding);
        }
        catch (CsvFormatException e)
        {
            error.WriteLine(Msg.Of("cli.command_message", ("command", command), ("message", e.Text)).Render(lang));
            return null;
        }
    }

    /// <summary>The reference path: one row at a time through <see cref="RulePackage.Evaluate(ModuleModel, DateOnly, IReadOnlyDictionary{string, object?}, bool)"/>.</summary>
    private static BulkRunCounts RunInterpreted(RulePackage package, ModuleModel module, CsvInput reader, List<string> columns, DateOnly? fixedAt,
        Stream outputStream, Stream errorsStream, TextWriter error, Lang lang)
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
                    failure = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.column_count", ("expected", columns.Count), ("found", reader.CellCount)));
                else
                {
                    inputs.Clear();
                    foreach (var input in module.Inputs)
                        if (inputColumns[input.Index] >= 0) inputs[input.Name] = reader.Cell(inputColumns[input.Index]).ToString();
                    DateOnly at;
                    if (fixedAt is { } f) at = f;
                    else if (!InputConverter.TryParseDate(reader.Cell(atColumn), out at))
                        failure = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.bad_at", ("value", reader.Cell(atColumn).ToString())), "at");
                    if (failure is null)
                    {
                        result = package.EvaluateCells(module, at, inputs);
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
                    e["message"].Set(failure.MessageIn(lang));
                }
                else
                {
                    rowsOut++;
                    using var o = writer.NewRow();
                    for (var c = 0; c < columns.Count; c++) o[columns[c]].Set(reader.Cell(c));
                    foreach (var (name, value) in result!.Outputs) o[name].Set(ValueText.Format(value));
                }
                if (rowsIn % 100_000 == 0) error.WriteLine(Progress(rowsIn, lang));
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
