using System.Text.RegularExpressions;
using PolicyRules.Language.Messages;
using PolicyRules.Rules;
using PolicyRules.Time;
using static PolicyRules.Tests.Runtime.China2017To2018Calendar;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// The errors an evaluation ends with (RuleOps, shared by the interpreter and generated modules) read in Chinese under
/// <c>--lang zh</c>, and their English stays word for word what it was.
/// </summary>
public sealed partial class RuntimeMessagesTests
{
    private static RuleError Error(Action action) => Assert.Throws<RuleErrorException>(action).Error;

    /// <summary>The message in Chinese, checked to contain no English word apart from <paramref name="names"/> (the rule author's names).</summary>
    private static string Zh(RuleError error, params string[] names)
    {
        Assert.NotNull(error.Text);
        var zh = error.Text!.Render(Lang.Zh);
        var english = Word().Matches(zh).Select(m => m.Value).Where(w => !names.Contains(w)).ToList();
        Assert.True(english.Count == 0, "English words in: " + zh);
        return zh;
    }

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [Fact]
    public void Min_and_max_of_an_empty_list()
    {
        var min = Error(() => RuleOps.MinOf(Array.Empty<int>(), "a.rules(3,5)"));
        Assert.Equal("min of an empty list at a.rules(3,5)", min.Message);
        Assert.Equal("a.rules(3,5) 处求最小值的列表为空", Zh(min, "a", "rules"));
        var max = Error(() => RuleOps.MaxOf(Array.Empty<decimal?>(), "a.rules(3,5)"));
        Assert.Equal("max of an empty list at a.rules(3,5)", max.Message);
        Assert.Equal("a.rules(3,5) 处求最大值的列表为空", Zh(max, "a", "rules"));
    }

    [Fact]
    public void A_day_the_calendar_does_not_cover()
    {
        // The calendar's data are the State Council notices for 2017 and 2018 (reference.md); 2019 is not covered.
        var calendar = new RuleCalendar(Build(), []);
        var error = Error(() => RuleOps.IsWorkingDay(D("2019-01-02"), calendar, "a.rules(3,5)"));
        Assert.Equal("calendar cn_workdays has no working-day data for 2019 (it covers 2017-01-01 to 2018-12-31) — the working-day status of that year is not in the package's calendar data", error.Message);
        Assert.Equal("日历 cn_workdays 缺少 2019 年的工作日数据（只有 2017-01-01 至 2018-12-31 的数据），规则包的日历数据里没有该年哪些天上班、哪些天放假", Zh(error, "cn_workdays"));
    }

    [Fact]
    public void At_least_one_working_day()
    {
        var calendar = new RuleCalendar(Build(), []);
        var error = Error(() => RuleOps.WorkingDaysAfter(D("2017-03-01"), 0, calendar, "a.rules(3,5)"));
        Assert.Equal("working_days_after at a.rules(3,5): the number of working days must be at least 1, got 0", error.Message);
        Assert.Equal("a.rules(3,5) 处 working_days_after 的工作日天数应至少为 1，实际为 0", Zh(error, "a", "rules", "working_days_after"));
    }

    [Fact]
    public void A_document_not_in_the_registry()
    {
        var error = Error(() => RuleOps.DocumentInForce("杭政〔2099〕1号", D("2017-03-01"), []));
        Assert.Equal("'杭政〔2099〕1号' is not in this package's document registry, so its period in force is not known here", error.Message);
        Assert.Equal("本规则包的文件登记表里没有“杭政〔2099〕1号”，因此这里不知道它的施行期", Zh(error));
    }
}
