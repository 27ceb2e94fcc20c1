using System.Collections.Concurrent;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Scenarios;

/// <summary>
/// The reformed packages that scenarios naming a reform (<c>reform PATH</c>, <c>改革 PATH</c>) run against: the package
/// folder loaded again with the reform applied, once per reform file. A path is read in the package folder.
/// </summary>
public sealed class ScenarioReforms
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, Lazy<(RulePackage? Package, Msg? Missing, IReadOnlyList<Diagnostic> Errors)>> _loaded = new(StringComparer.Ordinal);

    internal ScenarioReforms(string packageDirectory) { _directory = packageDirectory; }

    /// <summary>The package with the reform at <paramref name="path"/> applied, or null and why: the file is missing
    /// (<paramref name="missing"/>) or has errors (<paramref name="errors"/>, located).</summary>
    internal RulePackage? Package(string path, out Msg? missing, out IReadOnlyList<Diagnostic> errors)
    {
        var full = Path.Combine(_directory, path);
        var loaded = _loaded.GetOrAdd(full, f => new Lazy<(RulePackage?, Msg?, IReadOnlyList<Diagnostic>)>(() =>
        {
            if (!File.Exists(f)) return (null, Msg.Of("scenario.reform_not_found", ("reform", path), ("dir", _directory)), Array.Empty<Diagnostic>());
            try { return (RulePackage.Load(_directory, f), null, Array.Empty<Diagnostic>()); }
            catch (RulePackageException e) { return (null, null, e.Diagnostics.Where(d => d.IsError).ToList()); }
        })).Value;
        missing = loaded.Missing;
        errors = loaded.Errors;
        return loaded.Package;
    }
}
