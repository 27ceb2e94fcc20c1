using System.Globalization;
using System.Text;
using CsCheck;
using nietras.SeparatedValues;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;
using PolicyRules.TestSupport;

namespace PolicyRules.Tests.Bulk;

/// <summary><c>policyrules run</c> on the compiled engine: the same bytes as the interpreter path, whatever the thread count.</summary>
public class BulkRunTests
{
    private static readonly Lazy<RulePackage> Handan = new(() => RulePackage.Load(TestPaths.Package));

    private static (int Exit, string Err) Cli(params string[] args)
    {
        var (exit, _, error) = PolicyRules.Tests.Cli.CliRunner.Run("", args);
        return (exit, error);
    }

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs the module over the CSV with the compiled engine on 1 and 2 threads and with the interpreter;
    /// asserts the three give the same result and error files, byte for byte, and returns them.</summary>
    private static (byte[] Results, byte[] Errors, string Err) RunAllWays(string module, string input, params string[] extra)
    {
        var dir = Path.GetDirectoryName(input)!;
        (byte[], byte[], string) One(string name, params string[] more)
        {
            var output = Path.Combine(dir, name + ".csv");
            var (exit, err) = Cli(["run", "--rules", TestPaths.Package, "--module", module, "--input", input, "--output", output, .. extra, .. more]);
            Assert.True(exit == 0, err);
            return (File.ReadAllBytes(output), File.ReadAllBytes(Path.Combine(dir, name + ".errors.csv")), err);
        }
        var reference = One("interpreter", "--engine", "interpreter");
        var one = One("threads1", "--threads", "1");
        var two = One("threads2", "--threads", "2");
        Assert.Equal(Encoding.UTF8.GetString(reference.Item1), Encoding.UTF8.GetString(one.Item1));
        Assert.Equal(Encoding.UTF8.GetString(reference.Item2), Encoding.UTF8.GetString(one.Item2));
        Assert.Equal(one.Item1, two.Item1);
        Assert.Equal(one.Item2, two.Item2);
        Assert.Equal(LastLine(reference.Item3).Replace("interpreter", "threads1"), LastLine(one.Item3));
        return one;
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1];

    [Fact]
    public void Sample_parcels_identical_on_one_and_two_threads_and_to_the_interpreter()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "parcels.csv");
        File.Copy(TestPaths.InRepo("samples", "parcels.csv"), input);
        var (results, errors, err) = RunAllWays("land_use_tax_parcel", input, "--at", "2018-01-01");
        Assert.Contains("rows in 5000, rows out 4950, error rows 50 (reconciled: in = out + errors)", err);
        var resultLines = Encoding.UTF8.GetString(results).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4951, resultLines.Length);
        Assert.Equal("parcel_id,grade,area_m2,rate_per_m2,annual_tax", resultLines[0]);
        Assert.Equal("P00001,1,7981.09,25,199527.25", resultLines[1]);
        var errorLines = Encoding.UTF8.GetString(errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(51, errorLines.Length);
        Assert.Equal("line,code,field,message", errorLines[0]);
        Assert.Equal("190,invalid_input,grade,grade (地段等级) = 7 does not satisfy: (grade >= 1) and (grade <= 5)", errorLines[1]);
        Assert.Equal("443,invalid_input,grade,\"grade: expected a whole number, got \"\"x\"\"\"", errorLines[3]);
        Assert.Contains(errorLines, l => l.Contains("expected 3 columns, found 2"));
    }

    [Fact]
    public void Quoting_line_numbers_dates_and_malformed_rows_match_the_interpreter()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "tricky.csv");
        File.WriteAllText(input,
            "parcel_id,grade,area_m2,at,note\n" +
            "\"a,b\",1,10,2017-09-01,x\n" +
            "\"q\"\"x\",2, 3.50 ,2017-09-01,\"multi\nline\"\n" +
            "  sp  ,3,1.0, 2018-01-01 ,\"\r\"\n" +
            "\"\",4,2,2017-08-15,\n" +                       // before hz107 is in force
            ",5,7,2017/09/01,tab\there\n" +                  // a bad date
            "bad,1\n" +                                      // too few columns
            "x;y,1,1e3,2017-09-01,\"a\"\"b,c\"\n" +          // not a number
            "z,+2,-0,2017-09-01,\n" +
            "w,02,0012.50,2017-09-01,\n" +
            "v, 1 ,99999999999999999999999999999,2017-09-01,\n" +   // too many digits for a decimal
            "u,1,7922816251426433759354395033.5,2017-09-01,\n" +   // overflows money × 25
            "t,，1,5,2017-09-01,\n");
        var (_, errors, err) = RunAllWays("land_use_tax_parcel", input);
        Assert.Contains("(reconciled: in = out + errors)", err);
        var text = Encoding.UTF8.GetString(errors);
        Assert.Contains("not_in_force", text);
        Assert.Contains("at: expected a date", text);
        Assert.Contains("expected 5 columns, found 2", text);
        Assert.Contains("evaluation_error", text);
    }

    [Fact]
    public void All_rows_bad_still_writes_both_headers()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "bad.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\nA,9,1\nB,x,1\n");
        var (results, _, err) = RunAllWays("land_use_tax_parcel", input, "--at", "2018-01-01");
        Assert.Equal("parcel_id,grade,area_m2,rate_per_m2,annual_tax\n", Encoding.UTF8.GetString(results));
        Assert.Contains("rows in 2, rows out 0, error rows 2", err);
    }

    [Fact]
    public void Run_says_which_engine_ran_and_how_many_rows_fell_back()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "three.csv");
        // A good row; grade 9 fails `requires` (the compiled code hands it to the interpreter); "x" does not parse as an int
        // (the interpreter reads the text and says why).
        File.WriteAllText(input, "parcel_id,grade,area_m2\nA,1,100\nB,9,1\nC,x,1\n");
        string Stderr(params string[] extra)
        {
            var (exit, err) = Cli(["run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--input", input,
                "--output", Path.Combine(dir, Guid.NewGuid().ToString("N") + ".csv"), "--at", "2018-01-01", .. extra]);
            Assert.Equal(0, exit);
            return err;
        }
        Assert.Contains("run: engine compiled; 2 of 3 rows fell back to the interpreter\n", Stderr().ReplaceLineEndings("\n"));
        Assert.Contains("run: engine compiled; 2 of 3 rows fell back to the interpreter\n", Stderr("--threads", "2").ReplaceLineEndings("\n"));
        Assert.Contains("run: engine interpreter (--engine interpreter)\n", Stderr("--engine", "interpreter").ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Empty_input_gives_headers_only()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "empty.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\n");
        var (results, errors, err) = RunAllWays("land_use_tax_parcel", input, "--at", "2018-01-01");
        Assert.Equal("parcel_id,grade,area_m2,rate_per_m2,annual_tax\n", Encoding.UTF8.GetString(results));
        Assert.Equal("line,code,field,message\n", Encoding.UTF8.GetString(errors));
        Assert.Contains("rows in 0, rows out 0, error rows 0", err);
    }

    /// <summary>
    /// A blank cell (empty, spaces, the ideographic space) of a required input is invalid_input with the same message in
    /// every engine, text and known text included, as <c>eval</c> answers; an optional text's blank cell is none.
    /// </summary>
    [Fact]
    public void A_blank_cell_of_a_required_text_input_is_invalid_input_in_every_engine_as_in_eval()
    {
        var dir = TempDir();
        var input = BlankTextCells.WriteTo(dir);
        foreach (var engine in new[] { "compiled", "interpreter" })
            foreach (var threads in new[] { "1", "2" })
            {
                var output = Path.Combine(dir, $"{engine}{threads}.csv");
                var (exit, err) = Cli("run", "--engine", engine, "--threads", threads, "--rules", dir, "--module", "texts", "--input", input,
                    "--output", output, "--at", "2017-09-01");
                Assert.True(exit == 0, err);
                Assert.Contains("rows in 6, rows out 1, error rows 5 (reconciled: in = out + errors)", err);
                Assert.Equal(BlankTextCells.Results, File.ReadAllText(output));
                Assert.Equal(BlankTextCells.Errors, File.ReadAllLines(Path.Combine(dir, $"{engine}{threads}.errors.csv")));
            }

        // eval, given each row's cells as JSON text, gives the same code, field and message (and the good row no error).
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(input);
        var line = 1;
        foreach (var record in reader)
        {
            line++;
            var cells = new Dictionary<string, string>();
            foreach (var name in reader.Header.ColNames) cells[name] = record[name].ToString();
            var (_, output, _) = PolicyRules.Tests.Cli.CliRunner.Run(System.Text.Json.JsonSerializer.Serialize(cells),
                "eval", "--rules", dir, "--module", "texts", "--at", "2017-09-01", "--input", "-");
            using var answer = System.Text.Json.JsonDocument.Parse(output);
            var said = answer.RootElement.TryGetProperty("error", out var e)
                ? $"{line},{e.GetProperty("code").GetString()},{e.GetProperty("field").GetString()},{e.GetProperty("message").GetString()}"
                : null;
            Assert.Equal(BlankTextCells.Errors.SingleOrDefault(l => l.StartsWith($"{line},", StringComparison.Ordinal)), said);
        }
        Assert.Equal(7, line);
    }

    [Fact]
    public void Threads_must_be_a_positive_number()
    {
        var (exit, err) = Cli("run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--input", TestPaths.InRepo("samples", "parcels.csv"),
            "--output", Path.Combine(TempDir(), "o.csv"), "--threads", "0");
        Assert.Equal(2, exit);
        Assert.Contains("--threads", err);
    }

    /// <summary>Every module with CSV-able inputs, over random rows written as text (with junk cells mixed in) and
    /// random evaluation dates: the compiled run on 1 and 2 threads gives the interpreter's files byte for byte.</summary>
    public static TheoryData<string> ScalarModules()
    {
        var data = new TheoryData<string>();
        foreach (var m in Handan.Value.Model.Modules.Where(m => m.Inputs.All(i => i.Type.Kind is not (TypeKind.List or TypeKind.Record))))
            data.Add(m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ScalarModules))]
    public void Random_csv_rows_give_the_interpreters_files(string module)
    {
        var package = Handan.Value;
        var m = package.FindModule(module)!;
        var junk = Gen.OneOf(" ", "", "abc", "1e3", "+5", "-0", " 12 ", "12.5.3", "7.9 %", "25元", "25 yuan", "是", "否", "TRUE",
            "2017-02-30", "2017-09-01T25:00", "１２", "0x10", "1,5", "\"q\"", "none", "2147483648", "-2147483649", "00012");
        var rows = ModuleInputs.Row(package, m).SelectMany(r => Gen.Int[0, 9].Array[m.Inputs.Count].SelectMany(p => junk.Array[m.Inputs.Count]
            .Select(j => (Row: r, Cells: r.Values.Select((v, k) => p[k] == 0 ? j[k] : Text(v)).ToArray())))).Array[30, 60];
        var sample = rows.Single(_ => true, "0N0XIzNsQ0O2");
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        var csv = new StringBuilder();
        csv.Append(string.Join(",", m.Inputs.Select(i => i.Name).Append("at"))).Append('\n');
        foreach (var (row, cells) in sample)
            csv.Append(string.Join(",", cells.Append(row.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Select(Quote))).Append('\n');
        File.WriteAllText(input, csv.ToString());
        var (_, _, err) = RunAllWays(module, input);
        Assert.Contains($"rows in {sample.Length}", err);
        Assert.Contains("(reconciled: in = out + errors)", err);
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        Rate r => r.ToString(),
        _ => ValueText.Format(value),
    };

    private static string Quote(string cell) => CsvText.NeedsQuotes(cell) ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    /// <summary>Many small chunks and slices, on up to four threads: the bytes do not change.</summary>
    [Fact]
    public void Chunk_boundaries_and_slices_do_not_change_the_output()
    {
        var package = Handan.Value;
        var compiled = CompiledModule.Compile(package, "land_use_tax_parcel");
        byte[] RunWith(int threads, int chunkRows, out BulkRunCounts counts)
        {
            using var reader = CsvInput.Open(TestPaths.InRepo("samples", "parcels.csv"));
            var run = new BulkCsvRun(compiled, reader.Header.ToList(), new DateOnly(2018, 1, 1), threads, chunkRows);
            using var output = new MemoryStream();
            using var errors = new MemoryStream();
            var progress = new List<long>();
            counts = run.Run(reader.Fill, output, errors, progress.Add);
            return [.. output.ToArray(), .. errors.ToArray()];
        }
        var reference = RunWith(1, 16384, out var expected);
        // Every error row reaches the interpreter except the 7 with a wrong number of cells, which are refused before any engine.
        Assert.Equal(new BulkRunCounts(5000, 4950, 50) { InterpretedRows = 43 }, expected);
        foreach (var (threads, chunk) in new[] { (1, 7), (2, 7), (4, 1000), (3, 1), (2, 4999) })
        {
            Assert.Equal(reference, RunWith(threads, chunk, out var counts));
            Assert.Equal(expected, counts);
        }
    }

    [Fact]
    public void Cell_text_is_written_as_the_interpreter_formats_it()
    {
        var decimals = Gen.Frequency(
            (3, Gen.Long[-10_000_000_000, 10_000_000_000].SelectMany(n => Gen.Byte[0, 12].Select(s => new decimal((int)(Math.Abs(n) & 0x7FFFFFFF), (int)(Math.Abs(n) >> 31), 0, n < 0, s)))),
            (1, Gen.Decimal));
        decimals.Sample(d =>
        {
            var b = new CharBuffer(4);
            b.AppendDecimal(d);
            Assert.Equal(ValueText.Format(d), b.Span.ToString());
        }, iter: 20_000, threads: 1);
        Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Sample(n =>
        {
            var b = new CharBuffer(4);
            b.AppendDate(DateOnly.FromDayNumber(n));
            Assert.Equal(ValueText.Format(DateOnly.FromDayNumber(n)), b.Span.ToString());
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Cell_reader_accepts_exactly_what_the_interpreter_accepts()
    {
        var package = Handan.Value;
        var types = new[] { RuleType.Int, RuleType.Decimal, RuleType.Money, RuleType.Rate, RuleType.Bool, RuleType.Date, RuleType.DateTime, RuleType.String,
            RuleType.Int.AsOptional(), RuleType.Decimal.AsOptional(), RuleType.String.AsOptional(), RuleType.EnumOf("land_district") };
        var source = string.Join("\n", types.Select((t, k) => $"  input i{k}: {t}"));
        var inline = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([
            new global::PolicyRules.Language.SourceText("enum.rules", File.ReadAllText(TestPaths.InRepo("rules", "handan-2017-04", "hz107.rules")).Split("record parcel")[0]),
            new global::PolicyRules.Language.SourceText("t.rules", "document d \"测试〔2017〕1号\" {\n  issued 2017-01-01\n}\nmodule m {\n" + source + "\n  output o: int cites d = 1\n}\n")]));
        var compiled = CompiledModule.Compile(inline, "m");
        var batch = compiled.CreateBatch(1);
        var readers = compiled.Inputs.Select(c => CellReader.For(batch, c.Index)).ToArray();
        var pieces = Gen.OneOf(" ", "-", "+", ".", "0", "1", "9", "12", "%", "元", "yuan", "YUAN", "e", "true", "false", "是", "否", "\t", "2017-09-01",
            "T", ":", "09:30", "2017-02-29", " 08:00:05", "congtai", "丛台区", "other", "\u00a0", "٣",
            "１", "９", "０", "．", "％", "－", "＋", "：", "\u3000", "年", "月", "日", "２０１７年９月１日", "2017-9-1", "２０１７－０２－２９");
        pieces.Array[0, 5].Select(p => string.Concat(p)).Sample(text =>
        {
            for (var k = 0; k < types.Length; k++)
            {
                object? expected;
                try { expected = InputConverter.FromText(text, types[k], inline.Model, "x"); }
                catch (InputException) { expected = "<rejected>"; }
                var ok = readers[k].Read(text, 0);
                var got = ok ? batch.InputValue(0, k) : "<rejected>";
                Assert.True(PolicyRules.Rules.RuleOps.AreEqual(expected, got) && Equals(expected?.GetType(), got?.GetType()),
                    $"'{text}' as {types[k]}: interpreter {ValueText.Format(expected)}, cell reader {ValueText.Format(got)}");
            }
        }, iter: 20_000, threads: 1);
    }
}
