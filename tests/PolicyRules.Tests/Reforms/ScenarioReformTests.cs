using System.Globalization;
using System.Text.Json;
using PolicyRules.Language;
using PolicyRules.Scenarios;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Reforms;

/// <summary>
/// Scenarios naming a reform (<c>reform PATH</c> / <c>改革 PATH</c>) are checked and run against the package with the reform
/// applied, each reform loaded once; their runs count in <c>--coverage</c>; and a reform is applied to a loaded package
/// without parsing its rule files again (<see cref="RulePackage.WithReform"/>, used by <c>diff --reform</c>). The reform is
/// the bundled HYPOTHETICAL rules/handan-2017-04/reforms/land-tax-2019-draft.reform: 邯政办字〔2017〕107号 §二's rates
/// (一级 25 元 … 五级 3 元 per m²) × 1.2 from 2019-01-01, declared by its draft hz107_2019_draft §一.
/// </summary>
public class ScenarioReformTests
{
    private static string Package => TestPaths.Package;
    private static string Draft => Path.Combine(Package, "reforms", "land-tax-2019-draft.reform");

    /// <summary>A temporary copy of the package's rule files and the draft reform (reforms/), with <paramref name="scenarios"/> in scenarios/.</summary>
    private static string CopyWith(params (string Name, string Text)[] scenarios)
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-scenario-reform").FullName;
        TestPaths.CopyRules(dir);
        Directory.CreateDirectory(Path.Combine(dir, "reforms"));
        File.Copy(Draft, Path.Combine(dir, "reforms", "land-tax-2019-draft.reform"));
        Directory.CreateDirectory(Path.Combine(dir, "scenarios"));
        foreach (var (name, text) in scenarios) File.WriteAllText(Path.Combine(dir, "scenarios", name), text);
        return dir;
    }

    // 10 m² of grade 1 at 2019-06-01 under the draft: 10 × 30 元 (107号 §二 25 元 × 1.2, draft §一) = 300 元.
    private static string Grade1UnderDraft(string name, string reformPath, string cites) => $"""
        scenario "{name}"
          module land_use_tax_parcel
          reform {reformPath}
          at 2019-06-01
          cites {cites}
          given
            grade = 1
            area_m2 = 10
          expect
            annual_tax = 300 元

        """;

    [Fact]
    public void A_scenario_under_a_reform_may_cite_the_draft()
    {
        var dir = CopyWith(("a.scenario", Grade1UnderDraft("cites the draft", "reforms/land-tax-2019-draft.reform", "hz107_2019_draft §一")));
        var suite = ScenarioSuite.Load(dir);
        var c = Assert.Single(suite.Cases);
        Assert.False(c.HasErrors, string.Join("\n", c.Diagnostics));
        Assert.Equal("hz107_2019_draft", Assert.Single(c.Scenario.Citations).Document.Alias);
        var result = new ScenarioRunner(suite.Package, suite.Reforms).Run(c);
        Assert.True(result.Outcome == ScenarioOutcome.Passed, string.Join("\n", result.Failures));
    }

    [Fact]
    public void A_mistake_in_a_scenario_under_a_reform_is_reported_against_the_reformed_package()
    {
        // The draft has § 一 only: citing § 九 of it is an unknown section of the draft, not an unknown document.
        var dir = CopyWith(("a.scenario", Grade1UnderDraft("wrong section", "reforms/land-tax-2019-draft.reform", "hz107_2019_draft §九")));
        var suite = ScenarioSuite.Load(dir);
        var c = Assert.Single(suite.Cases);
        var error = Assert.Single(c.Diagnostics, d => d.IsError);
        Assert.Contains("九", error.Message);
        Assert.DoesNotContain("unknown document", error.Message);
        Assert.EndsWith("a.scenario", error.Span.File, StringComparison.Ordinal);
        Assert.Equal(5, error.Span.Line);   // the cites line
        Assert.Equal(ScenarioOutcome.Failed, new ScenarioRunner(suite.Package, suite.Reforms).Run(c).Outcome);

        // The same scenario without its reform line cites a document the package does not have.
        var plain = CopyWith(("a.scenario", Grade1UnderDraft("no reform", "reforms/land-tax-2019-draft.reform", "hz107_2019_draft §一")
            .Replace("  reform reforms/land-tax-2019-draft.reform\n", "", StringComparison.Ordinal)));
        Assert.Contains(Assert.Single(ScenarioSuite.Load(plain).Cases).Diagnostics, d => d.IsError && d.Message.Contains("hz107_2019_draft", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_distinct_reform_is_loaded_once_however_its_path_is_written()
    {
        var dir = CopyWith(
            ("a.scenario", Grade1UnderDraft("one", "reforms/land-tax-2019-draft.reform", "hz107 §二")),
            ("b.scenario", Grade1UnderDraft("two", "./reforms/land-tax-2019-draft.reform", "hz107 §二")
                + Grade1UnderDraft("three", "reforms/../reforms/land-tax-2019-draft.reform", "hz107 §二")));
        var suite = ScenarioSuite.Load(dir);
        var runner = new ScenarioRunner(suite.Package, suite.Reforms);
        Assert.All(suite.Cases, c => Assert.Equal(ScenarioOutcome.Passed, runner.Run(c).Outcome));
        Assert.Equal(3, suite.Cases.Count());
        Assert.Equal(1, suite.Reforms.Loaded);
    }

    [Fact]
    public void Coverage_counts_the_runs_under_a_reform_and_says_which_reform()
    {
        var dir = CopyWith(("a.scenario", Grade1UnderDraft("under the draft", "reforms/land-tax-2019-draft.reform", "hz107 §二")));
        var (exit, output, _) = CliRunner.Run("", "test", dir, "--coverage", "--lang", "en");
        Assert.True(exit == 0, output);
        // The one run, under the reform, reaches both items of land_use_tax_parcel (its outputs rate_per_m2 and annual_tax,
        // no branches); without it counted, 0/2.
        Assert.Contains("\n  land_use_tax_parcel 100% (2/2)\n", output);
        Assert.Contains("\n  counted under reform reforms/land-tax-2019-draft.reform: 1 run, 2 item(s) reached only under it\n", output);

        (exit, output, _) = CliRunner.Run("", "test", dir, "--coverage", "--coverage-format", "json", "--lang", "en");
        Assert.True(exit == 0, output);
        using var json = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..(output.LastIndexOf('}') + 1)]);
        var reform = Assert.Single(json.RootElement.GetProperty("reforms").EnumerateArray());
        Assert.Equal("reforms/land-tax-2019-draft.reform", reform.GetProperty("reform").GetString());
        Assert.Equal(1, reform.GetProperty("runs").GetInt32());
        Assert.Equal(2, reform.GetProperty("reached_only_under_it").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("covered").GetInt32());
    }

    [Fact]
    public void WithReform_gives_what_loading_with_the_reform_gives_and_leaves_the_package_as_it_is()
    {
        var plain = RulePackage.Load(Package);
        var reformed = plain.WithReform(Draft);
        var loaded = RulePackage.Load(Package, Draft);
        Assert.Equal("land_tax_2019_draft", reformed.Model.Reform?.Name);
        Assert.Null(plain.Model.Reform);
        foreach (var (grade, at) in new[] { (1, "2018-12-31"), (1, "2019-01-01"), (2, "2019-06-01"), (5, "2019-06-01") })
        {
            var day = DateOnly.Parse(at, CultureInfo.InvariantCulture);
            var inputs = new Dictionary<string, object?> { ["grade"] = grade, ["area_m2"] = 1000m };
            Assert.Equal(loaded.Evaluate("land_use_tax_parcel", day, inputs).Output("annual_tax"), reformed.Evaluate("land_use_tax_parcel", day, inputs).Output("annual_tax"));
        }
        // 107号 §二: grade 1, 1000 m² × 25 元 in the package; × 30 元 (25 × 1.2) under the draft from 2019-01-01.
        var q = new Dictionary<string, object?> { ["grade"] = 1, ["area_m2"] = 1000m };
        Assert.Equal(new Money(25000m), plain.Evaluate("land_use_tax_parcel", new DateOnly(2019, 6, 1), q).Output("annual_tax"));
        Assert.Equal(new Money(30000m), reformed.Evaluate("land_use_tax_parcel", new DateOnly(2019, 6, 1), q).Output("annual_tax"));
        Assert.Same(plain.Compilation.Syntax[0], reformed.Compilation.Syntax[0]);   // parsed once
    }

    [Fact]
    public void WithReform_reports_a_reform_with_errors_located_in_its_file()
    {
        var bad = Path.Combine(Directory.CreateTempSubdirectory("policyrules-bad-reform").FullName, "bad.reform");
        File.WriteAllText(bad, File.ReadAllText(Draft).Replace("parameter land_tax_rate ", "parameter land_tax_rat ", StringComparison.Ordinal));
        var e = Assert.Throws<RulePackageException>(() => RulePackage.Load(Package).WithReform(bad));
        var error = Assert.Single(e.Diagnostics, d => d.IsError);
        Assert.Equal(bad.Replace('\\', '/'), error.Span.File);
        Assert.Contains("land_tax_rat", error.Message);
    }

    [Fact]
    public void Diff_with_a_reform_with_errors_prints_them_and_fails()
    {
        var bad = Path.Combine(Directory.CreateTempSubdirectory("policyrules-bad-reform").FullName, "bad.reform");
        File.WriteAllText(bad, File.ReadAllText(Draft).Replace("parameter land_tax_rate ", "parameter land_tax_rat ", StringComparison.Ordinal));
        var (exit, _, err) = CliRunner.Run("", "diff", "--rules", Package, "--reform", bad, "--module", "land_use_tax_parcel",
            "--input", TestPaths.InRepo("samples", "parcels.csv"), "--at", "2019-06-01");
        Assert.Equal(1, exit);
        Assert.Contains("land_tax_rat", err);
        Assert.Contains($"the reform '{bad}' has errors", err);
    }
}
