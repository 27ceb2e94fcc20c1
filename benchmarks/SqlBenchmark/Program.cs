// Times the land-use tax over N generated parcels (邯政办字〔2017〕107号 §二: 25, 18, 10, 6, 3 元 per m² by grade):
//   policyrules run --engine duckdb      the emitted SQL on embedded DuckDB, CSV in and out (and again with Parquet out)
//   policyrules run                      the compiled engine, CSV in and out
//   hand-written DuckDB, DECIMAL(38,10)  the same logic and files by hand, TRY_CAST of text cells to the engine's decimal type
//   hand-written DuckDB, typed read_csv DECIMAL(38,10)  the same with DuckDB's typed CSV reader and the engine's types
//   hand-written DuckDB, DECIMAL(18,2)   the same by hand with the narrowest type this file's areas allow (a lower bound)
//   PostgreSQL (with --postgres)         the emitted statement and two hand-written queries over a table loaded with COPY
// The duckdb engine's output files must equal the compiled engine's byte for byte, or the benchmark fails.
// Usage: dotnet run -c Release --project benchmarks/SqlBenchmark -- [--rows N] [--work DIR] [--postgres] [--postgres-connection S] [--output FILE.md]
//          [--staffing [--compare-statement FILE.sql]]
//   --postgres starts a throwaway PostgreSQL cluster (as the tests do; the server binaries must be installed).
//   --staffing times staffing_quota instead (Staffing.cs), with another statement text for the same table to compare.
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using PolicyRules;
using PolicyRules.Sql;
using PolicyRules.Sql.Tests.Infrastructure;

var rows = 1_000_000;
var work = Path.Combine(Path.GetTempPath(), "policyrules-sqlbench");
string? pg = null;
var startPostgres = false;
string? report = null;
var staffing = false;
string? compare = null;
for (var k = 0; k < args.Length; k++)
{
    string Next() => k + 1 < args.Length ? args[++k] : throw new ArgumentException($"{args[k]} needs a value");
    switch (args[k])
    {
        case "--rows": rows = int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
        case "--work": work = Path.GetFullPath(Next()); break;
        case "--postgres": startPostgres = true; break;
        case "--postgres-connection": pg = Next(); break;
        case "--output": report = Path.GetFullPath(Next()); break;
        case "--staffing": staffing = true; break;
        case "--compare-statement": compare = Path.GetFullPath(Next()); break;
        default:
            Console.Error.WriteLine($"unknown argument {args[k]}; usage: [--rows N] [--work DIR] [--postgres] [--postgres-connection S] [--output FILE.md] [--staffing [--compare-statement FILE.sql]]");
            return 2;
    }
}
Directory.CreateDirectory(work);
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
if (staffing) return StaffingBenchmark.Run(rows, work, root, pg, startPostgres, compare, report);
var rules = Path.Combine(root, "rules", "handan-2017-04");
var input = Path.Combine(work, $"parcels-{rows}.csv");
if (!File.Exists(input))
{
    var random = new Random(2017);
    using var w = new StreamWriter(input + ".part");
    w.Write("parcel_id,grade,area_m2\n");
    for (var i = 0; i < rows; i++)
    {
        var bad = random.Next(1000) == 0;   // one row in a thousand has grade 7
        w.Write($"P{i:D8},{(bad ? 7 : random.Next(1, 6))},{random.Next(1, 2_000_000) / 100m}\n");
    }
    w.Close();
    File.Move(input + ".part", input);
}

var results = new List<(string Name, double Wall, double Cpu, string LoadBefore, string LoadAfter)>();
int? serverProcess = null;
void Measure(string name, Action a)
{
    var before = Measuring.Load();
    var p = Process.GetCurrentProcess();
    var server = name.StartsWith("PostgreSQL", StringComparison.Ordinal) && serverProcess is { } sp && File.Exists($"/proc/{sp}/stat") ? sp : (int?)null;
    var cpu = server is { } s0 ? TimeSpan.FromSeconds(Measuring.ProcessCpu(s0)) : p.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    a();
    p.Refresh();
    var cpuAfter = server is { } s1 ? TimeSpan.FromSeconds(Measuring.ProcessCpu(s1)) : p.TotalProcessorTime;
    // A server on another machine: its CPU time is not known here.
    var (wall, used) = (sw.Elapsed.TotalSeconds, name.StartsWith("PostgreSQL", StringComparison.Ordinal) && server is null ? double.NaN : (cpuAfter - cpu).TotalSeconds);
    results.Add((name, wall, used, before, Measuring.Load()));
    Console.WriteLine($"{name}: {wall:F2} s wall, {used:F2} s CPU (load {before} → {Measuring.Load()})");
}

void Cli(params string[] a)
{
    var error = new StringWriter();
    var exit = PolicyRules.Cli.Cli.Run(a, new StringReader(""), TextWriter.Null, error);
    if (exit != 0) throw new InvalidOperationException(error.ToString());
}

void DuckDb(string sql)
{
    using var c = new DuckDBConnection("DataSource=:memory:");
    c.Open();
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}

var duckOut = Path.Combine(work, "duckdb.csv");
var compiledOut = Path.Combine(work, "compiled.csv");
Measure("policyrules run --engine duckdb", () => Cli("run", "--engine", "duckdb", "--rules", rules, "--module", "land_use_tax_parcel",
    "--input", input, "--output", duckOut, "--at", "2017-09-01"));
// The same run writing Parquet: no output value is formatted as text, so the difference is the CSV output side.
Measure("policyrules run --engine duckdb, Parquet out", () => Cli("run", "--engine", "duckdb", "--rules", rules, "--module", "land_use_tax_parcel",
    "--input", input, "--output", Path.Combine(work, "duckdb.parquet"), "--at", "2017-09-01"));
Measure("policyrules run (compiled)", () => Cli("run", "--rules", rules, "--module", "land_use_tax_parcel",
    "--input", input, "--output", compiledOut, "--at", "2017-09-01"));
foreach (var (a, b) in new[] { (duckOut, compiledOut), (DuckDbRunErrors(duckOut), DuckDbRunErrors(compiledOut)) })
    if (!File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
        throw new InvalidOperationException($"{a} and {b} differ: the engines disagree");
static string DuckDbRunErrors(string output) => output[..^4] + ".errors.csv";

// What a data engineer would write: cast each cell, keep the good rows, list the bad ones with a reason.
Measure("hand-written DuckDB, DECIMAL(38,10)", () => DuckDb($"""
    CREATE TABLE t AS SELECT row_number() OVER () + 1 AS line, parcel_id, grade AS grade_text, area_m2 AS area_text,
      TRY_CAST(grade AS INTEGER) AS grade, TRY_CAST(area_m2 AS DECIMAL(38,10)) AS area
    FROM read_csv('{input}', header = true, all_varchar = true, delim = ',', quote = '"');
    COPY (SELECT parcel_id, grade_text AS grade, area_text AS area_m2, r AS rate_per_m2, CAST(r * area AS VARCHAR) AS annual_tax
          FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM t)
          WHERE grade BETWEEN 1 AND 5 AND area >= 0) TO '{Path.Combine(work, "hand.csv")}' (HEADER);
    COPY (SELECT line, 'invalid_input' AS code, 'grade' AS field, 'grade = ' || grade_text || ' does not satisfy: (grade >= 1) and (grade <= 5)' AS message
          FROM t WHERE grade IS NULL OR grade NOT BETWEEN 1 AND 5 OR area IS NULL OR area < 0) TO '{Path.Combine(work, "hand.errors.csv")}' (HEADER);
    """));
// The same contract as the engine through DuckDB's typed CSV reader: each area read straight into DECIMAL(38,10), each
// grade into INTEGER, unreadable lines left to the reject table and listed with the reader's message.
Measure("hand-written DuckDB, typed read_csv DECIMAL(38,10)", () => DuckDb($"""
    CREATE TABLE t AS SELECT * FROM read_csv('{input}', header = true, delim = ',', quote = '"', auto_detect = false,
      columns = {"{"}'parcel_id': 'VARCHAR', 'grade': 'INTEGER', 'area_m2': 'DECIMAL(38,10)'{"}"}, store_rejects = true);
    COPY (SELECT parcel_id, grade, area_m2, r AS rate_per_m2, r * area_m2 AS annual_tax
          FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM t)
          WHERE grade BETWEEN 1 AND 5 AND area_m2 >= 0) TO '{Path.Combine(work, "hand3.csv")}' (HEADER);
    COPY (SELECT rowid + 2 AS line, 'invalid_input' AS code, 'grade' AS field, 'grade = ' || grade || ' does not satisfy: (grade >= 1) and (grade <= 5)' AS message
          FROM t WHERE grade NOT BETWEEN 1 AND 5 OR area_m2 < 0
          UNION ALL SELECT line, 'invalid_input', NULL, error_message FROM reject_errors ORDER BY line) TO '{Path.Combine(work, "hand3.errors.csv")}' (HEADER);
    """));
// The fastest plausible hand-written version: DuckDB's typed CSV reader with the narrowest exact type for this file
// (areas have two decimals), unreadable cells left to its reject tables. Not the engine's contract: a lower bound.
Measure("hand-written DuckDB, typed read_csv DECIMAL(18,2)", () => DuckDb($"""
    CREATE TABLE t AS SELECT * FROM read_csv('{input}', header = true, delim = ',', quote = '"', auto_detect = false,
      columns = {"{"}'parcel_id': 'VARCHAR', 'grade': 'INTEGER', 'area_m2': 'DECIMAL(18,2)'{"}"}, store_rejects = true);
    COPY (SELECT parcel_id, grade, area_m2, r AS rate_per_m2, r * area_m2 AS annual_tax
          FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM t)
          WHERE grade BETWEEN 1 AND 5 AND area_m2 >= 0) TO '{Path.Combine(work, "hand2.csv")}' (HEADER);
    COPY (SELECT rowid + 2 AS line, 'invalid_input' AS code, 'grade' AS field, 'grade = ' || grade || ' does not satisfy: (grade >= 1) and (grade <= 5)' AS message
          FROM t WHERE grade NOT BETWEEN 1 AND 5 OR area_m2 < 0
          UNION ALL SELECT line, 'invalid_input', NULL, error_message FROM reject_errors ORDER BY line) TO '{Path.Combine(work, "hand2.errors.csv")}' (HEADER);
    """));

PostgresCluster? cluster = null;
if (startPostgres && pg is null)
{
    cluster = new PostgresCluster();
    pg = cluster.ConnectionString;
}
if (pg is not null)
{
    // The backend's CPU time is the CPU column of the PostgreSQL rows.
    using var c = Measuring.OpenPostgres(pg, out var backend);
    serverProcess = backend;
    void Exec(string sql) => Measuring.Exec(c, sql);
    Exec("DROP TABLE IF EXISTS parcels_text, parcels, emitted, hand, hand_columns");
    Exec("CREATE TABLE parcels_text (parcel_id TEXT, grade TEXT, area_m2 TEXT)");
    Measuring.CopyCsv(c, "parcels_text", input);
    Exec("CREATE TABLE parcels AS SELECT parcel_id, CAST(grade AS INTEGER) AS grade, CAST(area_m2 AS NUMERIC(38,10)) AS area_m2 FROM parcels_text");
    Exec("DROP TABLE parcels_text");
    Exec("VACUUM ANALYZE parcels");
    var package = RulePackage.Load(rules);
    var statement = SqlEmitter.Module(package, package.FindModule("land_use_tax_parcel")!, new SqlStatementOptions(SqlDialect.Postgres, "parcels", new DateOnly(2017, 9, 1)));
    Measure("PostgreSQL: emitted statement", () => Exec($"CREATE TABLE emitted AS {statement}"));
    // The same result columns as the emitted statement: NUMERIC(38,10) outputs, and error_code, error_field and
    // error_message with the interpreter's text, built only on the rows that fail.
    Measure("PostgreSQL: hand-written query, same result columns", () => Exec("""
        CREATE TABLE hand_columns AS SELECT grade, area_m2,
          CASE WHEN e IS NULL THEN CAST(r AS NUMERIC(38,10)) END AS rate_per_m2,
          CASE WHEN e IS NULL THEN CAST(r * area_m2 AS NUMERIC(38,10)) END AS annual_tax,
          CASE WHEN e IS NOT NULL THEN 'invalid_input' END AS error_code, CASE WHEN e IS NOT NULL THEN e END AS error_field,
          CASE e WHEN 'grade' THEN 'grade (地段等级) = ' || grade || ' does not satisfy: (grade >= 1) and (grade <= 5)'
                 WHEN 'area_m2' THEN 'area_m2 (面积（平方米）) = ' || area_m2 || ' does not satisfy: area_m2 >= 0' END AS error_message
        FROM (SELECT *, CASE WHEN grade NOT BETWEEN 1 AND 5 THEN 'grade' WHEN area_m2 < 0 THEN 'area_m2' END AS e
              FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 WHEN 5 THEN 3 END AS r FROM parcels) AS p) AS q
        """));
    Measure("PostgreSQL: hand-written query", () => Exec("""
        CREATE TABLE hand AS SELECT grade, area_m2, r AS rate_per_m2, r * area_m2 AS annual_tax,
          CASE WHEN grade NOT BETWEEN 1 AND 5 THEN 'invalid_input' WHEN area_m2 < 0 THEN 'invalid_input' END AS error_code
        FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM parcels) AS p
        """));
    using (var count = new NpgsqlCommand("SELECT count(*) FILTER (WHERE error_code IS NULL), count(*) FROM emitted", c))
    using (var r = count.ExecuteReader())
    {
        r.Read();
        Console.WriteLine($"PostgreSQL emitted statement: {r.GetInt64(0):N0} rows without error of {r.GetInt64(1):N0}");
    }
}
cluster?.Dispose();

var typed = results.First(r => r.Name == "hand-written DuckDB, typed read_csv DECIMAL(38,10)");
var narrow = results.First(r => r.Name == "hand-written DuckDB, typed read_csv DECIMAL(18,2)");
var lines = new List<string>
{
    $"{rows:N0} parcels, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1 min) before → after each run in the last column.",
    "",
    $"| {rows:N0} parcels | wall s | rows/s (wall) | CPU s | × typed read_csv DECIMAL(38,10) (wall) | × typed DECIMAL(18,2) (wall) | load |",
    "|---|---:|---:|---:|---:|---:|---|",
};
foreach (var (name, wall, cpu, before, after) in results)
    lines.Add($"| {name} | {wall:F2} | {rows / wall:N0} | {(double.IsNaN(cpu) ? "—" : cpu.ToString("F2", CultureInfo.InvariantCulture))} | {wall / typed.Wall:F2}× | {wall / narrow.Wall:F2}× | {before} → {after} |");
Console.WriteLine();
var pgEmitted = results.FirstOrDefault(r => r.Name == "PostgreSQL: emitted statement");
var pgHand = results.FirstOrDefault(r => r.Name == "PostgreSQL: hand-written query");
var pgColumns = results.FirstOrDefault(r => r.Name == "PostgreSQL: hand-written query, same result columns");
if (pgEmitted.Name is not null)
    lines.AddRange(["", $"PostgreSQL: the emitted statement takes {pgEmitted.Wall / pgHand.Wall:F2}× the hand-written query's wall time ({pgEmitted.Cpu / pgHand.Cpu:F2}× its server CPU) " +
        $"and {pgEmitted.Wall / pgColumns.Wall:F2}× the wall time ({pgEmitted.Cpu / pgColumns.Cpu:F2}× the server CPU) of the hand-written query with the same result columns, over the same table."]);
foreach (var l in lines) Console.WriteLine(l);
if (report is not null) File.WriteAllLines(report, lines);
return 0;
