using System.Diagnostics;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Tests.Language;

/// <summary>
/// Absurdly deep input gets a diagnostic where the limit is reached, while parsing: it must not overflow the stack,
/// and must not take time out of proportion to its size (issue 10 items 8 and 11).
/// </summary>
public class NestingLimitTests
{
    private const string Registry = "document law \"测试〔2017〕1号\" {\n  issued 2017-01-01\n  § 一 \"x\"\n}\n";

    private static RuleCompilation Compile(string expression) => RuleCompilation.Compile(
        [new SourceText("deep.rules", Registry + "module m {\n  input x: int\n  output y: int cites law §一 = " + expression + "\n}\n")]);

    /// <summary>Generous: the point is linear time (these took 16 s, 81 s and 17 s before the budget), not a benchmark on a shared machine.</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_sum_of_twenty_thousand_terms_is_refused_with_a_diagnostic()
    {
        var c = Compile(string.Join(" + ", Enumerable.Repeat("x", 20_000)));
        var d = Assert.Single(c.Diagnostics, d => d.IsError);
        Assert.Equal("deep.rules(7,32): error PR0001: this is nested more than 200 levels deep; the limit is 200; split it into named definitions ('def')", d.ToString());
    }

    [Fact]
    public void The_limit_reads_in_Chinese_with_lang_zh()
    {
        var d = Assert.Single(Compile(string.Join(" + ", Enumerable.Repeat("x", 300))).Diagnostics, d => d.IsError);
        Assert.Equal("这里嵌套超过 200 层；最多只能嵌套 200 层", d.MessageIn(PolicyRules.Language.Messages.Lang.Zh));
        Assert.Equal("请把它拆成几个有名字的定义（def）", d.Hint!.Render(PolicyRules.Language.Messages.Lang.Zh));
    }

    [Fact]
    public void Three_thousand_nested_negations_are_refused_where_the_limit_is_reached()
    {
        var c = Compile(string.Concat(Enumerable.Repeat("-(", 3_000)) + "x" + new string(')', 3_000));
        var d = Assert.Single(c.Diagnostics);
        Assert.Equal("PR0001", d.Id);
        Assert.Contains("nested more than 200 levels deep", d.Message);
        Assert.Equal(7, d.Span.Line);
        Assert.True(d.Span.Column < 32 + 2 * 3_000, "the diagnostic points inside the expression, at the level that broke the limit");
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(20_000)]
    public void Unclosed_brackets_stop_at_the_limit_in_linear_time(int count)
    {
        var clock = Stopwatch.StartNew();
        var c = Compile(new string('(', count));
        clock.Stop();
        var d = Assert.Single(c.Diagnostics);
        // The first '(' is at column 32; what the 201st holds starts at column 233, one level past the limit.
        Assert.Equal("deep.rules(7,233): error PR0001: this is nested more than 200 levels deep; the limit is 200; split it into named definitions ('def')", d.ToString());
        Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Five_thousand_nested_ifs_stop_at_the_limit_in_linear_time()
    {
        var clock = Stopwatch.StartNew();
        var c = Compile(string.Concat(Enumerable.Repeat("if x > 0 then ", 5_000)) + "1" + string.Concat(Enumerable.Repeat(" else 0", 5_000)));
        clock.Stop();
        var d = Assert.Single(c.Diagnostics);
        Assert.Contains("nested more than 200 levels deep", d.Message);
        Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
    }

    [Fact]
    public void Expressions_at_the_limit_are_accepted()
    {
        var c = Compile(string.Join(" + ", Enumerable.Repeat("x", NestingLimit.MaxDepth / 2 + 1)));
        Assert.False(c.HasErrors, string.Join("\n", c.Diagnostics));
        c = Compile(new string('(', NestingLimit.MaxDepth - 1) + "x" + new string(')', NestingLimit.MaxDepth - 1));
        Assert.False(c.HasErrors, string.Join("\n", c.Diagnostics));
    }

    [Fact]
    public void A_scenario_value_nested_three_thousand_deep_is_a_diagnostic_not_a_stack_overflow()
    {
        var text = "scenario \"deep\"\n  module m\n  at 2017-09-01\n  cites law §一\n  given\n    x = "
                   + new string('[', 3_000) + "1" + new string(']', 3_000) + "\n  expect\n    y = 1\n";
        var clock = Stopwatch.StartNew();
        var file = new ScenarioParser("deep.scenario").Parse(text);
        clock.Stop();
        var d = Assert.Single(Assert.Single(file.Scenarios).Diagnostics);
        Assert.Equal("deep.scenario(6,210): error PR0301: this is nested more than 200 levels deep; the limit is 200; write the value less deeply nested", d.ToString());
        Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
    }
}
