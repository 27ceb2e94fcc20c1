using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Files;

/// <summary>
/// Reads the source files of a rule package folder: regular files inside it only. A symbolic link that leads out
/// of the folder is a PR0002 diagnostic that shows nothing of what it points to (a package must not become a way to
/// print files it does not hold); a link to a folder inside it is not followed (the folder is read where it is).
/// The package's build output (<c>bin/</c>, <c>obj/</c>) is not source, nor is a folder whose name starts with '.'
/// (<c>.git/</c>); rule files under <c>scenarios/</c> are not rules (docs/language.md). A named pipe, device or socket is a PR0002 diagnostic, never opened (a pipe would hang the
/// load). Every file must be UTF-8; one that is not is a PR0002 diagnostic naming the likely encoding.
/// </summary>
public static class PackageFiles
{
    /// <summary>The <c>*.rules</c> files of the package (not under <c>scenarios/</c>).</summary>
    public static IReadOnlyList<SourceText> RuleFiles(string directory) => Read(directory, ".rules", "scenarios");

    /// <summary>Whether <paramref name="path"/> is a regular file (not a named pipe, a device or a socket, which a reader must not open).</summary>
    public static bool IsRegularFile(string path) => FileKind.NotRegular(path) is null;

    /// <summary>
    /// The most files and folders a package folder may hold, counted as the loader walks it (<c>bin/</c>, <c>obj/</c> and
    /// '.' folders not counted). A package holds tens; a folder holding more was given by mistake (<c>/tmp</c>, a home
    /// folder), and walking all of it before saying it holds no rules would take a long time.
    /// </summary>
    internal const int MaxEntries = 10_000;

    /// <summary>
    /// Why <paramref name="directory"/> cannot be a rule package folder (it does not exist, is a file, or holds more than
    /// <see cref="MaxEntries"/> files and folders), or null: the one wording for every command that takes a package.
    /// </summary>
    internal static Msg? NotAPackageFolder(string directory) =>
        Directory.Exists(directory) ? (HoldsMoreThan(directory, MaxEntries) ? Msg.Of("cli.folder_too_big", ("dir", directory), ("max", MaxEntries)) : null)
        : File.Exists(directory) ? Msg.Of("cli.folder_is_file", ("dir", directory))
        : Msg.Of("cli.no_folder", ("dir", directory));

    /// <summary>Whether the walk <see cref="Read"/> makes would meet more than <paramref name="max"/> entries; stops counting there.</summary>
    private static bool HoldsMoreThan(string directory, int max)
    {
        var seen = 0;
        var pending = new Stack<(DirectoryInfo Folder, bool Top)>();
        pending.Push((new DirectoryInfo(directory), true));
        while (pending.Count > 0)
        {
            var (folder, top) = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try { entries = folder.EnumerateFileSystemInfos(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            try
            {
                foreach (var entry in entries)
                {
                    if (entry is DirectoryInfo sub)
                    {
                        if (NotSource(sub.Name, top, null)) continue;
                        if ((sub.Attributes & FileAttributes.ReparsePoint) == 0) pending.Push((sub, false));
                    }
                    if (++seen > max) return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return false;
    }

    /// <summary>A folder the loader does not read: '.' folders anywhere; <c>bin/</c>, <c>obj/</c> and <paramref name="skipFolder"/> at the top.</summary>
    private static bool NotSource(string name, bool top, string? skipFolder) =>
        name.StartsWith(".", StringComparison.Ordinal) || top && (name is "bin" or "obj" || name == skipFolder);

    /// <summary>The <c>*.scenario</c> files of the package.</summary>
    public static IReadOnlyList<SourceText> ScenarioFiles(string directory) => Read(directory, ".scenario", null);

    /// <summary>
    /// A reform file (<c>.reform</c>, docs/language.md#reforms), read as rule files are (UTF-8, a regular file); shown
    /// in diagnostics as given. The package loader never reads <c>.reform</c> files as rules: a reform is applied only
    /// when named.
    /// </summary>
    internal static SourceText ReformFile(string path)
    {
        var shown = path.Replace('\\', '/');
        if (!File.Exists(path)) return Unreadable(shown, Msg.Of("files.reform_missing", ("file", shown)));
        if (FileKind.NotRegular(path) is { } kind) return Unreadable(shown, Msg.Of("files.reform_not_regular", ("file", shown), ("kind", kind)));
        return ReadFile(Path.GetFullPath(path), shown);
    }

    private static IReadOnlyList<SourceText> Read(string directory, string extension, string? skipFolder)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"rule package folder '{directory}' does not exist");
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, '/');
        var roots = new List<string> { root };
        if (RealTarget(new DirectoryInfo(root)) is { } real) roots.Add(real);
        var result = new List<SourceText>();
        Walk(new DirectoryInfo(root), "", true);
        return result.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();

        void Walk(DirectoryInfo folder, string relative, bool top)
        {
            foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var rel = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                var shown = Path.Combine(directory, rel).Replace('\\', '/');
                var isFolder = entry is DirectoryInfo;
                if (isFolder && NotSource(entry.Name, top, skipFolder)) continue;
                if (!isFolder && !entry.Name.EndsWith(extension, StringComparison.Ordinal)) continue;
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    var target = RealTarget(entry);
                    var inside = target is not null && roots.Any(r => target.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal));
                    if (!inside)
                    {
                        result.Add(Unreadable(shown, Msg.Of(target is null ? "files.broken_link" : isFolder ? "files.folder_link_outside" : "files.file_link_outside", ("file", shown))));
                        continue;
                    }
                    if (isFolder) continue;   // read where it is, inside the package
                }
                if (isFolder) Walk((DirectoryInfo)entry, rel, false);
                else if (FileKind.NotRegular(entry.FullName) is { } kind)
                    // Opening a named pipe would wait for a writer for ever; a device could be read without end.
                    result.Add(Unreadable(shown, Msg.Of("files.not_regular", ("file", shown), ("kind", kind))));
                else result.Add(ReadFile(entry.FullName, shown));
            }
        }
    }

    /// <summary>Where a link finally leads (a full path), or null for a broken link (or where links cannot be resolved).</summary>
    private static string? RealTarget(FileSystemInfo entry)
    {
#if NET
        try
        {
            var target = entry.ResolveLinkTarget(returnFinalTarget: true);
            return target is null || !target.Exists ? null : Path.GetFullPath(target.FullName);
        }
        catch (IOException)
        {
            return null;
        }
#else
        return null;
#endif
    }

    private static SourceText ReadFile(string path, string shown)
    {
        try
        {
            var text = TextEncodingCheck.ReadUtf8(path, out Msg? problem, out var line, out var column);
            if (text is not null) return new SourceText(shown, text);
            return new SourceText(shown, "", Diagnostic.Error(DiagnosticIds.FileUnreadable, new TextSpan(shown, line, column, line, column + 1), problem!));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable(shown, Msg.Of("files.cannot_read", ("file", shown), ("reason", e.Message)));
        }
    }

    private static SourceText Unreadable(string shown, Msg message) =>
        new(shown, "", Diagnostic.Error(DiagnosticIds.FileUnreadable, TextSpan.None(shown), message));
}
