using PolicyRules.Language.Messages;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// A catalogue message as a SQL text expression, so that a statement's error rows read as the interpreter's in the run's
/// language: a placeholder whose value is <see cref="Column"/> (a SQL text expression, such as the raw cell) is
/// concatenated in at run time; every other part is a constant rendered once.
/// </summary>
internal static class SqlMsg
{
    private const char Open = '\u0001', Close = '\u0002';

    /// <summary>A placeholder value computed by SQL: <paramref name="expression"/> must be text.</summary>
    public static object Column(string expression) => new SqlValue(expression);

    /// <summary><paramref name="message"/> in <paramref name="lang"/> as a SQL text expression.</summary>
    public static string Text(Msg message, Lang lang) => Text(message.Render(lang));

    /// <summary><paramref name="rendered"/> (text holding <see cref="Column"/> values) as a SQL text expression.</summary>
    public static string Text(string rendered)
    {
        var parts = new List<string>();
        var at = 0;
        while (at < rendered.Length)
        {
            var open = rendered.IndexOf(Open, at);
            if (open < 0) { parts.Add(SqlTypes.Quote(rendered[at..])); break; }
            if (open > at) parts.Add(SqlTypes.Quote(rendered[at..open]));
            var close = rendered.IndexOf(Close, open);
            parts.Add(rendered[(open + 1)..close]);
            at = close + 1;
        }
        return parts.Count == 0 ? "''" : string.Join(" || ", parts);
    }

    /// <summary>Rendered as its expression between markers that <see cref="Text(string)"/> splits on.</summary>
    private sealed class SqlValue(string expression)
    {
        public override string ToString() => Open + expression + Close;
    }
}
