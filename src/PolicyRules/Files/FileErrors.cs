using System.Text.RegularExpressions;
using PolicyRules.Language.Messages;

namespace PolicyRules.Files;

/// <summary>
/// A file operation's failure (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>) as a catalogue
/// sentence naming the file and what failed, instead of .NET's English text: not found, access denied, disk full, or
/// could not write / read (with the system's own words kept only as a trailing parenthesis). A write through
/// <see cref="AtomicFile"/> fails on its temporary file; the sentence names the target instead.
/// </summary>
internal static partial class FileErrors
{
    // errno ENOSPC on Linux and macOS (.NET's IOException carries the raw errno there); ERROR_DISK_FULL and
    // ERROR_HANDLE_DISK_FULL on Windows.
    private static readonly int[] DiskFull = [28, unchecked((int)0x80070070), unchecked((int)0x80070027)];
    private const int NotAFolder = 20, IsAFolder = 21;  // errno ENOTDIR, EISDIR

    /// <summary>Whether <paramref name="e"/> is a failure this class words (the exceptions file operations throw).</summary>
    public static bool IsFileError(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>The sentence for <paramref name="e"/>; <paramref name="file"/> names the file when the caller knows it
    /// (else the exception's own path is used), <paramref name="writing"/> whether it was being written.</summary>
    public static Msg Describe(Exception e, string? file = null, bool writing = false)
    {
        if (e is FileWriteException { InnerException: { } inner } w) { file ??= w.Target; writing = true; e = inner; }
        file ??= (e as FileNotFoundException)?.FileName ?? QuotedPath(e.Message);
        if (file is not null && AtomicTarget(file) is { } target) { file = target; writing = true; }
        if (file is null) return Msg.Of("io.failed_unnamed", ("detail", e.Message));
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => Msg.Of(writing ? "io.folder_not_found" : "io.not_found", ("file", file)),
            UnauthorizedAccessException => Msg.Of(writing ? "io.write_denied" : "io.access_denied", ("file", file)),
            IOException when DiskFull.Contains(e.HResult) => Msg.Of("io.disk_full", ("file", file)),
            IOException when e.HResult == IsAFolder => Msg.Of("io.is_folder", ("file", file)),
            IOException when e.HResult == NotAFolder => Msg.Of("io.not_a_folder", ("file", file)),
            _ => Msg.Of(writing ? "io.write_failed" : "io.failed", ("file", file), ("detail", Detail(e.Message))),
        };
    }

    /// <summary>The path .NET quotes in its message (<c>… : '/data/out.csv'</c>, <c>Access to the path '/x' is denied.</c>):
    /// from the first quote after a space to the last quote, since the path itself may hold quotes (<c>/home/o'brien</c>).</summary>
    private static string? QuotedPath(string message)
    {
        var m = Quoted().Match(message);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The system's words without the quoted path, which the sentence names already.</summary>
    private static string Detail(string message) => Quoted().Replace(message, "").Trim().TrimEnd(':', '.', ' ');

    /// <summary>The target of an <see cref="AtomicFile"/> temporary file (<c>.NAME.policyrules-PID.RANDOM.tmp</c>), or null.</summary>
    private static string? AtomicTarget(string path)
    {
        var m = Temporary().Match(Path.GetFileName(path));
        return m.Success ? Path.Combine(Path.GetDirectoryName(path) ?? "", m.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"(?:^|\s):?\s*'(.+)'", RegexOptions.Singleline)]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^\.(.+)\.policyrules-[0-9]+\.[0-9a-f]{8}\.tmp$")]
    private static partial Regex Temporary();
}

/// <summary>An <see cref="AtomicFile"/> could not be created or put in place: <see cref="Target"/> names the file being
/// written (the failure itself, on the temporary file or the rename, is the inner exception).</summary>
internal sealed class FileWriteException : IOException
{
    public FileWriteException(string target, Exception inner) : base($"could not write '{target}': {inner.Message}", inner)
    {
        Target = target;
        HResult = inner.HResult;
    }

    /// <summary>The file being written.</summary>
    public string Target { get; }
}
