using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>run --engine duckdb</c>: the DuckDB errors a user's files or options cause are said in the tool's words, in the
/// user's language, with neither DuckDB's English nor the SQL it was running. The package is ChineseMessagesTests.Package
/// (module tax; no legal figure is asserted here).
/// </summary>
public sealed class DuckDbErrorTests
{
    private static (int Exit, string Out, string Err) Run(string dir, string input, string lang, params string[] extra) =>
        CliRunner.Run("", ["run", "--rules", dir, "--module", "tax", "--input", input, "--output", Path.Combine(dir, "out.csv"),
            "--at", "2017-09-01", "--engine", "duckdb", "--lang", lang, .. extra]);

    [Theory]
    [InlineData("en", "run: '{0}' cannot be read as Parquet: it has Parquet's marker bytes but is damaged or cut short; write it again, or give a CSV file")]
    [InlineData("zh", "run：“{0}”无法按 Parquet 读取：它有 Parquet 的标记字节，但已损坏或不完整；请重新导出，或给出 CSV 文件")]
    public void A_damaged_parquet_file_is_named_as_damaged(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.parquet");
        File.WriteAllText(input, "PAR1 not the rest of a Parquet file PAR1");
        var (exit, stdout, stderr) = Run(dir, input, lang);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(string.Format(expected, input), stderr.TrimEnd());
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
    }

    [Fact]
    public void A_parquet_file_cut_short_is_named_as_damaged()
    {
        var dir = ChineseMessagesTests.Package();
        var csv = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(csv, "id,grade,area_m2\nA,1,1000\n");
        var whole = Path.Combine(dir, "whole.parquet");
        Assert.Equal(0, CliRunner.Run("", "run", "--rules", dir, "--module", "tax", "--input", csv, "--output", whole, "--at", "2017-09-01", "--engine", "duckdb").Exit);
        var bytes = File.ReadAllBytes(whole);
        var input = Path.Combine(dir, "cut.parquet");
        File.WriteAllBytes(input, [.. bytes.Take(bytes.Length / 2), .. "PAR1"u8.ToArray()]);

        var (exit, _, stderr) = Run(dir, input, "en");
        Assert.Equal(1, exit);
        Assert.StartsWith($"run: '{input}' cannot be read as Parquet", stderr);
        Assert.DoesNotContain("read_parquet", stderr);
    }

    [Theory]
    [InlineData("en", "policyrules run: --engine duckdb takes at most 1024 --threads, got 100000")]
    [InlineData("zh", "policyrules run：--engine duckdb 的 --threads 最多为 1024，实际为 100000")]
    public void More_threads_than_duckdb_can_start_are_refused_before_it_aborts_the_process(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        var (exit, _, stderr) = Run(dir, input, lang, "--threads", "100000");
        Assert.Equal(2, exit);
        Assert.Equal(expected, stderr.TrimEnd());
    }

    [Theory]
    [InlineData("en", "run: DuckDB ran out of memory under --memory-limit 1KB; give a higher --memory-limit or fewer --threads")]
    [InlineData("zh", "run：DuckDB 在 --memory-limit 1KB 之下内存不足；请调高 --memory-limit，或减少 --threads")]
    public void A_memory_limit_of_a_few_bytes_is_said_as_out_of_memory(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        var (exit, _, stderr) = Run(dir, input, lang, "--memory-limit", "1KB");
        Assert.Equal(1, exit);
        Assert.Equal(expected, stderr.TrimEnd());
    }

    [Fact]
    public void DuckDBs_own_words_are_kept_to_their_first_line()
    {
        const string said = "Invalid Error: something\n\nLINE 1: SELECT * FROM read_csv('x')\n               ^";
        Assert.Equal("Invalid Error: something", PolicyRules.Cli.Commands.DuckDbRunCommand.FirstLine(said));
    }
}
