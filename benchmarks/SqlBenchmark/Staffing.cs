using System.Diagnostics;
using System.Globalization;
using Npgsql;
using PolicyRules;
using PolicyRules.Sql;
using PolicyRules.Sql.Tests.Infrastructure;

/// <summary>
/// <c>--staffing</c>: staffing_quota (邯政办字〔2017〕25号 二(二)1: 1:19, 1:13.5, 1:12.5 by level; a village school's
/// (生师比 + 班师比) / 2) over N generated schools, the module whose SQL divides most. <c>run --engine duckdb</c> must write
/// the compiled engine's files byte for byte; in PostgreSQL the emitted statement (and, with <c>--compare-statement</c>,
/// another statement text for the same table, such as the one an earlier build wrote) is timed in the server's CPU, and
/// its formatted outputs and error codes are compared row by row with the compiled engine's files.
/// </summary>
internal static class StaffingBenchmark
{
    public static int Run(int rows, string work, string root, string? pg, bool startPostgres, string? compare, string? report)
    {
        var rules = Path.Combine(root, "rules", "handan-2017-04");
        var input = Path.Combine(work, $"staffing-{rows}.csv");
        if (!File.Exists(input))
        {
            // The three levels in turn, 0–3,000 students, every sixth row a village school (primary: village requires it,
            // so the others are invalid_input rows), 0–60 classes, a class-teacher ratio of 0.00–5.00.
            var random = new Random(2017);
            string[] levels = ["primary", "junior", "senior"];
            using var w = new StreamWriter(input + ".part");
            w.Write("level,students,village,classes,class_teacher_ratio\n");
            for (var i = 0; i < rows; i++)
                w.Write($"{levels[i % 3]},{random.Next(0, 3001)},{(i % 6 == 0 ? "true" : "false")},{random.Next(0, 61)},{(random.Next(0, 501) / 100m).ToString(CultureInfo.InvariantCulture)}\n");
            w.Close();
            File.Move(input + ".part", input);
        }
        var results = new List<(string Name, double Wall, double Cpu, string LoadBefore, string LoadAfter)>();
        int? server = null;
        void Measure(string name, Action a)
        {
            var before = Measuring.Load();
            var p = Process.GetCurrentProcess();
            var inServer = name.StartsWith("PostgreSQL", StringComparison.Ordinal);
            var cpu = inServer ? server is { } s0 ? Measuring.ProcessCpu(s0) : double.NaN : p.TotalProcessorTime.TotalSeconds;
            var sw = Stopwatch.StartNew();
            a();
            p.Refresh();
            var used = (inServer ? server is { } s1 ? Measuring.ProcessCpu(s1) : double.NaN : p.TotalProcessorTime.TotalSeconds) - cpu;
            results.Add((name, sw.Elapsed.TotalSeconds, used, before, Measuring.Load()));
            Console.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:F2} s wall, {used:F2} s CPU (load {before} → {Measuring.Load()})");
        }
        void Cli(params string[] a)
        {
            var error = new StringWriter();
            if (PolicyRules.Cli.Cli.Run(a, new StringReader(""), TextWriter.Null, error) != 0) throw new InvalidOperationException(error.ToString());
        }

        var duckOut = Path.Combine(work, "staffing.duckdb.csv");
        var compiledOut = Path.Combine(work, "staffing.compiled.csv");
        string[] common = ["--rules", rules, "--module", "staffing_quota", "--input", input, "--at", "2017-09-01"];
        Measure("policyrules run --engine duckdb", () => Cli(["run", "--engine", "duckdb", .. common, "--output", duckOut]));
        Measure("policyrules run (compiled)", () => Cli(["run", .. common, "--output", compiledOut]));
        static string Errors(string output) => output[..^4] + ".errors.csv";
        foreach (var (a, b) in new[] { (duckOut, compiledOut), (Errors(duckOut), Errors(compiledOut)) })
            if (!File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b)))
                throw new InvalidOperationException($"{a} and {b} differ: the engines disagree");
        Console.WriteLine("run --engine duckdb wrote the compiled engine's files byte for byte");

        PostgresCluster? cluster = null;
        if (startPostgres && pg is null)
        {
            cluster = new PostgresCluster();
            pg = cluster.ConnectionString;
        }
        var lines = new List<string>
        {
            $"staffing_quota, {rows:N0} schools, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1 min) before → after each run in the last column.",
            "",
            "| what | wall s | CPU s | load |",
            "|---|---:|---:|---|",
        };
        if (pg is not null)
        {
            using var c = Measuring.OpenPostgres(pg, out var backend);
            server = backend;
            void Exec(string sql) => Measuring.Exec(c, sql);
            Exec("DROP TABLE IF EXISTS staffing_text, staffing, emitted, compared, hand, formatted");
            Exec("CREATE TABLE staffing_text (level TEXT, students TEXT, village TEXT, classes TEXT, class_teacher_ratio TEXT)");
            Measuring.CopyCsv(c, "staffing_text", input);
            // line: the row's line in the CSV file (the header is line 1), as the errors file counts.
            Exec("""
                CREATE TABLE staffing AS SELECT CAST(row_number() OVER (ORDER BY ctid) + 1 AS INTEGER) AS line, level, CAST(students AS INTEGER) AS students,
                  CAST(village AS BOOLEAN) AS village, CAST(classes AS INTEGER) AS classes, CAST(class_teacher_ratio AS NUMERIC(38,10)) AS class_teacher_ratio
                FROM staffing_text
                """);
            Exec("DROP TABLE staffing_text");
            Exec("VACUUM ANALYZE staffing");
            var package = RulePackage.Load(rules);
            var module = package.FindModule("staffing_quota")!;
            var options = new SqlStatementOptions(SqlDialect.Postgres, "staffing", new DateOnly(2017, 9, 1));
            var statement = SqlEmitter.Module(package, module, options);
            File.WriteAllText(Path.Combine(work, "staffing_quota.postgres.sql"), statement);
            var other = compare is null ? null : File.ReadAllText(compare).TrimEnd().TrimEnd(';');   // as `policyrules sql` writes it
            // Twice each, alternately, so both meet the same load.
            for (var round = 1; round <= 2; round++)
            {
                Exec("DROP TABLE IF EXISTS emitted, compared");
                Measure($"PostgreSQL: emitted statement ({round})", () => Exec($"CREATE TABLE emitted AS {statement}"));
                if (other is not null) Measure($"PostgreSQL: {Path.GetFileName(compare)} ({round})", () => Exec($"CREATE TABLE compared AS {other}"));
            }
            // What a data engineer might write: PostgreSQL's own division (its digits are not C#'s), no error texts.
            Measure("PostgreSQL: hand-written query (NUMERIC division, not C#'s rounding)", () => Exec("""
                CREATE TABLE hand AS SELECT line, CASE WHEN village AND level <> 'primary' THEN 'invalid_input' END AS error_code,
                  CASE WHEN village THEN (s + classes * class_teacher_ratio) / 2 ELSE s END AS staff_quota
                FROM (SELECT *, students / CASE level WHEN 'primary' THEN 19 WHEN 'junior' THEN 13.5 ELSE 12.5 END AS s FROM staffing) AS q
                """));

            // Every row: the formatted output (the text run writes) or the error code, against the compiled engine's files.
            var formatted = SqlEmitter.Module(package, module, options with { FormatOutputs = true, PassThrough = ["line"] });
            Exec($"CREATE TABLE formatted AS {formatted}");
            var expectedErrors = File.ReadLines(Errors(compiledOut)).Skip(1).Select(l => l.Split(',')).ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => f[1]);
            using var outputs = File.ReadLines(compiledOut).Skip(1).Select(l => l[(l.LastIndexOf(',') + 1)..]).GetEnumerator();
            using var read = new NpgsqlCommand("SELECT line, staff_quota, error_code FROM formatted ORDER BY line", c) { CommandTimeout = 3600 };
            using var reader = read.ExecuteReader();
            var (compared, differ) = (0, 0);
            while (reader.Read())
            {
                var line = reader.GetInt32(0);
                var (value, code) = (reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) || reader.GetString(2).Length == 0 ? null : reader.GetString(2));
                var expected = expectedErrors.TryGetValue(line, out var e) ? (null, e) : (outputs.MoveNext() ? outputs.Current : "(missing)", (string?)null);
                compared++;
                if (expected != (value, code) && differ++ < 10) Console.WriteLine($"line {line}: compiled {expected}, PostgreSQL ({value}, {code})");
            }
            if (differ > 0) throw new InvalidOperationException($"PostgreSQL differs from the compiled engine on {differ} of {compared} rows");
            Console.WriteLine($"PostgreSQL: {compared:N0} rows, every output text and error code the compiled engine's ({expectedErrors.Count:N0} error rows)");
        }
        cluster?.Dispose();
        foreach (var (name, wall, cpu, before, after) in results)
            lines.Add($"| {name} | {wall:F2} | {(double.IsNaN(cpu) ? "—" : cpu.ToString("F2", CultureInfo.InvariantCulture))} | {before} → {after} |");
        Console.WriteLine();
        foreach (var l in lines) Console.WriteLine(l);
        if (report is not null) File.WriteAllLines(report, lines);
        return 0;
    }
}
