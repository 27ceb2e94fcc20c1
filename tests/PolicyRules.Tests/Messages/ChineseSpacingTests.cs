using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// The spacing rule at the top of Catalogue.Zh.cs holds for the rendered messages too, not just the templates: a name,
/// a number, a type name or a list put into a Chinese message at run time is spaced from the Chinese around it
/// (实际为 12, 应为 calendar, d1 或 d2), never inside an ordinal (第3行); English is plain substitution, as before.
/// </summary>
public sealed class ChineseSpacingTests
{
    /// <summary>Values a message is given at run time, each starting and ending with a Latin letter or a digit.</summary>
    public static TheoryData<string> Values() => ["name", "number", "type name", "either", "list", "json number"];

    private static object Value(string kind) => kind switch
    {
        "name" => "land_use_tax_parcel",
        "number" => "1000",
        "type name" => Msg.Of("typeword.other", ("name", "calendar")),
        "either" => Msg.Of("expect.or", ("a", "d1"), ("b", "d2")),
        "list" => new[] { "grade", "area_m2" },
        _ => Msg.Of("json.raw", ("text", "12.5")),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_Chinese_message_spaces_the_values_put_into_it(string kind)
    {
        var wrong = new List<string>();
        foreach (var (key, template) in MessageCatalogue.Zh)
        {
            var rendered = Msg.Of(key, [.. Args(key, Value(kind))]).Render(Lang.Zh);
            foreach (var problem in MessageCatalogueTests.SpacingProblems(rendered))
                wrong.Add($"{key}: {problem}: {rendered}");
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_English_message_is_its_template_with_the_values_put_in(string kind)
    {
        var different = new List<string>();
        foreach (var (key, template) in MessageCatalogue.En)
        {
            var args = Args(key, Value(kind));
            var plain = Regex.Replace(template, @"\{\{|\}\}|\{([a-z_]+)\}", m => m.Value == "{{" ? "{" : m.Value == "}}" ? "}" : Text(args.Single(a => a.Name == m.Groups[1].Value).Value));
            var rendered = Msg.Of(key, [.. args]).Render(Lang.En);
            if (rendered != plain) different.Add($"{key}: '{rendered}', not '{plain}'");
        }
        Assert.Empty(different);

        static string Text(object? value) => value switch
        {
            Msg m => m.Render(Lang.En),
            string[] list => string.Join(", ", list),
            _ => value!.ToString()!,
        };
    }

    /// <summary>Every placeholder of message <paramref name="key"/> given <paramref name="value"/>, but an ordinal's (第{line}行) a position.</summary>
    private static List<(string Name, object? Value)> Args(string key, object value)
    {
        var zh = MessageCatalogue.Zh[key];
        return MessageCatalogue.Placeholders(zh).Select(name => (name, zh.Contains("第{" + name + "}", StringComparison.Ordinal) ? (object?)3 : value)).ToList();
    }

    [Fact]
    public void A_JSON_number_given_for_a_text_input_is_spaced_from_the_Chinese()
    {
        var model = RulePackage.Load(TestPaths.Package).Model;
        var e = Assert.Throws<InputException>(() => InputConverter.FromJson(JsonDocument.Parse("12.5").RootElement, RuleType.String, model, "owner"));
        Assert.Equal("owner: expected text as a JSON string, got 12.5", e.Text!.Render(Lang.En));
        Assert.Equal("owner：应为写成 JSON 字符串的文字，实际为 12.5", e.Text.Render(Lang.Zh));
        var flag = Assert.Throws<InputException>(() => InputConverter.FromJson(JsonDocument.Parse("1").RootElement, RuleType.Bool, model, "exempt"));
        Assert.Equal("exempt：应为 true 或 false，实际为 1", flag.Text!.Render(Lang.Zh));
    }

    [Fact]
    public void A_type_without_words_is_spaced_from_the_Chinese_around_it()
    {
        var model = RulePackage.Load(TestPaths.Package).Model;
        var e = Assert.Throws<InputException>(() => InputConverter.FromJson(JsonDocument.Parse("true").RootElement, RuleType.Calendar, model, "days"));
        Assert.Equal("days: expected calendar as a JSON string, got true", e.Text!.Render(Lang.En));
        Assert.Equal("days：应为写成 JSON 字符串的 calendar，实际为 true", e.Text.Render(Lang.Zh));
    }

    [Fact]
    public void Two_drafts_a_reform_could_cite_read_d1_or_d2_spaced()
    {
        // 邯政办字〔2017〕107号 §二 sets the land use tax's rates; a reform must cite a draft instead of it.
        var path = Path.Combine(Directory.CreateTempSubdirectory("policyrules-spacing").FullName, "r.reform");
        File.WriteAllText(path, """
            reform r "测试改革（假设）" {
              draft d1 "测试草案一（假设）" {
                issued 2018-10-01
                § 一 "一级地段 30 元。"
              }
              draft d2 "测试草案二（假设）" {
                issued 2018-11-01
                § 一 "一级地段 32 元。"
              }
              parameter land_tax_rate from 2019-01-01 = { 1 => 30 yuan } cites hz107 §二
            }

            """);
        try
        {
            var error = Assert.Single(RuleCompilation.FromDirectory(TestPaths.Package, path).Diagnostics, d => d.IsError);
            Assert.Equal("cite d1 or d2 §…", error.SuggestionIn(Lang.En));
            Assert.Equal("请改为引用草案 d1 或 d2 §…", error.SuggestionIn(Lang.Zh));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
