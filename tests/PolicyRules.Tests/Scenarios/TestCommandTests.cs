using System.Xml.Linq;

namespace PolicyRules.Tests.Scenarios;

/// <summary><c>policyrules test</c> end to end, in process: the summary line, exit codes, failures, JUnit, filters, coverage.</summary>
public class TestCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(args, new StringReader(""), output, error);
        return (exit, output.ToString().Replace("\r\n", "\n"), error.ToString());
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
        var (exit, output, _) = Run("test", TestPaths.Package);
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
        Assert.Contains("      result annual_tax (年应纳税额) = 18000 元\n               by 测试〔2017〕1号 §二: “一级地段每平方米年税额 25 元，二级地段 18 元。”\n", output);
        Assert.Contains($"SKIP {dir}/scenarios/c.scenario(1): later\n  skipped: waiting for the notice\n", output);
        Assert.DoesNotContain("a.scenario", output);
        Assert.Equal("1 passed, 1 failed, 1 skipped", LastLine(output));
    }

    [Fact]
    public void Filter_by_tag_or_by_name()
    {
        var dir = Package(("a.scenario", Passing), ("b.scenario", Failing));
        Assert.Equal((0, "1 passed, 0 failed"), Summary(Run("test", dir, "--filter", "手算")));
        Assert.Equal((1, "0 passed, 1 failed"), Summary(Run("test", dir, "--filter", "NOT 25")));
        Assert.Equal((1, "1 passed, 1 failed"), Summary(Run("test", dir, "--filter", "tag:tax")));
        var (exit, output, _) = Run("test", dir, "--filter", "nothing-like-this");
        Assert.Equal(1, exit);
        Assert.Contains("no scenario matches --filter 'nothing-like-this'", output);
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
