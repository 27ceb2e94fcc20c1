using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.TestSupport;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// Tables keyed by ranges and reads before a first value that another document decides
/// (golden/good/007-parameter-ranges.rules: its documents and figures are made up for the test, not law; the bound words
/// read as 民法典 第1259条 says, reference.md: 以上 and 以下 include the amount, 不满 and 超过 do not). Every figure below is
/// computed by hand from that file, and the compiled bulk engine must give the same outcome as the interpreter.
/// </summary>
public class ParameterRangeTests
{
    private static readonly Lazy<RulePackage> Package = new(() =>
        RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("007-parameter-ranges.rules",
            File.ReadAllText(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good", "007-parameter-ranges.rules")))])));

    private static readonly DateOnly InForce = new(2017, 9, 1);

    private static Dictionary<string, object?> Inputs(int age, decimal amount) => new() { ["age"] = age, ["amount"] = new Money(amount) };

    private static EvaluationResult Evaluate(DateOnly at, int age = 30, decimal amount = 100m) => Package.Value.Evaluate("ranges", at, Inputs(age, amount));

    // fee_by_age: 不满 6 => 0, 6 以上 17 以下 => 20, 18 以上 不满 60 => 50, 60 以上 => 25 (law §一 of the test file).
    [Theory]
    [InlineData(-1, 0)]     // 不满 6 has no lower end
    [InlineData(5, 0)]
    [InlineData(6, 20)]     // 6 以上: 6 is in the second range
    [InlineData(17, 20)]    // 17 以下: 17 is in the second range
    [InlineData(18, 50)]    // 18 以上
    [InlineData(59, 50)]
    [InlineData(60, 25)]    // 不满 60 excludes 60; 60 以上 includes it
    [InlineData(int.MaxValue, 25)]
    public void An_int_range_table_reads_its_ends_as_written(int age, int expected)
    {
        var r = Evaluate(InForce, age: age);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(expected), r.Output("fee"));
    }

    // rate_by_amount: at_least 0 below 1000 => 1 %, at_least 1000 up_to 5000 => 2 %, over 5000 => 3 % (law §二); charge = amount × rate.
    [Theory]
    [InlineData(0, 0)]
    [InlineData(999.99, 9.9999)]     // 999.99 × 1 %
    [InlineData(1000, 20)]           // at_least 1000: 1000 × 2 %
    [InlineData(5000, 100)]          // up_to 5000: 5000 × 2 %
    [InlineData(5000.01, 150.0003)]  // over 5000: 5000.01 × 3 %
    public void A_money_range_table_reads_its_ends_as_written(decimal amount, decimal expected)
    {
        var r = Evaluate(InForce, amount: amount);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(expected), r.Output("charge"));
    }

    [Fact]
    public void A_key_outside_every_range_has_no_value_as_in_an_int_table()
    {
        var r = Evaluate(InForce, amount: -0.01m);
        Assert.Equal(ErrorCodes.EvaluationFailed, r.Error?.Code);
        Assert.Equal("parameter 'rate_by_amount' has no value for this key: its value from 2017-03-01 lists at_least 0 below 1000, at_least 1000 up_to 5000, over 5000",
            r.Error!.Message);
    }

    [Fact]
    public void Before_the_first_value_a_declared_reason_makes_the_read_not_determinable()
    {
        // rate_by_amount's first value is from 2017-03-01; before it, notice §三 says the districts decide.
        var r = Evaluate(new DateOnly(2017, 2, 28));
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Equal("parameter 'rate_by_amount' has no value before 2017-03-01: each district sets the rate before 2017-03-01 (测试〔2016〕9号 §三)", r.Error!.Message);
        Assert.Equal("测试〔2016〕9号 §三", Assert.Single(r.Error.Citations!).ToString());
        Assert.True(Evaluate(new DateOnly(2017, 3, 1)).Succeeded);
    }

    [Fact]
    public void The_compiled_bulk_engine_gives_the_interpreters_outcome_at_every_edge()
    {
        var compiled = CompiledModule.Compile(Package.Value, "ranges");
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
        var rows = new[] { 5, 6, 17, 18, 59, 60 }.Zip(new[] { -0.01m, 0m, 999.99m, 1000m, 5000m, 5000.01m })
            .Select(p => new InputRow(InForce, [p.First, new Money(p.Second)]))
            .Append(new InputRow(new DateOnly(2017, 2, 28), [30, new Money(100m)]))
            .ToArray();
        BulkAgreement.AssertSameAsInterpreter(compiled, rows);
    }
}
