using PolicyRules.Language;

namespace PolicyRules.Analyzers.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string HandanPackage => Path.Combine(Root, "rules", "handan-2017-04");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
        throw new InvalidOperationException("PolicyRules.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The package's .rules files with paths relative to the package folder, as the generator names them.</summary>
    public static IReadOnlyList<SourceText> HandanSources() =>
        Directory.EnumerateFiles(HandanPackage, "*.rules", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Select(f => new SourceText(Path.GetRelativePath(HandanPackage, f).Replace('\\', '/'), File.ReadAllText(f)))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        return parts.Contains("bin") || parts.Contains("obj");
    }
}
