using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// A type in words has one wording (<see cref="TypeWords"/>), used by input errors (eval, run, SQL, generated modules)
/// and scenario errors alike: it names the form a value is written in, says "or none" for an optional type, and puts
/// a list's items in words too.
/// </summary>
public sealed class TypeWordsTests
{
    [Theory]
    [InlineData("money", "an amount of money in yuan", "以元为单位的金额")]
    [InlineData("date?", "a date (yyyy-mm-dd) or none", "日期（年-月-日，例如 2017-09-01）或无")]
    [InlineData("list<int>", "a list, each item a whole number", "列表，每一项为整数")]
    [InlineData("list<zone?>", "a list, each item a zone value or none", "列表，每一项为枚举 zone 的可选值之一或无")]
    [InlineData("zone", "a zone value", "枚举 zone 的可选值之一")]
    public void A_type_reads_the_same_in_input_and_scenario_errors(string written, string en, string zh)
    {
        var type = written switch
        {
            "money" => RuleType.Money,
            "date?" => RuleType.Date.AsOptional(),
            "list<int>" => RuleType.ListOf(RuleType.Int),
            "zone" => RuleType.EnumOf("zone"),
            _ => RuleType.ListOf(RuleType.EnumOf("zone").AsOptional()),
        };
        Assert.Equal(en, TypeWords.DescribeMsg(type).Render(Lang.En));
        Assert.Equal(zh, TypeWords.DescribeMsg(type).Render(Lang.Zh));
    }
}
