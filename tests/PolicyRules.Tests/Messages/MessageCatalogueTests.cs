using System.Text.RegularExpressions;
using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// The message catalogue: both languages have the same messages with the same placeholders, every key a call site
/// names is in it (with the placeholders the message uses), and the Chinese messages are written in Chinese.
/// </summary>
public sealed partial class MessageCatalogueTests
{
    [Fact]
    public void Both_languages_have_the_same_keys()
    {
        Assert.Empty(MessageCatalogue.En.Keys.Except(MessageCatalogue.Zh.Keys));
        Assert.Empty(MessageCatalogue.Zh.Keys.Except(MessageCatalogue.En.Keys));
    }

    [Fact]
    public void Each_message_has_the_same_placeholders_in_both_languages()
    {
        var different = MessageCatalogue.En
            .Where(m => !MessageCatalogue.Placeholders(m.Value).Order().SequenceEqual(MessageCatalogue.Placeholders(MessageCatalogue.Zh[m.Key]).Order()))
            .Select(m => m.Key).ToList();
        Assert.Empty(different);
    }

    /// <summary>Every literal that looks like a message key (a catalogue prefix, a dot, a name) in the sources.</summary>
    private static IEnumerable<(string File, string Key)> KeysInSources()
    {
        var prefixes = MessageCatalogue.En.Keys.Select(k => k[..k.IndexOf('.')]).ToHashSet();
        foreach (var (file, text) in Sources())
            foreach (Match m in KeyLiteral().Matches(text))
                if (prefixes.Contains(m.Groups[1].Value) && !FileExtensions.Contains(m.Groups[2].Value))
                    yield return (file, m.Groups[1].Value + "." + m.Groups[2].Value);
    }

    // "input.csv" is a file name, not a message.
    private static readonly HashSet<string> FileExtensions = ["csv", "json", "jsonl", "md", "rules", "scenario", "xml", "txt", "cs", "duckdb"];

    private static IEnumerable<(string File, string Text)> Sources() =>
        new[] { "src", "analyzers" }
            .SelectMany(d => Directory.EnumerateFiles(TestPaths.InRepo(d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !Path.GetFileName(f).StartsWith("Catalogue.", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(TestPaths.RepoRoot, f), File.ReadAllText(f)));

    [GeneratedRegex("\"([a-z]+)\\.([a-z0-9_]+)\"")]
    private static partial Regex KeyLiteral();

    [Fact]
    public void Every_key_a_call_site_names_is_in_the_catalogue()
    {
        var keys = KeysInSources().ToList();
        Assert.NotEmpty(keys);
        Assert.Empty(keys.Where(k => !MessageCatalogue.En.ContainsKey(k.Key)).Select(k => $"{k.File}: {k.Key}"));
    }

    [Fact]
    public void Every_message_in_the_catalogue_is_used()
    {
        var used = KeysInSources().Select(k => k.Key).ToHashSet();
        var unused = MessageCatalogue.En.Keys.Where(k => !used.Contains(k)).ToList();
        Assert.True(unused.Count == 0, "unused messages: " + string.Join(", ", unused));
    }

    /// <summary>
    /// <c>Msg.Of("key", ("name", …), …)</c> with the key written out: the names given are the message's placeholders,
    /// so that no placeholder is left unfilled and no value is given for nothing.
    /// </summary>
    [Fact]
    public void Every_Msg_Of_call_gives_exactly_the_messages_placeholders()
    {
        var wrong = new List<string>();
        var calls = 0;
        foreach (var (file, text) in Sources())
        {
            for (var at = text.IndexOf("Msg.Of(\"", StringComparison.Ordinal); at >= 0; at = text.IndexOf("Msg.Of(\"", at + 1, StringComparison.Ordinal))
            {
                var (key, names) = ParseCall(text, at + "Msg.Of(".Length);
                if (!MessageCatalogue.En.TryGetValue(key, out var template)) continue; // reported by the test above
                calls++;
                var wanted = MessageCatalogue.Placeholders(template).Order().ToList();
                if (!names.Order().SequenceEqual(wanted))
                    wrong.Add($"{file}: {key} gives ({string.Join(", ", names)}), the message uses ({string.Join(", ", wanted)})");
            }
        }
        Assert.True(calls > 100, $"only {calls} calls found");
        Assert.Empty(wrong);
    }

    /// <summary>The key and the names of the top-level <c>("name", value)</c> arguments of a call whose argument list starts at <paramref name="start"/>.</summary>
    private static (string Key, List<string> Names) ParseCall(string text, int start)
    {
        var keyEnd = text.IndexOf('"', start + 1);
        var key = text[(start + 1)..keyEnd];
        var names = new List<string>();
        var depth = 1;
        for (var i = keyEnd + 1; i < text.Length && depth > 0; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
                if (depth == 2 && IsTupleStart(text, i)) names.Add(text[(i + 1)..end]);
                i = end;
            }
            else if (c == '\'') i = text.IndexOf('\'', i + 2);
            else if (c == '(') depth++;
            else if (c == ')') depth--;
        }
        return (key, names);
    }

    /// <summary>Whether the string at <paramref name="quote"/> opens a tuple <c>("name", …)</c>, not a call's arguments <c>Of("key", …)</c>.</summary>
    private static bool IsTupleStart(string text, int quote)
    {
        var j = quote - 1;
        while (j >= 0 && char.IsWhiteSpace(text[j])) j--;
        if (j < 0 || text[j] != '(') return false;
        j--;
        while (j >= 0 && char.IsWhiteSpace(text[j])) j--;
        return j < 0 || !(char.IsLetterOrDigit(text[j]) || text[j] is '_' or '>');
    }

    /// <summary>
    /// A Chinese message has no English words: what is left once placeholders, options (<c>--lang</c>), commands
    /// (<c>policyrules check</c>), quoted JSON and file patterns are taken out is Chinese, digits and punctuation, apart
    /// from the few names listed here: formats, encodings and programs, the examples' identifiers, and the words of the rule language and the
    /// C# attributes that a rule author writes as they are (<c>requires</c>, <c>else</c>, <c>[Cites]</c>).
    /// </summary>
    [Fact]
    public void Chinese_messages_have_no_English_words()
    {
        string[] allowed =
        [
            "zh", "en", "JUnit", "text", "json", "cobertura", "hz107", "land_use_tax_parcel", "T08", "N",
            "if", "then", "else", "match", "case", "not", "in", "int", "yuan", "cites", "requires", "when", "known", "variant",
            "issued", "in_force", "from", "to", "covers", "always", "years", "months", "title", "note", "repeals", "external",
            "holiday", "workday", "input", "def", "output", "none", "filter", "document", "calendar", "enum", "record", "module", "decimal", "money", "rate",
            "Rule", "IRule", "Cites",
            // JSON and its literals
            "JSON", "true", "false", "null",
            // names of encodings and programs, and iconv's command line
            "UTF", "GB18030", "GBK", "Windows", "Latin", "Excel", "VS", "Code", "iconv", "f", "t",
            // run's and diff's files, engines and encodings, as their options spell them; the 'at' column
            "CSV", "DuckDB", "compiled", "interpreter", "duckdb", "postgres", "utf", "gb18030", "gbk", "at",
            // the rule language's words for parameters and reforms
            "parameter", "not_determinable", "marginal", "single_rate", "draft",
            // the help's names of formats, protocols, variables and values an option takes, as typed
            "SQL", "PostgreSQL", "HTTP", "OpenAPI", "Accept", "Language", "LANG", "LC_ALL", "XML", "Parquet", "Markdown", "GB",
            "lang", "tag", "name", "h", "errors", "csv", "docs", "cli", "md", "language", "reforms", "reform", "dir", "sql", "run",
            // the service's query parameters, as a request spells them, and the address it listens on
            "explain", "IP", "localhost",
        ];
        var english = new List<string>();
        foreach (var (key, template) in MessageCatalogue.Zh)
        {
            var rest = Regex.Replace(template, @"^(test|check|eval|explain|run|diff|doc|sql|serve)：|\{[a-z_]+\}|--[a-z-]+|policyrules( [a-z]+)?|""[^""]*""|\*?\.scenario|scenarios/|\\\\|\\""|PR\d{4}", " ");
            foreach (Match w in Regex.Matches(rest, "[A-Za-z][A-Za-z0-9_]*"))
                if (!allowed.Contains(w.Value)) english.Add($"{key}: {w.Value}");
        }
        Assert.Empty(english);
    }

    /// <summary>
    /// The spacing rule written at the top of Catalogue.Zh.cs: one space between a Chinese character and a Latin letter, a
    /// digit or a placeholder; none inside an ordinal (第{line}行), none around a placeholder that stands for Chinese
    /// wording (listed below), and a Chinese date as typed (2017年9月1日) kept whole.
    /// </summary>
    [Fact]
    public void Chinese_messages_space_Latin_text_one_way()
    {
        var wrong = new List<string>();
        foreach (var (key, template) in MessageCatalogue.Zh)
        {
            var text = ChineseDate().Replace(template.Replace("{{", "(").Replace("}}", ")"), "0");
            foreach (Match m in Ordinal().Matches(text))
                if (m.Value.Contains(' ')) wrong.Add($"{key}: a space inside the ordinal '{m.Value}'");
            text = Ordinal().Replace(text, "行");
            text = Placeholder().Replace(text, m => IsWording(key, m.Groups[1].Value) ? "\u0001" : "x");
            foreach (Match m in SpacedWording().Matches(text))
                wrong.Add($"{key}: a space between Chinese and a placeholder that stands for Chinese wording: {template}");
            foreach (var problem in SpacingProblems(text.Replace('\u0001', '字')))
                wrong.Add($"{key}: {problem} or a placeholder: {template}");
        }
        Assert.Empty(wrong);
    }

    /// <summary>Where <paramref name="text"/> (a template with its placeholders filled, or a rendered message) breaks the
    /// spacing rule: Chinese and a Latin letter or a digit with no space between, outside an ordinal and a typed Chinese date.</summary>
    internal static IEnumerable<string> SpacingProblems(string text)
    {
        text = Ordinal().Replace(ChineseDate().Replace(text, "0"), "行");
        foreach (Match m in TightLatin().Matches(text))
            yield return $"no space between Chinese and Latin text ('{m.Value}')";
    }

    /// <summary>Whether <paramref name="placeholder"/> in message <paramref name="key"/> stands for Chinese wording from
    /// the catalogue (a type in words, what was written, a period…) rather than a name, a number, a path or code.</summary>
    private static bool IsWording(string key, string placeholder) =>
        WordingPlaceholders.TryGetValue(placeholder, out var prefixes)
        && (prefixes.Length == 0 || prefixes.Contains(key[..key.IndexOf('.')]));

    // Placeholder → the message prefixes where it stands for wording (none listed: in every message). A type is in
    // words (TypeWords) in input and value errors, but a type name (decimal, Parcel) in binding and parameter errors.
    private static readonly Dictionary<string, string[]> WordingPlaceholders = new()
    {
        ["what"] = ["date", "encoding", "scenario", "syntax", "value"],
        ["type"] = ["bulk", "clr", "input", "json", "scenario", "text", "typeword", "value"],
        ["from"] = ["bulk"], ["to"] = ["bulk"], ["left"] = ["bulk"], ["right"] = ["bulk"],
        ["found"] = ["date", "syntax"], ["expected"] = ["syntax"], ["got"] = ["json"], ["first"] = ["diff"], ["field"] = ["value"],
        ["written"] = [], ["shape"] = [], ["signature"] = [], ["period"] = [], ["claimed"] = [], ["allowed"] = [],
        ["blank"] = [], ["changes"] = [], ["verb"] = [], ["element"] = [], ["a"] = [], ["b"] = [], ["kind"] = ["files"],
    };

    [GeneratedRegex(@"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}时")]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"第 ?(\{[a-z_]+\}|\d+) ?[行列项个]")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs} \u0001|\u0001 \p{IsCJKUnifiedIdeographs}")]
    private static partial Regex SpacedWording();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}[A-Za-z0-9]|[A-Za-z0-9]\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex TightLatin();

    [Fact]
    public void A_message_renders_its_placeholders_nested_messages_and_lists_in_the_language_asked()
    {
        var message = Msg.Of("scenario.no_such_input", ("module", "tax"), ("name", "地段登记"));
        Assert.Equal("module tax has no input '地段登记'", message.Render(Lang.En));
        Assert.Equal("模块 tax 没有名为“地段登记”的输入", message.Render(Lang.Zh));
        var nested = Msg.Of("scenario.expected_name_value", ("what", Msg.Of("scenario.what_input")), ("found", "x"));
        Assert.Equal("expected an input as 'name = value', found 'x'", nested.Render(Lang.En));
        Assert.Equal("输入应写成“名称 = 值”，实际为“x”", nested.Render(Lang.Zh));
        var list = Msg.Of("hint.inputs_are", ("inputs", new[] { "grade", "area_m2" }));
        Assert.Equal("its inputs are grade, area_m2", list.Render(Lang.En));
        Assert.Equal("它的输入有：grade、area_m2", list.Render(Lang.Zh));
    }

    [Theory]
    [InlineData(false, null, null, Lang.En)]
    [InlineData(false, null, "en_US.UTF-8", Lang.En)]
    [InlineData(false, null, "zh_CN.UTF-8", Lang.Zh)]
    [InlineData(false, "zh_TW.UTF-8", "en_US.UTF-8", Lang.Zh)]
    [InlineData(false, "C.UTF-8", "zh_CN.UTF-8", Lang.En)] // LC_ALL overrides LANG
    [InlineData(true, null, "en_US.UTF-8", Lang.Zh)]       // a file written with Chinese keywords
    public void The_default_language_follows_the_files_keywords_then_LC_ALL_then_LANG(bool chineseKeywords, string? lcAll, string? lang, Lang expected) =>
        Assert.Equal(expected, MessageCatalogue.Default(chineseKeywords, lcAll, lang));

    [Theory]
    [InlineData("zh", Lang.Zh)]
    [InlineData("zh-CN", Lang.Zh)]
    [InlineData("en", Lang.En)]
    [InlineData("fr", null)]
    public void Lang_values(string text, Lang? expected) => Assert.Equal(expected, MessageCatalogue.Parse(text));
}
