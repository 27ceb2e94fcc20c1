// Reading a package folder: for the CLI, the runtime and tests (net10.0 only, with Files/). The netstandard2.0 build
// runs inside the compiler (the analyzer and generator), where the compiler hands over the files; it does no file I/O.
using System.Collections.Generic;
using PolicyRules.Language.Files;

namespace PolicyRules.Language;

public sealed partial class RuleCompilation
{
    /// <summary>Every <c>*.rules</c> file of the package folder <paramref name="directory"/> (<see cref="PackageFiles"/>), paths shown under it, '/'-separated.</summary>
    public static IReadOnlyList<SourceText> ReadDirectory(string directory) => PackageFiles.RuleFiles(directory);

    /// <summary>Compiles the <c>*.rules</c> files of the package folder <paramref name="directory"/>.</summary>
    public static RuleCompilation FromDirectory(string directory) => Compile(ReadDirectory(directory));

    /// <summary>The package of <paramref name="directory"/> with the reform file <paramref name="reformPath"/> applied (none when null).</summary>
    public static RuleCompilation FromDirectory(string directory, string? reformPath) =>
        Compile(ReadDirectory(directory), reformPath is null ? null : PackageFiles.ReformFile(reformPath));

    /// <summary><see cref="WithReform(SourceText)"/> with the reform file at <paramref name="reformPath"/> (a missing or unreadable file is a located error).</summary>
    public RuleCompilation WithReform(string reformPath) => WithReform(PackageFiles.ReformFile(reformPath));
}
