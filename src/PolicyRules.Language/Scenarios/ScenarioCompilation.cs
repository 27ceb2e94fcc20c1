using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Scenarios;

/// <summary>The scenario files of a rule package, parsed and checked against the package's checked model.</summary>
public sealed partial class ScenarioCompilation
{
    private ScenarioCompilation(IReadOnlyList<ScenarioFileModel> files) { Files = files; }

    /// <summary>The scenario files, ordered by path.</summary>
    public IReadOnlyList<ScenarioFileModel> Files { get; }
    /// <summary>Every case of every file, in path and file order.</summary>
    public IEnumerable<ScenarioCase> Cases => Files.SelectMany(f => f.Cases);
    /// <summary>Every diagnostic of every file.</summary>
    public IEnumerable<Diagnostic> Diagnostics => Files.SelectMany(f => f.AllDiagnostics);
    /// <summary>Whether any file has an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Parses and checks scenario files against a checked package; problems become diagnostics, never exceptions.</summary>
    public static ScenarioCompilation Compile(PackageModel package, IEnumerable<SourceText> sources) => Compile(package, sources, null);

    /// <summary>As <see cref="Compile(PackageModel, IEnumerable{SourceText})"/>, a scenario naming a reform checked against the
    /// model <paramref name="reformed"/> gives for its path (the package with that reform applied), or against
    /// <paramref name="package"/> when it gives null.</summary>
    internal static ScenarioCompilation Compile(PackageModel package, IEnumerable<SourceText> sources, Func<string, PackageModel?>? reformed)
    {
        var binder = new ScenarioBinder(package, reformed);
        return new ScenarioCompilation(sources.OrderBy(s => s.Path, StringComparer.Ordinal)
            .Select(s => s.ReadError is null
                ? binder.Bind(new ScenarioParser(s.Path).Parse(s.Text))
                : binder.Bind(new ScenarioFileSyntax(s.Path, Array.Empty<ScenarioSyntax>(), new[] { s.ReadError })))
            .ToList());
    }
}
