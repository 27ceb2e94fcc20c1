using PolicyRules.Evaluation;
using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;
using Snapshooter;
using Snapshooter.Xunit;

namespace PolicyRules.Tests.Scenarios;

/// <summary>
/// The explanation trace of one worked example per module of the Handan package, snapshotted under
/// <c>__snapshots__/</c>. Each snapshot was read against the gazette when it was committed: a change to one is a
/// change to what the package tells a citizen, and is reviewed the same way.
/// </summary>
public class ExplanationSnapshotTests
{
    private static readonly Lazy<ScenarioSuite> Suite = new(() => ScenarioSuite.Load(TestPaths.Package));

    /// <summary>The module's first hand-worked (手算) scenario without a table that expects results; else its first case that expects results.</summary>
    internal static ScenarioCase? Example(string module)
    {
        var candidates = Suite.Value.Cases
            .Where(c => c.Scenario.Module?.Name == module && c.ExpectedError is null && !c.HasErrors && c.Scenario.SkipReason is null)
            .ToList();
        return candidates.FirstOrDefault(c => c.Row is null && c.Scenario.Tags.Contains("手算")) ?? candidates.FirstOrDefault();
    }

    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var m in Suite.Value.Package.Model.Modules.Where(m => Example(m.Name) is not null)) data.Add(m.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Explanation_of_a_worked_example(string module)
    {
        var c = Example(module)!;
        var result = new ScenarioRunner(Suite.Value.Package).Run(c);
        Assert.Equal(ScenarioOutcome.Passed, result.Outcome);
        var text = $"scenario \"{c.DisplayName}\" ({Path.GetFileName(c.Span.File)})\n" + ExplanationText.Write(result.Evaluation!).Replace("\r\n", "\n");
        Snapshot.Match(text, SnapshotNameExtension.Create(module));
    }
}
