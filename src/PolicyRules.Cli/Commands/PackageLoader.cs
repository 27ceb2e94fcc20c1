using PolicyRules.Language;

namespace PolicyRules.Cli.Commands;

internal static class PackageLoader
{
    /// <summary>Loads a package for evaluation; on errors prints the diagnostics and returns null.</summary>
    public static RulePackage? Load(string directory, TextWriter error)
    {
        if (!Directory.Exists(directory))
            throw new UsageException($"rule package folder '{directory}' does not exist");
        var compilation = RuleCompilation.FromDirectory(directory);
        if (!compilation.HasErrors) return RulePackage.FromCompilation(compilation);
        foreach (var d in compilation.Diagnostics.Where(d => d.IsError)) error.WriteLine(d);
        error.WriteLine($"the rule package '{directory}' has errors; run 'policyrules check {directory}'");
        return null;
    }
}
