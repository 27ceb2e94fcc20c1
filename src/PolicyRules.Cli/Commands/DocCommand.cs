using PolicyRules.Documentation;
using PolicyRules.Files;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules doc &lt;dir&gt; [--output FILE] [--check]</c>: writes the package's module catalogue
/// (Markdown); with <c>--check</c>, exits 1 when FILE differs from a fresh generation.
/// </summary>
internal static class DocCommand
{
    public static readonly string[] Options = ["output"];
    public static readonly string[] Flags = ["check"];

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
