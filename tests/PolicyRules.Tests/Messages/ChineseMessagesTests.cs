using System.Text.RegularExpressions;
using PolicyRules.Language;
using PolicyRules.Tests.Scenarios;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// Issue #12's "done when": a policy officer who reads only Chinese writes a scenario file with the usual mistakes (a
/// failing expectation, a misspelt label, a wrong unit, a date not in the calendar), runs it, and reads every message
/// in Chinese. The package is the scenario golden tests' (its figures are those of its own test document 测试〔2017〕1号).
/// </summary>
public sealed partial class ChineseMessagesTests
{
    private const string StaffScenarios = """
        场景 "二级地段不是 25 元"
          模块 tax
          日期 2017年9月1日
          依据 law §二
          已知
            地段等级 = 2
            面积（平方米） = 1000 平方米
          预期
            年应纳税额 = 25000 元

        场景 "标签写错"
          模块 tax
          日期 2017年9月1日
          依据 law §二
          已知
            地段登记 = 1
            面积（平方米） = 1000 平方米
          预期
            年应纳税额 = 25000 元

        场景 "单位写错"
          模块 tax
          日期 2017年9月1日
          依据 law §二
          已知
            地段等级 = 1
            面积（平方米） = 1000 个月
          预期
            年应纳税额 = 25000 元

        场景 "日期写错"
          模块 tax
          日期 2017年2月30日
          依据 law §二
          已知
            地段等级 = 1
            面积（平方米） = 1000 平方米
          预期
            年应纳税额 = 25000 元
        """;

    internal static string Package()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        File.Copy(Path.Combine(ScenarioGoldenTests.GoldenDir, "package", "package.rules"), Path.Combine(dir, "package.rules"));
        File.WriteAllText(Path.Combine(dir, "scenarios", "staff.scenario"), StaffScenarios);
        return dir;
    }

    private static (int Exit, string Out) Test(params string[] args)
    {
        var (exit, output, error) = PolicyRules.Tests.Cli.CliRunner.Run("", ["test", .. args]);
        Assert.Equal("", error);
        return (exit, output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void With_lang_zh_a_failing_scenario_file_is_reported_in_Chinese()
    {
        var dir = Package();
        var (exit, output) = Test(dir, "--lang", "zh");
        Assert.Equal(1, exit);
        var file = Path.Combine(dir, "scenarios", "staff.scenario");
        Assert.Contains($"未通过 {file} 第1行：二级地段不是 25 元\n  模块 tax（土地税），日期 2017-09-01\n  依据 测试〔2017〕1号 §二：“一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Contains($"  年应纳税额（annual_tax）：预期为 25000 元，实际为 18000 元   （{file} 第9行第5列）\n", output);
        Assert.Contains($"  {file} 第16行第5列：错误 PR0302：模块 tax 没有名为“地段登记”的输入；是不是要写“地段等级”？\n", output);
        Assert.Contains($"  {file} 第27行第15列：错误 PR0303：“面积（平方米）”（area_m2）的单位应为“平方米”，实际“1000 个月”的单位是“个月”：请用“平方米”\n", output);
        Assert.Contains($"  {file} 第33行第6列：错误 PR0303：2017年2月30日 不是日历上存在的日期\n", output);
        Assert.EndsWith("通过 0 个，未通过 4 个\n", output);
        AssertNoEnglishWords(output, dir);
    }

    [Fact]
    public void Without_lang_a_file_written_with_Chinese_keywords_is_reported_in_Chinese()
    {
        var dir = Package();
        var (exit, output) = Test(dir);
        Assert.Equal(1, exit);
        Assert.Equal(Test(dir, "--lang", "zh").Out, output);
    }

    [Fact]
    public void With_lang_en_the_same_file_is_reported_in_English()
    {
        var dir = Package();
        var (exit, output) = Test(dir, "--lang", "en");
        Assert.Equal(1, exit);
        var file = Path.Combine(dir, "scenarios", "staff.scenario");
        Assert.Contains($"FAIL {file}(1): 二级地段不是 25 元\n  module tax (土地税) at 2017-09-01\n  checks 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Contains($"  annual_tax (年应纳税额): expected 25000 元, got 18000 元   ({file}(9,5))\n", output);
        Assert.Contains($"  {file}(16,5): error PR0302: module tax has no input '地段登记'; did you mean '地段等级'?\n", output);
        Assert.Contains($"  {file}(27,15): error PR0303: 'area_m2' (面积（平方米）) is in 平方米, but '1000 个月' is in 个月: write it in 平方米\n", output);
        Assert.Contains($"  {file}(33,6): error PR0303: 2017年2月30日 is not a date in the calendar\n", output);
        Assert.EndsWith("0 passed, 4 failed\n", output);
        // Every run of Chinese characters is the package's or the scenario file's own text (a label, a quote, a unit, a name).
        var data = File.ReadAllText(Path.Combine(dir, "package.rules")) + StaffScenarios;
        Assert.Empty(ChineseRun().Matches(output).Select(m => m.Value).Where(run => !data.Contains(run, StringComparison.Ordinal)).Distinct());
    }

    /// <summary>
    /// Every word of ASCII letters in <paramref name="output"/> is a diagnostic id (PR0302), an error code
    /// (invalid_input), an identifier of the package (a module, input, output, document alias, enum or record name) or
    /// part of the scenario file's path; everything else is Chinese, digits or punctuation.
    /// </summary>
    internal static void AssertNoEnglishWords(string output, string dir, params string[] alsoAllowed)
    {
        var model = RuleCompilation.FromDirectory(dir).Package;
        var identifiers = model.Modules.SelectMany(m => new[] { m.Name }.Concat(m.Inputs.Select(i => i.Name)).Concat(m.Definitions.Select(d => d.Name)))
            .Concat(model.Documents.Select(d => d.Alias))
            .Concat(model.Enums.SelectMany(e => new[] { e.Name }.Concat(e.Members.Select(x => x.Name))))
            .Concat(model.Records.Select(r => r.Name))
            .Concat(Evaluation.ErrorCodesList)
            .Concat(alsoAllowed)
            .ToHashSet(StringComparer.Ordinal);
        var text = output.Replace(Path.Combine(dir, "scenarios", "staff.scenario"), " ");
        var english = Regex.Matches(text, "[A-Za-z_][A-Za-z0-9_]*").Select(m => m.Value)
            .Where(w => !identifiers.Contains(w) && !Regex.IsMatch(w, @"^PR\d{4}$")).Distinct().ToList();
        Assert.True(english.Count == 0, "English words in the Chinese output: " + string.Join(", ", english) + "\n" + output);
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex ChineseRun();

    private static class Evaluation
    {
        public static readonly string[] ErrorCodesList =
        [
            PolicyRules.Evaluation.ErrorCodes.InvalidInput, PolicyRules.Evaluation.ErrorCodes.UnknownModule, PolicyRules.Evaluation.ErrorCodes.NotInForce,
            PolicyRules.Evaluation.ErrorCodes.NotDeterminable, PolicyRules.Evaluation.ErrorCodes.Conflict, PolicyRules.Evaluation.ErrorCodes.NoRuleApplies,
            PolicyRules.Evaluation.ErrorCodes.EvaluationFailed,
        ];
    }

    [Fact]
    public void Eval_with_lang_zh_answers_an_invalid_input_and_a_date_out_of_force_in_Chinese()
    {
        var dir = Package();
        var (exit, output, _) = PolicyRules.Tests.Cli.CliRunner.Run("""{"grade": 3, "area_m2": 1000}""",
            "eval", "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--input", "-", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("地段等级（grade） = 3 不满足输入条件：(grade >= 1) and (grade <= 2)", output);

        // 测试〔2017〕1号 is in force 2017-06-01 to 2018-05-31 (package.rules).
        (exit, output, _) = PolicyRules.Tests.Cli.CliRunner.Run("""{"grade": 1, "area_m2": 1000}""",
            "eval", "--rules", dir, "--module", "tax", "--at", "2019年1月1日", "--input", "-", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains("模块 tax 在 2019-01-01 不在施行期内：测试〔2017〕1号 的施行期为自 2017-06-01 至 2018-05-31", output);

        (exit, _, var error) = PolicyRules.Tests.Cli.CliRunner.Run("", "eval", "--rules", dir, "--module", "tax", "--at", "2017年2月30日", "--input", "-", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Contains("eval：--at：“2017年2月30日”不是日历上存在的日期", error);
    }

    [Fact]
    public void A_wrong_command_line_with_lang_zh_is_explained_in_Chinese()
    {
        var (exit, _, error) = PolicyRules.Tests.Cli.CliRunner.Run("", "test", Package(), "--covrage", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Equal("policyrules test：未知的选项 --covrage；是不是要写“--coverage”？\n请看“policyrules test --help”\n", error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void A_scenario_file_saved_as_GBK_is_explained_in_Chinese_with_how_to_save_it_as_UTF_8()
    {
        var dir = Package();
        // "场景" in GB18030 is B3 A1 BE B0: not UTF-8.
        File.WriteAllBytes(Path.Combine(dir, "scenarios", "gbk.scenario"), [0xB3, 0xA1, 0xBE, 0xB0, (byte)'\n']);
        var (exit, output) = Test(dir, "gbk.scenario", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains("gbk.scenario 第1行第1列：错误 PR0002：这个文件不是 UTF-8 文本：第1行的字节 0xB3 不是有效的 UTF-8；看起来是 GB18030/GBK，即中文 Windows 上 Excel 和记事本使用的编码；请另存为 UTF-8", output);
    }

    [Fact]
    public void A_wrong_lang_is_a_usage_error()
    {
        var (exit, _, error) = PolicyRules.Tests.Cli.CliRunner.Run("", "test", Package(), "--lang", "fr");
        Assert.Equal(2, exit);
        Assert.Contains("test: --lang must be zh or en, got 'fr'", error);
    }
}
