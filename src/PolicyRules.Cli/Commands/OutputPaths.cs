namespace PolicyRules.Cli.Commands;

internal static class OutputPaths
{
    /// <summary>An output path given on the command line: an empty one is a usage error, not a crash in GetFullPath.</summary>
    public static string Check(string path, string option, string command) =>
        string.IsNullOrWhiteSpace(path) ? throw new UsageException($"{command}: --{option} needs a file name, got an empty one") : path;
}
