using System.Text.Json;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Scenarios;
using PolicyRules.Tests.Scenarios;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// A list of names or values put into a message is joined in the message's language: <c>a, b</c> in English (as
/// before, byte for byte), <c>a、b</c> in Chinese, with no space next to the 、 and the spacing rule of Catalogue.Zh.cs
/// kept where the list meets the Chinese around it. Each message is reached through the code a user meets it in: an
/// enum input given a value it does not have, a definition no rule of which applies, a match or an enum-keyed table
/// that leaves members out, a citation of a section a document does not have. The rules are made up for the test (not law).
/// </summary>
public sealed class ChineseListTests
{
    private const string Rules = """
        document law "测试〔2017〕9号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
          § 二 "测试。"
        }

        enum kind { alpha, beta, gamma }

        module pick {
          input k: kind
          input x: int
          output level: int
            rule low when x < 10 cites law §一 = 1
            rule high when x > 20 cites law §二 = 2
        }
        """;

    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("t.rules", Rules)])));

    private static EvaluationError Pick(string kind, int x) =>
        Package.Value.Evaluate("pick", new DateOnly(2017, 6, 1), new Dictionary<string, object?> { ["k"] = JsonSerializer.SerializeToElement(kind), ["x"] = x }).Error!;

    /// <summary>
    /// The Chinese text, checked: no ", " left, nothing spaced next to 、, and the catalogue's spacing rule (a document's
    /// number, 测试〔2017〕9号, is a name written as the document writes it, so it is left out of that check).
    /// </summary>
    private static string Zh(string text)
    {
        Assert.DoesNotContain(", ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 、", text, StringComparison.Ordinal);
        Assert.DoesNotContain("、 ", text, StringComparison.Ordinal);
        Assert.Empty(MessageCatalogueTests.SpacingProblems(text.Replace("测试〔2017〕9号", "文件").Replace("测试〔2017〕10号", "文件")));
        return text;
    }

    [Fact]
    public void No_rule_applies_lists_the_rules_with_the_Chinese_enumeration_comma()
    {
        var error = Pick("alpha", 15);
        Assert.Equal(ErrorCodes.NoRuleApplies, error.Code);
        Assert.Equal("no rule of 'level' applies to these inputs (rules: low, high)", error.Message);
        Assert.Equal("“level”没有哪条规则适用于这些输入（规则：low、high）", Zh(error.MessageIn(Lang.Zh)));
    }

    [Fact]
    public void An_enum_input_given_another_value_lists_the_members_with_the_Chinese_enumeration_comma()
    {
        var error = Pick("purple", 1);
        Assert.Equal("k", error.Field);
        Assert.Equal("k: \"purple\" is not a kind; expected one of alpha, beta, gamma", error.Message);
        Assert.Equal("k：\"purple\" 不是 kind 的可选值；应为以下之一：alpha、beta、gamma", Zh(error.MessageIn(Lang.Zh)));

        var close = Pick("alpah", 1);
        Assert.Equal("k: \"alpah\" is not a kind; expected one of alpha, beta, gamma; did you mean 'alpha'?", close.Message);
        Assert.Equal("k：\"alpah\" 不是 kind 的可选值；应为以下之一：alpha、beta、gamma；是不是要写“alpha”？", Zh(close.MessageIn(Lang.Zh)));
    }

    [Fact]
    public void Members_a_match_or_a_table_leaves_out_and_a_document_s_sections_are_listed_with_the_Chinese_enumeration_comma()
    {
        var thirteen = string.Concat(new[] { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三" }.Select(s => $"  § {s} \"测试。\"\n"));
        var bad = Rules + $$"""

            document long "测试〔2017〕10号" {
              issued 2017-01-01
              in_force from 2017-01-01
            {{thirteen}}}

            parameter factor: int by kind {
              from 2017-01-01 = { alpha => 1 } cites law §一
            }

            module partial {
              input k: kind
              output a: int cites law §一 = match k { case kind.alpha => 1 }
              output b: int cites law §九 = 2
              output c: int cites long §二十 = 3
            }
            """;
        var diagnostics = RuleCompilation.Compile([new SourceText("bad.rules", bad)]).Diagnostics.Where(d => d.IsError).ToList();
        string[] Texts(Lang lang) => [.. diagnostics.Select(d => d.ToString(lang))];

        Assert.Contains(Texts(Lang.En), d => d.EndsWith("table 'factor' from 2017-01-01 gives no value for beta, gamma of kind", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.Zh), d => d.EndsWith("表 factor 自 2017-01-01 起没有给出 kind 的 beta、gamma 的值", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.En), d => d.Contains("the match does not cover beta, gamma;", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.Zh), d => d.Contains("match 没有覆盖 beta、gamma", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.En), d => d.Contains("its sections are §一, §二", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.Zh), d => d.Contains("它的条款有 §一、§二", StringComparison.Ordinal));
        // Past twelve sections the listing ends in …, an item of the list like the others.
        Assert.Contains(Texts(Lang.En), d => d.Contains("§十一, §十二, …", StringComparison.Ordinal));
        Assert.Contains(Texts(Lang.Zh), d => d.Contains("§十一、§十二、…", StringComparison.Ordinal));

        foreach (var d in diagnostics)
        {
            Zh(d.MessageIn(Lang.Zh));
            if (d.SuggestionIn(Lang.Zh) is { } hint) Zh(hint);
        }
    }

    /// <summary>
    /// A long formula's values are listed after 其中 as clauses, separated by the full-width comma (the English
    /// layout, with ", ", is the snapshot ExplanationSnapshotTests keeps); the inputs are the hz111.scenario example's.
    /// </summary>
    [Fact]
    public void A_long_formula_s_values_are_listed_with_the_full_width_comma_in_a_Chinese_explanation()
    {
        var example = ExplanationSnapshotTests.Example("occupational_health_targets")!;
        var result = new ScenarioRunner(RulePackage.Load(TestPaths.Package)).Run(example);
        Assert.Equal(ScenarioOutcome.Passed, result.Outcome);
        var formula = ExplanationText.Write(result.Evaluation!, language: "zh").Split('\n').Single(l => l.Contains("其中", StringComparison.Ordinal));
        var values = formula[formula.IndexOf("，其中 ", StringComparison.Ordinal)..];
        Assert.StartsWith("，其中 职业病危害项目申报率 = 90%，职业病危害因素定期检测率 = 75%，职业卫生培训率 = 96%，在岗期间职业健康检查率 = 88%", values);
        Zh(values);
        var english = ExplanationText.Write(result.Evaluation!).Split('\n').Single(l => l.Contains(", with ", StringComparison.Ordinal));
        Assert.Contains("), with 职业病危害项目申报率 = 90%, 职业病危害因素定期检测率 = 75%, 职业卫生培训率 = 96%, 在岗期间职业健康检查率 = 88%", english);
    }
}
