using System.Net;
using System.Net.Sockets;

namespace PolicyRules.Server.Tests;

/// <summary><c>policyrules serve</c> through the CLI: what it refuses before it listens.</summary>
public sealed class ServeCommandTests
{
    private static (int Exit, string Output) Serve(params string[] args)
    {
        var output = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(["serve", .. args], new StringReader(""), output, output);
        return (exit, output.ToString());
    }

    [Theory]
    [InlineData(new[] { "--port", "5000" }, "policyrules serve: --rules is required")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--port", "http" }, "policyrules serve: --port must be from 0 to 65535, got http")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--port" }, "policyrules serve: option --port needs a value: <n>")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--port", "70000" }, "--port must be from 0 to 65535, got 70000")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--host", "example" }, "--host must be an IP address or localhost, got 'example'")]
    [InlineData(new[] { "--rules", "no/such/folder" }, "rule package folder 'no/such/folder' does not exist")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--reload" }, "policyrules serve: unknown option --reload\n")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--wach" }, "policyrules serve: unknown option --wach; did you mean '--watch'?")]
    public void A_wrong_command_line_exits_2_and_says_why(string[] args, string message)
    {
        var (exit, output) = Serve(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, output);
    }

    [Fact]
    public void A_package_with_errors_is_not_served()
    {
        var dir = TestPaths.CopyOfRules();
        try
        {
            File.AppendAllText(Path.Combine(dir, "hz107.rules"), "\nmodule broken {\n");
            var (exit, output) = Serve("--rules", dir, "--port", "0");
            Assert.Equal(1, exit);
            Assert.Contains("hz107.rules(", output);
            Assert.Contains("has errors", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_reform_with_errors_is_not_served_and_the_check_to_run_names_the_reform()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-serve-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var reform = Path.Combine(dir, "bad.reform");
        try
        {
            File.WriteAllText(reform, "reform broken\n  garbage\n");
            var (exit, output) = Serve("--rules", TestPaths.Package, "--port", "0", "--reform", reform);
            Assert.Equal(1, exit);
            Assert.Contains("bad.reform(2,", output);
            Assert.Contains($"run 'policyrules check {TestPaths.Package} --reform {reform}'", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_port_in_use_is_exit_1_naming_the_address()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output) = Serve("--rules", TestPaths.Package, "--port", port);
        Assert.Equal(1, exit);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}: another program is using that port", output);
    }

    [Theory]
    [InlineData("en", "policyrules serve: '{0}' is a file, not a rule package folder")]
    [InlineData("zh", "policyrules serve：“{0}”是文件，不是规则包文件夹")]
    public void A_file_given_as_the_package_is_called_a_file(string lang, string expected)
    {
        var file = Path.Combine(TestPaths.Package, "registry", "hz107.rules");
        var (exit, output) = Serve("--rules", file, "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file), output.TrimEnd());
    }

    [Fact]
    public void A_port_in_use_is_said_in_Chinese_without_the_systems_English()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output) = Serve("--rules", TestPaths.Package, "--port", port, "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Equal($"policyrules serve：无法在 127.0.0.1:{port} 上监听：另一个程序正在使用这个端口；请换一个 --port（--port 0 会选一个空闲端口）", output.TrimEnd());
    }

    [Fact]
    public void The_hosts_own_start_failure_log_is_off_so_the_reason_is_said_once_without_a_stack_trace()
    {
        using var package = PolicyRules.Server.Hosting.PackageHost.Load(TestPaths.Package, null, TimeSpan.FromSeconds(1), out _)!;
        using var host = ServeApp.CreateHostBuilder(new ServeOptions(TestPaths.Package) { Port = 0 }, package).Build();
        var loggers = (Microsoft.Extensions.Logging.ILoggerFactory)host.Services.GetService(typeof(Microsoft.Extensions.Logging.ILoggerFactory))!;
        Assert.False(loggers.CreateLogger("Microsoft.Extensions.Hosting.Internal.Host").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Critical));
        // The service's own warnings still reach the console.
        Assert.True(loggers.CreateLogger("PolicyRules.Server").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
    }
    [Theory]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--port", "70000", "--lang", "zh" }, "policyrules serve：--port 应在 0 到 65535 之间，实际为 70000")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--host", "example", "--lang", "zh" }, "policyrules serve：--host 应为 IP 地址或 localhost，实际为“example”")]
    [InlineData(new[] { "--rules", "no/such/folder", "--lang", "zh" }, "policyrules serve：规则包文件夹“no/such/folder”不存在")]
    [InlineData(new[] { "--rules", "rules/handan-2017-04", "--port", "http", "--lang", "zh" }, "policyrules serve：--port 应在 0 到 65535 之间，实际为 http")]
    [InlineData(new[] { "--port", "5000", "--lang", "zh" }, "policyrules serve：缺少 --rules")]
    public void A_wrong_command_line_says_why_in_Chinese_with_lang_zh(string[] args, string message)
    {
        var (exit, output) = Serve(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, output);
    }
    [Fact]
    public async Task The_start_up_lines_follow_lang()
    {
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var options = new ServeOptions(TestPaths.Package) { Port = 0, Language = PolicyRules.Language.Messages.Lang.Zh };
        var exit = await ServeCommand.RunAsync(options, output, output, stop.Token, started: _ => stop.Cancel());
        Assert.Equal(0, exit);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        // 55 modules: the package's module catalogue (docs/packages/handan-2017-04.md).
        Assert.Matches($"^policyrules serve：在 http://127\\.0\\.0\\.1:[0-9]+/ 上提供“{System.Text.RegularExpressions.Regex.Escape(TestPaths.Package)}”的 55 个模块$", lines[0]);
        Assert.Matches("^  法规浏览 http://127\\.0\\.0\\.1:[0-9]+/   接口 http://127\\.0\\.0\\.1:[0-9]+/api/modules   OpenAPI http://127\\.0\\.0\\.1:[0-9]+/openapi/v1\\.json$", lines[1]);
    }
}
