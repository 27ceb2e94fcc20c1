using PolicyRules.Language;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules check &lt;dir&gt;</c>: parse, bind and type-check a rule package.</summary>
internal static class CheckCommand
{
    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positionals.Count != 1) throw new UsageException("check: usage: policyrules check <rule-package-folder>");
        var directory = args.Positionals[0];
        if (!Directory.Exists(directory)) throw new UsageException($"check: rule package folder '{directory}' does not exist");
        var compilation = RuleCompilation.FromDirectory(directory);
        foreach (var d in compilation.Diagnostics) output.WriteLine(d);
        var errors = compilation.Diagnostics.Count(d => d.IsError);
        var warnings = compilation.Diagnostics.Count - errors;
        var p = compilation.Package;
        output.WriteLine(errors == 0
            ? $"ok: {p.Modules.Count} modules, {p.Documents.Count} documents, {p.Calendars.Count} calendars; {warnings} warning(s)"
            : $"{errors} error(s), {warnings} warning(s)");
        return errors == 0 ? 0 : 1;
    }
}
