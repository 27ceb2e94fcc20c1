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

/// <summary>
/// Columns beside the inputs whose names DuckDB or the run's own tables use (<c>line</c>, <c>rowid</c>) are passed through
/// as they are, as the compiled engine passes them: <c>line</c> was written as the line number, <c>rowid</c> stopped the run.
/// Figures: 邯政办字〔2017〕107号 §二, 一级 25 元 per m² (grade 1), and grades 1 to 5.
/// </summary>
public sealed class DuckDbColumnNameTests
{
    [Fact]
    public void Columns_named_line_and_rowid_are_passed_through_as_the_compiled_engine_does()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-duckdb-names").FullName;
        var input = Path.Combine(dir, "in.csv");
        // The empty line moves the lines of the rows after it (the engine's other way of numbering lines).
        File.WriteAllText(input, "line,parcel_id,grade,area_m2,rowid\n7,P1,1,100,x\n\n8,P2,9,5,y\n");
        string[] common = ["run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01", "--lang", "en"];

        var duckdb = CliRunner.Run("", [.. common, "--output", Path.Combine(dir, "duckdb.csv"), "--engine", "duckdb"]);
        var compiled = CliRunner.Run("", [.. common, "--output", Path.Combine(dir, "compiled.csv")]);

        Assert.True(duckdb.Exit == 0, duckdb.Err);
        Assert.Equal(0, compiled.Exit);
        Assert.Equal("line,parcel_id,grade,area_m2,rowid,rate_per_m2,annual_tax\n7,P1,1,100,x,25,2500\n", File.ReadAllText(Path.Combine(dir, "duckdb.csv")).ReplaceLineEndings("\n"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "compiled.csv")), File.ReadAllBytes(Path.Combine(dir, "duckdb.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "compiled.errors.csv")), File.ReadAllBytes(Path.Combine(dir, "duckdb.errors.csv")));
        Assert.StartsWith("line,code,field,message\n4,invalid_input,grade,", File.ReadAllText(Path.Combine(dir, "duckdb.errors.csv")).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_parquet_column_named_line_is_passed_through()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-duckdb-names").FullName;
        var input = Path.Combine(dir, "in.parquet");
        using (var c = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"COPY (SELECT 'x' AS line, 'P1' AS parcel_id, '1' AS grade, '100' AS area_m2) TO '{input.Replace("'", "''")}' (FORMAT PARQUET)";
            cmd.ExecuteNonQuery();
        }
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, err) = CliRunner.Run("", "run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--input", input, "--output", output,
            "--at", "2017-09-01", "--engine", "duckdb", "--lang", "en");
        Assert.True(exit == 0, err);
        Assert.Equal("line,parcel_id,grade,area_m2,rate_per_m2,annual_tax\nx,P1,1,100,25,2500\n", File.ReadAllText(output).ReplaceLineEndings("\n"));
    }
}

/// <summary><c>run --engine duckdb</c> reads its input twice: a named pipe is refused (it waited for ever), the compiled engine reads one.
/// The package is ChineseMessagesTests.Package: module tax, grade 1, 25 元 per m² (测试〔2017〕1号 §二).</summary>
public sealed class DuckDbPipeInputTests
{
    [Theory]
    [InlineData("en", "policyrules run: --engine duckdb cannot read '{0}': it is not a regular file but a pipe, a device or a socket")]
    [InlineData("zh", "policyrules run：--engine duckdb 不能读取“{0}”：它不是普通文件，而是管道、设备或套接字")]
    public async Task A_named_pipe_is_refused_by_duckdb_and_read_by_the_compiled_engine(string lang, string expected)
    {
        if (!OperatingSystem.IsLinux()) return;   // the kind of a file is told on Linux only (docs/limits.md)
        var dir = ChineseMessagesTests.Package();
        var pipe = Path.Combine(dir, "parcels.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        string[] args = ["run", "--rules", dir, "--module", "tax", "--input", pipe, "--at", "2017-09-01", "--lang", lang];

        var (exit, _, stderr) = CliRunner.Run("", [.. args, "--output", Path.Combine(dir, "duckdb.csv"), "--engine", "duckdb"]);
        Assert.Equal(2, exit);
        Assert.StartsWith(string.Format(expected, pipe), stderr);

        var writer = Task.Run(() => File.WriteAllText(pipe, "id,grade,area_m2\nA,1,1000\n"));
        var compiled = CliRunner.Run("", [.. args, "--output", Path.Combine(dir, "compiled.csv")]);
        Assert.True(await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(30))) == writer, "nothing read the pipe");
        Assert.Equal(0, compiled.Exit);
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\nA,1,1000,25,25000\n", File.ReadAllText(Path.Combine(dir, "compiled.csv")).ReplaceLineEndings("\n"));
    }
}
