namespace PolicyRules.Tests.Cli;

/// <summary>The policyrules command run in process, as the CLI tests drive it.</summary>
internal static class CliRunner
{
    /// <returns>The exit code, standard output and standard error.</returns>
    public static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(args, new StringReader(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>As <see cref="Run(string, string[])"/> with standard input as bytes, as the console gives it.</summary>
    public static (int Exit, string Out, string Err) RunBytes(byte[] stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(args, new MemoryStream(stdin), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
