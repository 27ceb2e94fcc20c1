using PolicyRules.Language.Scenarios;

namespace PolicyRules.Tests.Scenarios;

/// <summary>
/// Table cells of the common shapes are read by a direct path (for tables of a million rows, issue 10 item 13); it
/// must give exactly what the grammar gives the same text in a <c>given</c> line.
/// </summary>
public class ScenarioCellTests
{
    [Theory]
    [InlineData("25000 元")]
    [InlineData("25000元")]
    [InlineData("1")]
    [InlineData("-3")]
    [InlineData("＋3")]
    [InlineData("7.9%")]
    [InlineData("７．９％")]
    [InlineData("１６５０　平方米")]
    [InlineData("2.5 万元")]
    [InlineData("0.1234567890123456789012345678")]
    [InlineData("是")]
    [InlineData("丛台区")]
    [InlineData("not_in_force")]
    [InlineData("2017-09-01")]
    [InlineData("2017年9月1日")]
    [InlineData("1 2")]
    [InlineData("1.")]
    [InlineData("1e5")]
    [InlineData("\"text\"")]
    [InlineData("[1, 2]")]
    public void A_cell_reads_as_the_same_value_as_in_a_given_line(string text)
    {
        var file = new ScenarioParser("cells.scenario").Parse(
            $"scenario \"s\"\n  module m\n  at 2017-09-01\n  cites law §一\n  given\n    a = {text}\n  table\n    | a | => | b |\n    | {text} | => | 1 |\n");
        var s = Assert.Single(file.Scenarios);
        Assert.Empty(s.Diagnostics);
        var given = Assert.Single(s.Given).Value;
        var row = Assert.Single(s.Table!.Rows);
        Assert.Empty(row.Diagnostics);
        var cell = row.Inputs[0]!.Value;
        Assert.Equal(Describe(given), Describe(cell));
        Assert.Equal((9, 7), (cell.Span.Line, cell.Span.Column));
        Assert.Equal(given.Span.EndColumn - given.Span.Column, cell.Span.EndColumn - cell.Span.Column);
    }

    private static string Describe(ScenarioValueSyntax v) => v switch
    {
        ScenarioNumberSyntax n => $"number {n.Number} whole={n.IsWhole} unit={n.Unit} text={n.Text}",
        ScenarioWordSyntax w => $"word {w.Word} text={w.Text}",
        _ => $"{v.GetType().Name} {v.Text}",
    };
}
