using PolicyRules.Language;

namespace PolicyRules.Cli.Commands;

/// <summary>Values tab completion computes from what is already on the command line.</summary>
internal static class Completion
{
    /// <summary>The module names of the package named by <c>--rules</c> (none while it is missing or does not parse).</summary>
    public static IEnumerable<string> Modules(Func<string, string?> option) =>
        option("rules") is { } dir && Directory.Exists(dir)
            ? RuleCompilation.FromDirectory(dir).Package.Modules.Select(m => m.Name).Order(StringComparer.Ordinal)
            : [];
}
