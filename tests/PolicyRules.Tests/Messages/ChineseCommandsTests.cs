using System.Text;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Messages;

/// <summary>
/// <c>--lang zh</c> on the commands an operations or data team runs (run, diff, doc, sql, serve): their summaries,
/// progress and usage errors in Chinese; what they write for machines (the errors file's header, JSON keys) unchanged.
/// The package is the scenario golden tests' (ChineseMessagesTests.Package): module tax, grade 1 or 2 (25 or 18 元 per
/// m², 测试〔2017〕1号 §二), in force 2017-06-01 to 2018-05-31.
/// </summary>
public sealed class ChineseCommandsTests
{
    // Line 3 is the bad row: grade 7 fails "requires grade >= 1 and grade <= 2".
    private const string Parcels = "id,grade,area_m2\nA,1,1000\nB,7,10\nC,2,100\n";

    private static (string Dir, string Input, string Output) RunFiles()
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        return (dir, input, Path.Combine(dir, "out.csv"));
    }

    [Theory]
    [InlineData("compiled")]
    [InlineData("interpreter")]
    public void A_run_with_a_bad_row_and_lang_zh_prints_no_English_word(string engine)
    {
        var (dir, input, output) = RunFiles();
        var (exit, stdout, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output,
            "--at", "2017-09-01", "--engine", engine, "--lang", "zh");
        Assert.Equal(0, exit);
        Assert.Equal("", stdout);
        var errorsPath = Path.Combine(dir, "out.errors.csv");
        var lines = stderr.ReplaceLineEndings("\n");
        Assert.Equal((engine == "compiled" ? "run：引擎：编译执行；3 行中有 1 行改由解释器计算\n" : "run：引擎：解释器（--engine interpreter）\n")
            + $"run：读入 3 行，输出 2 行，错误 1 行（已核对：读入 = 输出 + 错误）；结果在 {output}，错误在 {errorsPath}\n", lines);
        ChineseMessagesTests.AssertNoEnglishWords(lines.Replace(output, " ").Replace(errorsPath, " ").Replace("--engine interpreter", " "), dir, "run");

        // The errors file keeps its English header (a schema, like JSON keys); its reason is in Chinese.
        Assert.Equal("line,code,field,message\n3,invalid_input,grade,地段等级（grade） = 7 不满足输入条件：(grade >= 1) and (grade <= 2)\n",
            File.ReadAllText(errorsPath).ReplaceLineEndings("\n"));
        // 25 元 × 1000 and 18 元 × 100 (测试〔2017〕1号 §二).
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\nA,1,1000,25,25000\nC,2,100,18,1800\n", File.ReadAllText(output).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Without_lang_run_follows_the_locale_and_stays_English_by_default()
    {
        var (dir, input, output) = RunFiles();
        var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output, "--at", "2017-09-01", "--lang", "en");
        Assert.Equal(0, exit);
        Assert.Contains("run: engine compiled; 1 of 3 rows fell back to the interpreter\n", stderr.ReplaceLineEndings("\n"));
        Assert.Contains("run: rows in 3, rows out 2, error rows 1 (reconciled: in = out + errors)", stderr);
        Assert.Contains("3,invalid_input,grade,grade (地段等级) = 7 does not satisfy: (grade >= 1) and (grade <= 2)", File.ReadAllText(Path.Combine(dir, "out.errors.csv")));
    }

    [Fact]
    public void Run_usage_errors_and_column_problems_with_lang_zh_are_in_Chinese()
    {
        var (dir, input, output) = RunFiles();
        var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output, "--threads", "0", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Equal("policyrules run：--threads 应为不小于 1 的整数，实际为“0”\n", stderr.ReplaceLineEndings("\n"));

        (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", Path.Combine(dir, "none.csv"), "--output", output, "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Equal($"policyrules run：输入文件“{Path.Combine(dir, "none.csv")}”不存在\n", stderr.ReplaceLineEndings("\n"));

        var noArea = Path.Combine(dir, "no-area.csv");
        File.WriteAllText(noArea, "id,grade\nA,1\n");
        (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", noArea, "--output", output, "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Equal($"run：{noArea}：缺少模块 tax 需要的列：area_m2（面积（平方米））、at（或者给出 --at）；它的列有：“id”、“grade”\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_bad_at_cell_is_reported_in_Chinese_by_both_engines()
    {
        var (dir, _, output) = RunFiles();
        var input = Path.Combine(dir, "dated.csv");
        File.WriteAllText(input, "grade,area_m2,at\n1,1000,someday\n");
        foreach (var engine in new[] { "compiled", "interpreter" })
        {
            var (exit, _, _) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output, "--engine", engine, "--lang", "zh");
            Assert.Equal(0, exit);
            Assert.Equal("line,code,field,message\n2,invalid_input,at,at：应为日期（例如 2017-09-01），实际为“someday”\n",
                File.ReadAllText(Path.Combine(dir, "out.errors.csv")).ReplaceLineEndings("\n"));
        }
    }

    [Fact]
    public void Diff_with_lang_zh_writes_its_text_report_in_Chinese_and_its_JSON_unchanged()
    {
        var (dir, input, _) = RunFiles();
        // The new version: grade 2 pays 20 元 instead of 18 元 (a hypothetical change of 测试〔2017〕1号 §二).
        var changed = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(changed);
        File.WriteAllText(Path.Combine(changed, "package.rules"),
            File.ReadAllText(Path.Combine(dir, "package.rules")).Replace("if grade = 1 then 25 yuan else 18 yuan", "if grade = 1 then 25 yuan else 20 yuan"));
        string[] args = ["diff", "--base", dir, "--rules", changed, "--module", "tax", "--input", input, "--at", "2017-09-01"];
        var (exit, text, stderr) = CliRunner.Run("", [.. args, "--lang", "zh"]);
        Assert.Equal(0, exit);
        // Row C: 18 元 × 100 = 1800 → 20 元 × 100 = 2000; row B is an error on both sides.
        Assert.Equal($"""
            影响报告：模块 tax，样本 {input}，日期 2017-09-01
              原版本  {dir}
              新版本  {changed}
            3 行：有变化 1 行，无变化 1 行，错误 1 行（仅原版本 0 行，仅新版本 0 行，两者都有 1 行）
              rate_per_m2：1 行有变化；原版本合计 43，新版本合计 45，差额 +2
              annual_tax：1 行有变化；原版本合计 26800，新版本合计 27000，差额 +200
            前 1 行变化：
              第4行（id=C）：rate_per_m2 18 → 20，annual_tax 1800 → 2000

            """, text.ReplaceLineEndings("\n"));
        Assert.Equal("diff：原版本 引擎：编译执行；3 行中有 1 行改由解释器计算；新版本 引擎：编译执行；3 行中有 1 行改由解释器计算\n", stderr.ReplaceLineEndings("\n"));
        ChineseMessagesTests.AssertNoEnglishWords(text.Replace(input, " ").Replace(dir, " ").Replace(changed, " ") + stderr, dir, "diff", "id", "C");

        var json = CliRunner.Run("", [.. args, "--format", "json", "--lang", "zh"]).Out;
        Assert.Equal(CliRunner.Run("", [.. args, "--format", "json", "--lang", "en"]).Out, json);
        Assert.Contains("\"unchanged\": 1", json);
    }

    [Fact]
    public void Doc_and_sql_say_what_they_did_in_Chinese_with_lang_zh()
    {
        var dir = ChineseMessagesTests.Package();
        var target = Path.Combine(dir, "catalogue.md");
        var (exit, stdout, _) = CliRunner.Run("", "doc", dir, "--output", target, "--lang", "zh");
        Assert.Equal(0, exit);
        Assert.Equal($"doc：已写出 {target}\n", stdout.ReplaceLineEndings("\n"));
        (exit, stdout, _) = CliRunner.Run("", "doc", dir, "--output", target, "--check", "--lang", "zh");
        Assert.Equal(0, exit);
        Assert.Equal($"doc：{target} 是最新的\n", stdout.ReplaceLineEndings("\n"));
        File.AppendAllText(target, "\n");
        (exit, _, var stderr) = CliRunner.Run("", "doc", dir, "--output", target, "--check", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Equal($"doc：{target} 与 {dir} 不一致，已经过时；请用“policyrules doc {dir} --output {target}”重新生成并提交\n", stderr.ReplaceLineEndings("\n"));

        (exit, _, stderr) = CliRunner.Run("", "sql", "--rules", dir, "--module", "tax", "--table", "t", "--dialect", "oracle", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Equal("policyrules sql：方言只能是 duckdb 或 postgres，实际为“oracle”\n", stderr.ReplaceLineEndings("\n"));
        (exit, _, stderr) = CliRunner.Run("", "sql", "--rules", dir, "--module", "taks", "--table", "t", "--dialect", "duckdb", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Contains("没有", stderr);
        Assert.Contains("“tax”", stderr);
    }

    public static TheoryData<string> CommandNames => [.. PolicyRules.Cli.Cli.Commands.Select(c => c.Name)];

    /// <summary>Every command's help with --lang zh describes the command and each option in Chinese; only
    /// System.CommandLine's own headings (Description, Usage, Options, Arguments) stay English.</summary>
    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Help_with_lang_zh_describes_every_option_in_Chinese(string name)
    {
        var command = PolicyRules.Cli.Cli.Commands.Single(c => c.Name == name);
        var (exit, output, err) = CliRunner.Run("", name, "--help", "--lang", "zh");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Contains(command.Description.Render(PolicyRules.Language.Messages.Lang.Zh), output);
        foreach (var option in command.Options)
            Assert.Contains(option.Description.Render(PolicyRules.Language.Messages.Lang.Zh), output);
        Assert.Contains("显示帮助和用法", output);
        Assert.DoesNotContain("the rule package folder", output);
    }

    [Fact]
    public void The_command_list_with_lang_zh_is_in_Chinese()
    {
        var (exit, output, _) = CliRunner.Run("", "help", "--lang", "zh");
        Assert.Equal(0, exit);
        Assert.StartsWith("policyrules：把政府公报写成可执行的规则\n\n命令：\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("退出码：0 成功；1 规则有错误或计算失败；2 命令行有误。", output);
    }
    [Fact]
    public void An_output_that_is_a_folder_is_refused_before_the_run_in_the_runs_language()
    {
        var (dir, input, _) = RunFiles();
        var folder = Path.Combine(dir, "a-folder.csv");
        Directory.CreateDirectory(folder);
        string Run(string lang, string engine)
        {
            var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", folder,
                "--at", "2017-09-01", "--lang", lang, "--engine", engine);
            Assert.Equal(2, exit);
            return stderr.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        }
        foreach (var engine in new[] { "compiled", "duckdb" })
        {
            Assert.Equal($"policyrules run：无法使用“{folder}”：它是文件夹，不是文件", Run("zh", engine));
            Assert.Equal($"policyrules run: could not use '{folder}': it is a folder, not a file", Run("en", engine));
        }
        Assert.True(Directory.Exists(folder));
        // Refused before anything ran: no errors file without its results beside the folder.
        Assert.False(File.Exists(Path.Combine(dir, "a-folder.errors.csv")));
    }

    [Fact]
    public void An_input_that_is_a_folder_is_named_as_a_folder_not_as_missing()
    {
        var (dir, _, output) = RunFiles();
        var folder = Path.Combine(dir, "in-folder.csv");
        Directory.CreateDirectory(folder);
        var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", folder, "--output", output,
            "--at", "2017-09-01", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Contains($"policyrules run：无法使用“{folder}”：它是文件夹，不是文件", stderr);
        (exit, _, stderr) = CliRunner.Run("", "diff", "--rules", dir, "--module", "tax", "--input", folder, "--lang", "en");
        Assert.Equal(2, exit);
        Assert.Contains($"policyrules diff: could not use '{folder}': it is a folder, not a file", stderr);
    }

    [Fact]
    public void Test_with_a_missing_reform_file_and_an_empty_output_path_say_so_in_Chinese()
    {
        var (dir, _, _) = RunFiles();
        var (exit, _, stderr) = CliRunner.Run("", "test", dir, "--reform", "no-such.reform", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Contains("policyrules test：改革文件“no-such.reform”不存在", stderr);
        (exit, _, stderr) = CliRunner.Run("", "test", dir, "--junit", "", "--lang", "zh");
        Assert.Equal(2, exit);
        Assert.Contains("policyrules test：--junit 需要一个文件名，实际为空", stderr);
    }
    [Fact]
    public void A_malformed_CSV_line_is_located_and_worded_in_the_runs_language()
    {
        var (dir, input, output) = RunFiles();
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\nB\"2,2,100\n");
        string FirstLine(string lang)
        {
            var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output,
                "--at", "2017-09-01", "--lang", lang);
            Assert.Equal(1, exit);
            return stderr.ReplaceLineEndings("\n").Split('\n')[0];
        }
        Assert.Equal($"run：{input} 第3行第2列：不带引号的字段里有引号；请给整个字段加引号并把其中的引号写两次（写作 \"P\"\"2\"），或删去它", FirstLine("zh"));
        Assert.Equal($"run: {input}(3,2): a quote inside an unquoted field; quote the whole field and double the quote (\"P\"\"2\" for P\"2), or remove it", FirstLine("en"));
    }
}
