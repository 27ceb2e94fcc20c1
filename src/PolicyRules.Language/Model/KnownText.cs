using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace PolicyRules.Language.Model;

/// <summary>A spelling that an input reads as one of its known values (<c>variant "黄梁梦镇" => "黄粱梦镇" note "…"</c>).</summary>
public sealed record KnownVariant(string Text, string Known, string Note);

/// <summary>How a text was read against an input's known values.</summary>
public enum KnownTextKind
{
    /// <summary>One of the known values, after cleaning.</summary>
    Known,
    /// <summary>A declared variant of a known value.</summary>
    Variant,
    /// <summary>Close to a known value but not one of them: refused, with a did-you-mean.</summary>
    Close,
    /// <summary>Neither known nor close to one: taken as written (cleaned).</summary>
    Unnamed,
}

/// <summary>What reading a text against an input's known values gave (<see cref="KnownText.Read"/>).</summary>
public readonly struct KnownTextReading
{
    internal KnownTextReading(KnownTextKind kind, string value, string? nearest) { Kind = kind; Value = value; Nearest = nearest; }
    /// <summary>How the text was read.</summary>
    public KnownTextKind Kind { get; }
    /// <summary>The value the rules see: the known value for <see cref="KnownTextKind.Known"/> and <see cref="KnownTextKind.Variant"/>, else the cleaned text.</summary>
    public string Value { get; }
    /// <summary>For <see cref="KnownTextKind.Close"/>, the known value it is close to.</summary>
    public string? Nearest { get; }
}

/// <summary>
/// The text values an input declares with <c>known</c> and <c>variant</c> (names the law lists, such as the townships
/// of 107号 §一), and the one function every input path (interpreter, JSON, CSV, scenarios, generated modules) uses
/// to read a given text against them.
/// </summary>
public sealed class KnownText
{
    private readonly HashSet<string> _values;
    private readonly Dictionary<string, string> _variants;

    /// <summary>The known values and noted variants of an input, as its <c>known</c> and <c>variant</c> clauses declare them.</summary>
    public KnownText(IReadOnlyList<string> values, IReadOnlyList<KnownVariant> variants)
    {
        Values = values;
        Variants = variants;
        _values = new HashSet<string>(values, StringComparer.Ordinal);
        _variants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in variants) _variants[v.Text] = v.Known;
    }

    /// <summary>The known values, as declared.</summary>
    public IReadOnlyList<string> Values { get; }
    /// <summary>The declared variants, each with the known value it stands for and its note.</summary>
    public IReadOnlyList<KnownVariant> Variants { get; }

    /// <summary>Leading and trailing white space removed (the ideographic space included), full-width letters, digits and signs made half-width.</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
            sb.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ => c,
            });
        return sb.ToString().Trim();
    }

    /// <summary>
    /// Reads <paramref name="text"/>: cleaned, then a known value, a variant, close to a known value (refused), or taken
    /// as written. Names are compared without a final 乡 or 镇 (the stem). Close: the same stem with another or no final
    /// 乡/镇 (南堡镇 for 南堡乡, 黄粱梦 for 黄粱梦镇), or a stem within one edit (a character added, dropped or changed)
    /// per three characters of the known stem — one for 黄粱梦, two from six characters on. A two-character stem allows
    /// no edit: changing one of its two characters (马庄乡 against 康庄乡) names another place as often as a typing error.
    /// </summary>
    public KnownTextReading Read(string text)
    {
        var cleaned = Clean(text);
        if (_values.Contains(cleaned)) return new(KnownTextKind.Known, cleaned, null);
        if (_variants.TryGetValue(cleaned, out var known)) return new(KnownTextKind.Variant, known, null);
        string? nearest = null;
        var best = int.MaxValue;
        var textStem = Stem(cleaned);
        foreach (var value in Values)
        {
            var stem = Stem(value);
            // The same stem with another or no 乡/镇 counts as one edit.
            var d = textStem == stem ? 1 : Distance(textStem, stem);
            var close = textStem == stem || d <= stem.Length / 3;
            if (close && d < best) { best = d; nearest = value; }
        }
        return nearest is null ? new(KnownTextKind.Unnamed, cleaned, null) : new(KnownTextKind.Close, cleaned, nearest);
    }

    private static string Stem(string name) =>
        name.Length > 1 && (name[name.Length - 1] == '乡' || name[name.Length - 1] == '镇') ? name.Substring(0, name.Length - 1) : name;

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
