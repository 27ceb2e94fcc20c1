using System.Runtime.CompilerServices;
using System.Text;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;

namespace PolicyRules.Tests.Scenarios;

/// <summary>
/// Issue #10 item 13: a scenario table streams from the parser to the runner. The model holds the table's columns and
/// row count, not its rows: each enumeration of the cases reads, checks and makes them one at a time, and a case is
/// garbage once it has been run, so memory does not grow with the rows. Figures: 邯政办字〔2017〕107号 §二 (一级地段
/// 25 元/m², 二级 18 元, 三级 10 元, 四级 6 元, 五级 3 元).
/// </summary>
public class ScenarioStreamingTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(TestPaths.Package));
    private static readonly int[] Rate = [0, 25, 18, 10, 6, 3];

    /// <summary>A land-use tax table of <paramref name="rows"/> rows, lines ending in <paramref name="newline"/>; row <paramref name="bad"/> expects a wrong tax.</summary>
    private static string Table(int rows, string newline = "\n", int bad = 0)
    {
        var sb = new StringBuilder();
        foreach (var line in new[] { "scenario \"land tax, many rows\"", "  module land_use_tax_parcel", "  at 2017-09-01", "  cites hz107 §二", "  table",
                     "    | grade | area_m2 | => | annual_tax |", "    | --- | --- | -- | --- |" })
            sb.Append(line).Append(newline);
        for (var k = 1; k <= rows; k++)
        {
            var grade = k % 5 + 1;
            var area = 100 + k;
            sb.Append("    | ").Append(grade).Append(" | ").Append(area).Append(" | => | ").Append(Rate[grade] * area + (k == bad ? 1 : 0)).Append(" 元 |").Append(newline);
            if (k % 100 == 0) sb.Append("    # a comment between rows").Append(newline);
        }
        return sb.ToString();
    }

    private static ScenarioModel Compile(string text) =>
        Assert.Single(ScenarioCompilation.Compile(Package.Value.Model, [new SourceText("many.scenario", text)]).Files.Single().Scenarios);

    [Fact]
    public void The_model_counts_a_tables_rows_and_makes_its_cases_afresh_at_each_enumeration()
    {
        var scenario = Compile(Table(1000));
        Assert.Equal(1000, scenario.CaseCount);
        Assert.Equal(1000, scenario.Cases.Count());
        // Nothing is kept between two enumerations: the same row gives a new case (read again from the text) each time.
        var first = scenario.Cases.First();
        Assert.NotSame(first, scenario.Cases.First());
        Assert.Equal(first.Span, scenario.Cases.First().Span);
    }

    [Fact]
    public void A_case_that_has_been_run_is_not_kept_by_the_model()
    {
        var scenario = Compile(Table(2000));
        var (passed, firstCase, firstResult) = RunAll(scenario);
        Assert.Equal(2000, passed);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(firstCase.IsAlive, "the first case is still held after the run");
        Assert.False(firstResult.IsAlive, "the first result is still held after the run");
    }

    // Not inlined, so that no local of the test keeps the first case alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Passed, WeakReference FirstCase, WeakReference FirstResult) RunAll(ScenarioModel scenario)
    {
        var runner = new ScenarioRunner(Package.Value);
        WeakReference? firstCase = null, firstResult = null;
        var passed = 0;
        foreach (var c in scenario.Cases)
        {
            var result = runner.Run(c);
            firstCase ??= new WeakReference(c);
            firstResult ??= new WeakReference(result);
            if (result.Outcome == ScenarioOutcome.Passed) passed++;
        }
        return (passed, firstCase!, firstResult!);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void A_failing_row_is_reported_at_its_own_line_whatever_the_line_breaks(string newline)
    {
        // Row 250 sits on line 7 (header and rule above) + 250 + 2 comment lines (after rows 100 and 200) = 259.
        var scenario = Compile(Table(300, newline, bad: 250));
        var runner = new ScenarioRunner(Package.Value);
        var failed = scenario.Cases.Select(runner.Run).Where(r => r.Outcome == ScenarioOutcome.Failed).ToList();
        var f = Assert.Single(failed);
        Assert.Equal(250, f.Case.Row);
        Assert.Equal("many.scenario(259)", f.Case.Location);
        // 250 % 5 + 1 = grade 1: 25 元 × 350 m² = 8750 元 (107号 §二); the row expects 8751.
        Assert.Contains("annual_tax (年应纳税额): expected 8751 元, got 8750 元   (many.scenario(259,", f.Report());
    }

    [Fact]
    public void A_bad_cell_deep_in_a_table_is_a_located_error_of_its_row_only()
    {
        var lines = Table(600).Split('\n');
        Assert.StartsWith("    | 1 | 600 |", lines[510]);   // row 500 is on line 511 (7 + 500 + 4 comment lines)
        lines[510] = "    | 1 | abc | => | 25 元 |";
        var scenario = Compile(string.Join('\n', lines));
        var runner = new ScenarioRunner(Package.Value);
        var results = scenario.Cases.Select(runner.Run).ToList();
        Assert.Equal(599, results.Count(r => r.Outcome == ScenarioOutcome.Passed));
        var bad = Assert.Single(results, r => r.Outcome == ScenarioOutcome.Failed);
        Assert.Equal(500, bad.Case.Row);
        var d = Assert.Single(bad.Case.Diagnostics);
        Assert.Equal(("many.scenario", 511, 11), (d.Span.File, d.Span.Line, d.Span.Column));
        Assert.Contains("'abc'", d.Message);
    }
}
