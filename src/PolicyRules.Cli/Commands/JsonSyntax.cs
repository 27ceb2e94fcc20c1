using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// A JSON syntax error in an input file, located as the tool locates every error in a file: <c>file(line,column):</c>,
/// the column counted in characters (System.Text.Json counts bytes, from 0), with what is wrong there in the user's
/// language (.NET's own wording is English only).
/// </summary>
internal static class JsonSyntax
{
    /// <summary>System.Text.Json's default maximum depth.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// For an <paramref name="error"/> of <see cref="PolicyRules.Evaluation.JsonInput"/> that says the text is not JSON
    /// (<c>json.invalid</c>), the same error located in <paramref name="file"/> (<see cref="Problem"/>); null for any other
    /// error, which the caller says as it is. The text is parsed again only when it already failed to parse.
    /// </summary>
    public static Msg? Located(PolicyRules.Evaluation.EvaluationError error, string text, string file, int firstLine = 1) =>
        error.Text?.Key == "json.invalid" ? Problem(text, file, firstLine) : null;

    /// <summary>
    /// Null when <paramref name="text"/> is JSON (what is in it is checked later, by <see cref="PolicyRules.Evaluation.JsonInput"/>);
    /// else <c>cli.input_not_json</c> naming <paramref name="file"/>. <paramref name="firstLine"/> is the file's line the text
    /// starts at (a line of a JSON-lines file).
    /// </summary>
    private static Msg? Problem(string text, string file, int firstLine)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return null;
        }
        catch (JsonException e)
        {
            var lineIndex = (int)(e.LineNumber ?? 0);
            var lines = text.Split('\n');
            var line = lineIndex < lines.Length ? lines[lineIndex] : "";
            var bytes = Encoding.UTF8.GetBytes(line);
            var byteColumn = (int)Math.Min(e.BytePositionInLine ?? 0, bytes.Length);
            var column = Encoding.UTF8.GetCharCount(bytes, 0, byteColumn);
            var offset = lines.Take(lineIndex).Sum(l => l.Length + 1) + column;
            return Msg.Of("cli.input_not_json", ("file", file), ("line", firstLine + lineIndex), ("column", column + 1),
                ("problem", What(text, Math.Min(offset, text.Length))));
        }
        catch (ArgumentException)
        {
            return null; // text holding a lone surrogate: JsonInput names it
        }
    }

    private static Msg What(string text, int offset)
    {
        // System.Text.Json puts the end of text cut short after a comma, colon or opening bracket on that character.
        if (text.AsSpan(offset).IsWhiteSpace()
            || text[offset] is ',' or ':' or '[' or '{' && text.AsSpan(offset + 1).IsWhiteSpace())
            return Msg.Of("json.ends_early");
        if (DepthAt(text, offset) > MaxDepth) return Msg.Of("json.too_deep", ("depth", MaxDepth));
        var at = char.IsSurrogatePair(text, offset) ? text.Substring(offset, 2) : text[offset].ToString();
        var shown = char.IsControl(at[0]) || char.IsWhiteSpace(at[0])
            ? "U+" + ((int)at[0]).ToString("X4", CultureInfo.InvariantCulture)
            : at;
        return Msg.Of("json.unexpected", ("text", shown));
    }

    /// <summary>How deep objects and lists are nested just past <paramref name="offset"/> (brackets inside strings not counted).</summary>
    private static int DepthAt(string text, int offset)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i <= offset && i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            }
            else if (c == '"') inString = true;
            else if (c is '{' or '[') depth++;
            else if (c is '}' or ']') depth--;
        }
        return depth;
    }
}
