using System.Linq;
using System.Text;

namespace PolicyRules.Analyzers.Generation;

/// <summary>Writes C# with indentation ('\n' line ends, four spaces a level).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Text written by another writer, indented one level deeper than its own lines (for a body written first).</summary>
    public CodeWriter Raw(string text)
    {
        foreach (var line in text.Split('\n').Take(text.EndsWith("\n", System.StringComparison.Ordinal) ? text.Count(c => c == '\n') : int.MaxValue))
            Line(line);
        return this;
    }

    public CodeWriter Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
        return this;
    }

    public CodeWriter Doc(string? summary, string? remarks = null)
    {
        if (summary is not null) Line("/// <summary>" + Xml(summary) + "</summary>");
        if (remarks is not null) Line("/// <remarks>" + Xml(remarks) + "</remarks>");
        return this;
    }

    private static string Xml(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", "").Replace("\n", " ");

    public override string ToString() => _text.ToString();
}
