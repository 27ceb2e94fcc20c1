using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// A text input with known names (<c>known</c>/<c>variant</c>) read as <c>RuleOps.KnownInput</c> reads it
/// (<see cref="KnownText.Read"/>): white space around it removed and full-width characters made half-width; a known name
/// is kept, a variant becomes its known name, a near miss is <c>invalid_input</c> with a did-you-mean, any other text is
/// taken as cleaned. A near miss: the same stem (the name without a final 乡 or 镇), or a stem one edit away from a known
/// stem of three to five characters — written out as the stem with one character changed, added or dropped (LIKE
/// patterns), so no edit-distance function is needed. Longer known names (two edits) are refused by the module emitter.
/// </summary>
internal sealed class KnownSql(SqlBuilder b, SqlDialect dialect, InputModel input, Lang lang)
{
    private const string FullWidth = "！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～\u3000";
    private const string HalfWidth = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ";

    /// <summary>The white space C#'s string.Trim removes (char.IsWhiteSpace), as code points.</summary>
    private static readonly int[] WhiteSpace =
        [9, 10, 11, 12, 13, 32, 0x85, 0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000];

    /// <summary>The first failure (a near miss), or NULL.</summary>
    public string Error { get; private set; } = "NULL";

    public static string Stem(string name) => name.Length > 1 && name[^1] is '乡' or '镇' ? name[..^1] : name;

    private static string StemSql(string x) => $"CASE WHEN length({x}) > 1 AND right({x}, 1) IN ('乡', '镇') THEN left({x}, length({x}) - 1) ELSE {x} END";

    private static string Like(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Binds the read value of the text column <paramref name="raw"/> to <paramref name="column"/>; returns its stage.</summary>
    public int Read(string raw, string column)
    {
        var known = input.Known!;
        var spaces = string.Join(" || ", WhiteSpace.Select(c => $"chr({c})"));
        var translated = $"translate({raw}, {SqlTypes.Quote(FullWidth)}, {SqlTypes.Quote(HalfWidth)})";
        var (cleaned, s1) = b.Bind(dialect == SqlDialect.Postgres ? $"btrim({translated}, {spaces})" : $"trim({translated}, {spaces})", 0);
        var (stem, s2) = b.Bind(StemSql(cleaned), s1);
        var whens = new List<string> { $"WHEN {cleaned} IN ({string.Join(", ", known.Values.Select(SqlTypes.Quote))}) THEN {cleaned}" };
        whens.AddRange(known.Variants.Select(v => $"WHEN {cleaned} = {SqlTypes.Quote(v.Text)} THEN {SqlTypes.Quote(v.Known)}"));
        var (_, s3) = b.Bind($"CASE WHEN {raw} IS NULL THEN NULL {string.Join(" ", whens)} ELSE {cleaned} END", s2, column);

        // The first known name (in the order written) that the text is close to: every close one is one edit away.
        var nearest = known.Values.Select(v => $"WHEN {Close(stem, Stem(v))} THEN {SqlTypes.Quote(v)}");
        var isKnown = $"{cleaned} IN ({string.Join(", ", known.Values.Concat(known.Variants.Select(v => v.Text)).Select(SqlTypes.Quote))})";
        var (near, s4) = b.Bind($"CASE WHEN {raw} IS NULL OR {isKnown} THEN NULL {string.Join(" ", nearest)} END", s2);
        var message = SqlMsg.Text(Msg.Of("input.close_name", ("input", RuleOps.InputName(input.Name, input.Label)), ("value", SqlMsg.Column(raw)),
            ("nearest", SqlMsg.Column(near))), lang);
        Error = $"CASE WHEN {near} IS NOT NULL THEN {SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, input.Name, message)} END";
        return Math.Max(s3, s4);
    }

    /// <summary>The text's stem equals <paramref name="stem"/> or, for a stem of 3–5 characters, is one edit from it.</summary>
    private static string Close(string text, string stem)
    {
        var tests = new List<string> { $"{text} = {SqlTypes.Quote(stem)}" };
        if (stem.Length / 3 >= 1)
        {
            var n = stem.Length;
            var changed = Enumerable.Range(0, n).Select(i => Like(stem[..i]) + "_" + Like(stem[(i + 1)..]));
            var added = Enumerable.Range(0, n + 1).Select(i => Like(stem[..i]) + "_" + Like(stem[i..]));
            var dropped = Enumerable.Range(0, n).Select(i => stem[..i] + stem[(i + 1)..]).Distinct();
            tests.Add($"(length({text}) = {n} AND ({string.Join(" OR ", changed.Select(p => $"{text} LIKE {SqlTypes.Quote(p)} ESCAPE '\\'"))}))");
            tests.Add($"(length({text}) = {n + 1} AND ({string.Join(" OR ", added.Select(p => $"{text} LIKE {SqlTypes.Quote(p)} ESCAPE '\\'"))}))");
            tests.Add($"{text} IN ({string.Join(", ", dropped.Select(SqlTypes.Quote))})");
        }
        return "(" + string.Join(" OR ", tests) + ")";
    }
}
