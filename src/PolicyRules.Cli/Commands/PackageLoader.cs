using PolicyRules.Language;
using PolicyRules.Language.Files;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

internal static class PackageLoader
{
    /// <summary>The <c>--reform FILE</c> option that eval, explain, run, test and diff take.</summary>
    public static CliOption ReformOption => new("reform", "file.reform",
        Msg.Of("help.reform"));

    /// <summary>A usage error naming <paramref name="command"/> when <paramref name="directory"/> is not a folder (missing, or a file).</summary>
    public static void RequireFolder(string directory, string command, Lang lang)
    {
        if (PackageFiles.NotAPackageFolder(directory) is { } problem)
            throw new UsageException(Msg.Of("cli.command_message", ("command", command), ("message", problem)).Render(lang));
    }

    /// <summary>A usage error naming <paramref name="command"/> when the reform file <paramref name="reform"/> is given and missing.</summary>
    public static void RequireReform(string? reform, string command, Lang lang)
    {
        if (reform is not null && !File.Exists(OutputPaths.NotAFolder(reform, command, lang)))
            throw new UsageException(Msg.Of("cli.command_message", ("command", command), ("message", Msg.Of("cli.no_reform_file", ("file", reform)))).Render(lang));
    }

    /// <summary>
    /// Loads a package for evaluation, with <paramref name="reform"/> applied when given; on errors prints the diagnostics
    /// and returns null. A folder with no rules at all is a wrong path (as <c>check</c> says), not a package without the
    /// module asked for or with an empty catalogue: that is said and null returned too.
    /// </summary>
    public static RulePackage? Load(string directory, string command, TextWriter error, Lang lang = Lang.En, string? reform = null)
    {
        RequireFolder(directory, command, lang);
        RequireReform(reform, command, lang);
        var package = Checked(RuleCompilation.FromDirectory(directory, reform), directory, error, lang, reform);
        if (package?.Model is { Modules.Count: 0, Documents.Count: 0, Calendars.Count: 0 })
        {
            error.WriteLine(Msg.Of("cli.problem", ("command", command), ("problem", Msg.Of("cli.empty_package", ("dir", directory)))).Render(lang));
            return null;
        }
        return package;
    }

    /// <summary>The reform applied to a package already loaded, its rule files not read or parsed again (diff); on errors in
    /// the reform prints them and returns null.</summary>
    public static RulePackage? WithReform(RulePackage package, string directory, string reform, string command, TextWriter error, Lang lang = Lang.En)
    {
        RequireReform(reform, command, lang);
        return Checked(package.Compilation.WithReform(reform), directory, error, lang, reform);
    }

    private static RulePackage? Checked(RuleCompilation compilation, string directory, TextWriter error, Lang lang, string? reform)
    {
        if (!compilation.HasErrors) return RulePackage.FromCompilation(compilation);
        foreach (var d in compilation.Diagnostics.Where(d => d.IsError)) error.WriteLine(d.ToString(lang));
        var inReform = reform is not null && compilation.Diagnostics.Where(d => d.IsError).All(d => d.Span.File == reform.Replace('\\', '/'));
        error.WriteLine(inReform
            ? Msg.Of("cli.reform_has_errors", ("file", reform)).Render(lang)
            : Msg.Of("cli.package_has_errors", ("dir", directory)).Render(lang));
        return null;
    }
}
