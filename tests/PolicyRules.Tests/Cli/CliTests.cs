using System.Text.Json;
using PolicyRules.Cli;

namespace PolicyRules.Tests.Cli;

/// <summary>The policyrules command end to end, in process.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args) => CliRunner.Run(stdin, args);

    private static string Package => TestPaths.Package;

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Check_accepts_the_bundled_package()
    {
        var (exit, output, _) = Run("", "check", Package);
        Assert.Equal(0, exit);
        Assert.Contains("ok:", output);
    }

    [Fact]
    public void Check_points_at_a_typo_and_suggests_the_name()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "tax.rules"), """
            document law "测试〔2017〕1号" {
              issued 2017-01-01
              § 二 "每平方米年税额 25 元。"
            }
            module tax {
              input area_m2: decimal
              output annual_tax: money cites law §二 = 25 yuan * area_m3
            }
            """);
        var (exit, output, _) = Run("", "check", dir);
        Assert.Equal(1, exit);
        Assert.Contains($"{dir}/tax.rules(7,53): error PR0101: unknown name 'area_m3' in module 'tax'; did you mean 'area_m2'?", output);
    }

    [Fact]
    public void Eval_prints_outputs_as_json()
    {
        var (exit, output, _) = Run("""{"grade": 2, "area_m2": "1000.5"}""",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(0, exit);
        // 邯政办字〔2017〕107号 §二: 二级地段 18 元; 18 × 1000.5 = 18009.
        Assert.Equal("""{"module":"land_use_tax_parcel","at":"2017-09-01","outputs":{"rate_per_m2":18,"annual_tax":18009}}""", output.Trim());
    }

    [Fact]
    public void Eval_explain_adds_the_trace_with_citations_and_quotes()
    {
        var (exit, output, _) = Run("""{"grade": 1, "area_m2": 1000}""",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-", "--explain");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var step = doc.RootElement.GetProperty("trace").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "annual_tax");
        var citation = step.GetProperty("citations")[0];
        Assert.Equal("邯政办字〔2017〕107号", citation.GetProperty("document").GetString());
        Assert.Equal("二", citation.GetProperty("section").GetString());
        Assert.Contains("一级地段 25 元", citation.GetProperty("quote").GetString());
    }

    [Theory]
    [InlineData("land_use_tax_parcel", "2017-09-01", """{"grade": 1, "area_m2": "abc"}""", "invalid_input", "area_m2")]
    [InlineData("land_use_tax_parcel", "2017-09-01", """{"grade": 9, "area_m2": 10}""", "invalid_input", "grade")]
    [InlineData("land_use_tax_parcle", "2017-09-01", """{}""", "unknown_module", null)]
    [InlineData("land_use_tax_parcel", "2017-08-15", """{"grade": 1, "area_m2": 10}""", "not_in_force", null)]
    [InlineData("medical_insurance_contribution", "2017-09-01",
        """{"insured_category":"flexible","employer_type":"other","annual_wage":1,"city_average_wage":50000}""", "not_determinable", null)]
    public void Eval_errors_carry_a_code(string module, string at, string input, string code, string? field)
    {
        var (exit, output, _) = Run(input, "eval", "--rules", Package, "--module", module, "--at", at, "--input", "-");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (field is not null) Assert.Equal(field, error.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("""{"grade": 1, "area_m3": 10}""", "area_m3", "module 'land_use_tax_parcel' has no input 'area_m3'; did you mean 'area_m2'?")]
    [InlineData("""{"grade": 1, "面积": 10}""", "面积", "module 'land_use_tax_parcel' has no input '面积'; did you mean '面积（平方米）'?")]
    [InlineData("""{"grade": 1, "annual_tax": 10}""", "annual_tax", "'annual_tax' is an output of land_use_tax_parcel, which it computes")]
    [InlineData("""{"grade": 1, "size": 10}""", "size", "has no input 'size'; its inputs are grade (地段等级), area_m2 (面积（平方米）)")]
    public void Eval_suggests_the_input_meant_by_an_unknown_name(string input, string field, string message)
    {
        var (exit, output, _) = Run(input, "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, exit);
        using var doc = JsonDocument.Parse(output);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(("invalid_input", field), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.Contains(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public void Eval_reads_json_piped_in_with_a_byte_order_mark()
    {
        var (exit, output, _) = Run("\uFEFF{\"grade\": 5, \"area_m2\": 100}", "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(0, exit);
        Assert.Contains("\"annual_tax\":300", output); // 107号 §二: 五级地段 3 元 × 100
    }

    [Fact]
    public void Eval_rejects_input_that_is_not_json()
    {
        var (exit, output, _) = Run("{grade: 1", "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("not valid JSON", output);
    }

    [Fact]
    public void Eval_and_batch_refuse_an_input_named_twice_instead_of_crashing()
    {
        var (exit, output, _) = Run("""{"grade": 1, "grade": 2, "area_m2": 100}""",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("grade", output);

        var batch = Path.Combine(TempDir(), "q.jsonl");
        File.WriteAllLines(batch,
        [
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":5,"grade":1,"area_m2":100}}""",
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":5,"area_m2":100}}""",
        ]);
        (exit, output, _) = Run("", "eval", "--rules", Package, "--batch", batch);
        Assert.Equal(1, exit); // a line failed
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"invalid_input\"", lines[0]);
        Assert.Contains("line 1", lines[0]);
        Assert.Equal("""{"outputs":{"rate_per_m2":3,"annual_tax":300}}""", lines[1]);
    }

    [Fact]
    public void Batch_answers_every_line_in_order()
    {
        var dir = TempDir();
        var batch = Path.Combine(dir, "q.jsonl");
        File.WriteAllLines(batch,
        [
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":5,"area_m2":100}}""",
            """not json""",
            """{"module":"land_use_tax_parcel","at":"2016-01-01","input":{"grade":5,"area_m2":100}}""",
            """{"module":"nope","at":"2017-09-01","input":{}}""",
        ]);
        var (exit, output, _) = Run("", "eval", "--rules", Package, "--batch", batch);
        Assert.Equal(1, exit); // some lines failed; every line is still answered
        var lines = output.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("""{"outputs":{"rate_per_m2":3,"annual_tax":300}}""", lines[0]); // 107号 §二: 五级地段 3 元 × 100
        Assert.Contains("\"invalid_input\"", lines[1]);
        Assert.Contains($"\"message\":\"{batch}(2,2): the input is not valid JSON: 'o' cannot be here\"", lines[1]); // located in the file
        Assert.Contains("\"not_in_force\"", lines[2]);
        Assert.Contains("\"message\":\"line 3: ", lines[2]);
        Assert.Contains("\"unknown_module\"", lines[3]);
        Assert.Contains("\"message\":\"line 4: ", lines[3]);
    }

    [Fact]
    public void Run_computes_good_rows_and_reports_bad_ones_with_line_numbers()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\nP1,1,100\nP2,7,100\nP3,x,5\nP4,5,2.5\nP5,3\n");
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, err) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", output, "--at", "2017-09-01");
        Assert.Equal(0, exit);
        var rows = File.ReadAllLines(output);
        Assert.Equal(3, rows.Length); // header + P1 + P4
        Assert.StartsWith("parcel_id,grade,area_m2,", rows[0]);
        Assert.Contains("P1,1,100,25,2500", rows[1]);   // 107号 §二: 25 元 × 100
        Assert.Contains("P4,5,2.5,3,7.5", rows[2]);     // 107号 §二: 3 元 × 2.5
        var errors = File.ReadAllLines(Path.Combine(dir, "out.errors.csv"));
        Assert.Equal(4, errors.Length); // header + P2, P3, P5
        Assert.StartsWith("3,", errors[1]);
        Assert.StartsWith("4,", errors[2]);
        Assert.StartsWith("6,", errors[3]);
        Assert.Contains("rows in 5, rows out 2, error rows 3", err);
    }

    [Fact]
    public void Run_and_diff_report_a_column_named_twice_instead_of_crashing()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "grade,area_m2,grade\n2,10,3\n");
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, err) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", output, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("parcels.csv(1,1): the header names column 'grade' twice (columns 1 and 3)", err);
        Assert.False(File.Exists(output));

        (exit, _, err) = Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("diff: " + input + "(1,1): the header names column 'grade' twice", err);
    }

    [Fact]
    public void Run_refuses_an_output_file_that_is_the_input_file()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "grade,area_m2\n2,10\n");
        var (exit, _, err) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", input, "--at", "2017-09-01");
        Assert.Equal(2, exit);
        Assert.Contains("would overwrite the input", err);
        Assert.Equal("grade,area_m2\n2,10\n", File.ReadAllText(input));

        var errorsInput = Path.Combine(dir, "out.errors.csv");
        File.WriteAllText(errorsInput, "grade,area_m2\n2,10\n");
        (exit, _, err) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", errorsInput, "--output", Path.Combine(dir, "out.csv"), "--at", "2017-09-01");
        Assert.Equal(2, exit);
        Assert.Contains("would overwrite the input", err);
    }

    [Fact]
    public void Run_creates_the_output_folder()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "grade,area_m2\n2,10\n");
        var output = Path.Combine(dir, "new", "folder", "out.csv");
        var (exit, _, _) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", output, "--at", "2017-09-01");
        Assert.Equal(0, exit);
        Assert.Equal(["grade,area_m2,rate_per_m2,annual_tax", "2,10,18,180"], File.ReadAllLines(output)); // 107号 §二: 18 元 × 10
    }

    [Fact]
    public void Run_names_the_missing_columns()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "p.csv");
        File.WriteAllText(input, "id,size\n1,2\n");
        var (exit, _, err) = Run("", "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", Path.Combine(dir, "o.csv"), "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("lacks the column(s) grade", err);
        Assert.Contains("area_m2", err);
    }

    [Fact]
    public void Diff_reports_the_outcomes_a_rule_change_moves()
    {
        var dir = TempDir();
        var changed = Path.Combine(dir, "pkg");
        TestPaths.CopyRules(changed);
        var hz107 = Path.Combine(changed, "hz107.rules");
        File.WriteAllText(hz107, File.ReadAllText(hz107).Replace("2 => 18 yuan", "2 => 19 yuan"));
        var sample = Path.Combine(dir, "sample.csv");
        File.WriteAllText(sample, "parcel_id,grade,area_m2\nP1,1,100\nP2,2,100\nP3,2,10\n");

        var (exit, output, _) = Run("", "diff", "--base", Package, "--rules", changed, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--fail-on-change");
        Assert.Equal(1, exit);
        Assert.Contains("3 rows: 2 changed, 1 unchanged", output);
        Assert.Contains("line 3 (parcel_id=P2): rate_per_m2 18 → 19, annual_tax 1800 → 1900", output);
        Assert.Equal(0, Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--fail-on-change").Exit);
    }

    [Theory]
    [InlineData(new[] { "chek", "x" }, "unknown command 'chek'; did you mean 'check'?")]
    [InlineData(new[] { "eval", "--rules", "x", "--modul", "m" }, "unknown option --modul")]
    [InlineData(new[] { "eval", "--rules", "rules", "--module", "m", "--at", "2017-13-01", "--input", "-" }, "--at: '2017-13-01' is not a date in the calendar")]
    public void Usage_errors_exit_2_and_say_why(string[] args, string message)
    {
        var (exit, _, err) = Run("", args);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
    }
}
