using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// A JSON input file that is not JSON: <c>eval</c>, <c>explain</c> and <c>eval --batch</c> name the file, its line and
/// column (in characters, from 1) and what is wrong there, in the language asked for, and exit 1 (a failed evaluation).
/// </summary>
public sealed class JsonSyntaxErrorTests
{
    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("eval", "en", "{0}(2,15): the input is not valid JSON: ',' cannot be here")]
    [InlineData("eval", "zh", "{0} 第2行第15列：输入不是有效的 JSON：这里不能出现“,”")]
    [InlineData("explain", "en", "{0}(2,15): the input is not valid JSON: ',' cannot be here")]
    [InlineData("explain", "zh", "{0} 第2行第15列：输入不是有效的 JSON：这里不能出现“,”")]
    public void A_JSON_syntax_error_names_the_file_line_and_column(string command, string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        // Line 2, column 15 is the second comma; "地段等级" counts four characters, not twelve bytes.
        var input = Write(dir, "q.json", "{\"grade\": 1,\n \"地段等级\": 1000,,}");
        var (exit, stdout, stderr) = CliRunner.Run("", command, "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--input", input, "--lang", lang);
        Assert.Equal(1, exit);
        var message = string.Format(expected, input);
        if (command == "eval")
        {
            // eval answers every failure as JSON on standard output.
            Assert.Equal("", stderr);
            Assert.Equal("{\"error\":{\"code\":\"invalid_input\",\"message\":\"" + message.Replace("\\", "\\\\") + "\"}}\n", stdout.ReplaceLineEndings("\n"));
        }
        else
        {
            // explain's answer is text for people: a file it cannot read is said as every command says it.
            Assert.Equal("", stdout);
            Assert.Equal($"policyrules explain{(lang == "zh" ? "：" : ": ")}{message}\n", stderr.ReplaceLineEndings("\n"));
        }
    }

    [Theory]
    [InlineData("en", "{0}: the input must be a JSON object of input names to values")]
    [InlineData("zh", "{0}：输入应为 JSON 对象，由输入名称对应取值")]
    public void JSON_that_is_not_an_object_names_the_file(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Write(dir, "q.json", "[1, 2]");
        var (exit, stdout, _) = CliRunner.Run("", "eval", "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--input", input, "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Equal("{\"error\":{\"code\":\"invalid_input\",\"message\":\"" + string.Format(expected, input) + "\"}}\n", stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("en", "policyrules eval: --batch reads each question's module, date and inputs from its file; give --batch without --module, --input")]
    [InlineData("zh", "policyrules eval：--batch 从文件里读取每个问题的模块、日期和输入；给出 --batch 时不要再给 --module、--input")]
    public void Batch_with_a_single_questions_options_is_a_usage_error_not_a_silent_choice(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var batch = Write(dir, "q.jsonl", "{\"module\":\"tax\",\"at\":\"2017-09-01\",\"input\":{\"grade\":1,\"area_m2\":1000}}\n");
        var (exit, stdout, stderr) = CliRunner.Run("", "eval", "--rules", dir, "--batch", batch, "--module", "tax", "--input", "-", "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.TrimEnd());
    }

    [Theory]
    [InlineData("en", "<stdin>(1,28): the input is not valid JSON: the text ends before the JSON value is complete")]
    [InlineData("zh", "<stdin> 第1行第28列：输入不是有效的 JSON：JSON 值还没有写完，文本就结束了")]
    public void JSON_cut_short_on_standard_input_says_it_ends_early(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var (exit, stdout, _) = CliRunner.RunBytes("{\"grade\": 1, \"area_m2\": 100"u8.ToArray(),
            "eval", "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--input", "-", "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Equal("{\"error\":{\"code\":\"invalid_input\",\"message\":\"" + expected + "\"}}\n", stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("en", "{0}(2,17): the input is not valid JSON: '}}' cannot be here")]
    [InlineData("zh", "{0} 第2行第17列：输入不是有效的 JSON：这里不能出现“}}”")]
    public void A_batch_line_that_is_not_JSON_is_located_in_the_batch_file(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var batch = Write(dir, "q.jsonl",
            "{\"module\":\"tax\",\"at\":\"2017-09-01\",\"input\":{\"grade\":1,\"area_m2\":1000}}\n{\"module\":\"tax\",}\n");
        var (exit, stdout, _) = CliRunner.Run("", "eval", "--rules", dir, "--batch", batch, "--lang", lang);
        Assert.Equal(1, exit);
        var message = string.Format(expected, batch).Replace("\\", "\\\\");
        // The good line is answered (25 元 × 1000, 测试〔2017〕1号 §二); the bad one gets its located error, on its own line.
        Assert.Equal("{\"outputs\":{\"rate_per_m2\":25,\"annual_tax\":25000}}\n{\"error\":{\"code\":\"invalid_input\",\"message\":\"" + message + "\"}}\n",
            stdout.ReplaceLineEndings("\n"));
    }
}
