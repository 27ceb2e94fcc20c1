// Reading a package folder: for the CLI, the runtime and tests (net10.0 only). The netstandard2.0 build runs inside
// the compiler (the analyzer and generator), where the compiler hands over the files; it does no file I/O of its own.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Binding;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language;

public sealed partial class RuleCompilation
{
    /// <summary>Every <c>*.rules</c> file under <paramref name="directory"/>, paths relative to it, '/'-separated.</summary>
    public static IReadOnlyList<SourceText> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"rule package folder '{directory}' does not exist");
        var root = Path.GetFullPath(directory);
        return Directory.EnumerateFiles(root, "*.rules", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(root, f))
            .Select(f => new SourceText(Relative(root, f, directory), File.ReadAllText(f)))
            .ToList();
    }

    public static RuleCompilation FromDirectory(string directory) => Compile(ReadDirectory(directory));

    /// <summary>A package folder is also a C# project; what the build copies into bin/ and obj/ is not source.</summary>
    private static bool IsBuildOutput(string root, string file)
    {
        var first = file.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, '/').Split(Path.DirectorySeparatorChar, '/')[0];
        return first is "bin" or "obj";
    }

    private static string Relative(string root, string file, string shownRoot)
    {
        var rel = file.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, '/');
        return Path.Combine(shownRoot, rel).Replace('\\', '/');
    }
}
