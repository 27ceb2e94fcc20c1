using System.Collections.Concurrent;

namespace PolicyRules.Scenarios;

/// <summary>
/// The reformed packages that scenarios naming a reform (<c>reform PATH</c>, <c>改革 PATH</c>) run against: the package
/// folder loaded again with the reform applied, once per reform file. A path is read in the package folder.
/// </summary>
public sealed class ScenarioReforms
{
    private readonly string _directory;
    private readonly ConcurrentDictionary<string, Lazy<(RulePackage? Package, IReadOnlyList<string> Problems)>> _loaded = new(StringComparer.Ordinal);

    internal ScenarioReforms(string packageDirectory) { _directory = packageDirectory; }

    /// <summary>The package with the reform at <paramref name="path"/> applied, or null and the reason (its diagnostics, located).</summary>
    internal RulePackage? Package(string path, out IReadOnlyList<string> problems)
    {
        var full = Path.Combine(_directory, path);
        var loaded = _loaded.GetOrAdd(full, f => new Lazy<(RulePackage?, IReadOnlyList<string>)>(() =>
        {
            if (!File.Exists(f)) return (null, new[] { $"the reform file '{path}' is not in the package folder '{_directory}'" });
            try { return (RulePackage.Load(_directory, f), Array.Empty<string>()); }
            catch (RulePackageException e) { return (null, e.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList()); }
        })).Value;
        problems = loaded.Problems;
        return loaded.Package;
    }
}
