using System.Text.RegularExpressions;
using PolicyRules.Language;
using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Messages;

/// <summary>PR0202 on a declared unit reads in Chinese under <c>--lang zh</c>; its English is unchanged (the golden file bad/120-units).</summary>
public sealed partial class DeclaredUnitMessagesTests
{
    private static (string En, string Zh) Error(string input)
    {
        var compilation = RuleCompilation.Compile([new SourceText("inline.rules", $$"""
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
            }
            module m {
              {{input}}
              output d: int cites law §一 = 1
            }
            """)]);
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("PR0202", error.Id);
        var zh = error.MessageIn(Lang.Zh);
        var english = Word().Matches(zh).Select(m => m.Value).Where(w => w is not ("int" or "decimal" or "money" or "rate" or "bool" or "wage" or "paid" or "eligible")).ToList();
        Assert.True(english.Count == 0, "English words in: " + zh);
        return (error.Message, zh);
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [Fact]
    public void Declared_units_that_do_not_fit()
    {
        Assert.Equal(("money is held in 元: declare unit \"元\" on 'wage'; a scenario may still write 万元, which converts to 元 exactly",
            "金额以元为单位：请在“wage”上声明单位“元”；场景里仍可写 万元，会准确换算成元"), Error("input wage: money unit \"万元\""));
        Assert.Equal(("'paid' is money, which is in 元, not in '个月'", "“paid”是金额，单位应为元，不是“个月”"), Error("input paid: money unit \"个月\""));
        Assert.Equal(("'eligible' is bool; a unit applies to int, decimal, money and rate values only",
            "“eligible”是 bool；只有 int、decimal、money 和 rate 的值才能声明单位"), Error("input eligible: bool unit \"人\""));
    }
}
