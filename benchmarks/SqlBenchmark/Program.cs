// Times the land-use tax over N generated parcels (邯政办字〔2017〕107号 §二: 25, 18, 10, 6, 3 元 per m² by grade):
//   policyrules run --engine duckdb      the emitted SQL on embedded DuckDB, CSV in and out
//   policyrules run                      the compiled engine, CSV in and out
//   hand-written DuckDB                  the same logic and files, written by hand as one DuckDB script
//   PostgreSQL (optional)                the emitted statement and a hand-written query over a table loaded with COPY
// Usage: dotnet run -c Release --project benchmarks/SqlBenchmark -- ROWS WORKDIR [POSTGRES-CONNECTION-STRING]
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using Npgsql;
using PolicyRules;
using PolicyRules.Sql;

var rows = int.Parse(args[0], CultureInfo.InvariantCulture);
var work = Path.GetFullPath(args[1]);
var pg = args.Length > 2 ? args[2] : null;
Directory.CreateDirectory(work);
var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
var rules = Path.Combine(root, "rules", "handan-2017-04");
var input = Path.Combine(work, $"parcels-{rows}.csv");
if (!File.Exists(input))
{
    var random = new Random(2017);
    using var w = new StreamWriter(input);
    w.Write("parcel_id,grade,area_m2\n");
    for (var i = 0; i < rows; i++)
    {
        var bad = random.Next(1000) == 0;   // one row in a thousand has grade 7
        w.Write($"P{i:D8},{(bad ? 7 : random.Next(1, 6))},{random.Next(1, 2_000_000) / 100m}\n");
    }
}

(double Wall, double Cpu) Time(Action a)
{
    var p = Process.GetCurrentProcess();
    var cpu = p.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    a();
    p.Refresh();
    return (sw.Elapsed.TotalSeconds, (p.TotalProcessorTime - cpu).TotalSeconds);
}

void Cli(params string[] a)
{
    var error = new StringWriter();
    var exit = PolicyRules.Cli.Cli.Run(a, new StringReader(""), TextWriter.Null, error);
    if (exit != 0) throw new InvalidOperationException(error.ToString());
}

var results = new List<(string Name, double Wall, double Cpu)>();
void Measure(string name, Action a) { var (wall, cpu) = Time(a); results.Add((name, wall, cpu)); Console.WriteLine($"{name}: {wall:F2} s wall, {cpu:F2} s CPU"); }

Measure("policyrules run --engine duckdb", () => Cli("run", "--engine", "duckdb", "--rules", rules, "--module", "land_use_tax_parcel",
    "--input", input, "--output", Path.Combine(work, "duckdb.csv"), "--at", "2017-09-01"));
Measure("policyrules run (compiled)", () => Cli("run", "--rules", rules, "--module", "land_use_tax_parcel",
    "--input", input, "--output", Path.Combine(work, "compiled.csv"), "--at", "2017-09-01"));
Measure("hand-written DuckDB query", () =>
{
    using var c = new DuckDBConnection("DataSource=:memory:");
    c.Open();
    using var cmd = c.CreateCommand();
    var read = $"read_csv('{input}', header = true, all_varchar = true, delim = ',', quote = '\"')";
    cmd.CommandText = $"""
        CREATE TABLE t AS SELECT row_number() OVER () + 1 AS line, parcel_id, grade AS grade_text, area_m2 AS area_text,
          TRY_CAST(grade AS INTEGER) AS grade, TRY_CAST(area_m2 AS DECIMAL(38,10)) AS area FROM {read};
        COPY (SELECT parcel_id, grade_text AS grade, area_text AS area_m2, r AS rate_per_m2, CAST(r * area AS VARCHAR) AS annual_tax
              FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM t)
              WHERE grade BETWEEN 1 AND 5 AND area >= 0) TO '{Path.Combine(work, "hand.csv")}' (HEADER);
        COPY (SELECT line, 'invalid_input' AS code, 'grade' AS field, 'grade = ' || grade_text || ' does not satisfy: (grade >= 1) and (grade <= 5)' AS message
              FROM t WHERE grade IS NULL OR grade NOT BETWEEN 1 AND 5 OR area IS NULL OR area < 0) TO '{Path.Combine(work, "hand.errors.csv")}' (HEADER);
        """;
    cmd.ExecuteNonQuery();
});

if (pg is not null)
{
    AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
    using var c = new NpgsqlConnection(pg);
    c.Open();
    void Exec(string sql) { using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 3600 }; cmd.ExecuteNonQuery(); }
    Exec("DROP TABLE IF EXISTS parcels_text, parcels, emitted, hand");
    Exec("CREATE TABLE parcels_text (parcel_id TEXT, grade TEXT, area_m2 TEXT)");
    using (var copy = c.BeginTextImport("COPY parcels_text FROM STDIN (FORMAT CSV, HEADER true)"))
    using (var r = new StreamReader(input)) { copy.Write(r.ReadToEnd()); }
    Exec("CREATE TABLE parcels AS SELECT parcel_id, CAST(grade AS INTEGER) AS grade, CAST(area_m2 AS NUMERIC(38,10)) AS area_m2 FROM parcels_text");
    Exec("ANALYZE parcels");
    var package = RulePackage.Load(rules);
    var statement = SqlEmitter.Module(package, package.FindModule("land_use_tax_parcel")!, new SqlStatementOptions(SqlDialect.Postgres, "parcels", new DateOnly(2017, 9, 1)));
    Measure("PostgreSQL: emitted statement", () => Exec($"CREATE TABLE emitted AS {statement}"));
    Measure("PostgreSQL: hand-written query", () => Exec("""
        CREATE TABLE hand AS SELECT grade, area_m2, r AS rate_per_m2, r * area_m2 AS annual_tax,
          CASE WHEN grade NOT BETWEEN 1 AND 5 THEN 'invalid_input' WHEN area_m2 < 0 THEN 'invalid_input' END AS error_code
        FROM (SELECT *, CASE grade WHEN 1 THEN 25 WHEN 2 THEN 18 WHEN 3 THEN 10 WHEN 4 THEN 6 ELSE 3 END AS r FROM parcels) AS p
        """));
}

var hand = results.First(r => r.Name == "hand-written DuckDB query");
Console.WriteLine();
Console.WriteLine($"| {rows:N0} parcels | wall s | rows/s (wall) | CPU s | ratio to hand-written DuckDB (wall) |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var (name, wall, cpu) in results)
    Console.WriteLine($"| {name} | {wall:F2} | {rows / wall:N0} | {cpu:F2} | {wall / hand.Wall:F2}× |");
