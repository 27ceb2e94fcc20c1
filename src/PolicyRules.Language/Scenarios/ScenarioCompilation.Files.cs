// Reading a package folder's scenarios: net10.0 only (see RuleCompilation.Files.cs).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Scenarios;

public sealed partial class ScenarioCompilation
{
    /// <summary>Every <c>*.scenario</c> file under <paramref name="directory"/> (a rule package folder), paths shown under it, '/'-separated.</summary>
    public static IReadOnlyList<SourceText> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"rule package folder '{directory}' does not exist");
        var root = Path.GetFullPath(directory);
        return Directory.EnumerateFiles(root, "*.scenario", SearchOption.AllDirectories)
            .Select(f => new SourceText(Path.Combine(directory, f.Substring(root.Length).TrimStart(Path.DirectorySeparatorChar, '/')).Replace('\\', '/'),
                File.ReadAllText(f)))
            .ToList();
    }
}
