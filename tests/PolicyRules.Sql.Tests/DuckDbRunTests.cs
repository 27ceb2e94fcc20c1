using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary><c>policyrules run --engine duckdb</c>: same files as <c>run</c>, input order, counts, Parquet, out of core.</summary>
public sealed class DuckDbRunTests
{
    private static string Sample => Path.Combine(TestPackage.RepoRoot, "samples", "parcels.csv");

    [Fact]
    public void The_sample_parcels_give_byte_identical_files_to_the_compiled_run()
    {
        using var dir = new CliRunner.TempFolder();
        var compiled = CliRunner.Run("run", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", dir.File("compiled.csv"), "--at", "2017-09-01");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", dir.File("duck.csv"), "--at", "2017-09-01");
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.Contains("rows in 5000, rows out 4950, error rows 50 (reconciled: in = out + errors)", duck.Error, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("compiled.csv")), File.ReadAllBytes(dir.File("duck.csv")));
        Assert.Equal(File.ReadAllBytes(dir.File("compiled.errors.csv")), File.ReadAllBytes(dir.File("duck.errors.csv")));
    }

    /// <summary>The errors file in Chinese (<c>--lang zh</c>) is the compiled engine's, byte for byte: one wording per error,
    /// from the catalogue. 邯政办字〔2017〕107号 §二 has grades 1 to 5 (so 7 fails the input's requires); the module is in force
    /// from 2017-05-01 (hz107.rules), so 2010-01-01 is not_in_force.</summary>
    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public void The_errors_file_is_the_compiled_engines_in_the_runs_language(string lang)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), string.Join("\n",
            "grade,area_m2,at", "1,1000,2017-09-01", "x,1000,2017-09-01", ",1000,2017-09-01", "7,1000,2017-09-01", "1,1000,2017-13-01",
            "1,1000", "1,1000,2010-01-01", "99999999999,1,2017-09-01", "1,1e5,2017-09-01", "1,,2017-09-01", "1,1000,", "1,1000,  ") + "\n");
        var compiled = CliRunner.Run("run", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", dir.File("in.csv"),
            "--output", dir.File("compiled.csv"), "--lang", lang);
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", dir.File("in.csv"),
            "--output", dir.File("duck.csv"), "--lang", lang);
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.True(duck.Exit == 0, duck.Error);
        var errors = File.ReadAllText(dir.File("duck.errors.csv"));
        Assert.Equal(File.ReadAllText(dir.File("compiled.errors.csv")), errors);
        Assert.Equal(12, errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // A blank 'at' cell is quoted as written, its spaces too (the compiled engine's words; CSV doubles the English quotes).
        Assert.Contains(lang == "zh" ? "实际为“  ”" : "got \"\"  \"\"", errors, StringComparison.Ordinal);
        if (lang == "zh")
        {
            Assert.DoesNotContain("expected", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("not in force", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("does not satisfy", errors, StringComparison.Ordinal);
            Assert.Contains("run：引擎：duckdb；读入 12 行\n", duck.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Malformed and unusual CSV files, each with a text the duckdb engine's answer must hold (its errors file when the run
    /// completes, else its standard error). Figures: 邯政办字〔2017〕107号 §二 has land grades 1 to 5 (grade 7 fails the
    /// input's requires); 邯政字〔2017〕24号 三(一), one vocational school per 150,000 people (a population is at least 0).
    /// </summary>
    public static TheoryData<string, string, string, string> MalformedCsvs() => new()
    {
        { "empty lines in the middle", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n\nP2,7,100\n\n\nP3,x,100\nP4,2,100\n", "\n7,invalid_input,grade," },
        { "empty lines at the end", Parcels, "parcel_id,grade,area_m2\nP1,1,100\nP2,7,100\n\n\n", "\n3,invalid_input,grade," },
        { "empty lines before the header", Parcels, "\n\nparcel_id,grade,area_m2\nP1,1,100\n\nP2,7,100\n", "\n6,invalid_input,grade," },
        { "empty lines before the header, CRLF", Parcels, "\r\n\r\nparcel_id,grade,area_m2\r\nP1,1,100\r\nP2,7,100\r\n", "\n5,invalid_input,grade," },
        { "CRLF line ends and an empty line", Parcels, "parcel_id,grade,area_m2\r\nP1,1,100\r\n\r\nP2,7,100\r\nP3,1,100\r\n", "\n4,invalid_input,grade," },
        { "a byte order mark", Parcels, "\uFEFFparcel_id,grade,area_m2\nP1,1,100\nP2,7,100\n", "\n3,invalid_input,grade," },
        { "a line break inside a quoted cell", Parcels, "parcel_id,grade,area_m2\n\"P\n1\",1,100\nP2,7,100\n", "\n4,invalid_input,grade," },
        { "a line of spaces", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n   \nP2,7,100\n", "\n4,invalid_input,grade," },
        { "quoted empty cells", Parcels, "parcel_id,grade,area_m2\n\"\",1,100\nP2,\"\",100\n", "\n3,invalid_input,grade," },
        { "CR line ends", Parcels, "parcel_id,grade,area_m2\rP1,1,100\r\rP2,7,100\r", "\n4,invalid_input,grade," },
        { "mixed line ends", Parcels, "parcel_id,grade,area_m2\r\nP1,1,100\n\r\nP2,7,100\r\n\"P\n3\",1,100\nP4,1\n\"\",1,100\r\nP5,7,100\n", "\n4,invalid_input,grade," },
        { "mixed line ends in a one-column file", Schools, "population\r\n300000\n\r\n-1\n\"\"\r\n150000\n", "\n4,invalid_input,population," },
        { "a CRLF inside a quoted cell of a CRLF file", Parcels, "parcel_id,grade,area_m2\r\n\"P\r\n1\",1,100\r\nP2,7,100\r\n", "\n4,invalid_input,grade," },
        { "a CR inside a quoted cell", Parcels, "parcel_id,grade,area_m2\n\"P\r1\",1,100\nP2,7,100\n", "\n3,invalid_input,grade," },
        { "a one-column file with empty lines", Schools, "population\n300000\n\n-1\n\n\"\"\n150000\n\n", "\n4,invalid_input,population," },
        { "a stray quote", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n\nP\"2,1,100\nP3,1,100\n", "(4,2)" },
        { "an unterminated quoted cell", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n\n\"P2,1,100\nP3,1,100\n", "(4,1)" },
        { "text after a closing quote", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n\"P2\"x,1,100\n", "(3,5)" },
        { "a stray quote in the header", Parcels, "parcel_id,gr\"ade,area_m2\nP1,1,100\n", "(1,13)" },
        { "GBK bytes in a UTF-8 file", Parcels, "parcel_id,grade,area_m2\nP1,1,100\n\n地块2,1,100\n", "(4,1)" },
        { "a header only", Parcels, "parcel_id,grade,area_m2\n", "line,code,field,message\n" },
        { "a header only without a line end", Parcels, "parcel_id,grade,area_m2", "line,code,field,message\n" },
        { "an empty file", Parcels, "", "(1,1)" },
        { "a wrong column count", Parcels, "parcel_id,grade,area_m2\nP1,1\n\nP2,1,100,9\nP3,7,100\n", "\n4,invalid_input,," },
        { "empty cells past the header's", Parcels, "parcel_id,grade,area_m2\nP1,1,100\nP2,1,100,\nP3,7,100\n,,,,,\n", "\n3,invalid_input,," },
    };

    private const string Parcels = "land_use_tax_parcel";
    private const string Schools = "vocational_school_provision";

    /// <summary>On each malformed CSV the duckdb engine, and the interpreter engine, give the compiled engine's exit code,
    /// standard error (the line naming the engine aside), results and errors files, byte for byte, in both languages: the
    /// same lines (empty lines and line breaks in quoted cells counted), the same empty lines skipped, and the same stop
    /// with nothing written.</summary>
    [Theory]
    [MemberData(nameof(MalformedCsvs))]
    public void A_malformed_csv_gives_the_compiled_engine_s_answer_in_both_languages(string name, string module, string csv, string expected)
    {
        using var dir = new CliRunner.TempFolder();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        File.WriteAllBytes(dir.File("in.csv"), (name.StartsWith("GBK", StringComparison.Ordinal) ? Encoding.GetEncoding("GB18030") : new UTF8Encoding(false)).GetBytes(csv));
        foreach (var lang in new[] { "en", "zh" })
        {
            (int Exit, string Error) Run(string engine)
            {
                Directory.CreateDirectory(dir.File(engine));
                var result = CliRunner.Run("run", "--engine", engine, "--rules", TestPackage.PackagePath, "--module", module, "--input", dir.File("in.csv"),
                    "--output", Path.Combine(dir.File(engine), lang + ".csv"), "--at", "2017-09-01", "--lang", lang);
                var error = string.Join("\n", result.Error.ReplaceLineEndings("\n").Split('\n')
                    .Where(l => !l.StartsWith("run: engine", StringComparison.Ordinal) && !l.StartsWith("run：引擎", StringComparison.Ordinal)));
                return (result.Exit, error.Replace(dir.File(engine), "OUT", StringComparison.Ordinal));
            }
            var compiled = Run("compiled");
            var duck = Run("duckdb");
            foreach (var (engine, other) in new[] { ("duckdb", duck), ("interpreter", Run("interpreter")) })
            {
                Assert.True(compiled.Exit == other.Exit, $"{name} ({lang}): compiled exit {compiled.Exit}, {engine} exit {other.Exit}\n{compiled.Error}\n{other.Error}");
                Assert.Equal(compiled.Error, other.Error);
                if (other.Exit != 0) continue;
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("compiled"), lang + ".csv")), File.ReadAllBytes(Path.Combine(dir.File(engine), lang + ".csv")));
                Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("compiled"), lang + ".errors.csv")), File.ReadAllBytes(Path.Combine(dir.File(engine), lang + ".errors.csv")));
            }
            var output = Path.Combine(dir.File("duckdb"), lang + ".csv");
            var errors = Path.Combine(dir.File("duckdb"), lang + ".errors.csv");
            if (duck.Exit == 0) Assert.Contains(expected, File.ReadAllText(errors), StringComparison.Ordinal);
            else
            {
                Assert.Equal(1, duck.Exit);
                Assert.False(File.Exists(output) || File.Exists(errors), $"{name}: a refused run wrote a file");
                // The place of a format error, "(4,2)", is "第4行第2列" in Chinese.
                var place = lang == "en" ? expected : System.Text.RegularExpressions.Regex.Replace(expected, @"^\((\d+),(\d+)\)$", "第$1行第$2列");
                Assert.Contains(place, duck.Error, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A blank cell of a required input (text, known text, enum) is invalid_input with the compiled engine's
    /// message; an optional text's blank cell is none (<see cref="PolicyRules.TestSupport.BlankTextCells"/>).</summary>
    [Fact]
    public void A_blank_cell_of_a_required_text_input_is_invalid_input_as_in_the_other_engines()
    {
        using var dir = new CliRunner.TempFolder();
        var input = PolicyRules.TestSupport.BlankTextCells.WriteTo(dir.Path);
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", dir.Path, "--module", "texts", "--input", input,
            "--output", dir.File("duck.csv"), "--at", "2017-09-01");
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.Contains("rows in 6, rows out 1, error rows 5 (reconciled: in = out + errors)", duck.Error, StringComparison.Ordinal);
        Assert.Equal(PolicyRules.TestSupport.BlankTextCells.Results, File.ReadAllText(dir.File("duck.csv")));
        Assert.Equal(PolicyRules.TestSupport.BlankTextCells.Errors, File.ReadAllLines(dir.File("duck.errors.csv")));
    }

    /// <summary>A blank cell of an optional input of every scalar type is none, written <c>none</c> as the compiled engine
    /// writes it: a bool too (its text was 'false').</summary>
    [Fact]
    public void A_blank_cell_of_an_optional_input_of_every_type_is_written_none_as_the_compiled_engine_writes_it()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("opts.rules"), """
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
            }

            enum tenure {
              owned
              rented
            }

            module opts {
              in_force always
              input i: int?
              input d: decimal?
              input m: money?
              input r: rate?
              input b: bool?
              input t: date?
              input e: tenure?
              input s: string?
              output i_out: int? cites law §一 = i
              output d_out: decimal? cites law §一 = d
              output m_out: money? cites law §一 = m
              output r_out: rate? cites law §一 = r
              output b_out: bool? cites law §一 = b
              output t_out: date? cites law §一 = t
              output e_out: tenure? cites law §一 = e
              output s_out: string? cites law §一 = s
            }
            """);
        File.WriteAllText(dir.File("in.csv"), "i,d,m,r,b,t,e,s\n,,,,,,,\n  ,  ,  ,  ,  ,  ,  ,  \n1,2.5,3,7.9%,false,2017-01-02,owned,x\n");
        var compiled = CliRunner.Run("run", "--rules", dir.Path, "--module", "opts", "--input", dir.File("in.csv"),
            "--output", dir.File("compiled.csv"), "--at", "2017-09-01");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", dir.Path, "--module", "opts", "--input", dir.File("in.csv"),
            "--output", dir.File("duck.csv"), "--at", "2017-09-01");
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.True(duck.Exit == 0, duck.Error);
        var lines = File.ReadAllLines(dir.File("duck.csv"));
        Assert.Equal(",,,,,,,,none,none,none,none,none,none,none,none", lines[1]);
        Assert.Equal("1,2.5,3,7.9%,false,2017-01-02,owned,x,1,2.5,3,7.9%,false,2017-01-02,owned,x", lines[3]);
        Assert.Equal(File.ReadAllText(dir.File("compiled.csv")), File.ReadAllText(dir.File("duck.csv")));
    }

    /// <summary>Generated rows as CSV text, a bad cell now and then, and a short line: every output line and every
    /// error's line, code and field equal the interpreter engine's.</summary>
    [Theory]
    [InlineData("class_size_category")]
    [InlineData("publication_deadline")]
    [InlineData("left_behind_child")]
    [InlineData("stable_post_subsidy")]
    [InlineData("medical_insurance_contribution")]
    [InlineData("subsidy_transfer_deadline")]
    [InlineData("land_grade")]
    [InlineData("public_opinion_response")]
    [InlineData("mandatory_report_route")]
    [InlineData("occupational_health_targets")]
    public void Generated_rows_give_the_interpreter_engine_s_results(string name)
    {
        using var dir = new CliRunner.TempFolder();
        var module = TestPackage.Module(name);
        var rows = GeneratedRows.For(module, randomRows: 200);
        var random = new Random(11);
        string[] junk = ["x", "12.5.3", "1e5", "+7", "１", " ", "25元", "7.9%", "是", "2017-02-30", "\"a,b\""];
        var csv = new StringBuilder(string.Join(",", module.Inputs.Select(i => i.Name).Append("at")) + "\n");
        for (var k = 0; k < rows.Count; k++)
        {
            var row = rows[k];
            var cells = module.Inputs.Select(i => row[i.Name]).Append(row["at"]).Select(v => random.Next(15) == 0 ? junk[random.Next(junk.Length)] : Text(v)).ToList();
            if (k == 17) cells.RemoveAt(cells.Count - 1);   // a line with too few columns
            csv.Append(string.Join(",", cells)).Append('\n');
        }
        File.WriteAllText(dir.File("in.csv"), csv.ToString());
        var interpreted = CliRunner.Run("run", "--engine", "interpreter", "--rules", TestPackage.PackagePath, "--module", name,
            "--input", dir.File("in.csv"), "--output", dir.File("interpreter.csv"));
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", name,
            "--input", dir.File("in.csv"), "--output", dir.File("duck.csv"));
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.Contains($"rows in {rows.Count},", duck.Error, StringComparison.Ordinal);
        // The one documented difference: a value the SQL decimal cannot hold (DECIMAL(38,10)) is an error row in SQL, where
        // the interpreter writes it (its text then has more than 10 decimals, or 29 digits).
        const string NotFit = "(28 digits before the point, 10 after)";
        var interpreterErrors = Records(dir.File("interpreter.errors.csv")).Skip(1).ToList();
        var duckErrors = Records(dir.File("duck.errors.csv")).Skip(1).ToList();
        var failedLines = interpreterErrors.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToHashSet();
        var notFit = duckErrors.Where(r => r[3].Contains(NotFit, StringComparison.Ordinal)).Select(r => int.Parse(r[0], CultureInfo.InvariantCulture))
            .Where(l => !failedLines.Contains(l)).ToHashSet();
        var interpreterRows = Records(dir.File("interpreter.csv")).ToList();
        var lines = Enumerable.Range(2, rows.Count).Where(l => !failedLines.Contains(l)).ToList();
        Assert.Equal(lines.Count, interpreterRows.Count - 1);
        var kept = interpreterRows.Take(1).Concat(interpreterRows.Skip(1).Where((r, i) => !notFit.Contains(lines[i]))).Select(r => string.Join("|", r)).ToList();
        foreach (var dropped in interpreterRows.Skip(1).Where((r, i) => notFit.Contains(lines[i])))
            Assert.Matches(@"(?m)\.[0-9]{11,}$|\.[0-9]{9,}%$|^-?[0-9]{29,}", string.Join("\n", dropped));
        Assert.Equal(kept, Records(dir.File("duck.csv")).Select(r => string.Join("|", r)).ToList());
        // Messages may word an input error differently (no did-you-mean, the SQL decimal's limit); line, code and field may not differ.
        var expected = interpreterErrors.Select(r => (Line: int.Parse(r[0], CultureInfo.InvariantCulture), Key: string.Join(",", r.Take(3))))
            .Concat(duckErrors.Where(r => notFit.Contains(int.Parse(r[0], CultureInfo.InvariantCulture))).Select(r => (Line: int.Parse(r[0], CultureInfo.InvariantCulture), Key: string.Join(",", r.Take(3)))))
            .OrderBy(x => x.Line).Select(x => x.Key).ToList();
        var actual = duckErrors.Select(r => string.Join(",", r.Take(3))).ToList();
        Assert.True(expected.Count > 0);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (expected[i] == actual[i]) continue;
            var line = string.Join(",", duckErrors[i]);
            Assert.True(line.Contains(NotFit, StringComparison.Ordinal), $"interpreter {expected[i]}, duckdb {line}");
        }
    }

    /// <summary>The records of a CSV file (quoted cells may hold commas, quotes and line breaks).</summary>
    private static IEnumerable<List<string>> Records(string path)
    {
        var text = File.ReadAllText(path);
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch != '"') cell.Append(ch);
                else if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { record.Add(cell.ToString()); cell.Clear(); }
            else if (ch == '\n') { record.Add(cell.ToString()); cell.Clear(); yield return record; record = []; }
            else cell.Append(ch);
        }
        if (cell.Length > 0 || record.Count > 0) { record.Add(cell.ToString()); yield return record; }
    }

    private static string Text(object? v) => v switch
    {
        null => "",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        string s => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s,
        _ => throw new InvalidOperationException(),
    };

    [Fact]
    public void Parquet_in_and_out_keeps_order_and_values()
    {
        using var dir = new CliRunner.TempFolder();
        using (var c = new DuckDBConnection("DataSource=:memory:"))
        {
            c.Open();
            Engines.Execute(c, $"COPY (SELECT * FROM read_csv('{Sample}', header = true, all_varchar = true, null_padding = true)) TO '{dir.File("in.parquet")}' (FORMAT PARQUET)");
        }
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel",
            "--input", dir.File("in.parquet"), "--output", dir.File("out.parquet"), "--at", "2017-09-01");
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.Contains("rows in 5000, rows out 4950, error rows 50", duck.Error, StringComparison.Ordinal);
        var csv = CliRunner.Run("run", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", dir.File("compiled.csv"), "--at", "2017-09-01");
        Assert.Equal(0, csv.Exit);

        using var d = new DuckDBConnection("DataSource=:memory:");
        d.Open();
        using var cmd = d.CreateCommand();
        cmd.CommandText = $"SELECT parcel_id, annual_tax FROM read_parquet('{dir.File("out.parquet")}')";
        using var r = cmd.ExecuteReader();
        var expected = File.ReadAllLines(dir.File("compiled.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var k = 0;
        while (r.Read())
        {
            Assert.Equal(expected[k][0], r.GetString(0));
            Assert.Equal(decimal.Parse(expected[k][4], CultureInfo.InvariantCulture), r.GetDecimal(1));   // exact, in input order
            k++;
        }
        Assert.Equal(4950, k);
        cmd.CommandText = $"SELECT count(*) FROM read_parquet('{dir.File("out.errors.parquet")}')";
        r.Close();
        Assert.Equal(50L, Convert.ToInt64(cmd.ExecuteScalar()));
    }

    /// <summary>A 2,000,000-row file half as large again as DuckDB's memory limit still runs, in order, with the right counts.</summary>
    [Fact]
    public void A_file_larger_than_the_memory_limit_runs_out_of_core()
    {
        using var dir = new CliRunner.TempFolder();
        const int rows = 200_000;
        var note = new string('n', 200);
        using (var w = new StreamWriter(dir.File("big.csv")))
        {
            w.Write("parcel_id,grade,area_m2,note\n");
            for (var i = 0; i < rows; i++) w.Write($"P{i:D8},{i % 6 + 1},{i % 100000}.{i % 100:D2},{note}\n");   // grade 6 (every sixth row) is refused
        }
        var size = new FileInfo(dir.File("big.csv")).Length;
        Assert.True(size > 24 * 1024 * 1024 * 3 / 2, $"the file is only {size} bytes");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--memory-limit", "24MB", "--rules", TestPackage.PackagePath,
            "--module", "land_use_tax_parcel", "--input", dir.File("big.csv"), "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.True(duck.Exit == 0, duck.Error);
        var refused = Enumerable.Range(0, rows).Count(i => i % 6 == 5);
        Assert.Contains($"rows in {rows}, rows out {rows - refused}, error rows {refused} (reconciled", duck.Error, StringComparison.Ordinal);
        using var lines = File.ReadLines(dir.File("out.csv")).GetEnumerator();
        Assert.True(lines.MoveNext());
        Assert.Equal("parcel_id,grade,area_m2,note,rate_per_m2,annual_tax", lines.Current);
        var previous = -1;
        while (lines.MoveNext())
        {
            var id = int.Parse(lines.Current.AsSpan(1, 8), CultureInfo.InvariantCulture);
            Assert.True(id > previous, $"P{id} after P{previous}");
            previous = id;
        }
    }

    [Fact]
    public void A_missing_column_is_reported_and_nothing_is_written()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), "parcel_id,grade\nP1,1\n");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel",
            "--input", dir.File("in.csv"), "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.Equal(1, duck.Exit);
        Assert.Contains("lacks the column(s) area_m2 (面积（平方米）) that module 'land_use_tax_parcel' needs", duck.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.csv")));
    }

    /// <summary>Each header <c>run</c> refuses (CsvColumns), the duckdb engine refuses with the same lines.</summary>
    [Theory]
    [InlineData("parcel_id,grade,area_m2,annual_tax\nP1,1,10,5\n", "--at")]      // a column named as an output
    [InlineData("parcel_id,grade,area_m2,at\nP1,1,10,2017-09-01\n", "--at")]     // an at column and --at both
    [InlineData("parcel_id,grade,地段等级,area_m2,at\nP1,1,1,10,2017-09-01\n", null)] // an input by its name and its label
    [InlineData("parcel_id,grade\nP1,1\n", null)]                                 // two columns missing, at among them
    public void A_header_run_refuses_is_refused_by_the_duckdb_engine_with_run_s_words(string csv, string? at)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), csv);
        string[] Args(string output, params string[] engine) =>
        [
            "run", .. engine, "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--input", dir.File("in.csv"),
            "--output", dir.File(output), .. (at is null ? Array.Empty<string>() : ["--at", "2017-09-01"]),
        ];
        var compiled = CliRunner.Run(Args("compiled.csv"));
        var duck = CliRunner.Run(Args("duck.csv", "--engine", "duckdb"));
        Assert.Equal(1, compiled.Exit);
        Assert.Equal(1, duck.Exit);
        Assert.NotEqual("", compiled.Error);
        Assert.Equal(compiled.Error, duck.Error);
        Assert.False(File.Exists(dir.File("duck.csv")));
    }

    [Fact]
    public void The_outputs_are_renamed_into_place_whole_and_a_refused_run_leaves_earlier_ones_as_they_were()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("out.csv"), "earlier results\n");
        File.WriteAllText(dir.File("out.errors.csv"), "earlier errors\n");
        File.WriteAllText(dir.File("bad.csv"), "parcel_id,grade,area_m2,rate_per_m2\nP1,1,10,3\n");
        var refused = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel",
            "--input", dir.File("bad.csv"), "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.Equal(1, refused.Exit);
        Assert.Equal("earlier results\n", File.ReadAllText(dir.File("out.csv")));
        Assert.Equal("earlier errors\n", File.ReadAllText(dir.File("out.errors.csv")));

        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel",
            "--input", Sample, "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.StartsWith("parcel_id,grade,area_m2,rate_per_m2,annual_tax\n", File.ReadAllText(dir.File("out.csv")), StringComparison.Ordinal);
        Assert.StartsWith("line,code,field,message\n", File.ReadAllText(dir.File("out.errors.csv")), StringComparison.Ordinal);
        // No temporary file is left beside them.
        Assert.Equal(["bad.csv", "out.csv", "out.errors.csv"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("gbk")]
    [InlineData("gb18030")]
    public void A_non_utf8_encoding_is_a_usage_error_for_the_duckdb_engine(string encoding)
    {
        using var dir = new CliRunner.TempFolder();
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--encoding", encoding, "--rules", TestPackage.PackagePath,
            "--module", "land_use_tax_parcel", "--input", Sample, "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.Equal(2, duck.Exit);
        Assert.Contains($"run: --engine duckdb reads UTF-8 only, not {encoding}", duck.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.csv")));
        var utf8 = CliRunner.Run("run", "--engine", "duckdb", "--encoding", "utf-8", "--rules", TestPackage.PackagePath,
            "--module", "land_use_tax_parcel", "--input", Sample, "--output", dir.File("out.csv"), "--at", "2017-09-01");
        Assert.True(utf8.Exit == 0, utf8.Error);
    }

    /// <summary>A list input: refused with <c>run</c>'s words (a CSV cell cannot hold a list), by both engines, before anything is written.</summary>
    [Fact]
    public void A_list_input_is_refused_with_run_s_words()
    {
        using var dir = new CliRunner.TempFolder();
        Directory.CreateDirectory(dir.File("rules"));
        File.WriteAllText(Path.Combine(dir.File("rules"), "lists.rules"), DifferentialTests.ListRules);
        File.WriteAllText(dir.File("in.csv"), "grades,amounts,names,day,at\n\"[1, 2]\",[],[],2019-01-01,2019-01-01\n");
        foreach (var engine in new[] { "duckdb", "compiled" })
        {
            var result = CliRunner.Run("run", "--engine", engine, "--rules", dir.File("rules"), "--module", "lists", "--input", dir.File("in.csv"), "--output", dir.File("out.csv"));
            Assert.NotEqual(0, result.Exit);
            Assert.Contains("input 'grades' of 'lists' is a list<int>, which a CSV cell cannot hold", result.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(dir.File("out.csv")));
        }
    }

    /// <summary>
    /// 邯政办字〔2017〕106号 三(四): especially major public opinion, authoritative information within 5 hours and a press
    /// conference within 24 (民法典 第201条: from the moment of the event). Timestamps in, the same text out as <c>run</c>.
    /// </summary>
    [Fact]
    public void Datetimes_are_read_and_written_as_run_reads_and_writes_them()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), "event_time,kind,at\n2017-09-01T10:00,especially_major,2017-09-01\n2017-12-31 22:30:15,other,2017-12-31\n9999-12-31T23:00,key_matter,2017-09-01\n2017-09-01T25:00,other,2017-09-01\n");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "public_opinion_response",
            "--input", dir.File("in.csv"), "--output", dir.File("out.csv"));
        var compiled = CliRunner.Run("run", "--rules", TestPackage.PackagePath, "--module", "public_opinion_response",
            "--input", dir.File("in.csv"), "--output", dir.File("compiled.csv"));
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.Equal("event_time,kind,at,first_release_by,press_conference_by,respond_by\n" +
                     "2017-09-01T10:00,especially_major,2017-09-01,2017-09-01T15:00,2017-09-02T10:00,none\n" +
                     "2017-12-31 22:30:15,other,2017-12-31,none,none,2018-01-02T22:30:15\n", File.ReadAllText(dir.File("out.csv")));
        Assert.Equal(File.ReadAllText(dir.File("compiled.csv")), File.ReadAllText(dir.File("out.csv")));
        var errors = File.ReadAllText(dir.File("out.errors.csv"));
        Assert.Contains("4,evaluation_error,,\"date out of range at ", errors, StringComparison.Ordinal);
        Assert.Contains("5,invalid_input,event_time,", errors, StringComparison.Ordinal);
    }

    /// <summary>
    /// 邯政字〔2017〕24号 三(一): one vocational school per 150,000 people, unrounded. 300,000 → 2 and 225,000 → 1.5; 1 →
    /// 1/150000, which C# decimal holds to 28 decimals, rounding the last (…6667): the DuckDB engine writes the same
    /// file as the compiled engine, byte for byte, for the scenario inputs and the largest population.
    /// </summary>
    [Fact]
    public void A_quotient_is_written_to_28_decimals_as_the_compiled_engine_writes_it()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), "population,at\n300000,2017-09-01\n225000,2017-09-01\n1,2017-09-01\n149999,2017-09-01\n150001,2017-09-01\n" +
                                              "2147483647,2017-09-01\n-1,2017-09-01\n");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", TestPackage.PackagePath, "--module", "vocational_school_provision",
            "--input", dir.File("in.csv"), "--output", dir.File("out.csv"));
        var compiled = CliRunner.Run("run", "--rules", TestPackage.PackagePath, "--module", "vocational_school_provision",
            "--input", dir.File("in.csv"), "--output", dir.File("compiled.csv"));
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.StartsWith("population,at,schools\n300000,2017-09-01,2\n225000,2017-09-01,1.5\n1,2017-09-01,0.0000066666666666666666666667\n",
            File.ReadAllText(dir.File("out.csv")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("compiled.csv")), File.ReadAllBytes(dir.File("out.csv")));
        Assert.Equal(File.ReadAllBytes(dir.File("compiled.errors.csv")), File.ReadAllBytes(dir.File("out.errors.csv")));
    }

    /// <summary>
    /// A rate divided (made-up rules, no legal figures) is written in percent with all its digits, as the compiled engine
    /// writes it: 7.9 % / 3 = 2.63333333333333333333333333 %; 99999999 % / 3 used to overflow DuckDB's DECIMAL(38,28)
    /// times 100 and stop the whole statement.
    /// </summary>
    [Fact]
    public void A_rate_quotient_is_written_in_percent_as_the_compiled_engine_writes_it()
    {
        using var dir = new CliRunner.TempFolder();
        Directory.CreateDirectory(dir.File("rules"));
        File.WriteAllText(dir.File(Path.Combine("rules", "q.rules")), """
            document t "测试〔2017〕1号" {
              issued 2017-01-01
              in_force from 2017-01-01
              § 一 "测试。"
            }

            module rq {
              in_force always
              input share: rate
              output third: rate cites t §一 = share / 3
            }
            """);
        File.WriteAllText(dir.File("in.csv"), "share,at\n7.9%,2017-09-01\n0.5,2017-09-01\n99999999%,2017-09-01\n-1.1%,2017-09-01\n0,2017-09-01\n");
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--rules", dir.File("rules"), "--module", "rq", "--input", dir.File("in.csv"), "--output", dir.File("out.csv"));
        var compiled = CliRunner.Run("run", "--rules", dir.File("rules"), "--module", "rq", "--input", dir.File("in.csv"), "--output", dir.File("compiled.csv"));
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.Contains("7.9%,2017-09-01,2.63333333333333333333333333%\n", File.ReadAllText(dir.File("out.csv")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("compiled.csv")), File.ReadAllBytes(dir.File("out.csv")));
    }
}
