using PolicyRules.Language;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Tests.Language;

/// <summary>Absurdly deep expressions get a diagnostic; they must not overflow the stack and end the process.</summary>
public class NestingLimitTests
{
    private const string Registry = "document law \"测试〔2017〕1号\" {\n  issued 2017-01-01\n  § 一 \"x\"\n}\n";

    private static RuleCompilation Compile(string expression) => RuleCompilation.Compile(
        [new SourceText("deep.rules", Registry + "module m {\n  input x: int\n  output y: int cites law §一 = " + expression + "\n}\n")]);

    [Fact]
    public void A_sum_of_twenty_thousand_terms_is_refused_with_a_diagnostic()
    {
        var c = Compile(string.Join(" + ", Enumerable.Repeat("x", 20_000)));
        var d = Assert.Single(c.Diagnostics, d => d.IsError);
        Assert.Equal("deep.rules(7,32): error PR0001: this expression is nested 20000 levels deep; the limit is 200; split it into named definitions ('def')", d.ToString());
    }

    [Fact]
    public void Three_thousand_nested_negations_are_refused_with_a_diagnostic()
    {
        var c = Compile(string.Concat(Enumerable.Repeat("-(", 3_000)) + "x" + new string(')', 3_000));
        Assert.Contains(c.Diagnostics, d => d.Id == "PR0001" && d.Message.Contains("nested 3001 levels deep"));
    }

    [Fact]
    public void Expressions_at_the_limit_are_accepted()
    {
        var c = Compile(string.Join(" + ", Enumerable.Repeat("x", NestingLimit.MaxDepth / 2 + 1)));
        Assert.False(c.HasErrors, string.Join("\n", c.Diagnostics));
    }
}
