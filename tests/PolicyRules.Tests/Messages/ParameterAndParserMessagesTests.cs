using System.Text.RegularExpressions;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Syntax;
using PolicyRules.Rules;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// Issue #12's leftovers: a parameter's run-time errors, the parser's "expected …" texts and the two messages that
/// embedded .NET's English exception text all come from the catalogue, so they read in Chinese under <c>--lang zh</c>.
/// The rules below are made up for the test (not law).
/// </summary>
public sealed partial class ParameterAndParserMessagesTests
{
    private const string Rules = """
        document law "测试〔2017〕9号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "一级 25 元。"
        }

        parameter rate: money by int {
          from 2017-03-01 = { 1 => 25 yuan } cites law §一
        }

        module tax {
          input grade: int
          output rate_per_m2: money cites law §一 = rate(grade)
        }
        """;

    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("t.rules", Rules)])));

    private static EvaluationError Evaluate(string at, int grade) =>
        Package.Value.Evaluate("tax", DateOnly.Parse(at), new Dictionary<string, object?> { ["grade"] = grade }).Error!;

    [GeneratedRegex("[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    private static void NoEnglish(string text, params string[] names) =>
        Assert.True(Word().Matches(text).All(m => names.Contains(m.Value)), "English words in: " + text);

    [Fact]
    public void A_key_the_table_does_not_list_and_a_read_before_the_first_value_read_in_Chinese()
    {
        var noEntry = Evaluate("2017-06-01", 3);
        Assert.Equal("parameter 'rate' has no value for this key: its value from 2017-03-01 lists 1", noEntry.Message);
        Assert.Equal("参数 rate 没有这个键的取值：它自 2017-03-01 起的取值只列出了 1", noEntry.MessageIn(Lang.Zh));

        var before = Evaluate("2017-02-01", 1);
        Assert.Equal(ErrorCodes.NotInForce, before.Code);
        Assert.Equal("parameter 'rate' has no value before 2017-03-01, its first value", before.Message);
        Assert.Equal("参数 rate 在 2017-03-01（它第一个取值的日期）之前没有取值", before.MessageIn(Lang.Zh));
    }

    [Fact]
    public void Generated_modules_raise_the_same_parameter_errors_through_RuleOps()
    {
        var noEntry = Assert.Throws<RuleErrorException>(() => RuleOps.ParameterNoEntry<Money>("rate", "2017-03-01", "1", "2")).Error;
        Assert.Equal("parameter 'rate' has no value for this key: its value from 2017-03-01 lists 1, 2", noEntry.Message);
        Assert.Equal("参数 rate 没有这个键的取值：它自 2017-03-01 起的取值只列出了 1、2", noEntry.Text!.Render(Lang.Zh));
        var before = Assert.Throws<RuleErrorException>(() => RuleOps.ParameterBeforeFirst<Money>("rate", "2017-03-01", "另行规定", "测试〔2017〕9号 §一", [])).Error;
        Assert.Equal("parameter 'rate' has no value before 2017-03-01: 另行规定 (测试〔2017〕9号 §一)", before.Message);
        Assert.Equal("参数 rate 在 2017-03-01 之前没有取值：另行规定（测试〔2017〕9号 §一）", before.Text!.Render(Lang.Zh));
    }

    [Fact]
    public void A_date_out_of_range_and_invalid_JSON_no_longer_carry_NET_English_text()
    {
        var range = Assert.Throws<RuleErrorException>(() => RuleOps.AddYears(DateOnly.MaxValue, 1, "a.rules(3,5)")).Error;
        Assert.Equal("date out of range at a.rules(3,5): the result is before 0001-01-01 or after 9999-12-31", range.Message);
        Assert.Equal("a.rules(3,5) 处的日期超出范围：结果早于 0001-01-01 或晚于 9999-12-31", range.Text!.Render(Lang.Zh));

        JsonInput.ParseObject("{\"grade\": 1,", out var json);
        Assert.Equal("the input is not valid JSON (line 1, byte 12)", json!.Message);
        Assert.Equal("输入不是有效的 JSON（第1行第12个字节处）", json.MessageIn(Lang.Zh));

        // A name given twice is found before System.Text.Json's own (English) duplicate error, and named.
        JsonInput.ParseObject("{\"grade\": 1, \"x\": {\"a\": 1, \"a\": 2}}", out var twice);
        Assert.Equal("x.a", twice!.Field);
        Assert.Equal("the input is not valid JSON: 'x.a' is given twice; give it once", twice.Message);
        Assert.Equal("输入不是有效的 JSON：“x.a”给了两次；请只给一次", twice.MessageIn(Lang.Zh));
    }

    [Fact]
    public void A_syntax_error_in_a_parameter_says_what_was_expected_in_Chinese()
    {
        var compilation = RuleCompilation.Compile([new SourceText("t.rules", Rules.Replace("money by int {", "rate scale progressive {"))]);
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("这里不应出现“progressive”，应为“marginal”（超额累进）或“single_rate”（全额累进）", error.MessageIn(Lang.Zh));
        Assert.Equal("unexpected 'progressive', expected 'marginal' (超额累进) or 'single_rate' (全额累进)", error.MessageIn(Lang.En));
    }

    [Fact]
    public void A_missing_closing_brace_names_the_token_in_Chinese_quotes()
    {
        var compilation = RuleCompilation.Compile([new SourceText("t.rules", "enum zone { city, rural")]);
        var error = compilation.Diagnostics.First(d => d.IsError);
        var zh = error.MessageIn(Lang.Zh);
        Assert.Contains("“}”", zh);
        NoEnglish(zh);
    }

    /// <summary>Every name the rule grammar gives a production (<c>.Named("…")</c>) has its catalogue entry, so no
    /// expectation is shown in English to a Chinese reader (the fallback shows the name itself).</summary>
    [Fact]
    public void Every_named_production_of_the_rule_grammar_is_in_the_catalogue()
    {
        var names = Directory.EnumerateFiles(TestPaths.InRepo("src", "PolicyRules.Language", "Syntax"), "*.cs")
            .SelectMany(f => NamedCall().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"")))
            .Distinct().ToList();
        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => RuleParser.Expectation(n).Key == "expect.text");
        // Sprache's own wordings: bare characters and "any character except …".
        Assert.Equal("“§”", RuleParser.Expectation("§").Render(Lang.Zh));
        Assert.Equal("除 \" 以外的任意字符", RuleParser.Expectation("any character except \"").Render(Lang.Zh));
    }

    [GeneratedRegex("""\.Named\("((?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex NamedCall();

    [Fact]
    public void Eval_of_invalid_JSON_with_lang_zh_answers_in_Chinese()
    {
        var dir = ChineseMessagesTests.Package();
        var (exit, output, _) = CliRunner.Run("{\"grade\": 1,", "eval", "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--input", "-", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains("<stdin> 第1行第12列：输入不是有效的 JSON：JSON 值还没有写完，文本就结束了", output);
    }
}
