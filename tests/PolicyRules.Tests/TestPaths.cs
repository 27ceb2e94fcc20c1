namespace PolicyRules.Tests;

/// <summary>Locates files of the repository from the test's output folder.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Package => Path.Combine(RepoRoot, "rules", "handan-2017-04");

    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find PolicyRules.sln above " + AppContext.BaseDirectory);
    }
}
