namespace PolicyRules.Tests;

/// <summary>Locates files of the repository from the test's output folder.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Package => Path.Combine(RepoRoot, "rules", "handan-2017-04");

    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>Copies the bundled package's rule files (no scenarios, no reforms) into <paramref name="target"/>; returns it.</summary>
    public static string CopyRules(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Package, "*.rules", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Package, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return target;
    }

    /// <summary>The files matching <paramref name="pattern"/> under <paramref name="directory"/>, relative and '/'-separated, in ordinal order.</summary>
    public static TheoryData<string> FilesUnder(string directory, string pattern)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(directory, f).Replace('\\', '/'));
        return data;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find PolicyRules.sln above " + AppContext.BaseDirectory);
    }
}
