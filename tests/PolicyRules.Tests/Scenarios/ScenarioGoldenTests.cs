using System.Text;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;

namespace PolicyRules.Tests.Scenarios;

/// <summary>
/// Golden scenario files: each <c>golden/good|bad/NNN-topic.scenario</c> sits beside <c>NNN-topic.out.txt</c> holding
/// exactly what <c>policyrules test --verbose</c> prints for it, run against the small package in <c>golden/package</c>:
/// every diagnostic with its file(line,col) and words, every failure with the explanation.
/// Run with POLICYRULES_ACCEPT=1 to rewrite the .out.txt files, then review them in git diff.
/// </summary>
public class ScenarioGoldenTests
{
    internal static string GoldenDir => TestPaths.InRepo("tests", "PolicyRules.Tests", "Scenarios", "golden");

    internal static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(Path.Combine(GoldenDir, "package")));

    public static TheoryData<string> Files() => TestPaths.FilesUnder(GoldenDir, "*.scenario");

    [Theory]
    [MemberData(nameof(Files))]
    public void Output_matches_golden_file(string file)
    {
        var path = Path.Combine(GoldenDir, file);
        var compiled = ScenarioCompilation.Compile(Package.Value.Model, [new SourceText(file, File.ReadAllText(path))]);
        var runner = new ScenarioRunner(Package.Value);
        var results = compiled.Cases.Select(runner.Run).ToList();
        var actual = Render(results);

        if (file.StartsWith("good/", StringComparison.Ordinal))
        {
            Assert.Empty(compiled.Diagnostics);
            Assert.All(results, r => Assert.NotEqual(ScenarioOutcome.Failed, r.Outcome));
        }
        else Assert.Contains(results, r => r.Outcome == ScenarioOutcome.Failed);

        var expectedPath = Path.ChangeExtension(path, ".out.txt");
        if (Environment.GetEnvironmentVariable("POLICYRULES_ACCEPT") == "1") File.WriteAllText(expectedPath, actual);
        Assert.True(File.Exists(expectedPath), $"missing {expectedPath}; run the tests with POLICYRULES_ACCEPT=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    private static string Render(IEnumerable<ScenarioResult> results)
    {
        var sb = new StringBuilder();
        foreach (var r in results)
            sb.Append(r.Report().Replace("\r\n", "\n"));
        return sb.ToString();
    }
}
