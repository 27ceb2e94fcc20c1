using PolicyRules.Evaluation;
using PolicyRules.Language;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// Parameters read at the evaluation date (golden/good/006-parameters.rules: its documents and figures are made up for
/// the test, not law; the bracket words read as 民法典 第1259条 says, reference.md), and the 107号 rate table of the
/// Handan package, written once and read by both land-tax modules.
/// </summary>
public class ParameterTests
{
    private static readonly Lazy<RulePackage> Package = new(() =>
        RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("006-parameters.rules",
            File.ReadAllText(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good", "006-parameters.rules")))])));

    private static EvaluationResult Evaluate(DateOnly at, int grade = 1, string where = "city", decimal area = 100m, decimal income = 0m, bool explain = false) =>
        Package.Value.Evaluate("parameters", at, new Dictionary<string, object?>
        {
            ["grade"] = grade, ["where"] = where, ["area_m2"] = area, ["income"] = new Money(income),
        }, explain);

    [Theory]
    [InlineData("2017-12-31", 25)]   // the first value, from 2017-03-01 (law §一 of the test file: 一级 25 元)
    [InlineData("2018-01-01", 30)]   // the second, from 2018-01-01 (change §一: 一级调整为 30 元), on its first day
    [InlineData("2019-06-30", 30)]
    public void A_dated_change_applies_from_its_date(string at, int expected)
    {
        var r = Evaluate(DateOnly.Parse(at));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(expected), r.Output("rate_per_m2"));
    }

    [Fact]
    public void Before_the_first_value_the_read_is_not_in_force_and_names_the_parameter()
    {
        // The module's document is in force from 2017-01-01; the table's first value is from 2017-03-01.
        var r = Evaluate(new DateOnly(2017, 2, 28));
        Assert.Equal(ErrorCodes.NotInForce, r.Error?.Code);
        Assert.Equal("parameter 'rate_by_grade' has no value before 2017-03-01, its first value", r.Error!.Message);
        Assert.Equal("测试〔2017〕6号 §一", Assert.Single(r.Error.Citations!).ToString());
    }

    [Theory]
    [InlineData("city", 2550)]    // 25 × 100 × 1 + 25 × 100 × 2 % = 2500 + 50
    [InlineData("rural", 1300)]   // 25 × 100 × 0.5 + 25 × 100 × 2 % = 1250 + 50
    public void A_value_and_a_table_by_enum_are_read_in_one_expression(string where, decimal expected)
    {
        var r = Evaluate(new DateOnly(2017, 9, 1), where: where);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(expected), r.Output("tax"));
    }

    // The test file's scales: 不满 1000 => 3 %, 1000 以上 => 10 % (marginal and single-rate), and 1000 以下 => 3 %,
    // 超过 1000 => 10 % (single-rate). Figures computed by hand:
    [Theory]
    [InlineData(0, 0, 0, 0)]
    [InlineData(999.99, 29.9997, 29.9997, 29.9997)]   // below the boundary: 999.99 × 3 % in all three
    [InlineData(1000, 30, 100, 30)]                   // at it: marginal 1000 × 3 %; 以上 puts 1000 in the upper bracket (1000 × 10 %); 以下 in the lower (1000 × 3 %)
    [InlineData(1000.01, 30.001, 100.001, 100.001)]   // just over: marginal 30 + 0.01 × 10 %; both single-rate scales 1000.01 × 10 %
    [InlineData(2500, 180, 250, 250)]                 // marginal 1000 × 3 % + 1500 × 10 % = 30 + 150; single-rate 2500 × 10 %
    [InlineData(-5, 0, -0.15, -0.15)]                 // marginal counts from zero; single-rate takes the first bracket's rate
    public void Scales_read_their_boundaries_as_written(decimal income, decimal marginal, decimal single, decimal singleOver)
    {
        var r = Evaluate(new DateOnly(2017, 9, 1), income: income);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(marginal), r.Output("marginal"));
        Assert.Equal(new Money(single), r.Output("single"));
        Assert.Equal(new Money(singleOver), r.Output("single_over"));
    }

    [Fact]
    public void The_explanation_names_the_parameter_the_value_in_force_and_its_provision()
    {
        var text = ExplanationText.Write(Evaluate(new DateOnly(2018, 3, 1), explain: true));
        Assert.Contains("  result rate_per_m2 = 30 元\n           parameter rate_by_grade by grade, value from 2018-01-01 by 测试〔2018〕1号 §一\n", text);
    }

    [Fact]
    public void The_107_rate_table_is_written_once_and_both_land_tax_modules_read_it()
    {
        var handan = RulePackage.Load(TestPaths.Package);
        var table = Assert.Single(handan.Model.Parameters, p => p.Name == "land_tax_rate");
        var value = Assert.Single(table.Values);
        Assert.Equal("邯政办字〔2017〕107号 §二", value.Citation.ToString());
        // §二: 一级 25 元，二级 18 元，三级 10 元，四级 6 元，五级 3 元.
        Assert.Equal([1, 2, 3, 4, 5], value.Keys.Cast<int>());
        Assert.Equal([25m, 18m, 10m, 6m, 3m], value.Entries.Cast<decimal>());

        var at = new DateOnly(2017, 9, 1);
        var parcel = handan.Evaluate("land_use_tax_parcel", at, new Dictionary<string, object?> { ["grade"] = 3, ["area_m2"] = 200m }, explain: true);
        Assert.Equal(new Money(2000m), parcel.Output("annual_tax"));   // 10 元 × 200 m² (§二, 三级)
        Assert.Contains("parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二", ExplanationText.Write(parcel));
    }
}
