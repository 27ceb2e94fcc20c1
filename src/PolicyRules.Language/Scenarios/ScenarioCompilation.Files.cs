// Reading a package folder's scenarios: net10.0 only (see RuleCompilation.Files.cs).
using System.Collections.Generic;
using PolicyRules.Language.Files;

namespace PolicyRules.Language.Scenarios;

public sealed partial class ScenarioCompilation
{
    /// <summary>Every <c>*.scenario</c> file of the package folder <paramref name="directory"/> (<see cref="PackageFiles"/>), paths shown under it, '/'-separated.</summary>
    public static IReadOnlyList<SourceText> ReadDirectory(string directory) => PackageFiles.ScenarioFiles(directory);
}
