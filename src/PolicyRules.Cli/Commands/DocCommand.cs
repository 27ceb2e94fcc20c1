using PolicyRules.Documentation;
using PolicyRules.Files;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules doc &lt;dir&gt; [--output FILE] [--check]</c>: writes the package's module catalogue
/// (Markdown); with <c>--check</c>, exits 1 when FILE differs from a fresh generation. <c>--lang</c> sets the language of
/// what it says about the file; the catalogue itself is the same in every language (a committed file that CI compares).
/// </summary>
internal sealed class DocCommand : CliCommand
{
    public override string Name => "doc";
    public override Msg Description => Msg.Of("help.doc");
    public override CliPositional Positional => new("dir", Msg.Of("help.rules_folder"));

    public override IReadOnlyList<CliOption> Options =>
    [
        new("output", "file.md", Msg.Of("help.doc_output")),
        new("check", null, Msg.Of("help.doc_check")),
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        string Text(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(lang);
        if (args.Positionals.Count != 1) throw new UsageException(Text("doc.usage"));
        var directory = args.Positionals[0];
        var check = args.Flag("check");
        // '--output -' is standard output, as without --output; --check compares with a file.
        var target = args.Get("output") is { } o && !(OutputPaths.IsStandardOutput(o) && !check) ? OutputPaths.Check(o, "output", "doc", lang) : null;
        if (check && target is null) throw new UsageException(Text("doc.check_needs_output"));

        var package = PackageLoader.Load(directory, "doc", error, lang);
        if (package is null) return 1;
        var name = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var markdown = PackageCatalogue.Write(package.Model, name);

        if (target is null) { output.Write(markdown); return 0; }
        if (check)
        {
            var current = File.Exists(target) ? File.ReadAllText(target) : null;
            if (current == markdown) { output.WriteLine(Text("doc.up_to_date", ("file", target))); return 0; }
            error.WriteLine(Text("doc.out_of_date", ("file", target), ("dir", directory)));
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        AtomicFile.WriteAllText(target, markdown);
        output.WriteLine(Text("doc.wrote", ("file", target)));
        return 0;
    }
}
