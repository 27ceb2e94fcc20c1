using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace PolicyRules.Language.Messages;

/// <summary>The languages messages are written in: <c>--lang en|zh</c>.</summary>
public enum Lang
{
    /// <summary>English.</summary>
    En,
    /// <summary>Chinese (zh-CN).</summary>
    Zh,
}

/// <summary>
/// A message not yet put into words: its key in <see cref="MessageCatalogue"/> and the values of its named
/// placeholders. It is rendered in a language only where it is shown, so one diagnostic or evaluation error reads in
/// English or in Chinese from the same call site. A placeholder's value may itself be a <see cref="Msg"/> (rendered
/// in the same language) or a list (joined with the language's separator: <c>a, b</c> in English, <c>a、b</c> in
/// Chinese). A call site passes a list's items, never a string it joined itself, so the Chinese text lists with 、.
/// </summary>
public sealed class Msg : IEquatable<Msg>
{
    private Msg(string key, IReadOnlyList<KeyValuePair<string, object?>> args)
    {
        Key = key;
        Args = args;
    }

    /// <summary>The message's id in the catalogue.</summary>
    public string Key { get; }

    /// <summary>The placeholders' names and values, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Args { get; }

    /// <summary>The message <paramref name="key"/> with its placeholders' values: <c>Msg.Of("scenario.no_such_input", ("module", m), ("name", n))</c>.</summary>
    public static Msg Of(string key, params (string Name, object? Value)[] args)
    {
        // A loop, not LINQ over the tuples: ReadyToRun cannot precompile generic code over value tuples (start-up).
        var pairs = new KeyValuePair<string, object?>[args.Length];
        for (var k = 0; k < args.Length; k++) pairs[k] = new KeyValuePair<string, object?>(args[k].Name, args[k].Value);
        return new Msg(key, pairs);
    }

    /// <summary>The message in <paramref name="lang"/>.</summary>
    public string Render(Lang lang) => MessageCatalogue.Render(this, lang);

    /// <summary>The English text (the toolkit's default language).</summary>
    public override string ToString() => Render(Lang.En);

    /// <summary>Same key and same values (a list value: the same items in the same order).</summary>
    public bool Equals(Msg? other) =>
        other is not null && Key == other.Key && Args.Count == other.Args.Count
        && Args.Zip(other.Args, (a, b) => a.Key == b.Key && SameValue(a.Value, b.Value)).All(x => x);

    private static bool SameValue(object? a, object? b) =>
        a is System.Collections.IEnumerable x and not string && b is System.Collections.IEnumerable y and not string
            ? x.Cast<object?>().SequenceEqual(y.Cast<object?>())
            : Equals(a, b);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Msg);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key) ^ Args.Count;
}

/// <summary>
/// The citations of a rule put into a message as a list (<c>eval.conflict</c>'s <c>{first_cites}</c>): joined with
/// <c>; </c> in English, because a citation may hold a comma there (a draft's: <c>t §一 (draft, reform NAME)</c>), and
/// with 、 in Chinese like any other list: a Chinese citation's own comma is inside （…）, and 、 keeps the list below the
/// ， that separates it from the rule's place in the message, where ； would read as the larger break.
/// </summary>
public sealed class CitationList : IEnumerable<object?>
{
    private readonly IReadOnlyList<object?> _items;

    /// <summary>A list of <paramref name="citations"/>, each shown as its text in the message's language.</summary>
    public CitationList(IEnumerable<object?> citations) { _items = citations.ToList(); }

    /// <summary>The citations joined in <paramref name="lang"/>: <c>a; b</c> in English, <c>a、b</c> in Chinese.</summary>
    public string Render(Lang lang) => MessageCatalogue.Join(_items, lang, "; ");

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The English text.</summary>
    public override string ToString() => Render(Lang.En);
}

/// <summary>
/// The message catalogue: every message the toolkit shows people, written once in English (<see cref="En"/>) and
/// once in Chinese (<see cref="Zh"/>), keyed by message id, with named placeholders (<c>{name}</c>; <c>{{</c> and
/// <c>}}</c> are literal braces). The catalogues are C# tables (Catalogue.En.cs, Catalogue.Zh.cs) rather than
/// resources because this assembly also runs inside the C# compiler, where reading files and satellite assemblies is
/// not available; a test checks that both tables have the same keys and placeholders and that every key a call site
/// names is in them.
/// </summary>
public static partial class MessageCatalogue
{
    /// <summary>The catalogue of <paramref name="lang"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(Lang lang) => lang == Lang.Zh ? Zh : En;

    /// <summary>The text of <paramref name="message"/> in <paramref name="lang"/> (English when the key is missing there).</summary>
    public static string Render(Msg message, Lang lang)
    {
        if (!Of(lang).TryGetValue(message.Key, out var template) && !En.TryGetValue(message.Key, out template))
            return message.Key + "(" + string.Join(", ", message.Args.Select(a => a.Key + "=" + Value(a.Value, lang))) + ")";
        var sb = new StringBuilder(template.Length + 32);
        // Where a value just ended (-1: none), so the text after it can be spaced from it.
        var valueEnd = -1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c) { Literal(sb, c, ref valueEnd, lang); i++; continue; }
            if (c != '{') { Literal(sb, c, ref valueEnd, lang); continue; }
            var end = template.IndexOf('}', i);
            var name = template.Substring(i + 1, end - i - 1);
            var found = false;
            foreach (var a in message.Args)
                if (a.Key == name)
                {
                    var value = Value(a.Value, lang);
                    // An ordinal (第{line}行) stays whole.
                    var ordinal = i > 0 && template[i - 1] == '第';
                    if (lang == Lang.Zh && !ordinal && value.Length > 0 && sb.Length > 0 && NeedsSpace(sb[sb.Length - 1], value[0])) sb.Append(' ');
                    sb.Append(value);
                    valueEnd = ordinal || value.Length == 0 ? -1 : sb.Length;
                    found = true;
                    break;
                }
            if (!found) sb.Append('{').Append(name).Append('}');
            i = end;
        }
        return sb.ToString();
    }

    /// <summary>Appends a character of the template, spaced from a value just before it as the Chinese spacing rule asks.</summary>
    private static void Literal(StringBuilder sb, char c, ref int valueEnd, Lang lang)
    {
        if (lang == Lang.Zh && valueEnd == sb.Length && NeedsSpace(sb[sb.Length - 1], c)) sb.Append(' ');
        valueEnd = -1;
        sb.Append(c);
    }

    /// <summary>
    /// The spacing rule at the top of Catalogue.Zh.cs, applied where a run-time value (a name, a number, a type name, a
    /// list) meets the Chinese text around it: one space between a Chinese character and a Latin letter or a digit, none
    /// next to punctuation. The catalogue's own text already follows the rule; this keeps it true once values are in.
    /// </summary>
    internal static bool NeedsSpace(char before, char after) =>
        (IsChinese(before) && IsLatinOrDigit(after)) || (IsLatinOrDigit(before) && IsChinese(after));

    private static bool IsChinese(char c) => c >= '\u4E00' && c <= '\u9FFF';

    private static bool IsLatinOrDigit(char c) => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9';

    /// <summary>A list's items as text in <paramref name="lang"/>: joined with 、 in Chinese, with <paramref name="englishSeparator"/> in English.</summary>
    internal static string Join(IEnumerable<object?> items, Lang lang, string englishSeparator) =>
        string.Join(lang == Lang.Zh ? "、" : englishSeparator, items.Select(x => Value(x, lang)));

    /// <summary>A placeholder's value as text in <paramref name="lang"/>.</summary>
    private static string Value(object? value, Lang lang) => value switch
    {
        null => lang == Lang.Zh ? "无" : "none",
        string s => s,
        Msg m => m.Render(lang),
        CitationList citations => citations.Render(lang),
        Model.CitationModel citation => citation.Text(lang),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => Join(list.Cast<object?>(), lang, ", "),
        _ => value.ToString() ?? "",
    };

    /// <summary>The placeholder names of a template, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        var names = new List<string>();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c) { i++; continue; }
            if (c != '{') continue;
            var end = template.IndexOf('}', i);
            if (end < 0) break;
            var name = template.Substring(i + 1, end - i - 1);
            if (!names.Contains(name)) names.Add(name);
            i = end;
        }
        return names;
    }

    /// <summary>
    /// The language to answer in when <c>--lang</c> is not given: Chinese when a file being processed is written with
    /// Chinese keywords (<paramref name="usesChineseKeywords"/>) or the locale (<c>LC_ALL</c>, then <c>LANG</c>) starts with zh.
    /// </summary>
    public static Lang Default(bool usesChineseKeywords, string? lcAll, string? lang)
    {
        if (usesChineseKeywords) return Lang.Zh;
        var locale = !string.IsNullOrEmpty(lcAll) ? lcAll : lang;
        return locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Lang.Zh : Lang.En;
    }

    /// <summary>Reads <c>--lang</c>: zh, zh-CN, en, en-US …; null for anything else.</summary>
    public static Lang? Parse(string text) =>
        text.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Lang.Zh
        : text.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Lang.En
        : null;
}
