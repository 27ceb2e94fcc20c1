using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>The command line itself: help for every command, --version, option errors with a suggestion, tab completion.</summary>
public class CommandLineTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run("", args);

    public static TheoryData<string> CommandNames => [.. PolicyRules.Cli.Cli.Commands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Every_command_has_help_describing_every_option(string name)
    {
        var command = PolicyRules.Cli.Cli.Commands.Single(c => c.Name == name);
        foreach (var form in new[] { new[] { name, "--help" }, [name, "-h"], ["help", name] })
        {
            var (exit, output, err) = Run(form);
            Assert.Equal(0, exit);
            Assert.Equal("", err);
            Assert.Contains($"policyrules {name}", output);
            Assert.Contains(command.Description.Render(Lang.En), output);
            foreach (var option in command.Options)
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description.Render(Lang.En)), $"--{option.Name} of {name} has no description");
                Assert.Contains($"--{option.Name}", output);
                Assert.Contains(option.Description.Render(Lang.En), output);
            }
        }
    }

    [Fact]
    public void The_top_level_help_lists_every_command_and_every_option()
    {
        var (exit, output, _) = Run("--help");
        Assert.Equal(0, exit);
        foreach (var command in PolicyRules.Cli.Cli.Commands)
        {
            Assert.Contains($"policyrules {command.Name}", output);
            foreach (var option in command.Options) Assert.Contains($"--{option.Name}", output);
        }
        Assert.Contains("--verbose", output);
        Assert.Contains("--engine <compiled|interpreter|duckdb>", output);
        Assert.Contains("--version", output);
        Assert.Equal((2, output), (Run().Exit, Run().Out)); // no command at all: the same help, as a usage error
    }

    [Fact]
    public void The_readme_and_docs_cli_md_name_every_command_and_option()
    {
        var readme = File.ReadAllText(TestPaths.InRepo("README.md"));
        var cli = File.ReadAllText(TestPaths.InRepo("docs", "cli.md"));
        foreach (var command in PolicyRules.Cli.Cli.Commands)
        {
            Assert.Contains($"| `{command.Name}", readme);
            Assert.Contains($"`{command.Name}", cli);
            foreach (var option in command.Options) Assert.Contains($"`--{option.Name}", cli);
        }
    }

    [Fact]
    public void Version_prints_the_tool_version()
    {
        var (exit, output, _) = Run("--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
        Assert.Equal(PolicyRules.Cli.Cli.Version, output.Trim());
    }

    [Theory]
    [InlineData(new[] { "test", "x", "--covrage" }, "policyrules test: unknown option --covrage; did you mean '--coverage'?")]
    [InlineData(new[] { "run", "--engin", "interpreter" }, "policyrules run: unknown option --engin; did you mean '--engine'?")]
    [InlineData(new[] { "test", "-h2" }, "policyrules test: unknown option -h2")]
    [InlineData(new[] { "check", "a", "b" }, "policyrules check: unexpected argument 'b'")]
    [InlineData(new[] { "doc", "x", "--output" }, "policyrules doc: option --output needs a value: <file.md>")]
    [InlineData(new[] { "run", "--threads" }, "policyrules run: option --threads needs a value: <n>")]
    [InlineData(new[] { "--verbose" }, "policyrules: unknown option --verbose; give a command first")]
    [InlineData(new[] { "help", "tset" }, "policyrules: unknown command 'tset'; did you mean 'test'?")]
    public void Option_errors_exit_2_name_the_option_and_suggest_the_closest(string[] args, string message)
    {
        var (exit, _, err) = Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, err);
        if (args[0] is not ("--verbose" or "help")) Assert.Contains($"see 'policyrules {args[0]} --help'", err);
    }

    [Fact]
    public void Doc_check_without_output_says_what_it_needs()
    {
        var (exit, _, err) = Run("doc", TestPaths.Package, "--check");
        Assert.Equal(2, exit);
        Assert.Contains("--check needs --output FILE", err);
    }

    [Fact]
    public void Tab_completion_offers_commands_and_option_values()
    {
        var (exit, output, _) = Run("[suggest]", "te");
        Assert.Equal(0, exit);
        Assert.Equal("test", output.Trim());
        const string line = "run --engine ";
        (exit, output, _) = Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, exit);
        Assert.Equal(["compiled", "duckdb", "interpreter"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var modules = $"eval --rules {TestPaths.Package} --module land_use";
        (exit, output, _) = Run($"[suggest:{modules.Length}]", modules);
        Assert.Equal(0, exit);
        Assert.Equal(["land_use_tax", "land_use_tax_parcel"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
