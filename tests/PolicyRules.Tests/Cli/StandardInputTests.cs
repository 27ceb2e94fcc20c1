using System.Text;
using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>run --input -</c> reads the CSV from standard input (its bytes, decoded as a file's are) with the compiled engine and
/// the interpreter: the same results and errors files, byte for byte, as <c>--input file.csv</c>, and messages that call the
/// input <c>&lt;stdin&gt;</c>. The package is ChineseMessagesTests.Package: module tax, grade 1 or 2 (25 or 18 元 per m²,
/// 测试〔2017〕1号 §二).
/// </summary>
public sealed class StandardInputTests
{
    // Line 3 is the bad row: grade 7 fails "requires grade >= 1 and grade <= 2".
    private const string Parcels = "id,grade,area_m2\nA,1,1000\nB,7,10\nC,2,100\n";

    /// <summary>The command run with <paramref name="stdin"/> as standard input's bytes and standard output as one byte stream, as in the console.</summary>
    private static (int Exit, byte[] Out, string Err) Run(byte[] stdin, params string[] args)
    {
        var stdout = new MemoryStream();
        var writer = new StreamWriter(stdout, new UTF8Encoding(false)) { AutoFlush = true };
        var error = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(args, new MemoryStream(stdin), writer, error, stdout);
        writer.Flush();
        return (exit, stdout.ToArray(), error.ToString().ReplaceLineEndings("\n"));
    }

    private static string[] Common(string dir, string engine, string lang) =>
        ["run", "--rules", dir, "--module", "tax", "--at", "2017-09-01", "--engine", engine, "--lang", lang];

    [Theory]
    [InlineData("compiled", "en")]
    [InlineData("interpreter", "en")]
    [InlineData("compiled", "zh")]
    [InlineData("interpreter", "zh")]
    public void Input_dash_gives_the_files_input_file_gives(string engine, string lang)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        var fromFile = Path.Combine(dir, "from-file.csv");
        var fromStdin = Path.Combine(dir, "from-stdin.csv");

        var (fileExit, _, fileErr) = Run([], [.. Common(dir, engine, lang), "--input", input, "--output", fromFile]);
        var (exit, stdout, stderr) = Run(Encoding.UTF8.GetBytes(Parcels), [.. Common(dir, engine, lang), "--input", "-", "--output", fromStdin]);

        Assert.Equal(0, fileExit);
        Assert.Equal(0, exit);
        Assert.Empty(stdout);
        Assert.Equal(File.ReadAllBytes(fromFile), File.ReadAllBytes(fromStdin));
        // 25 元 × 1000 and 18 元 × 100 (测试〔2017〕1号 §二).
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\nA,1,1000,25,25000\nC,2,100,18,1800\n", File.ReadAllText(fromStdin).ReplaceLineEndings("\n"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "from-file.errors.csv")), File.ReadAllBytes(Path.Combine(dir, "from-stdin.errors.csv")));
        Assert.StartsWith("line,code,field,message\n3,invalid_input,grade,", File.ReadAllText(Path.Combine(dir, "from-stdin.errors.csv")).ReplaceLineEndings("\n"));
        Assert.Equal(fileErr.ReplaceLineEndings("\n").Replace("from-file", "from-stdin"), stderr);
        Assert.False(File.Exists(Path.Combine(dir, "-")));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public void Input_dash_and_output_dash_pipe_the_rows_through(string lang)
    {
        var dir = ChineseMessagesTests.Package();
        var file = Path.Combine(dir, "out.csv");
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        Run([], [.. Common(dir, "compiled", lang), "--input", input, "--output", file]);

        var (exit, stdout, stderr) = Run(Encoding.UTF8.GetBytes(Parcels), [.. Common(dir, "compiled", lang), "--input", "-", "--output", "-"]);

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(file), stdout);
        Assert.Contains(File.ReadAllText(Path.Combine(dir, "out.errors.csv")).ReplaceLineEndings("\n"), stderr);
    }

    [Theory]
    [InlineData("compiled", "en", "run: <stdin>(3,2): a quote inside an unquoted field", "run: stopped at line 3: the rest of <stdin> cannot be read reliably")]
    [InlineData("interpreter", "en", "run: <stdin>(3,2): a quote inside an unquoted field", "run: stopped at line 3: the rest of <stdin> cannot be read reliably")]
    [InlineData("compiled", "zh", "run：<stdin> 第3行第2列：不带引号的字段里有引号", "run：在第3行停止：<stdin> 从这里往后无法可靠地读取")]
    public void A_stray_quote_on_standard_input_is_located_in_stdin(string engine, string lang, string first, string second)
    {
        var dir = ChineseMessagesTests.Package();
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, stderr) = Run(Encoding.UTF8.GetBytes("id,grade,area_m2\nA,1,1000\nB\"x,2,10\n"), [.. Common(dir, engine, lang), "--input", "-", "--output", output]);

        Assert.Equal(1, exit);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith(first, lines[0]);
        Assert.StartsWith(second, lines[1]);
        // The output files are named (as they were), the input by no temporary path.
        Assert.DoesNotContain(Path.GetTempPath(), stderr.Replace(dir, "DIR"));
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("en", "run: <stdin>: ")]
    [InlineData("zh", "run：<stdin>：")]
    public void A_missing_column_names_stdin(string lang, string start)
    {
        var dir = ChineseMessagesTests.Package();
        var (exit, _, stderr) = Run(Encoding.UTF8.GetBytes("id,grade\nA,1\n"), [.. Common(dir, "compiled", lang), "--input", "-", "--output", Path.Combine(dir, "out.csv")]);
        Assert.Equal(1, exit);
        Assert.StartsWith(start, stderr);
        Assert.Contains("area_m2", stderr);
    }

    [Fact]
    public void Standard_input_is_decoded_with_the_encoding_given()
    {
        var dir = ChineseMessagesTests.Package();
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        var csv = "id,grade,area_m2\n甲,1,1000\n";
        var (exit, _, stderr) = Run(gb18030.GetBytes(csv), [.. Common(dir, "compiled", "en"), "--input", "-", "--output", Path.Combine(dir, "out.csv"), "--encoding", "gb18030"]);
        Assert.True(exit == 0, stderr);
        // 25 元 × 1000 (测试〔2017〕1号 §二).
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\n甲,1,1000,25,25000\n", File.ReadAllText(Path.Combine(dir, "out.csv")).ReplaceLineEndings("\n"));
    }
}
