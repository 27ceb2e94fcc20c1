using PolicyRules.Language;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

internal static class PackageLoader
{
    /// <summary>Loads a package for evaluation; on errors prints the diagnostics and returns null.</summary>
    public static RulePackage? Load(string directory, TextWriter error, Lang lang = Lang.En)
    {
        if (!Directory.Exists(directory))
            throw new UsageException(Msg.Of("cli.no_folder", ("dir", directory)).Render(lang));
        var compilation = RuleCompilation.FromDirectory(directory);
        if (!compilation.HasErrors) return RulePackage.FromCompilation(compilation);
        foreach (var d in compilation.Diagnostics.Where(d => d.IsError)) error.WriteLine(d.ToString(lang));
        error.WriteLine(Msg.Of("cli.package_has_errors", ("dir", directory)).Render(lang));
        return null;
    }
}
