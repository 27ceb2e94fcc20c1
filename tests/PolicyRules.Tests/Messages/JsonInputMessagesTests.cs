using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Messages;

/// <summary>The errors of reading an eval/explain input as JSON read in Chinese under <c>--lang zh</c>; their English is unchanged.</summary>
public sealed class JsonInputMessagesTests
{
    private static (string En, string Zh) Error(string json)
    {
        Assert.Null(JsonInput.ParseObject(json, out var error));
        Assert.Equal(ErrorCodes.InvalidInput, error!.Code);
        var zh = error.MessageIn(Lang.Zh);
        // Left in Chinese: JSON, the encoding's name UTF-16 and the JSON path the sender wrote.
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(zh, "[A-Za-z][A-Za-z0-9_]*").Select(m => m.Value).Except(["JSON", "UTF", "area_m2"]));
        return (error.Message, zh);
    }

    [Fact]
    public void Not_an_object()
    {
        Assert.Equal(("the input must be a JSON object of input names to values", "输入应为 JSON 对象，由输入名称对应取值"), Error("[1, 2]"));
    }

    [Fact]
    public void A_lone_surrogate()
    {
        Assert.Equal(("area_m2: the text holds an escaped lone UTF-16 surrogate (such as \\ud800), which is not a character; send valid Unicode text",
            "area_m2：这段文字含有转义的单个 UTF-16 代理项，它不是一个字符；请发送有效的文字"), Error("{\"area_m2\": \"\\ud800\"}"));
        Assert.Equal(("name 1 of the object holds an escaped lone UTF-16 surrogate (such as \\ud800), which is not a character; send valid Unicode text",
            "对象的第1个名称含有转义的单个 UTF-16 代理项，它不是一个字符；请发送有效的文字"), Error("{\"\\ud800\": 1}"));
    }
}
