using System.Xml.Linq;

namespace PolicyRules.Tests.Scenarios;

/// <summary><c>policyrules test</c> end to end, in process: the summary line, exit codes, failures, JUnit, filters, coverage.</summary>
public class TestCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (exit, output, error) = PolicyRules.Tests.Cli.CliRunner.Run("", args);
        return (exit, output.Replace("\r\n", "\n"), error);
    }

    private static string LastLine(string text) => text.TrimEnd('\n').Split('\n')[^1];

    /// <summary>A copy of the golden test package with the given scenario files.</summary>
    private static string Package(params (string Name, string Text)[] scenarios)
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        File.Copy(Path.Combine(ScenarioGoldenTests.GoldenDir, "package", "package.rules"), Path.Combine(dir, "package.rules"));
        foreach (var (name, text) in scenarios) File.WriteAllText(Path.Combine(dir, "scenarios", name), text);
        return dir;
    }

    private const string Passing = """
        scenario "grade 1"
          module tax
          at 2017-09-01
          cites law §二
          tags tax, 手算
          given
            grade = 1
            area_m2 = 1000 平方米
          expect
            annual_tax = 25000 元
        """;

    private const string Failing = """
        scenario "grade 2 is not 25 元"
          module tax
          at 2017-09-01
          cites law §二
          tags tax
          given
            grade = 2
            area_m2 = 1000
          expect
            annual_tax = 25000 元
        """;

    private const string Skipped = """
        scenario "later"
          module flexible_rate
          at 2017-09-01
          cites law §四
          skip "waiting for the notice"
          given
            flexible = false
          expect
            employer_rate = 8%
        """;

    [Fact]
    public void The_Handan_package_passes_and_ends_with_the_summary_line()
    {
        // Its scenario files are written with Chinese keywords, so the summary is in Chinese unless --lang en.
        var (exit, output, _) = Run("test", TestPaths.Package);
        Assert.Matches(@"^通过 \d+ 个，未通过 0 个$", LastLine(output));
        Assert.Equal(0, exit);
        (exit, output, _) = Run("test", TestPaths.Package, "--lang", "en");
        Assert.Matches(@"^\d+ passed, 0 failed$", LastLine(output));
        Assert.Equal(0, exit);
    }

    [Fact]
    public void A_failure_shows_where_expected_against_actual_and_the_law()
    {
        var dir = Package(("a.scenario", Passing), ("b.scenario", Failing), ("c.scenario", Skipped));
        var (exit, output, _) = Run("test", dir);
        Assert.Equal(1, exit);
        Assert.Contains($"FAIL {dir}/scenarios/b.scenario(1): grade 2 is not 25 元\n", output);
        Assert.Contains("  checks 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Contains($"  annual_tax (年应纳税额): expected 25000 元, got 18000 元   ({dir}/scenarios/b.scenario(10,5))\n", output);
        Assert.Contains("      result annual_tax (年应纳税额) = 18000 元\n               formula: 每平方米年税额 × 面积（平方米） = 18 元 × 1000   [1]\n", output);
        Assert.Contains("      sources\n      [1] 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Contains($"SKIP {dir}/scenarios/c.scenario(1): later\n  skipped: waiting for the notice\n", output);
        Assert.DoesNotContain("a.scenario", output);
        Assert.Equal("1 passed, 1 failed, 1 skipped", LastLine(output));
    }

    [Fact]
    public void Filter_by_tag_or_by_name()
    {
        var dir = Package(("a.scenario", Passing), ("b.scenario", Failing));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "--filter", "手算")));
        Assert.Equal((1, "0 passed, 1 failed"), Summary(Run("test", dir, "--filter", "GRADE 2 is not 25 元")));
        Assert.Equal((1, "1 passed, 1 failed"), Summary(Run("test", dir, "--filter", "tag:tax")));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "--filter", "name:grade 1")));
        var (exit, output, _) = Run("test", dir, "--filter", "nothing-like-this");
        Assert.Equal(1, exit);
        Assert.Contains("no scenario matches --filter 'nothing-like-this'", output);
    }

    [Fact]
    public void Filter_matches_whole_names_and_tags_with_star_wildcards()
    {
        var dir = Package(("a.scenario", Passing), ("b.scenario", Failing));
        // A part of a name, or of a tag, no longer matches: "grade" used to pick both, "手" the tag 手算.
        Assert.Equal((1, "0 passed, 0 failed"), Summary(Run("test", dir, "--filter", "grade")));
        Assert.Equal((1, "0 passed, 0 failed"), Summary(Run("test", dir, "--filter", "手")));
        Assert.Equal((1, "1 passed, 1 failed"), Summary(Run("test", dir, "--filter", "grade*")));
        Assert.Equal((1, "0 passed, 1 failed"), Summary(Run("test", dir, "--filter", "*NOT 25*")));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "--filter", "手*")));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "--filter", "tag:*算")));
        var (_, output, _) = Run("test", dir, "--filter", "b.scenario");
        Assert.Contains($"to run one file, name it after the folder: policyrules test {dir} b.scenario", output);
    }

    [Fact]
    public void Named_scenario_files_run_alone()
    {
        var dir = Package(("a.scenario", Passing), ("b.scenario", Failing), ("c.scenario", Skipped));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "a.scenario")));
        Assert.Equal((1, "1 passed, 1 failed"), Summary(Run("test", dir, Path.Combine(dir, "scenarios", "a.scenario"), "scenarios/b.scenario")));
        Assert.Equal((0, "0 passed, 0 failed, 1 skipped"), Summary(Run("test", dir, "c.scenario", "--filter", "later")));

        var (exit, _, err) = Run("test", dir, "b.scenaro");
        Assert.Equal(2, exit);
        Assert.Contains("test: scenario file 'b.scenaro' does not exist; did you mean 'b.scenario'?", err);

        var outside = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N") + ".scenario");
        File.WriteAllText(outside, Passing);
        (exit, _, err) = Run("test", dir, outside);
        Assert.Equal(2, exit);
        Assert.Contains("is not a .scenario file inside the rule package", err);
    }

    [Fact]
    public void Explain_prints_the_explanation_of_passing_scenarios_too()
    {
        var dir = Package(("a.scenario", Passing));
        var (exit, output, _) = Run("test", dir, "--explain");
        Assert.Equal(0, exit);
        Assert.Contains($"ok   {dir}/scenarios/a.scenario(1): grade 1\n  module tax (土地税) at 2017-09-01\n", output);
        Assert.Contains("  checks 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        // 测试〔2017〕1号 §二 (the golden package's law): 一级地段 25 元 × 1000 m²
        Assert.Contains("  explanation:\n", output);
        Assert.Contains("      result annual_tax (年应纳税额) = 25000 元\n               formula: 每平方米年税额 × 面积（平方米） = 25 元 × 1000   [1]\n", output);
        Assert.Contains("      sources\n      [1] 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Equal("1 passed, 0 failed", LastLine(output));

        var (_, plain, _) = Run("test", dir);
        Assert.DoesNotContain("explanation:", plain);
    }

    private static (int, string) Summary((int Exit, string Out, string Err) r) => (r.Exit, LastLine(r.Out));

    [Fact]
    public void Junit_report_creates_its_folder()
    {
        var dir = Package(("a.scenario", Passing));
        var junit = Path.Combine(dir, "reports", "ci", "junit.xml");
        var (exit, output, _) = Run("test", dir, "--junit", junit);
        Assert.Equal(0, exit);
        Assert.Equal("1 passed, 0 failed", LastLine(output));
        Assert.Equal("testsuites", XDocument.Load(junit).Root!.Name.LocalName);
    }

    [Fact]
    public void Junit_report_has_a_case_per_scenario_and_row()
    {
        var table = """
            scenario "both grades"
              module tax
              at 2017-09-01
              cites law §二
              table
                | grade | area_m2 | => | annual_tax |
                | 1     | 1       | => | 25 元      |
                | 2     | 1       | => | 25 元      |
            """;
        var dir = Package(("a.scenario", Passing), ("t.scenario", table), ("c.scenario", Skipped));
        var junit = Path.Combine(dir, "junit.xml");
        var (exit, output, _) = Run("test", dir, "--junit", junit);
        Assert.Equal(1, exit);
        Assert.Equal("2 passed, 1 failed, 1 skipped", LastLine(output));
        var xml = XDocument.Load(junit);
        var root = xml.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(("4", "1", "1"), ((string)root.Attribute("tests")!, (string)root.Attribute("failures")!, (string)root.Attribute("skipped")!));
        var cases = root.Descendants("testcase").ToList();
        Assert.Equal(["grade 1", "later", "both grades [row 1]", "both grades [row 2]"], cases.Select(c => (string)c.Attribute("name")!));
        var failure = Assert.Single(root.Descendants("failure"));
        Assert.Equal("both grades [row 2]", (string)failure.Parent!.Attribute("name")!);
        Assert.StartsWith("annual_tax (年应纳税额): expected 25 元, got 18 元", (string)failure.Attribute("message")!);
        Assert.Single(root.Descendants("skipped"));
    }

    [Fact]
    public void Coverage_lists_what_no_scenario_reached_and_min_coverage_fails_below()
    {
        var dir = Package(("a.scenario", Passing));
        var (exit, output, _) = Run("test", dir, "--coverage");
        Assert.Equal(0, exit);
        Assert.Contains("  tax 75% (3/4)\n      not reached: rate_per_m2: 'if' at line 28, else   ", output);
        Assert.Contains("  conflicted 0% (0/3)\n      not reached: output y   ", output);
        Assert.Contains("      not reached: y: rule small   ", output);
        Assert.Matches(@"  total \d+\.\d% \(\d+/\d+\)\n", output);

        var (below, text, _) = Run("test", dir, "--min-coverage", "90");
        Assert.Equal(1, below);
        Assert.Matches(@"coverage \d+\.\d% is below --min-coverage 90%\n1 passed, 0 failed\n$", text);
    }

    [Fact]
    public void Coverage_with_a_filter_or_files_covers_only_the_modules_they_use()
    {
        var dir = Package(("a.scenario", Passing));
        var (_, all, _) = Run("test", dir, "--coverage");
        Assert.Contains("  conflicted 0% (0/3)", all);
        foreach (var narrowed in new[] { Run("test", dir, "--coverage", "--filter", "手算"), Run("test", dir, "a.scenario", "--coverage") })
        {
            Assert.Equal(0, narrowed.Exit);
            Assert.Contains("  tax 75% (3/4)\n", narrowed.Out);
            Assert.DoesNotContain("conflicted", narrowed.Out);
            Assert.Contains("  total 75.0% (3/4)\n", narrowed.Out);
        }
    }

    [Fact]
    public void Coverage_as_json_for_dashboards()
    {
        var dir = Package(("a.scenario", Passing));
        var file = Path.Combine(dir, "out", "coverage.json");
        var (exit, output, _) = Run("test", dir, "--filter", "手算", "--coverage-format", "json", "--coverage-output", file);
        Assert.Equal(0, exit);
        Assert.Contains($"coverage 75.0% (3/4); json report written to {file}\n", output);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        Assert.Equal((75.0m, 3, 4), (root.GetProperty("percent").GetDecimal(), root.GetProperty("covered").GetInt32(), root.GetProperty("total").GetInt32()));
        var module = Assert.Single(root.GetProperty("modules").EnumerateArray());
        Assert.Equal("tax", module.GetProperty("module").GetString());
        var missed = Assert.Single(module.GetProperty("missed").EnumerateArray());
        Assert.Equal("rate_per_m2: 'if' at line 28, else", missed.GetProperty("item").GetString());
        Assert.Equal(28, missed.GetProperty("line").GetInt32());
        Assert.EndsWith("package.rules", missed.GetProperty("file").GetString());
    }

    [Fact]
    public void Coverage_as_cobertura_for_dashboards()
    {
        var dir = Package(("a.scenario", Passing));
        var (exit, output, _) = Run("test", dir, "a.scenario", "--coverage-format", "cobertura");
        Assert.Equal(0, exit);
        var xml = XDocument.Parse(output[output.IndexOf("<?xml", StringComparison.Ordinal)..output.LastIndexOf("1 passed", StringComparison.Ordinal)]);
        var coverage = xml.Root!;
        Assert.Equal("coverage", coverage.Name.LocalName);
        var @class = Assert.Single(coverage.Descendants("class"));
        Assert.Equal(("tax", "package.rules"), ((string)@class.Attribute("name")!, (string)@class.Attribute("filename")!));
        // rate_per_m2's if/else is on line 28: the then branch reached, the else not.
        var line28 = @class.Descendants("line").Single(l => (string)l.Attribute("number")! == "28");
        Assert.Equal(("true", "50% (1/2)"), ((string)line28.Attribute("branch")!, (string)line28.Attribute("condition-coverage")!));
        Assert.Equal(("1", "2"), ((string)coverage.Attribute("branches-covered")!, (string)coverage.Attribute("branches-valid")!));
        Assert.Equal("0.5", (string)coverage.Attribute("branch-rate")!);
    }

    [Fact]
    public void An_unknown_coverage_format_is_a_usage_error()
    {
        var (exit, _, err) = Run("test", TestPaths.Package, "--coverage-format", "xml", "--lang", "en");
        Assert.Equal(2, exit);
        Assert.Contains("--coverage-format must be one of text, json, cobertura, got 'xml'", err);
    }

    [Fact]
    public void Scenario_errors_fail_the_run_with_their_diagnostics()
    {
        var dir = Package(("a.scenario", Passing.Replace("module tax", "module taxx")));
        var (exit, output, _) = Run("test", dir);
        Assert.Equal(1, exit);
        Assert.Contains($"{dir}/scenarios/a.scenario(2,10): error PR0302: the package has no module 'taxx'; did you mean 'tax'?", output);
        Assert.Equal("0 passed, 1 failed", LastLine(output));
    }

    [Fact]
    public void Errors_in_the_rules_stop_the_run()
    {
        var dir = Package(("a.scenario", Passing));
        File.AppendAllText(Path.Combine(dir, "package.rules"), "\nmodule broken { output x: int = 1 }\n");
        var (exit, output, _) = Run("test", dir);
        Assert.Equal(1, exit);
        Assert.Contains("error PR0106", output);
        Assert.Contains("so no scenario was run", output);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Run("test").Exit);
        Assert.Equal(2, Run("test", "/no/such/folder").Exit);
        Assert.Equal(2, Run("test", TestPaths.Package, "--min-coverage", "lots").Exit);
        Assert.Equal(2, Run("test", TestPaths.Package, "--covrage").Exit);
    }
}
