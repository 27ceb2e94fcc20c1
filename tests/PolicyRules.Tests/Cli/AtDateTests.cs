namespace PolicyRules.Tests.Cli;

/// <summary><c>--at</c> takes the date forms scenario files take (issue 12), through <c>PersonText</c>.</summary>
public class AtDateTests
{
    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args) => CliRunner.Run(stdin, args);

    [Theory]
    [InlineData("2017-09-01")]
    [InlineData("2017年9月1日")]
    [InlineData("２０１７年９月１日")]
    public void Eval_reads_the_date_in_every_form(string at)
    {
        var (exit, output, error) = Run("""{"grade": 1, "area_m2": 1000}""",
            "eval", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--at", at, "--input", "-");
        Assert.True(exit == 0, error);
        // 邯政办字〔2017〕107号 §二: 一级地段 25 元; 25 × 1000 = 25000.
        Assert.Contains("\"at\":\"2017-09-01\"", output);
        Assert.Contains("\"annual_tax\":25000", output);
    }

    [Fact]
    public void A_date_that_is_junk_is_a_usage_error_naming_the_column()
    {
        var (exit, _, error) = Run("""{"grade": 1, "area_m2": 1000}""",
            "eval", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--at", "2017年9月", "--input", "-");
        Assert.NotEqual(0, exit);
        Assert.Contains("--at: '2017年9月' is not a date such as 2017-09-01 or 2017年9月1日: at column 8, expected the day of the month", error);
    }
}
