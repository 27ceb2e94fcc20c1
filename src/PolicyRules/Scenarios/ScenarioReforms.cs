using System.Collections.Concurrent;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Scenarios;

/// <summary>
/// The reformed packages that scenarios naming a reform (<c>reform PATH</c>, <c>改革 PATH</c>) are checked and run against:
/// the package with the reform applied (<see cref="RulePackage.WithReform"/>, its rule files not parsed again), once per
/// reform file however many scenarios name it. A path is read in the package folder.
/// </summary>
public sealed class ScenarioReforms
{
    private readonly RulePackage _package;
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, Lazy<(RulePackage? Package, Msg? Missing, IReadOnlyList<Diagnostic> Errors)>> _loaded = new(StringComparer.Ordinal);

    internal ScenarioReforms(RulePackage package, string packageDirectory) { _package = package; _directory = packageDirectory; }

    /// <summary>How many reform files have been loaded (each once).</summary>
    internal int Loaded => _loaded.Count;

    /// <summary>The package with the reform at <paramref name="path"/> applied, or null and why: the file is missing
    /// (<paramref name="missing"/>) or has errors (<paramref name="errors"/>, located).</summary>
    internal RulePackage? Package(string path, out Msg? missing, out IReadOnlyList<Diagnostic> errors)
    {
        var full = Path.GetFullPath(Path.Combine(_directory, path));
        var loaded = _loaded.GetOrAdd(full, f => new Lazy<(RulePackage?, Msg?, IReadOnlyList<Diagnostic>)>(() =>
        {
            if (!File.Exists(f)) return (null, Msg.Of("scenario.reform_not_found", ("reform", path), ("dir", _directory)), Array.Empty<Diagnostic>());
            try { return (_package.WithReform(f), null, Array.Empty<Diagnostic>()); }
            catch (RulePackageException e) { return (null, null, e.Diagnostics.Where(d => d.IsError).ToList()); }
        })).Value;
        missing = loaded.Missing;
        errors = loaded.Errors;
        return loaded.Package;
    }
}
