using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;

namespace PolicyRules.Tests.Scenarios;

/// <summary>
/// <c>dotnet test</c> runs every scenario of the Handan package: one test case per scenario, one per table row,
/// failing with the same report <c>policyrules test</c> prints (expected against actual, the explanation quoting the law).
/// </summary>
public class HandanScenarioTests
{
    /// <summary>The package and its scenarios, compiled once per test run; null with the reason when the rules have errors.</summary>
    private static readonly Lazy<(ScenarioSuite? Suite, string? Error)> Loaded = new(() =>
    {
        try { return (ScenarioSuite.Load(TestPaths.Package), null); }
        catch (RulePackageException e) { return (null, e.Message); }
    });

    // Cases are made afresh each time a suite's cases are enumerated (tables stream): make them once for all the tests.
    private static readonly Lazy<Dictionary<(string File, int Line), ScenarioCase>> ByLine =
        new(() => Loaded.Value.Suite!.Cases.ToDictionary(c => (Relative(c.Span.File), c.Span.Line)));

    private static string Relative(string path) => Path.GetRelativePath(TestPaths.RepoRoot, Path.GetFullPath(path)).Replace('\\', '/');

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        var (suite, error) = Loaded.Value;
        if (suite is null)
        {
            data.Add("(the rule package)", 0, error!);
            return data;
        }
        foreach (var c in suite.Cases) data.Add(Relative(c.Span.File), c.Span.Line, c.DisplayName);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scenario(string file, int line, string name)
    {
        var (suite, error) = Loaded.Value;
        Assert.True(suite is not null, error);
        var c = ByLine.Value[(file, line)];
        Assert.Equal(name, c.DisplayName);
        var result = new ScenarioRunner(suite.Package, reforms: suite.Reforms).Run(c);
        Assert.True(result.Outcome != ScenarioOutcome.Failed, result.Report());
    }

    [Fact]
    public void Every_scenario_file_of_the_package_is_read()
    {
        var files = Directory.EnumerateFiles(Path.Combine(TestPaths.Package, "scenarios"), "*.scenario").Select(Relative).Order().ToList();
        Assert.NotEmpty(files);
        var read = Loaded.Value.Suite!.Scenarios.Files.Select(f => Relative(f.Path)).Order().ToList();
        Assert.Equal(files, read);
        Assert.All(Loaded.Value.Suite.Scenarios.Files, f => Assert.NotEmpty(f.Scenarios));
    }
}
