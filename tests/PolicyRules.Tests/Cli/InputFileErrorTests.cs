using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// Input files that are not what a command needs are named with the real reason, in the language asked for: a folder
/// is a folder (not "does not exist"), a batch file in GBK is refused located (not read as replacement characters), and
/// a folder with no rules is a wrong path for every command that loads a package (not an empty catalogue, exit 0).
/// </summary>
public sealed class InputFileErrorTests
{
    [Theory]
    [InlineData("en", "policyrules eval: could not use '{0}': it is a folder, not a file")]
    [InlineData("zh", "policyrules eval：无法使用“{0}”：它是文件夹，不是文件")]
    public void A_folder_given_as_an_input_batch_or_reform_file_is_named_as_a_folder(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var folder = Directory.CreateDirectory(Path.Combine(dir, "inputs")).FullName;
        var message = string.Format(expected, folder);
        foreach (var args in new[]
                 {
                     new[] { "--module", "tax", "--at", "2017-09-01", "--input", folder },
                     ["--batch", folder],
                     ["--module", "tax", "--at", "2017-09-01", "--input", "-", "--reform", folder],
                 })
        {
            var (exit, stdout, stderr) = CliRunner.Run("{}", ["eval", "--rules", dir, .. args, "--lang", lang]);
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            Assert.Equal(message, stderr.TrimEnd());
        }
    }

    [Theory]
    [InlineData("en", "{0}(2,45): the file is not UTF-8 text: byte 0xB5 at line 2 is not valid UTF-8; it looks like GB18030/GBK")]
    [InlineData("zh", "{0} 第2行第45列：这个文件不是 UTF-8 文本：第2行的字节 0xB5 不是有效的 UTF-8；看起来是 GB18030/GBK")]
    public void A_batch_file_that_is_not_UTF8_is_refused_where_it_stops_being_UTF8(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var batch = Path.Combine(dir, "gbk.jsonl");
        // Line 2 holds 地段等级 in GBK (B5D8 B6CE B5C8 BCB6) from its 45th character.
        File.WriteAllBytes(batch, [.. "{\"module\":\"tax\",\"at\":\"2017-09-01\",\"input\":{\"grade\":1,\"area_m2\":1}}\n{\"module\":\"tax\",\"at\":\"2017-09-01\",\"input\":{\""u8,
            0xB5, 0xD8, 0xB6, 0xCE, 0xB5, 0xC8, 0xBC, 0xB6, .. "\":1,\"area_m2\":1}}\n"u8]);
        var (exit, stdout, _) = CliRunner.Run("", "eval", "--rules", dir, "--batch", batch, "--lang", lang);
        Assert.Equal(1, exit);
        // One answer, the refusal: no line is answered from text read as replacement characters.
        var lines = stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("{\"error\":{\"code\":\"invalid_input\",\"message\":\"" + string.Format(expected, batch), lines[0]);
        Assert.DoesNotContain("\uFFFD", stdout);
    }

    [Theory]
    [InlineData("en", "policyrules {1}: '{0}' holds no module, document or calendar: name the rule package folder, the one holding its .rules files")]
    [InlineData("zh", "policyrules {1}：“{0}”里没有任何模块、文件或日历：请给出规则包文件夹，也就是放规则文件的文件夹")]
    public void A_folder_without_rules_is_a_wrong_path_for_doc_sql_and_eval(string lang, string expected)
    {
        var samples = Path.Combine(TestPaths.RepoRoot, "samples");
        foreach (var args in new[]
                 {
                     new[] { "doc", samples },
                     ["sql", "--rules", samples, "--list"],
                     ["eval", "--rules", samples, "--module", "tax", "--at", "2017-09-01", "--input", "-"],
                 })
        {
            var (exit, stdout, stderr) = CliRunner.Run("{}", [.. args, "--lang", lang]);
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Equal(string.Format(expected, samples, args[0]), stderr.TrimEnd());
        }
    }

    [Theory]
    [InlineData("compiled", "en", "policyrules run: --output '{0}' is a Parquet file, which only --engine duckdb reads and writes; give a CSV file or add --engine duckdb")]
    [InlineData("interpreter", "zh", "policyrules run：--output “{0}”是 Parquet 文件，只有 --engine duckdb 能读写；请给出 CSV 文件，或加上 --engine duckdb")]
    public void Run_refuses_a_Parquet_output_the_engine_would_fill_with_CSV(string engine, string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        var output = Path.Combine(dir, "out.parquet");
        var (exit, _, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", output,
            "--at", "2017-09-01", "--engine", engine, "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Equal(string.Format(expected, output), stderr.TrimEnd());
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("lots", "en", "policyrules run: --memory-limit must be a size with its unit, such as 2GB, 500MB or 1GiB, got 'lots'", 2)]
    [InlineData("2", "zh", "policyrules run：--memory-limit 应为带单位的大小（例如 2GB），实际为“2”", 2)]
    // DuckDB needs blocks of 2 MiB: 100 kB is too little for any run, and DuckDB's English advice (SET threads=X) is not the tool's.
    [InlineData("100kB", "en", "run: DuckDB ran out of memory under --memory-limit 100kB; give a higher --memory-limit or fewer --threads", 1)]
    [InlineData("100kB", "zh", "run：DuckDB 在 --memory-limit 100kB 之下内存不足；请调高 --memory-limit，或减少 --threads", 1)]
    public void A_memory_limit_DuckDB_cannot_use_is_said_in_the_tools_words(string limit, string lang, string expected, int expectedExit)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        var (exit, stdout, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", "-",
            "--at", "2017-09-01", "--engine", "duckdb", "--memory-limit", limit, "--lang", lang);
        Assert.Equal(expectedExit, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.TrimEnd());
    }

    [Theory]
    [InlineData("run", "en", "policyrules run: no module 'taks' in this package; did you mean 'tax'?")]
    [InlineData("run", "zh", "policyrules run：规则包里没有模块“taks”；是不是要写“tax”？")]
    [InlineData("sql", "en", "policyrules sql: no module 'taks' in this package; did you mean 'tax'?")]
    [InlineData("sql", "zh", "policyrules sql：规则包里没有模块“taks”；是不是要写“tax”？")]
    public void Run_and_sql_name_an_unknown_module_as_a_message_not_as_JSON(string command, string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        string[] args = command == "run"
            ? ["run", "--rules", dir, "--module", "taks", "--input", input, "--output", Path.Combine(dir, "out.csv"), "--at", "2017-09-01"]
            : ["sql", "--rules", dir, "--module", "taks", "--dialect", "duckdb", "--table", "parcels"];
        var (exit, stdout, stderr) = CliRunner.Run("", [.. args, "--lang", lang]);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(expected, stderr.TrimEnd());
    }

    [Theory]
    [InlineData("en", "policyrules run: '{0}' is not a Parquet file (it does not begin and end with Parquet's marker bytes); give a Parquet file, or a CSV file")]
    [InlineData("zh", "policyrules run：“{0}”不是 Parquet 文件（开头和结尾没有 Parquet 的标记字节）；请给出 Parquet 文件，或 CSV 文件")]
    public void A_Parquet_input_that_is_not_Parquet_is_said_in_the_tools_words(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.parquet");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n"); // a CSV file named .parquet
        var (exit, stdout, stderr) = CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", input, "--output", "-",
            "--at", "2017-09-01", "--engine", "duckdb", "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(string.Format(expected, input), stderr.TrimEnd());
    }
}
