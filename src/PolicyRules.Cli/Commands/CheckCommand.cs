using PolicyRules.Language;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules check &lt;dir&gt;</c>: parse, bind and type-check a rule package.</summary>
internal sealed class CheckCommand : CliCommand
{
    public override string Name => "check";
    public override Msg Description => Msg.Of("help.check");
    public override CliPositional Positional => new("dir", Msg.Of("help.rules_folder"));
    public override IReadOnlyList<CliOption> Options =>
    [
        CliLang.Option,
        new("reform", "file.reform", Msg.Of("help.check_reform")),
    ];
    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        if (args.Positionals.Count != 1) throw new UsageException(Msg.Of("check.usage").Render(lang));
        var directory = args.Positionals[0];
        PackageLoader.RequireFolder(directory, "check", lang);
        var reform = args.Get("reform");
        PackageLoader.RequireReform(reform, "check", lang);
        var compilation = RuleCompilation.FromDirectory(directory, reform);
        foreach (var d in compilation.Diagnostics) output.WriteLine(d.ToString(lang));
        var errors = compilation.Diagnostics.Count(d => d.IsError);
        var warnings = compilation.Diagnostics.Count - errors;
        var p = compilation.Package;
        // A folder with no rules at all is a wrong path (samples/, the package's parent's sibling), not a package that passes.
        if (errors == 0 && p.Modules.Count == 0 && p.Documents.Count == 0 && p.Calendars.Count == 0)
        {
            error.WriteLine(Msg.Of("cli.problem", ("command", "check"), ("problem", Msg.Of("cli.empty_package", ("dir", directory)))).Render(lang));
            return 1;
        }
        output.WriteLine((errors == 0
            ? Msg.Of("check.ok", ("modules", p.Modules.Count), ("documents", p.Documents.Count), ("calendars", p.Calendars.Count), ("warnings", warnings))
            : Msg.Of("check.errors", ("errors", errors), ("warnings", warnings))).Render(lang)
            + (errors == 0 && p.Reform is { } r ? Msg.Of("check.reform_applies", ("reform", r.Name)).Render(lang) : ""));
        return errors == 0 ? 0 : 1;
    }
}
