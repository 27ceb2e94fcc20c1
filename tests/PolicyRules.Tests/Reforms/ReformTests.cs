using System.Globalization;
using System.Text.Json;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Scenarios;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Reforms;

/// <summary>
/// Reforms (docs/language.md#reforms; issue #13 item 3): the bundled HYPOTHETICAL draft
/// rules/handan-2017-04/reforms/land-tax-2019-draft.reform raises every rate of 邯政办字〔2017〕107号 §二 (一级 25 元, 二级
/// 18 元, 三级 10 元, 四级 6 元, 五级 3 元 per m²) by 20 % from 2019-01-01: 30, 21.6, 12, 7.2, 3.6 元. A reform is checked as
/// rules are (located PR diagnostics) and applied to a new load of the package; every command that evaluates takes it.
/// </summary>
public class ReformTests
{
    private static string Package => TestPaths.Package;
    private static string Draft => Path.Combine(Package, "reforms", "land-tax-2019-draft.reform");
    private static string Sample => TestPaths.InRepo("samples", "parcels.csv");

    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run("", args);

    private static string TempFile(string name, string text)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("policyrules-reform").FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    // 107号 §二, and the hypothetical draft's 20 % rise.
    private static readonly Dictionary<int, decimal> Rates = new() { [1] = 25m, [2] = 18m, [3] = 10m, [4] = 6m, [5] = 3m };

    /// <summary>A temporary copy of the package's rule files (no scenarios, no reforms), with an empty scenarios/ folder.</summary>
    private static string CopyOfRules()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-reform-pkg").FullName;
        TestPaths.CopyRules(dir);
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        return dir;
    }

    // ---- applying the reform ---------------------------------------------------------------------

    [Theory]
    [InlineData("2018-12-31", 1, 25)]     // the day before the draft's date: 107号 §二
    [InlineData("2019-01-01", 1, 30)]     // its first day: 25 × 1.2
    [InlineData("2019-06-01", 2, 21.6)]   // 18 × 1.2
    [InlineData("2019-06-01", 5, 3.6)]    // 3 × 1.2
    public void The_reformed_package_reads_the_drafts_rates_from_its_date(string at, int grade, decimal rate)
    {
        var reformed = RulePackage.Load(Package, Draft);
        var r = reformed.Evaluate("land_use_tax_parcel", DateOnly.Parse(at, CultureInfo.InvariantCulture),
            new Dictionary<string, object?> { ["grade"] = grade, ["area_m2"] = 1000m });
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(rate), r.Output("rate_per_m2"));
        Assert.Equal(new Money(rate * 1000m), r.Output("annual_tax"));
    }

    [Fact]
    public void The_package_itself_is_unchanged_and_does_not_load_reform_files_as_rules()
    {
        Assert.DoesNotContain(RuleCompilation.ReadDirectory(Package), s => s.Path.EndsWith(".reform", StringComparison.Ordinal));
        var plain = RulePackage.Load(Package);
        Assert.Null(plain.Model.Reform);
        Assert.DoesNotContain(plain.Model.Documents, d => d.DraftOf is not null);
        var r = plain.Evaluate("land_use_tax_parcel", new DateOnly(2019, 6, 1), new Dictionary<string, object?> { ["grade"] = 1, ["area_m2"] = 1000m });
        Assert.Equal(new Money(25000m), r.Output("annual_tax"));   // 107号 §二: 25 元 × 1000 m²
    }

    [Fact]
    public void Eval_and_explain_take_the_reform_and_the_explanation_names_the_draft()
    {
        var input = TempFile("q.json", """{"grade": 1, "area_m2": 1000}""");
        var (exit, output, err) = Run("eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01", "--input", input, "--reform", Draft);
        Assert.True(exit == 0, err);
        Assert.Contains("\"annual_tax\":30000", output.Replace(" ", ""));   // 1000 m² × 30 元 (25 × 1.2)

        (exit, output, err) = Run("explain", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01", "--input", input, "--reform", Draft);
        Assert.True(exit == 0, err);
        Assert.Contains("result rate_per_m2 (每平方米年税额) = 30 元\n           parameter land_tax_rate by grade, value from 2019-01-01 by （假设）邯政办字〔2018〕征求意见稿 §一 (draft, reform land_tax_2019_draft)\n", output);

        // Without the reform, the same question at the same date has 107号's rate.
        (exit, output, _) = Run("explain", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01", "--input", input);
        Assert.Equal(0, exit);
        Assert.Contains("parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二\n", output);
        Assert.DoesNotContain("draft", output);
    }

    [Theory]
    [InlineData("compiled")]
    [InlineData("interpreter")]
    public void Run_takes_the_reform_in_either_engine(string engine)
    {
        var input = TempFile("in.csv", "parcel_id,grade,area_m2\nP1,1,100\nP2,4,250\n");
        var output = Path.Combine(Path.GetDirectoryName(input)!, "out.csv");
        var (exit, _, err) = Run("run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", output,
            "--at", "2019-06-01", "--engine", engine, "--reform", Draft);
        Assert.True(exit == 0, err);
        // 100 m² × 30 元 (25 × 1.2) = 3000 元; 250 m² × 7.2 元 (6 × 1.2) = 1800 元.
        Assert.Equal("parcel_id,grade,area_m2,rate_per_m2,annual_tax\nP1,1,100,30,3000\nP2,4,250,7.2,1800\n", File.ReadAllText(output).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Test_takes_the_reform_and_a_scenario_may_name_one()
    {
        // A scenario without a reform line, stating the draft's figure: it passes only with --reform.
        var dir = CopyOfRules();
        var scenario = Path.Combine(dir, "scenarios", "under-draft.scenario");
        File.WriteAllText(scenario, """
            scenario "grade 1 under the draft"
              module land_use_tax_parcel
              at 2019-06-01
              cites hz107 §二
              given
                grade = 1
                area_m2 = 10
              expect
                annual_tax = 300 元
            """);
        // 10 m² × 30 元 (107号 §二 25 元 × 1.2) = 300 元; without the reform 10 × 25 = 250 元.
        var (exit, output, _) = Run("test", dir, "--reform", Draft, "--lang", "en");
        Assert.True(exit == 0, output);
        Assert.EndsWith("1 passed, 0 failed\n", output);
        (exit, output, _) = Run("test", dir);
        Assert.Equal(1, exit);
        Assert.Contains("annual_tax (年应纳税额): expected 300 元, got 250 元", output);

        // The package's own scenarios under the draft (scenarios/land-tax-2019-draft.scenario) pass.
        (exit, output, _) = Run("test", Package, "scenarios/land-tax-2019-draft.scenario", "--lang", "en");
        Assert.True(exit == 0, output);
        Assert.EndsWith("7 passed, 0 failed\n", output);
    }

    [Fact]
    public void A_scenario_naming_a_missing_reform_fails_saying_so()
    {
        var dir = CopyOfRules();
        File.WriteAllText(Path.Combine(dir, "scenarios", "a.scenario"), """
            场景 "under a reform that is not there"
              模块 land_use_tax_parcel
              改革 reforms/none.reform
              日期 2019-06-01
              依据 hz107 §二
              已知
                grade = 1
                area_m2 = 10
              预期
                annual_tax = 300 元
            """);
        var suite = ScenarioSuite.Load(dir);
        var result = new ScenarioRunner(suite.Package, reforms: suite.Reforms).Run(Assert.Single(suite.Cases));
        Assert.Equal(ScenarioOutcome.Failed, result.Outcome);
        Assert.Equal($"the reform file 'reforms/none.reform' is not in the package folder '{dir}'", Assert.Single(result.Failures));
    }

    // ---- diff: the golden impact report ------------------------------------------------------------

    [Fact]
    public void Diff_of_the_draft_over_the_sample_matches_the_golden_json_and_the_hand_computed_totals()
    {
        var (exit, output, err) = Run("diff", "--rules", Package, "--reform", Draft, "--module", "land_use_tax_parcel",
            "--input", Sample, "--at", "2019-06-01", "--format", "json");
        Assert.True(exit == 0, err);
        var goldenPath = TestPaths.InRepo("tests", "PolicyRules.Tests", "Reforms", "Golden", "diff-land-tax-2019-draft.json");
        var actual = output.Replace(JsonEncodedText.Encode(Draft).ToString(), "<reform>").Replace(JsonEncodedText.Encode(Package).ToString(), "<rules>");
        if (Environment.GetEnvironmentVariable("POLICYRULES_ACCEPT") == "1") File.WriteAllText(goldenPath, actual);
        Assert.Equal(File.ReadAllText(goldenPath), actual);

        // From the CSV itself: the parcels the module answers (grade 1–5, area a decimal ≥ 0; the others are the sample's
        // deliberate bad rows). Every one changes, by 20 % of its 107号 rate: delta = Σ area × 0.2 × rate(grade).
        var parcels = File.ReadLines(Sample).Skip(1).Select(l => l.Split(','))
            .Where(c => c.Length == 3 && int.TryParse(c[1], out var g) && g is >= 1 and <= 5
                && decimal.TryParse(c[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a) && a >= 0)
            .Select(c => (Grade: int.Parse(c[1], CultureInfo.InvariantCulture), Area: decimal.Parse(c[2], CultureInfo.InvariantCulture)))
            .ToList();
        var totalBase = parcels.Sum(p => Rates[p.Grade] * p.Area);
        var delta = parcels.Sum(p => p.Area * 0.2m * Rates[p.Grade]);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal(5000, root.GetProperty("rows").GetInt32());
        Assert.Equal(parcels.Count, root.GetProperty("changed").GetInt32());
        Assert.Equal(0, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(5000 - parcels.Count, root.GetProperty("errors").GetProperty("both").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("base").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("new").GetInt32());
        var tax = root.GetProperty("outputs").GetProperty("annual_tax");
        Assert.Equal(totalBase, Dec(tax, "total_base"));
        Assert.Equal(totalBase + delta, Dec(tax, "total_new"));
        Assert.Equal(delta, Dec(tax, "delta"));
        var rate = root.GetProperty("outputs").GetProperty("rate_per_m2");
        Assert.Equal(parcels.Sum(p => 0.2m * Rates[p.Grade]), Dec(rate, "delta"));
    }

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public void Diff_takes_base_and_rules_or_rules_and_reform_but_not_both()
    {
        var (exit, _, err) = Run("diff", "--base", Package, "--rules", Package, "--reform", Draft, "--module", "land_use_tax_parcel", "--input", Sample, "--at", "2019-06-01");
        Assert.Equal(2, exit);
        Assert.Contains("diff: give --base OLD --rules NEW (two packages) or --rules DIR --reform FILE (a reform), not both", err);
        (exit, _, err) = Run("diff", "--rules", Package, "--module", "land_use_tax_parcel", "--input", Sample, "--at", "2019-06-01");
        Assert.Equal(2, exit);
        Assert.Contains("diff: --base is required (or --reform FILE, to compare --rules with itself under a reform)", err);
    }

    // ---- checked like rules -----------------------------------------------------------------------

    private const string Header = """
        reform r "测试改革（假设）" {
          draft d "测试草案（假设）" {
            issued 2018-10-01
            § 一 "一级地段 30 元。"
          }

        """;

    /// <summary>The error lines of the package with <paramref name="text"/> applied as r.reform (paths made relative).</summary>
    private static List<string> Errors(string text)
    {
        var path = TempFile("r.reform", text);
        var compilation = RuleCompilation.FromDirectory(Package, path);
        return compilation.Diagnostics.Where(d => d.IsError).Select(d => d.ToString().Replace(path, "r.reform")).ToList();
    }

    [Fact]
    public void The_bundled_draft_is_clean()
    {
        var compilation = RuleCompilation.FromDirectory(Package, Draft);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("land_tax_2019_draft", compilation.Package.Reform?.Name);
        Assert.Contains("HYPOTHETICAL", compilation.Package.Reform!.Title);
    }

    [Fact]
    public void An_unknown_parameter_is_located_with_the_nearest_name()
    {
        Assert.Equal(["r.reform(6,13): error PR0101: the package has no parameter 'land_tax_rat'; did you mean 'land_tax_rate'?"],
            Errors(Header + "  parameter land_tax_rat from 2019-01-01 = { 1 => 30 yuan } cites d §一\n}\n"));
    }

    [Fact]
    public void A_value_without_a_citation_is_PR0106()
    {
        Assert.Equal(["r.reform(6,3): error PR0106: the value of parameter 'land_tax_rate' from 2019-01-01 cites no provision; add 'cites DOCUMENT §SECTION' naming the provision that set it"],
            Errors(Header + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan, 2 => 18 yuan, 3 => 10 yuan, 4 => 6 yuan, 5 => 3 yuan }\n}\n"));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_located()
    {
        var errors = Errors(Header + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 } cites d §一\n}\n");
        Assert.Equal(["r.reform(6,52): error PR0202: a value of parameter 'land_tax_rate' must be money, but this is int; write the amount with its unit, e.g. '25 yuan'"], errors);
    }

    [Fact]
    public void A_value_written_in_another_form_than_the_parameters_is_PR0114()
    {
        Assert.Equal(["r.reform(6,3): error PR0114: parameter 'land_tax_rate' is a table by int, but this value is written as one value; write '{ KEY => VALUE, … }'"],
            Errors(Header + "  parameter land_tax_rate from 2019-01-01 = 30 yuan cites d §一\n}\n"));
    }

    [Fact]
    public void A_date_not_after_the_parameters_first_value_is_PR0114()
    {
        Assert.Equal(["r.reform(6,3): error PR0114: the reform's value of 'land_tax_rate' from 2017-08-16 is not after the parameter's first value, from 2017-08-16 by 邯政办字〔2017〕107号 §二; a reform changes a value in force from a later date"],
            Errors(Header + "  parameter land_tax_rate from 2017-08-16 = { 1 => 30 yuan } cites d §一\n}\n"));
    }

    [Fact]
    public void A_value_citing_the_law_in_force_instead_of_the_draft_is_PR0114()
    {
        Assert.Equal(["r.reform(6,68): error PR0114: a reform's value cites the draft it comes from, not 邯政办字〔2017〕107号, which is the law in force; cite d §…"],
            Errors(Header + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites hz107 §二\n}\n"));
    }

    [Fact]
    public void A_reform_without_a_draft_and_a_section_the_draft_lacks_are_located()
    {
        Assert.Equal(["r.reform(1,1): error PR0114: reform 'r' declares no draft document; declare the draft it comes from: 'draft ALIAS \"NUMBER\" { title \"…\" issued YYYY-MM-DD § 一 \"…\" }' (草案)"],
            Errors("reform r \"x\" {\n}\n"));
        Assert.Equal("r.reform(6,68): error PR0104: 测试草案（假设） has no section §二; did you mean '一'? (its sections are §一)",
            Assert.Single(Errors(Header + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites d §二\n}\n")));
    }

    [Fact]
    public void Reform_errors_read_in_the_language_asked()
    {
        var noDraft = TempFile("r.reform", "reform r \"x\" {\n}\n");
        var error = Assert.Single(RuleCompilation.FromDirectory(Package, noDraft).Diagnostics, d => d.IsError);
        Assert.Equal("reform 'r' declares no draft document", error.MessageIn(Lang.En));
        Assert.Equal("改革方案“r”未声明所依据的草案", error.MessageIn(Lang.Zh));
        Assert.StartsWith("请声明所依据的草案：“draft 别名", error.SuggestionIn(Lang.Zh));

        var unknown = TempFile("r.reform", Header + "  parameter land_tax_rat from 2019-01-01 = { 1 => 30 yuan } cites d §一\n}\n");
        error = Assert.Single(RuleCompilation.FromDirectory(Package, unknown).Diagnostics, d => d.IsError);
        Assert.Equal($"{unknown} 第6行第13列：错误 PR0101：规则包中未设参数“land_tax_rat”；是不是要写“land_tax_rate”？", error.ToString(Lang.Zh));
        Assert.Equal($"{unknown}(6,13): error PR0101: the package has no parameter 'land_tax_rat'; did you mean 'land_tax_rate'?", error.ToString(Lang.En));

        var (exit, output, _) = Run("check", Package, "--reform", noDraft, "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains($"{noDraft} 第1行第1列：错误 PR0114：改革方案“r”未声明所依据的草案；请声明所依据的草案：", output);
        (exit, output, _) = Run("check", Package, "--reform", noDraft, "--lang", "en");
        Assert.Equal(1, exit);
        Assert.Contains($"{noDraft}(1,1): error PR0114: reform 'r' declares no draft document; declare the draft it comes from: ", output);
    }

    [Fact]
    public void A_syntax_error_is_located_and_the_cli_names_the_reform()
    {
        var path = TempFile("bad.reform", Header + "  parameter land_tax_rate from 2019-01-01 { 1 => 30 yuan } cites d §一\n}\n");
        var input = TempFile("q.json", """{"grade": 1, "area_m2": 1000}""");
        var (exit, output, err) = Run("eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01", "--input", input, "--reform", path);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"{path}(6,43): error PR0001: unexpected '{{', expected '=' and the value\n", err);
        Assert.EndsWith($"the reform '{path}' has errors\n", err);
    }

    [Fact]
    public void The_PR0114_pages_examples_fail_and_pass_as_they_say()
    {
        var page = File.ReadAllText(TestPaths.InRepo("docs", "diagnostics", "PR0114.md"));
        string Block(string heading) => System.Text.RegularExpressions.Regex.Match(page[page.IndexOf(heading, StringComparison.Ordinal)..],
            "```reform\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var shown = System.Text.RegularExpressions.Regex.Match(page[page.IndexOf("## Failing example", StringComparison.Ordinal)..],
            "```reform\n.*?```\n\n```\n(.*?)\n```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal([shown], Errors(Block("## Failing example")));
        Assert.Empty(Errors(Block("## Passing example")));
        var chinese = page[page.IndexOf("\n## 中文\n", StringComparison.Ordinal)..];
        var path = TempFile("r.reform", Block("## Failing example"));
        var error = Assert.Single(RuleCompilation.FromDirectory(Package, path).Diagnostics, d => d.IsError);
        Assert.Contains("\n" + error.ToString(Lang.Zh).Replace(path, "r.reform") + "\n", chinese);
    }

    [Fact]
    public void Check_takes_the_reform()
    {
        var (exit, output, _) = Run("check", Package, "--reform", Draft);
        Assert.Equal(0, exit);
        Assert.EndsWith("; reform land_tax_2019_draft applies\n", output);
        var bad = TempFile("r.reform", Header + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites hz107 §二\n}\n");
        (exit, output, _) = Run("check", Package, "--reform", bad);
        Assert.Equal(1, exit);
        Assert.Contains($"{bad}(6,68): error PR0114: ", output);
    }

    /// <summary>Each reform binding error in Chinese, worded as a drafter of regulations reads it (草案, 参数, 生效日期, 分档税率表).</summary>
    [Theory]
    [InlineData("  parameter land_tax_rate from 2019-01-01 = 30 yuan cites d §一\n}\n",
        "r.reform 第6行第3列：错误 PR0114：参数“land_tax_rate”为按 int 列示的取值表，此处却写成单一取值；请逐项写明：“{ 键 => 值, … }”")]
    [InlineData("  parameter land_tax_rate from 2017-08-16 = { 1 => 30 yuan } cites d §一\n}\n",
        "r.reform 第6行第3列：错误 PR0114：改革方案中参数“land_tax_rate”的生效日期 2017-08-16 不晚于该参数首个取值的生效日期 2017-08-16（依据 邯政办字〔2017〕107号 §二）；改革方案只能自更晚的生效日期起调整现行取值")]
    [InlineData("  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites hz107 §二\n}\n",
        "r.reform 第6行第68列：错误 PR0114：改革方案的参数取值应以草案为依据，不得引用现行有效的文件（邯政办字〔2017〕107号）；请改为引用草案 d §…")]
    public void Reform_errors_read_as_drafting_Chinese(string values, string expected)
    {
        var path = TempFile("r.reform", Header + values);
        var error = Assert.Single(RuleCompilation.FromDirectory(Package, path).Diagnostics, d => d.IsError);
        Assert.Equal(expected, error.ToString(Lang.Zh).Replace(path, "r.reform"));
    }

    [Fact]
    public void A_draft_already_in_the_registry_reads_as_drafting_Chinese()
    {
        var path = TempFile("r.reform", Header.Replace("draft d ", "draft hz107 ") + "}\n");
        var error = Assert.Single(RuleCompilation.FromDirectory(Package, path).Diagnostics, d => d.IsError);
        Assert.StartsWith("草案“hz107”（测试草案（假设））已登记为“hz107”（邯政办字〔2017〕107号），见 ", error.MessageIn(Lang.Zh));
        Assert.StartsWith("draft 'hz107' (测试草案（假设）) is already in the registry as 'hz107' (邯政办字〔2017〕107号) at ", error.MessageIn(Lang.En));
    }

    [Fact]
    public void A_draft_that_repeals_is_PR0114()
    {
        var text = Header.Replace("    issued 2018-10-01\n", "    issued 2018-10-01\n    repeals hz107 §一\n")
            + "  parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites d §一\n}\n";
        Assert.Equal(["r.reform(4,5): error PR0114: draft 'd' repeals hz107: a draft repeals nothing until it is adopted; leave 'repeals' out of the draft; a reform changes parameter values only"],
            Errors(text));
        var path = TempFile("r.reform", text);
        Assert.Equal("r.reform 第4行第5列：错误 PR0114：草案“d”规定废止 hz107，但草案通过前不具有废止效力；请删去草案中的“repeals”；改革方案只调整参数取值，不废止文件",
            Assert.Single(RuleCompilation.FromDirectory(Package, path).Diagnostics, d => d.IsError).ToString(Lang.Zh).Replace(path, "r.reform"));
    }
}
