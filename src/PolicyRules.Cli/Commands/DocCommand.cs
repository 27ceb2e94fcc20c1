using PolicyRules.Documentation;
using PolicyRules.Files;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules doc &lt;dir&gt; [--output FILE] [--check]</c>: writes the package's module catalogue
/// (Markdown); with <c>--check</c>, exits 1 when FILE differs from a fresh generation.
/// </summary>
internal sealed class DocCommand : CliCommand
{
    public override string Name => "doc";
    public override string Description => "the package's module catalogue as Markdown: every module, input, output, citation and note";
    public override CliPositional Positional => new("dir", "the rule package folder");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("output", "file.md", "write the catalogue to this file instead of standard output"),
        new("check", null, "compare --output's file with a fresh catalogue instead of writing it; exit 1 when they differ"),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positionals.Count != 1) throw new UsageException("doc: usage: policyrules doc <rule-package-folder> [--output FILE] [--check]");
        var directory = args.Positionals[0];
        var target = args.Get("output") is { } o ? OutputPaths.Check(o, "output", "doc") : null;
        var check = args.Flag("check");
        if (check && target is null) throw new UsageException("doc: --check needs --output FILE, the committed catalogue to compare");

        var package = PackageLoader.Load(directory, error);
        if (package is null) return 1;
        var name = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var markdown = PackageCatalogue.Write(package.Model, name);

        if (target is null) { output.Write(markdown); return 0; }
        if (check)
        {
            var current = File.Exists(target) ? File.ReadAllText(target) : null;
            if (current == markdown) { output.WriteLine($"doc: {target} is up to date"); return 0; }
            error.WriteLine($"doc: {target} is out of date with {directory}; regenerate it with 'policyrules doc {directory} --output {target}' and commit it");
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        AtomicFile.WriteAllText(target, markdown);
        output.WriteLine($"doc: wrote {target}");
        return 0;
    }
}
