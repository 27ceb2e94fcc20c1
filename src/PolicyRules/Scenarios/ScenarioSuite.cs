using System.Text.RegularExpressions;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;

namespace PolicyRules.Scenarios;

/// <summary>A rule package folder with its scenario files, compiled and ready to run.</summary>
public sealed class ScenarioSuite
{
    private ScenarioSuite(RulePackage package, ScenarioCompilation scenarios, ScenarioReforms reforms) { Package = package; Scenarios = scenarios; Reforms = reforms; }

    /// <summary>The package the scenarios test.</summary>
    public RulePackage Package { get; }
    /// <summary>The reforms that scenarios name, found in the package folder; give it to <see cref="ScenarioRunner"/>.</summary>
    public ScenarioReforms Reforms { get; }
    /// <summary>The scenario files, checked against the package (a scenario naming a reform, against the package with it applied).</summary>
    public ScenarioCompilation Scenarios { get; }

    /// <summary>Every case, in file and line order.</summary>
    public IEnumerable<ScenarioCase> Cases => Scenarios.Cases;

    /// <summary>
    /// Compiles the rules of <paramref name="packageDirectory"/> and every <c>*.scenario</c> file under it.
    /// Throws <see cref="RulePackageException"/> when the rules have errors; the scenarios' own problems are in their cases.
    /// </summary>
    public static ScenarioSuite Load(string packageDirectory) => Load(RuleCompilation.FromDirectory(packageDirectory), packageDirectory);

    /// <summary>Loads the scenarios under <paramref name="packageDirectory"/> for rules already compiled; throws <see cref="RulePackageException"/> when they have errors.</summary>
    public static ScenarioSuite Load(RuleCompilation rules, string packageDirectory)
    {
        var package = RulePackage.FromCompilation(rules);
        var reforms = new ScenarioReforms(package, packageDirectory);
        // A scenario naming a reform is checked against the reformed package, so that it may cite the draft; when the reform
        // does not load it is checked against the package, and the runner reports why the reform did not load.
        return new ScenarioSuite(package, ScenarioCompilation.Compile(package.Model, ScenarioCompilation.ReadDirectory(packageDirectory),
            path => reforms.Package(path, out _, out _)?.Model), reforms);
    }

    /// <summary>
    /// <c>--filter</c>: a case matches when one of its scenario's tags, or the scenario's whole name, equals
    /// <paramref name="filter"/>, ignoring case; <c>*</c> stands for any run of characters (<c>*地段*</c>, <c>grade *</c>).
    /// <c>tag:X</c> matches tags only, <c>name:X</c> names only.
    /// </summary>
    public static bool Matches(ScenarioCase c, string filter) => Matches(c.Scenario, filter);

    /// <summary><see cref="Matches(ScenarioCase, string)"/> for all the cases of <paramref name="scenario"/> at once.</summary>
    public static bool Matches(ScenarioModel scenario, string filter)
    {
        if (filter.StartsWith("tag:", StringComparison.OrdinalIgnoreCase))
            return scenario.Tags.Any(t => Like(t, filter[4..]));
        if (filter.StartsWith("name:", StringComparison.OrdinalIgnoreCase))
            return Like(scenario.Name, filter[5..]);
        return scenario.Tags.Any(t => Like(t, filter)) || Like(scenario.Name, filter);
    }

    private static bool Like(string text, string pattern) =>
        Regex.IsMatch(text, "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
