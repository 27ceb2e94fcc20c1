using Microsoft.CodeAnalysis.Text;

namespace PolicyRules.Analyzers.Tests.Infrastructure;

/// <summary>Test text with <c>[|…|]</c> around each place a diagnostic is expected.</summary>
public sealed record Markup(string Text, IReadOnlyList<TextSpan> Spans)
{
    public static Markup Parse(string marked)
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<TextSpan>();
        var starts = new Stack<int>();
        for (var i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '|') { starts.Push(text.Length); i++; continue; }
            if (i + 1 < marked.Length && marked[i] == '|' && marked[i + 1] == ']') { spans.Add(TextSpan.FromBounds(starts.Pop(), text.Length)); i++; continue; }
            text.Append(marked[i]);
        }
        return new Markup(text.ToString(), spans.OrderBy(s => s.Start).ToList());
    }

    /// <summary>The spans as 1-based (line, column) of their starts, as diagnostics print them.</summary>
    public IReadOnlyList<(int Line, int Column)> Starts()
    {
        var source = SourceText.From(Text);
        return Spans.Select(s => { var p = source.Lines.GetLinePosition(s.Start); return (p.Line + 1, p.Character + 1); }).ToList();
    }
}
