namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>Runs the policyrules command in-process.</summary>
public static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = PolicyRules.Cli.Cli.Run(args, new StringReader(""), output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A temporary folder, deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policyrules-sql-test-" + Guid.NewGuid().ToString("N")[..10]);
        public TempFolder() => Directory.CreateDirectory(Path);
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}
