using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>The repository's rule package, loaded once for all SQL tests.</summary>
public static class TestPackage
{
    private static readonly Lazy<RulePackage> Loaded = new(() => RulePackage.Load(PackagePath));

    public static string RepoRoot { get; } = FindRoot();
    public static string PackagePath => Path.Combine(RepoRoot, "rules", "handan-2017-04");
    public static RulePackage Package => Loaded.Value;

    public static ModuleModel Module(string name) => Package.FindModule(name) ?? throw new ArgumentException($"no module {name}");

    /// <summary>Every module that the SQL back end compiles.</summary>
    public static TheoryData<string> SqlModules()
    {
        var data = new TheoryData<string>();
        foreach (var m in Package.Model.Modules.Where(m => SqlEmitter.WhyNot(Package, m) is null)) data.Add(m.Name);
        return data;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find PolicyRules.sln above " + AppContext.BaseDirectory);
    }
}
