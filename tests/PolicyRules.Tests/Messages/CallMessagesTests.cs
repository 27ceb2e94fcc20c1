using System.Text.RegularExpressions;
using PolicyRules.Language;
using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// PR0203, wrong arguments to a function of the language, reads in Chinese under <c>--lang zh</c>; its English is
/// unchanged. Left in the Chinese text: the function's name and the argument types as the rule author writes them.
/// </summary>
public sealed partial class CallMessagesTests
{
    private static (string En, string Zh) Error(string type, string expression)
    {
        var compilation = RuleCompilation.Compile([new SourceText("inline.rules", $$"""
            document law "测试〔2017〕9号" {
              issued 2017-01-01
              § 一 "一般规定。"
            }
            module m {
              input a: date
              input xs: list<int?>
              output d: {{type}} cites law §一 = {{expression}}
            }
            """)]);
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("PR0203", error.Id);
        return (error.Message, error.MessageIn(Lang.Zh));
    }

    private static void NoEnglish(string zh, params string[] names)
    {
        var english = Word().Matches(zh).Select(m => m.Value).Where(w => !names.Contains(w)).ToList();
        Assert.True(english.Count == 0, "English words in: " + zh);
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [Fact]
    public void Wrong_arguments()
    {
        var (en, zh) = Error("decimal", "abs(a)");
        Assert.Equal("abs takes (number); got (date)", en);
        Assert.Equal("abs 的参数应为（数字），实际为（date）", zh);
        NoEnglish(zh, "abs", "date");

        (en, zh) = Error("int", "days_between(a, 3)");
        Assert.Equal("days_between takes (date, date); got (date, int)", en);
        Assert.Equal("days_between 的参数应为（日期，日期），实际为（date、int）", zh);
    }

    [Fact]
    public void Places_of_round()
    {
        var (en, zh) = Error("decimal", "round(1.5, 29)");
        Assert.Equal("round: the number of places is at most 28, got 29", en);
        Assert.Equal("round：小数位数最多为 28，实际为 29", zh);
        NoEnglish(zh, "round");
    }

    [Fact]
    public void A_list_whose_items_may_be_none()
    {
        var (en, zh) = Error("int?", "min(xs)");
        Assert.Equal("min cannot order a list whose items may be none (list<int?>); filter out none first", en);
        Assert.Equal("min 无法给可能含 none 的列表排序（list<int?>）；请先用 filter 去掉 none", zh);
        NoEnglish(zh, "min", "list", "int", "none", "filter");
    }
}
