using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

internal static class OutputPaths
{
    /// <summary>An output path given on the command line: an empty one is a usage error, not a crash in GetFullPath, and
    /// so is a folder, before any work is done (a long run would otherwise fail only when it puts its result in place).
    /// A path ending in a separator names a folder even when there is none yet: it would be made, and the write then fail.
    /// So is a device, pipe or socket (/dev/null): written beside and renamed into place, it would be replaced by a file.
    /// So is a path through a file (<c>out.csv/x.csv</c>).
    /// '-' is refused: a command that can write to standard output checks <see cref="IsStandardOutput"/> first; any
    /// other's standard output holds its report, and a file named '-' is never what a user of a Unix tool meant
    /// (<c>./-</c> names one).</summary>
    public static string Check(string path, string option, string command, Lang lang) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new UsageException(Msg.Of("cli.output_empty", ("command", command), ("option", option)).Render(lang))
            : IsStandardOutput(path)
            ? throw new UsageException(Msg.Of("cli.output_no_stdout", ("command", command), ("option", option)).Render(lang))
            : Path.EndsInDirectorySeparator(path)
            ? throw new UsageException(Msg.Of("cli.output_folder_name", ("command", command), ("option", option), ("file", path)).Render(lang))
            : !PolicyRules.Language.Files.PackageFiles.IsRegularFile(NotAFolder(path, command, lang))
            ? throw new UsageException(Msg.Of("cli.output_not_regular", ("command", command), ("option", option), ("file", path)).Render(lang))
            : FileInPath(path) is not null
            ? throw new UsageException(Msg.Of("cli.command_message", ("command", command), ("message", Msg.Of("io.not_a_folder", ("file", path)))).Render(lang))
            : path;

    /// <summary>The first folder of <paramref name="path"/> that is a file instead (the folders to make could not be made:
    /// .NET's words for it are "The file already exists", naming that file), or null.</summary>
    private static string? FileInPath(string path)
    {
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            if (File.Exists(folder)) return folder;
        return null;
    }

    /// <summary>Whether an output path given on the command line is '-', standard output.</summary>
    public static bool IsStandardOutput(string path) => path == "-";

    /// <summary>
    /// An input CSV path (diff): <paramref name="path"/>, or a usage error when it is a folder, or '-' with no file of
    /// that name (standard input, which eval, explain and run read, not diff).
    /// </summary>
    public static string InputFile(string path, string command, Lang lang) =>
        path == "-" && !File.Exists(path)
            ? throw new UsageException(Msg.Of("cli.no_stdin_input", ("command", command)).Render(lang))
            : NotAFolder(path, command, lang);

    /// <summary><paramref name="path"/>, or a usage error naming it as a folder when it is one (an input or output file).</summary>
    public static string NotAFolder(string path, string command, Lang lang) =>
        Directory.Exists(path)
            ? throw new UsageException(Msg.Of("cli.command_message", ("command", command), ("message", Msg.Of("io.is_folder", ("file", path)))).Render(lang))
            : path;
}
