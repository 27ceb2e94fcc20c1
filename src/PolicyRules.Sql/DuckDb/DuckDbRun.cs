using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Files;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Emit;

namespace PolicyRules.Sql.DuckDb;

/// <summary>What <c>policyrules run --engine duckdb</c> was asked to do.</summary>
/// <param name="Input">The CSV or Parquet file to read.</param>
/// <param name="Output">The CSV or Parquet file to write; the error rows go beside it (<see cref="DuckDbRun.ErrorsPath"/>).</param>
/// <param name="At">The evaluation date of every row; null to read each row's date from its <c>at</c> column.</param>
/// <param name="Threads">DuckDB's worker threads; null for DuckDB's default.</param>
/// <param name="MemoryLimit">DuckDB's memory limit (e.g. <c>500MB</c>); past it DuckDB spills to a temporary folder.</param>
public sealed record DuckDbRunOptions(string Input, string Output, DateOnly? At, int? Threads = null, string? MemoryLimit = null)
{
    /// <summary>The language of the errors file's messages (<c>--lang</c>); English by default.</summary>
    public Lang Language { get; init; } = Lang.En;
}

/// <summary>Counts of a run: rows in = rows out + error rows.</summary>
public sealed record DuckDbRunCounts(long RowsIn, long RowsOut, long ErrorRows)
{
    /// <summary>The empty lines of a CSV input, skipped (they are not rows).</summary>
    public long BlankLines { get; init; }

    /// <summary>Whether every row in came out, as a result or as an error row.</summary>
    public bool Reconciled => RowsIn == RowsOut + ErrorRows;
}

/// <summary>
/// Runs a module through embedded DuckDB: CSV or Parquet in, CSV or Parquet out (by the file extension), in input order.
/// The data lives in an in-memory DuckDB database whose blocks DuckDB spills to a temporary folder past the memory limit,
/// so a file larger than the limit is processed out of core (a database file on disk cost about twice the CPU: every
/// table was compressed and written to it). A row with a wrong number of columns, a cell that is not a value of its type, and every
/// failure of the module go to the errors file (<c>OUT.errors.csv</c> or <c>.errors.parquet</c>) with the row's line
/// number, code, field and message; every other row is computed. CSV output is the same text <c>run</c> writes.
/// A CSV input is read once as <c>run</c> reads it before DuckDB reads it (<see cref="CsvLines"/>), so the lines, the
/// empty lines skipped and a file that cannot be read past some line (a stray or unterminated quote: the run stops,
/// nothing written) are <c>run</c>'s. The header is checked as <c>run</c> checks it (<see cref="CsvColumns"/>). DuckDB writes both files into the
/// temporary folder; they are copied into place through <see cref="AtomicFile"/> only when the counts reconcile, the
/// errors file first, so a failed or interrupted run leaves the targets as they were.
/// </summary>
public static class DuckDbRun
{
    /// <summary>Where the error rows of a run writing <paramref name="output"/> go: <c>OUT.errors.csv</c> or <c>OUT.errors.parquet</c>.</summary>
    public static string ErrorsPath(string output) =>
        IsParquet(output) ? output[..^".parquet".Length] + ".errors.parquet"
        : output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? output[..^4] + ".errors.csv" : output + ".errors.csv";

    /// <summary>Whether <paramref name="path"/> names a Parquet file (by its extension); any other file is CSV.</summary>
    public static bool IsParquet(string path) => path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the module. Throws <see cref="SqlRefusedException"/> for a module SQL cannot express,
    /// <see cref="DuckDbRunException"/> for input the run cannot use (a missing column), and <c>run</c>'s
    /// <c>CsvFormatException</c> for a CSV file that cannot be read past some line.</summary>
    public static DuckDbRunCounts Run(RulePackage package, ModuleModel module, DuckDbRunOptions options, TextWriter log)
    {
        Emit.ModuleEmitter.CheckShape(module, SqlDialect.DuckDb, package.Model);
        var folder = Path.Combine(Path.GetTempPath(), "policyrules-duckdb-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            using var c = new DuckDBConnection("DataSource=:memory:");
            c.Open();
            Execute(c, $"SET temp_directory = {SqlTypes.Quote(Path.Combine(folder, "spill"))}");
            Execute(c, "SET preserve_insertion_order = true");
            if (options.MemoryLimit is { } limit) Execute(c, $"SET memory_limit = {SqlTypes.Quote(limit)}");
            if (options.Threads is { } threads) Execute(c, $"SET threads = {threads}");
            return RunIn(c, package, module, options, folder, log);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static DuckDbRunCounts RunIn(DuckDBConnection c, RulePackage package, ModuleModel module, DuckDbRunOptions options, string folder, TextWriter log)
    {
        var input = SqlTypes.Quote(options.Input);
        using var lines = IsParquet(options.Input) ? null : OpenCsv(options);
        string[] columns;
        if (lines is null)
        {
            // A file with Parquet's marker bytes (the command checks them) that DuckDB cannot read is damaged or cut short:
            // DuckDB's words for it ("Footer length error", "Invalid Input Error") come with a line of this SQL.
            try
            {
                columns = Names(c, $"DESCRIBE SELECT * FROM read_parquet({input})");
                var list = string.Join(", ", columns.Select(x => $"CAST({SqlTypes.Identifier(x)} AS VARCHAR) AS {SqlTypes.Identifier(x)}"));
                Execute(c, $"CREATE TABLE raw AS SELECT file_row_number + 1 AS {SqlTypes.Identifier(LineColumn)}, {list} FROM read_parquet({input}, file_row_number = true)");
            }
            catch (DuckDBException e) when (e.ErrorType == DuckDB.NET.Native.DuckDBErrorType.InvalidInput || e.Message.StartsWith("Invalid Input Error", StringComparison.Ordinal))
            {
                throw new DuckDbRunException(Msg.Of("run.parquet_unreadable", ("file", options.Input)).Render(options.Language));
            }
            Execute(c, "CREATE TABLE rejects (line BIGINT, message VARCHAR)");
        }
        else columns = [.. lines.Header];

        var problems = CsvColumns.Problems(module, columns, options.At is not null, outputsBeside: true);
        if (problems.Count > 0)
            throw new DuckDbRunException(problems.Select(p => Msg.Of("cli.command_message", ("command", options.Input), ("message", p)).Render(options.Language)).ToList());
        long rejected = 0;
        if (lines is not null)
        {
            lines.Scan();
            ReadCsv(c, lines, columns, options, folder);
            rejected = lines.WrongCount.Count;
        }
        var found = new Dictionary<InputModel, string>();
        var indexes = CsvColumns.InputIndexes(module, columns);
        foreach (var i in module.Inputs)
            if (indexes[i.Index] >= 0) found[i] = columns[indexes[i.Index]];
        var atColumn = columns.FirstOrDefault(x => x.Trim() == "at");

        // The typed table the module statement reads: the raw columns as they are, each input converted, the conversion errors.
        var select = new List<string> { $"{SqlTypes.Identifier(LineColumn)} AS line" };
        select.AddRange(columns.Select(x => $"raw.{SqlTypes.Identifier(x)} AS {SqlTypes.Identifier("raw_" + x)}"));
        var inputErrors = new List<string>();
        var plain = new List<string>();
        foreach (var i in module.Inputs)
        {
            if (!found.TryGetValue(i, out var column)) { select.Add($"NULL AS {SqlTypes.Identifier(i.Name)}"); continue; }
            var plainColumn = SqlTypes.Identifier($"policyrules plain {plain.Count}");
            var cell = InputConversion.Convert($"raw.{SqlTypes.Identifier(column)}", i.Name, i.Type, package.Model, plainColumn, options.Language);
            if (cell.Plain is not null) plain.Add($"{cell.Plain} AS {plainColumn}");
            select.Add($"{cell.Value} AS {SqlTypes.Identifier(i.Name)}");
            inputErrors.Add(cell.Error);
        }
        string? preError = null;
        if (options.At is null)
        {
            var at = InputConversion.Convert($"raw.{SqlTypes.Identifier(atColumn!)}", "at", RuleType.Date, package.Model, "plain_at", options.Language, isAt: true);
            select.Add($"{at.Value} AS {SqlTypes.Identifier("at")}");
            select.Add($"{at.Error} AS pre_error");
            preError = "pre_error";
        }
        select.Add($"{(inputErrors.Count == 0 ? "CAST(NULL AS VARCHAR)" : $"COALESCE({string.Join(", ", inputErrors)})")} AS input_error");
        // A view: the module's statement reads it once, so the typed rows are never stored.
        var source = plain.Count == 0 ? "raw" : $"(SELECT raw.*, {string.Join(", ", plain)} FROM raw) AS raw";
        Execute(c, $"CREATE VIEW typed AS SELECT {string.Join(",\n  ", select)} FROM {source}");

        if (package.Model.Calendars.Count > 0) Execute(c, SqlEmitter.Calendar(package, SqlDialect.DuckDb));
        var passThrough = new List<string> { "line" };
        passThrough.AddRange(columns.Select(x => "raw_" + x));
        var parquetOut = IsParquet(options.Output);
        var statement = SqlEmitter.Module(package, module, new SqlStatementOptions(SqlDialect.DuckDb, "typed", options.At)
        {
            Language = options.Language,
            PassThrough = passThrough, PreErrorColumn = preError, InputErrorColumn = "input_error", FormatOutputs = !parquetOut,
        });
        Execute(c, $"CREATE TABLE result AS\n{statement}");

        var outputs = module.Outputs.Select(o => SqlTypes.Identifier(o.Name)).ToList();
        var results = string.Join(", ", columns.Select(x => $"{SqlTypes.Identifier("raw_" + x)} AS {SqlTypes.Identifier(x)}").Concat(outputs));
        var format = parquetOut ? "(FORMAT PARQUET)" : "(FORMAT CSV, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"')";
        var rowsOut = Scalar(c, $"SELECT count(*) FROM result WHERE error_code IS NULL");
        var resultsFile = Path.Combine(folder, "results");
        var errorsFile = Path.Combine(folder, "errors");
        Execute(c, $"COPY (SELECT {results} FROM result WHERE error_code IS NULL) TO {SqlTypes.Quote(resultsFile)} {format}");
        // The module's error rows are in input order already; only rejected lines need merging in (a sort of the error rows).
        var errors = "SELECT line, error_code AS code, error_field AS field, error_message AS message FROM result WHERE error_code IS NOT NULL";
        if (rejected > 0) errors = $"SELECT * FROM ({errors} UNION ALL SELECT line, '{ErrorCodes.InvalidInput}', NULL, message FROM rejects) ORDER BY line";
        Execute(c, $"COPY ({errors}) TO {SqlTypes.Quote(errorsFile)} {format}");
        var errorRows = Scalar(c, "SELECT count(*) FROM result WHERE error_code IS NOT NULL") + rejected;
        // For CSV, the rows the compiled engine's reading found: were DuckDB to read another number, the counts would not reconcile.
        var rowsIn = lines?.Rows ?? Scalar(c, "SELECT count(*) FROM raw");
        log.WriteLine(Msg.Of("run.engine_duckdb", ("rows", rowsIn.ToString("N0", CultureInfo.InvariantCulture))).Render(options.Language));
        var counts = new DuckDbRunCounts(rowsIn, rowsOut, errorRows) { BlankLines = lines?.BlankLines ?? 0 };
        if (!counts.Reconciled) return counts;
        using var errorsTarget = CopyTo(errorsFile, ErrorsPath(options.Output));
        using var resultsTarget = CopyTo(resultsFile, options.Output);
        errorsTarget.Commit();  // first, so that a results file in place always has its errors file beside it
        resultsTarget.Commit();
        return counts;
    }

    private static AtomicFile CopyTo(string from, string target)
    {
        var file = AtomicFile.Create(target, 1 << 20);
        try
        {
            using var source = File.OpenRead(from);
            source.CopyTo(file.Stream);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The CSV file with its header read; a header <c>run</c> refuses (<c>csv.empty_file</c>, <c>csv.header_twice</c>,
    /// bytes not UTF-8) is refused with its words.</summary>
    private static CsvLines OpenCsv(DuckDbRunOptions options)
    {
        try { return CsvLines.Open(options.Input); }
        catch (CsvFormatException e) { throw new DuckDbRunException(e.Text.Render(options.Language)); }
    }

    /// <summary>The line number's column in the table <c>raw</c>, beside the file's columns: a name no header cell is expected
    /// to have (a column named <c>line</c> was read as the line number).</summary>
    private const string LineColumn = "policyrules line";

    /// <summary>DuckDB's default <c>max_line_size</c>, in bytes.</summary>
    private const long DuckDbMaxLineSize = 2_000_000;

    /// <summary>
    /// Reads the CSV file into the table <c>raw</c> (<c>line</c>, then the columns as text, an empty cell NULL) and its
    /// rows with a wrong number of cells into <c>rejects</c>, at the lines <paramref name="lines"/> found.
    /// </summary>
    private static void ReadCsv(DuckDBConnection c, CsvLines lines, string[] columns, DuckDbRunOptions options, string folder)
    {
        // A null string no unquoted cell can equal (a line break) and no quoted cell becomes: then an empty line of a
        // one-column file is no row, as in the compiled engine (DuckDB reads it as a NULL cell when the null string is
        // empty); an empty cell is read as '' and made NULL below. The rows with a wrong number of cells are skipped:
        // CsvLines has them. DuckDB's reader skips a line longer than max_line_size (2,000,000 bytes unless told) as it
        // skips an error, so it is told the longest row CsvLines read: every row run reads, DuckDB reads too. Under a
        // memory limit, smaller read buffers than DuckDB's 32 MB default, so a low limit still leaves room to work.
        var maxLine = Math.Max(DuckDbMaxLineSize, lines.LongestRowBytes);
        var dialect = "header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '\n', allow_quoted_nulls = false, ignore_errors = true"
            + $", max_line_size = {maxLine}"
            + (options.MemoryLimit is null ? "" : $", buffer_size = {Math.Max(2097152, maxLine)}");
        // The table csv names its columns by position: a header cell named rowid would hide DuckDB's row id.
        var spec = "{" + string.Join(", ", columns.Select((_, k) => $"'c{k}': 'VARCHAR'")) + "}";
        string Read(string file, long skip) =>
            $"CREATE TABLE csv AS SELECT * FROM read_csv({SqlTypes.Quote(file)}, {dialect}{(skip > 0 ? $", skip = {skip}" : "")}, auto_detect = false, columns = {spec})";
        // DuckDB's reader refuses some files the compiled engine reads (lines that end now in \r\n, now in \n), and reads
        // a row whose cells past the header's are empty (P1,1,100,) as a row where run has a wrong number of cells: then
        // it reads the rows as this pass read them instead, from a copy.
        var read = true;
        try { Execute(c, Read(options.Input, lines.LinesBeforeHeader)); }
        catch (DuckDBException) { read = false; }
        if (read && Scalar(c, "SELECT count(*) FROM csv") != lines.Rows - lines.WrongCount.Count)
        {
            Execute(c, "DROP TABLE csv");
            read = false;
        }
        if (!read)
        {
            var copy = Path.Combine(folder, "input.csv");
            CsvLines.CopyRows(options.Input, copy);
            Execute(c, Read(copy, 0));
        }

        Execute(c, "CREATE TABLE rejects (line BIGINT, message VARCHAR)");
        using (var appender = c.CreateAppender("rejects"))
            foreach (var (line, found) in lines.WrongCount)
                appender.CreateRow().AppendValue(line)
                    .AppendValue(Msg.Of("csv.column_count", ("expected", columns.Length), ("found", found)).Render(options.Language)).EndRow();

        var cells = string.Join(", ", columns.Select((x, k) => $"NULLIF(csv.c{k}, '') AS {SqlTypes.Identifier(x)}"));
        if (lines.Shifts.Count <= 1)
        {
            var shift = lines.Shifts.Count == 0 ? 0 : lines.Shifts[0].Shift;
            Execute(c, $"CREATE VIEW raw AS SELECT csv.rowid + {shift} AS {SqlTypes.Identifier(LineColumn)}, {cells} FROM csv");
            return;
        }
        // An empty line, a line break inside a quoted cell or a skipped row moves the lines of the rows after it.
        Execute(c, "CREATE TABLE shifts (first_row BIGINT, shift BIGINT)");
        using (var appender = c.CreateAppender("shifts"))
            foreach (var (row, shift) in lines.Shifts)
                appender.CreateRow().AppendValue(row).AppendValue(shift).EndRow();
        Execute(c, $"CREATE TABLE raw AS SELECT csv.rowid + k.shift AS {SqlTypes.Identifier(LineColumn)}, {cells} FROM csv ASOF JOIN shifts AS k ON csv.rowid >= k.first_row ORDER BY csv.rowid");
    }

    private static string[] Names(DbConnection c, string describe)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = describe;
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return [.. names];
    }

    private static void Execute(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return System.Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

/// <summary>The input cannot be run as asked (a missing column): one sentence per problem in <see cref="Lines"/>.</summary>
public sealed class DuckDbRunException(IReadOnlyList<string> lines) : Exception(string.Join("; ", lines))
{
    /// <summary>The run cannot go ahead for one reason.</summary>
    public DuckDbRunException(string message) : this([message]) { }

    /// <summary>One sentence per problem, in the order found.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;
}
