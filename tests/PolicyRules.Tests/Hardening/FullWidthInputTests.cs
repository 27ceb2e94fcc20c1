namespace PolicyRules.Tests.Hardening;

/// <summary>
/// Issue #12 item 2: values typed as a person types them — full-width digits, ．, ％, the ideographic space, dates
/// 2017年1月31日 — are read in JSON and CSV inputs too, the same by the interpreter and the compiled bulk engine, and
/// the compiled engine reads them itself (no row falls back). Figures: 邯政办字〔2017〕107号 §二 (一级地段 25 元/m²,
/// 二级 18 元, 三级 10 元); 邯政办字〔2017〕106号 §一(五) with 民法典 第201–203条 (a decision received 2017-01-31 is
/// reported by 2017-02-28, a Tuesday and a working day).
/// </summary>
public class FullWidthInputTests
{
    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args) => PolicyRules.Tests.Cli.CliRunner.Run(stdin, args);

    private static string Package => TestPaths.Package;

    private static (string Output, string Errors, string Err) RunCsv(string engine, string module, string csv, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-fullwidth").FullName;
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, csv);
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, err) = Run("", ["run", "--rules", Package, "--module", module, "--input", input, "--output", output, "--engine", engine, .. extra]);
        Assert.True(exit == 0, err);
        var errors = Path.Combine(dir, "out.errors.csv");
        return (File.ReadAllText(output), File.Exists(errors) ? File.ReadAllText(errors) : "", err);
    }

    [Fact]
    public void Csv_numbers_in_full_width_are_read_alike_by_both_engines()
    {
        const string csv = "parcel_id,grade,area_m2\nP1,１,１０００\nP2,２,１２．５\nP3,\u3000３\u3000,１００\nP4,1,100\nP5,６,100\n";
        var compiled = RunCsv("compiled", "land_use_tax_parcel", csv, "--at", "2017-09-01");
        var interpreted = RunCsv("interpreter", "land_use_tax_parcel", csv, "--at", "2017-09-01");
        Assert.Equal(interpreted.Output, compiled.Output);
        Assert.Equal(interpreted.Errors, compiled.Errors);
        var lines = compiled.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("P1,１,１０００,25,25000", lines[1]);
        Assert.Equal("P2,２,１２．５,18,225", lines[2]);
        Assert.Equal("P3,\u3000３\u3000,１００,10,1000", lines[3]);
        Assert.Equal("P4,1,100,25,2500", lines[4]);
        // Grade ６ is read as 6, which 107号 §二 does not have: refused by the module's requires, on both engines.
        Assert.Contains("grade", compiled.Errors);
        Assert.DoesNotContain("P1", compiled.Errors);
        // Only the refused row goes to the interpreter; the full-width cells are the compiled reader's own work.
        Assert.Contains("engine compiled; 1 of 5 rows fell back to the interpreter", compiled.Err);
    }

    [Fact]
    public void Csv_dates_in_full_width_or_chinese_form_are_read_alike_by_both_engines_in_cells_and_in_the_at_column()
    {
        const string csv = "id,decision_received_date,at\nA,2017年1月31日,2017年9月1日\nB,２０１７－０１－３１,２０１７－０９－０１\nC,2017-1-31,2017-09-01\nD,2017年2月30日,2017-09-01\n";
        var compiled = RunCsv("compiled", "reversal_report_deadline", csv);
        var interpreted = RunCsv("interpreter", "reversal_report_deadline", csv);
        Assert.Equal(interpreted.Output, compiled.Output);
        Assert.Equal(interpreted.Errors, compiled.Errors);
        var lines = compiled.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.EndsWith(",2017-02-28", lines[1]);
        Assert.StartsWith("A,", lines[1]);
        Assert.EndsWith(",2017-02-28", lines[2]);
        Assert.EndsWith(",2017-02-28", lines[3]);
        // 2月30日 is not in the calendar: an error row naming the cell, never a crash.
        Assert.Contains("decision_received_date", compiled.Errors);
        Assert.Contains("2017年2月30日", compiled.Errors);
    }

    [Fact]
    public void Json_values_in_full_width_are_read()
    {
        var (exit, output, err) = Run("{\"grade\": \"１\", \"面积（平方米）\": \"１０００\"}",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.True(exit == 0, output + err);
        Assert.Contains("\"annual_tax\":25000", output);

        (exit, output, err) = Run("{\"decision_received_date\": \"２０１７年１月３１日\"}",
            "eval", "--rules", Package, "--module", "reversal_report_deadline", "--at", "2017-09-01", "--input", "-");
        Assert.True(exit == 0, output + err);
        Assert.Contains("\"report_by\":\"2017-02-28\"", output);

        // A batch question's "at" too.
        var batch = Path.Combine(Directory.CreateTempSubdirectory("policyrules-fullwidth").FullName, "q.jsonl");
        File.WriteAllText(batch, "{\"module\":\"land_use_tax_parcel\",\"at\":\"2017年9月1日\",\"input\":{\"grade\":\"２\",\"area_m2\":\"１２．５\"}}\n");
        (exit, output, _) = Run("", "eval", "--rules", Package, "--batch", batch);
        Assert.Equal(0, exit);
        Assert.Equal("{\"outputs\":{\"rate_per_m2\":18,\"annual_tax\":225}}", output.Trim());
    }

    [Theory]
    [InlineData("{\"grade\": \"１.５\"}", "expected a whole number, got \\\"１.５\\\"")]
    [InlineData("{\"grade\": \"９９９９９９９９９９９\"}", "is outside the range of a whole number")]
    [InlineData("{\"grade\": 1, \"area_m2\": \"１．００００００００００００００００００００００００００００００１\"}", "cannot be held exactly")]
    public void Json_values_in_full_width_that_are_not_values_are_refused_naming_the_field(string json, string message)
    {
        var (exit, output, _) = Run(json, "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains(message, output);
    }
}
