using System.Text;
using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>--output -</c>: <c>run</c> writes the results CSV to standard output, the same bytes as the file <c>--output
/// out.csv</c> writes and nothing else, with every engine; the error rows and the summary go to standard error. Commands
/// whose standard output holds a report refuse <c>-</c>; none writes a file named <c>-</c>. The package is
/// ChineseMessagesTests.Package: module tax, grade 1 or 2 (25 or 18 元 per m², 测试〔2017〕1号 §二).
/// </summary>
public sealed class StandardOutputTests
{
    // Line 3 is the bad row: grade 7 fails "requires grade >= 1 and grade <= 2".
    private const string Parcels = "id,grade,area_m2\nA,1,1000\nB,7,10\nC,2,100\n";

    /// <summary>The command run with standard output as one byte stream that both its text and its bytes go to, as in the console.</summary>
    private static (int Exit, byte[] Out, string Err) RunToBytes(string cwd, params string[] args)
    {
        var stdout = new MemoryStream();
        var writer = new StreamWriter(stdout, new UTF8Encoding(false)) { AutoFlush = true };
        var error = new StringWriter();
        var before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(cwd);
        try
        {
            var exit = PolicyRules.Cli.Cli.Run(args, new MemoryStream(), writer, error, stdout);
            writer.Flush();
            return (exit, stdout.ToArray(), error.ToString().ReplaceLineEndings("\n"));
        }
        finally { Directory.SetCurrentDirectory(before); }
    }

    [Theory]
    [InlineData("compiled", "en")]
    [InlineData("interpreter", "en")]
    [InlineData("duckdb", "en")]
    [InlineData("compiled", "zh")]
    [InlineData("duckdb", "zh")]
    public void Run_output_dash_writes_the_results_file_to_standard_output_and_nothing_else(string engine, string lang)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        var file = Path.Combine(dir, "out.csv");
        string[] common = ["run", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01", "--engine", engine, "--lang", lang];

        var (fileExit, fileOut, _) = RunToBytes(dir, [.. common, "--output", file]);
        var (exit, stdout, stderr) = RunToBytes(dir, [.. common, "--output", "-"]);

        Assert.Equal(0, fileExit);
        Assert.Empty(fileOut);
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(file), stdout);
        // 25 元 × 1000 and 18 元 × 100 (测试〔2017〕1号 §二).
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\nA,1,1000,25,25000\nC,2,100,18,1800\n", Encoding.UTF8.GetString(stdout).ReplaceLineEndings("\n"));
        // No file named '-' (nor its errors file) beside the input or in the current folder.
        Assert.False(File.Exists(Path.Combine(dir, "-")));
        Assert.Empty(Directory.EnumerateFiles(dir, "-*"));

        // Standard error: the engine line, the errors file's content (its header, then the bad row), the closing line.
        var errors = File.ReadAllText(Path.Combine(dir, "out.errors.csv")).ReplaceLineEndings("\n");
        Assert.Contains(errors, stderr);
        Assert.Equal(lang == "zh"
                ? "run：读入 3 行，输出 2 行，错误 1 行（已核对：读入 = 输出 + 错误）；结果在标准输出，错误行在标准错误\n"
                : "run: rows in 3, rows out 2, error rows 1 (reconciled: in = out + errors); results on standard output, error rows on standard error\n",
            stderr[(stderr.IndexOf(errors, StringComparison.Ordinal) + errors.Length)..]);
        Assert.StartsWith("line,code,field,message\n3,invalid_input,grade,", errors);
    }

    [Fact]
    public void Run_output_dash_with_no_bad_row_writes_no_errors_header_to_standard_error()
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        var (exit, stdout, stderr) = RunToBytes(dir, "run", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01", "--output", "-", "--lang", "en");
        Assert.Equal(0, exit);
        Assert.Equal("id,grade,area_m2,rate_per_m2,annual_tax\nA,1,1000,25,25000\n", Encoding.UTF8.GetString(stdout).ReplaceLineEndings("\n"));
        Assert.DoesNotContain("line,code", stderr);
        Assert.EndsWith("error rows 0 (reconciled: in = out + errors); results on standard output, error rows on standard error\n", stderr);
    }

    [Theory]
    [InlineData("en", "run: stopped at line 3: the rest of {0} cannot be read reliably, so no rows were counted and nothing was written to standard output; fix the file and run again\n")]
    [InlineData("zh", "run：在第3行停止：{0} 从这里往后无法可靠地读取，因此没有计数任何行，也没有向标准输出写出任何内容；请修正文件后重新运行\n")]
    public void Run_output_dash_that_stops_at_a_bad_line_writes_nothing_to_standard_output(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\nB,2,1\"0\n");
        var (exit, stdout, stderr) = RunToBytes(dir, "run", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01", "--output", "-", "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        Assert.EndsWith(string.Format(expected, input), stderr);
    }

    [Theory]
    [InlineData("en", "policyrules test: --junit takes a file name; '-' (standard output) cannot be used here, where standard output holds the command's report\n")]
    [InlineData("zh", "policyrules test：--junit 需要文件名；这里不能用“-”（标准输出），因为标准输出用来显示命令的报告\n")]
    public void An_output_option_whose_command_reports_on_standard_output_refuses_dash(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var (exit, stdout, stderr) = RunToBytes(dir, "test", dir, "--junit", "-", "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Equal(expected, stderr);
        Assert.False(File.Exists(Path.Combine(dir, "-")));

        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        var diff = RunToBytes(dir, "diff", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01",
            "--reform", Path.Combine(dir, "none.reform"), "--changes", "-", "--lang", lang);
        Assert.Equal(2, diff.Exit);
        Assert.Contains(lang == "zh" ? "--changes 需要文件名；这里不能用“-”" : "--changes takes a file name; '-' (standard output) cannot be used here", diff.Err);
        Assert.False(File.Exists(Path.Combine(dir, "-")));
    }

    [Fact]
    public void Doc_output_dash_is_standard_output_as_without_output()
    {
        var dir = ChineseMessagesTests.Package();
        var (exit, stdout, _) = RunToBytes(dir, "doc", dir, "--output", "-");
        var (plainExit, plain, _) = RunToBytes(dir, "doc", dir);
        Assert.Equal(0, exit);
        Assert.Equal(0, plainExit);
        Assert.NotEmpty(plain);
        Assert.Equal(plain, stdout);
        Assert.False(File.Exists(Path.Combine(dir, "-")));
    }

    [Theory]
    [InlineData("en", "policyrules {1}: --{2} '{0}' is not a regular file but a device, a pipe or a socket; an output is written beside its file and renamed into place, which would replace it: give a file name")]
    [InlineData("zh", "policyrules {1}：--{2} “{0}”不是普通文件，而是设备、管道或套接字；输出先写在目标旁边再改名就位，会把它替换掉：请给出文件名")]
    public void An_output_that_is_not_a_regular_file_is_refused_not_replaced(string lang, string expected)
    {
        if (!OperatingSystem.IsLinux()) return; // the kind of file is read with statx
        var dir = ChineseMessagesTests.Package();
        // A socket file stands for /dev/null or a named pipe: as root, renaming a file onto /dev/null replaced the device.
        var socketPath = Path.Combine(dir, "out.sock");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        foreach (var (command, option, args) in new[]
                 {
                     ("run", "output", new[] { "run", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01", "--output", socketPath }),
                     ("doc", "output", ["doc", dir, "--output", socketPath]),
                     ("test", "junit", ["test", dir, "--junit", socketPath]),
                 })
        {
            var (exit, stdout, stderr) = RunToBytes(dir, [.. args, "--lang", lang]);
            Assert.Equal(2, exit);
            Assert.Empty(stdout);
            Assert.Equal(string.Format(expected, socketPath, command, option), stderr.TrimEnd());
            Assert.False(File.Exists(socketPath) && PolicyRules.Language.Files.PackageFiles.IsRegularFile(socketPath));
        }
    }

    [Fact]
    public void The_tool_as_a_process_writes_the_README_samples_results_to_standard_output_byte_for_byte()
    {
        // The README's quick start over samples/parcels.csv (5,000 parcels, some deliberately bad), once into a file and
        // once with --output -, both by the tool started as a process: its console streams, not test writers.
        var dir = Directory.CreateTempSubdirectory("policyrules-stdout").FullName;
        var file = Path.Combine(dir, "parcels-tax.csv");
        (int Exit, byte[] Out, string Err) Start(string output)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = dir };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "PolicyRules.Cli.dll"), "run", "--rules", TestPaths.Package,
                         "--module", "land_use_tax_parcel", "--input", TestPaths.InRepo("samples", "parcels.csv"), "--output", output,
                         "--at", "2017-09-01", "--lang", "en" })
                start.ArgumentList.Add(a);
            using var child = System.Diagnostics.Process.Start(start)!;
            var err = child.StandardError.ReadToEndAsync();
            using var bytes = new MemoryStream();
            child.StandardOutput.BaseStream.CopyTo(bytes);
            Assert.True(child.WaitForExit(120_000));
            return (child.ExitCode, bytes.ToArray(), err.Result.ReplaceLineEndings("\n"));
        }

        var toFile = Start(file);
        var toStdout = Start("-");

        Assert.Equal(0, toFile.Exit);
        Assert.Equal(0, toStdout.Exit);
        Assert.Empty(toFile.Out);
        Assert.True(File.ReadAllBytes(file).Length > 100_000);
        Assert.Equal(File.ReadAllBytes(file), toStdout.Out);
        Assert.Equal(["parcels-tax.csv", "parcels-tax.errors.csv"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The error rows reach standard error as the errors file holds them.
        Assert.Contains(File.ReadAllText(Path.Combine(dir, "parcels-tax.errors.csv")).ReplaceLineEndings("\n"), toStdout.Err);
        Assert.EndsWith("results on standard output, error rows on standard error\n", toStdout.Err);
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("en", "policyrules {1}: could not use '{0}': a part of its path is a file, not a folder")]
    [InlineData("zh", "policyrules {1}：无法使用“{0}”：其路径中有一段是文件，不是文件夹")]
    public void An_output_path_through_a_file_says_so_not_that_the_file_already_exists(string lang, string expected)
    {
        var dir = ChineseMessagesTests.Package();
        var input = Path.Combine(dir, "parcels.csv");
        File.WriteAllText(input, Parcels);
        var through = Path.Combine(input, "out.csv");
        foreach (var (command, args) in new[]
                 {
                     ("run", new[] { "run", "--rules", dir, "--module", "tax", "--input", input, "--at", "2017-09-01", "--output", through }),
                     ("doc", ["doc", dir, "--output", through]),
                 })
        {
            var (exit, stdout, stderr) = RunToBytes(dir, [.. args, "--lang", lang]);
            Assert.Equal(2, exit);
            Assert.Empty(stdout);
            Assert.Equal(string.Format(expected, through, command), stderr.TrimEnd());
        }
        Assert.Equal(Parcels, File.ReadAllText(input));
    }

    [Fact]
    public void Test_coverage_output_dash_is_standard_output_as_without_it()
    {
        var dir = ChineseMessagesTests.Package();
        var dash = RunToBytes(dir, "test", dir, "--coverage-output", "-", "--lang", "en");
        var plain = RunToBytes(dir, "test", dir, "--coverage", "--lang", "en");
        Assert.Equal(plain.Exit, dash.Exit);
        Assert.Contains("coverage", Encoding.UTF8.GetString(plain.Out));
        Assert.Equal(Encoding.UTF8.GetString(plain.Out), Encoding.UTF8.GetString(dash.Out));
        Assert.False(File.Exists(Path.Combine(dir, "-")));
    }
}
