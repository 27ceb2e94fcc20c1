using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Language.Files;

/// <summary>
/// Reads the source files of a rule package folder: regular files inside it only. A symbolic link that leads out
/// of the folder is a PR0002 diagnostic that shows nothing of what it points to (a package must not become a way to
/// print files it does not hold); a link to a folder inside it is not followed (the folder is read where it is).
/// The package's build output (<c>bin/</c>, <c>obj/</c>) is not source; rule files under <c>scenarios/</c> are not
/// rules (docs/language.md). A named pipe, device or socket is a PR0002 diagnostic, never opened (a pipe would hang the
/// load). Every file must be UTF-8; one that is not is a PR0002 diagnostic naming the likely encoding.
/// </summary>
public static class PackageFiles
{
    /// <summary>The <c>*.rules</c> files of the package (not under <c>scenarios/</c>).</summary>
    public static IReadOnlyList<SourceText> RuleFiles(string directory) => Read(directory, ".rules", "scenarios");

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
        if (!File.Exists(path)) return Unreadable(shown, "does not exist");
        if (FileKind.NotRegular(path) is { } kind) return Unreadable(shown, $"is {kind}, not a regular file, and is not read");
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
                if (isFolder && top && (entry.Name is "bin" or "obj" || entry.Name == skipFolder)) continue;
                if (!isFolder && !entry.Name.EndsWith(extension, StringComparison.Ordinal)) continue;
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    var target = RealTarget(entry);
                    var inside = target is not null && roots.Any(r => target.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal));
                    if (!inside)
                    {
                        result.Add(Unreadable(shown, target is null
                            ? "is a symbolic link that leads nowhere (or cannot be followed here); remove the link or put the file itself in the package"
                            : $"is a symbolic link to a {(isFolder ? "folder" : "file")} outside the rule package folder, which is not read: a package reads only its own files; copy the {(isFolder ? "files" : "file")} into the package or remove the link"));
                        continue;
                    }
                    if (isFolder) continue;   // read where it is, inside the package
                }
                if (isFolder) Walk((DirectoryInfo)entry, rel, false);
                else if (FileKind.NotRegular(entry.FullName) is { } kind)
                    // Opening a named pipe would wait for a writer for ever; a device could be read without end.
                    result.Add(Unreadable(shown, $"is {kind}, not a regular file, and is not read: a package reads only regular files; remove it or put the file itself in its place"));
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
            var text = TextEncodingCheck.ReadUtf8(path, out var problem, out var line, out var column);
            if (text is not null) return new SourceText(shown, text);
            return new SourceText(shown, "", new Diagnostic(DiagnosticIds.FileUnreadable.Id, Severity.Error,
                new TextSpan(shown, line, column, line, column + 1), problem!));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable(shown, "cannot be read: " + e.Message);
        }
    }

    private static SourceText Unreadable(string shown, string message) =>
        new(shown, "", new Diagnostic(DiagnosticIds.FileUnreadable.Id, Severity.Error, TextSpan.None(shown), $"'{shown}' {message}"));
}
