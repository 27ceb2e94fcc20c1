using System.Xml.Linq;
using PolicyRules.Tests.Cli;
using PolicyRules.Tests.Scenarios;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// <c>policyrules test</c>'s reports say everything in the report's language: the case holding the lines outside any
/// scenario, a table row's name, and the JUnit report's case names and failures. The package is the scenario golden
/// tests' (its figures are its own test document's: 测试〔2017〕1号 §二, 25 or 18 元 per m²).
/// </summary>
public sealed class ChineseReportTests
{
    // A stray first line, then a table whose second row expects 25000 元 where 18 元 × 1000 gives 18000 元.
    private const string Stray = """
        这一行不在任何场景里
        场景 "两个地段"
          模块 tax
          日期 2017年9月1日
          依据 law §二
          表
            | 地段等级 | 面积（平方米） | => | 年应纳税额 |
            | 1        | 1000           | => | 25000 元   |
            | 2        | 1000           | => | 25000 元   |
        """;

    private static (string Dir, string File) Package()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        File.Copy(Path.Combine(ScenarioGoldenTests.GoldenDir, "package", "package.rules"), Path.Combine(dir, "package.rules"));
        var file = Path.Combine(dir, "scenarios", "stray.scenario");
        File.WriteAllText(file, Stray);
        return (dir, file);
    }

    private static (string Out, XElement Junit) Test(string dir, string lang)
    {
        var junit = Path.Combine(dir, "junit-" + lang + ".xml");
        var (exit, output, error) = CliRunner.Run("", "test", dir, "--lang", lang, "--junit", junit);
        Assert.Equal(1, exit);
        Assert.Equal("", error);
        return (output.ReplaceLineEndings("\n"), XDocument.Load(junit).Root!);
    }

    [Fact]
    public void With_lang_zh_lines_outside_any_scenario_and_table_rows_are_named_in_Chinese_in_the_text_and_the_JUnit_report()
    {
        var (dir, file) = Package();
        var (output, junit) = Test(dir, "zh");
        var stray = $"{file} 第1行第1列：错误 PR0301：这里应为一行“场景 \"名称\"”来开始一个场景，实际为“这一行不在任何场景里”";
        Assert.StartsWith($"未通过 {file} 第1行：不属于任何场景的行\n  {stray}\n\n未通过 {file} 第9行：两个地段 [第2行]\n", output);
        Assert.EndsWith("通过 1 个，未通过 2 个\n", output);

        var cases = junit.Descendants("testcase").ToList();
        Assert.Equal(["不属于任何场景的行", "两个地段 [第1行]", "两个地段 [第2行]"], cases.Select(c => (string)c.Attribute("name")!));
        var failures = junit.Descendants("failure").ToList();
        Assert.Equal([stray, $"年应纳税额（annual_tax）：预期为 25000 元，实际为 18000 元   （{file} 第9行第40列）"],
            failures.Select(f => (string)f.Attribute("message")!));
        Assert.StartsWith($"未通过 {file} 第1行：不属于任何场景的行\n", failures[0].Value);
        Assert.Contains("\n  计算过程：\n", failures[1].Value);

        // Names, messages and reports: no English word but the package's identifiers, the diagnostic's id and JUnit's name.
        var said = string.Join("\n", cases.Select(c => (string)c.Attribute("name")!).Concat(failures.Select(f => (string)f.Attribute("message")! + "\n" + f.Value)));
        ChineseMessagesTests.AssertNoEnglishWords((output + "\n" + said).Replace(file, " ").Replace(Path.Combine(dir, "junit-zh.xml"), " "), dir, "JUnit");
    }

    [Fact]
    public void With_lang_en_the_same_file_reads_in_English_as_before()
    {
        var (dir, file) = Package();
        var (output, junit) = Test(dir, "en");
        var stray = $"{file}(1,1): error PR0301: expected a line 'scenario \"name\"' (场景) to start a scenario, found '这一行不在任何场景里'";
        Assert.StartsWith($"FAIL {file}(1): lines outside any scenario\n  {stray}\n\nFAIL {file}(9): 两个地段 [row 2]\n", output);
        Assert.EndsWith("1 passed, 2 failed\n", output);

        Assert.Equal(["lines outside any scenario", "两个地段 [row 1]", "两个地段 [row 2]"], junit.Descendants("testcase").Select(c => (string)c.Attribute("name")!));
        var failures = junit.Descendants("failure").ToList();
        Assert.Equal([stray, $"annual_tax (年应纳税额): expected 25000 元, got 18000 元   ({file}(9,40))"], failures.Select(f => (string)f.Attribute("message")!));
        Assert.Contains("\n  explanation:\n", failures[1].Value);
    }

    [Fact]
    public void Without_lang_a_Chinese_scenario_file_gets_a_Chinese_JUnit_report()
    {
        var (dir, _) = Package();
        var junit = Path.Combine(dir, "junit.xml");
        Assert.Equal(1, CliRunner.Run("", "test", dir, "--junit", junit).Exit);
        Assert.Equal(["不属于任何场景的行", "两个地段 [第1行]", "两个地段 [第2行]"], XDocument.Load(junit).Root!.Descendants("testcase").Select(c => (string)c.Attribute("name")!));
    }

    [Fact]
    public void The_coverage_report_is_in_the_report_s_language()
    {
        var (dir, _) = Package();
        var rules = Path.Combine(dir, "package.rules");
        var (_, zh, _) = CliRunner.Run("", "test", dir, "--coverage", "--lang", "zh");
        zh = zh.ReplaceLineEndings("\n");
        Assert.Contains("覆盖率（场景执行到的定义、带标签的规则和 if/match 分支）：\n  tax 100%（4/4）\n  parcels 0%（0/9）\n"
            + $"      未执行到：输出 grades   {rules} 第37行\n", zh);
        Assert.Contains($"      未执行到：taxes：第39行的 match，取值为 1 时   {rules} 第39行\n      未执行到：taxes：第39行的 match，其余取值   {rules} 第39行\n", zh);
        Assert.Contains($"      未执行到：amount：第53行的 if，条件成立时   {rules} 第53行\n      未执行到：amount：第53行的 if，条件不成立时   {rules} 第53行\n", zh);
        Assert.Contains($"  conflicted 0%（0/3）\n      未执行到：输出 y   {rules} 第63行\n      未执行到：y：规则 small   {rules} 第64行\n", zh);
        Assert.Contains("  合计 14.8%（4/27）\n通过 1 个，未通过 2 个\n", zh);
        // if and match are the rule language's own words, and the rules' labels are the package's names, as written in the rules.
        var labels = PolicyRules.Language.RuleCompilation.FromDirectory(dir).Package.Modules.SelectMany(m => m.Definitions.SelectMany(d => d.Rules.Select(r => r.Label)));
        ChineseMessagesTests.AssertNoEnglishWords(zh.Replace(Path.Combine(dir, "scenarios", "stray.scenario"), " ").Replace(rules, " "), dir, ["if", "match", .. labels]);

        var (_, en, _) = CliRunner.Run("", "test", dir, "--coverage", "--lang", "en");
        en = en.ReplaceLineEndings("\n");
        Assert.Contains("coverage (definitions, labelled rules and if/match branches reached by a scenario):\n  tax 100% (4/4)\n  parcels 0% (0/9)\n"
            + $"      not reached: output grades   {rules}(37)\n", en);
        Assert.Contains($"      not reached: taxes: 'match' at line 39, case 1   {rules}(39)\n      not reached: taxes: 'match' at line 39, else   {rules}(39)\n", en);
        Assert.Contains($"      not reached: amount: 'if' at line 53, then   {rules}(53)\n      not reached: amount: 'if' at line 53, else   {rules}(53)\n", en);
        Assert.Contains($"  conflicted 0% (0/3)\n      not reached: output y   {rules}(63)\n      not reached: y: rule small   {rules}(64)\n", en);
        Assert.Contains("  total 14.8% (4/27)\n1 passed, 2 failed\n", en);
    }

    /// <summary>
    /// A scenario citing a reform's draft names it with the draft's mark in the report's language. The draft is the
    /// package's HYPOTHETICAL reform (reforms/land-tax-2019-draft.reform, §一: grade 1 at 30 元 per m² from 2019-01-01), so
    /// 1000 m² gives 30000 元 and the scenario's 1 元 fails.
    /// </summary>
    [Theory]
    [InlineData("zh", "  依据 （假设）邯政办字〔2018〕征求意见稿 §一（草案，改革 land_tax_2019_draft）：“（假设）自2019年1月1日起")]
    [InlineData("en", "  checks （假设）邯政办字〔2018〕征求意见稿 §一 (draft, reform land_tax_2019_draft): “（假设）自2019年1月1日起")]
    public void A_draft_s_citation_is_marked_in_the_report_s_language(string lang, string line)
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        var package = TestPaths.InRepo("rules", "handan-2017-04");
        foreach (var file in Directory.EnumerateFiles(package, "*.rules", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(Path.Combine(package, "reforms"))))
        {
            var rel = Path.GetRelativePath(package, file);
            if (rel.StartsWith("bin", StringComparison.Ordinal) || rel.StartsWith("obj", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, rel))!);
            File.Copy(file, Path.Combine(dir, rel));
        }
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        File.WriteAllText(Path.Combine(dir, "scenarios", "draft.scenario"), """
            场景 "草案税率写错"
              模块 land_use_tax_parcel
              改革 reforms/land-tax-2019-draft.reform
              日期 2019年1月1日
              依据 hz107_2019_draft §一
              已知
                grade = 1
                area_m2 = 1000
              预期
                annual_tax = 1 元
            """);
        var (exit, output, _) = CliRunner.Run("", "test", dir, "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Contains("\n" + line, output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("zh", "规则包能够编译", "规则包有 1 个错误，所以一个场景也没有运行")]
    [InlineData("en", "the rule package compiles", "the rule package has 1 error(s), so no scenario was run")]
    public void The_JUnit_report_of_a_package_with_errors_is_in_the_report_s_language(string lang, string name, string message)
    {
        var (dir, _) = Package();
        File.AppendAllText(Path.Combine(dir, "package.rules"), "\nmodule broken {\n  output x: int cites law §二 = nothing\n}\n");
        var junit = Path.Combine(dir, "junit.xml");
        var (exit, output, _) = CliRunner.Run("", "test", dir, "--lang", lang, "--junit", junit);
        Assert.Equal(1, exit);
        var error = XDocument.Load(junit).Root!.Descendants("error").Single();
        Assert.Equal(name, (string)error.Parent!.Attribute("name")!);
        Assert.Equal(message, (string)error.Attribute("message")!);
        // The diagnostics in the report are those the command printed, in the same language.
        Assert.StartsWith(error.Value.Split('\n')[0], output);
    }
}

/// <summary>
/// A conflict names each rule's citations as a list the catalogue joins: <c>a; b</c> in English (as before, byte for
/// byte), <c>a、b</c> in Chinese, with the catalogue's spacing rule kept. The rules are made up for the test (not law).
/// </summary>
public sealed class ConflictCitationsTests
{
    private const string Rules = """
        document law "测试〔2017〕9号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
          § 二 "测试。"
        }

        module clash {
          input x: int
          output level: int
            rule low when x < 10 cites law §一 = 1
            rule both when x < 5 cites law §一, law §二 = 2
        }
        """;

    [Fact]
    public void A_conflict_lists_a_rule_s_citations_with_a_semicolon_in_English_and_the_enumeration_comma_in_Chinese()
    {
        var package = PolicyRules.RulePackage.FromCompilation(PolicyRules.Language.RuleCompilation.Compile([new PolicyRules.Language.SourceText("t.rules", Rules)]));
        var error = package.Evaluate("clash", new DateOnly(2017, 6, 1), new Dictionary<string, object?> { ["x"] = 1 }).Error!;
        Assert.Equal(PolicyRules.Evaluation.ErrorCodes.Conflict, error.Code);
        var rules = package.FindModule("clash")!.FindDefinition("level")!.Rules;
        var (low, both) = (rules[0].Span.ToString(), rules[1].Span.ToString());
        Assert.Equal($"conflict in 'level': rule 'low' ({low}, 测试〔2017〕9号 §一) and rule 'both' ({both}, 测试〔2017〕9号 §一; 测试〔2017〕9号 §二) both apply, and neither is an exception of the other",
            error.Message);
        var zh = error.MessageIn(PolicyRules.Language.Messages.Lang.Zh);
        Assert.Equal($"“level”的规则冲突：规则 low（{low}，测试〔2017〕9号 §一）和规则 both（{both}，测试〔2017〕9号 §一、测试〔2017〕9号 §二）同时适用，且两者都不是对方的例外", zh);
        Assert.Empty(MessageCatalogueTests.SpacingProblems(zh.Replace("测试〔2017〕9号", "文件").Replace(low, "甲").Replace(both, "乙")));
    }
}
