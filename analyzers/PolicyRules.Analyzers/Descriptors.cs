using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using PolicyRules.Language.Diagnostics;
using DiagnosticDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using Diagnostic = Microsoft.CodeAnalysis.Diagnostic;

namespace PolicyRules.Analyzers;

/// <summary>
/// One Roslyn descriptor per id of the toolkit's registry (<see cref="DiagnosticIds"/>): the same id, title
/// and category, and the registry's help page as help link. Ids are written out as constants so that
/// release tracking (AnalyzerReleases.*.md) can read them; a test checks them against the registry.
/// </summary>
internal static class Descriptors
{
    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity = DiagnosticSeverity.Error)
    {
        var registered = DiagnosticIds.All.Single(d => d.Id == id);
        return new DiagnosticDescriptor(id, registered.Title, "{0}", category, severity, isEnabledByDefault: true,
            description: null, helpLinkUri: registered.HelpUri);
    }

    // 00xx: syntax
    public static readonly DiagnosticDescriptor PR0001 = Create("PR0001", "Syntax");
    public static readonly DiagnosticDescriptor PR0002 = Create("PR0002", "Syntax");
    public static readonly DiagnosticDescriptor PR0003 = Create("PR0003", "Syntax");
    public static readonly DiagnosticDescriptor PR0004 = Create("PR0004", "Syntax");

    // 01xx: names and citations
    public static readonly DiagnosticDescriptor PR0101 = Create("PR0101", "Binding");
    public static readonly DiagnosticDescriptor PR0102 = Create("PR0102", "Binding");
    public static readonly DiagnosticDescriptor PR0103 = Create("PR0103", "Citation");
    public static readonly DiagnosticDescriptor PR0104 = Create("PR0104", "Citation");
    public static readonly DiagnosticDescriptor PR0105 = Create("PR0105", "Citation");
    public static readonly DiagnosticDescriptor PR0106 = Create("PR0106", "Citation");
    public static readonly DiagnosticDescriptor PR0107 = Create("PR0107", "Citation");
    public static readonly DiagnosticDescriptor PR0108 = Create("PR0108", "Binding");
    public static readonly DiagnosticDescriptor PR0109 = Create("PR0109", "Binding");
    public static readonly DiagnosticDescriptor PR0110 = Create("PR0110", "Binding");
    public static readonly DiagnosticDescriptor PR0111 = Create("PR0111", "Binding");
    public static readonly DiagnosticDescriptor PR0112 = Create("PR0112", "Citation");
    public static readonly DiagnosticDescriptor PR0113 = Create("PR0113", "Binding");
    public static readonly DiagnosticDescriptor PR0114 = Create("PR0114", "Binding");

    // 02xx: types and units
    public static readonly DiagnosticDescriptor PR0201 = Create("PR0201", "Types");
    public static readonly DiagnosticDescriptor PR0202 = Create("PR0202", "Types");
    public static readonly DiagnosticDescriptor PR0203 = Create("PR0203", "Types");
    public static readonly DiagnosticDescriptor PR0204 = Create("PR0204", "Types");
    public static readonly DiagnosticDescriptor PR0205 = Create("PR0205", "Types", DiagnosticSeverity.Warning);

    // 03xx: scenarios (reported by `policyrules test`, which reads .scenario files; the analyzers do not)
    public static readonly DiagnosticDescriptor PR0301 = Create("PR0301", "Scenario");
    public static readonly DiagnosticDescriptor PR0302 = Create("PR0302", "Scenario");
    public static readonly DiagnosticDescriptor PR0303 = Create("PR0303", "Scenario");

    // 04xx: C# rules
    public static readonly DiagnosticDescriptor PR0401 = Create("PR0401", "Citation");

    /// <summary>Every descriptor, in registry order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        PR0001, PR0002, PR0003, PR0004,
        PR0101, PR0102, PR0103, PR0104, PR0105, PR0106, PR0107, PR0108, PR0109, PR0110, PR0111, PR0112, PR0113, PR0114,
        PR0201, PR0202, PR0203, PR0204, PR0205,
        PR0301, PR0302, PR0303,
        PR0401);

    /// <summary>What the front end reports about .rules files (syntax, names, citations, types).</summary>
    public static ImmutableArray<DiagnosticDescriptor> RuleLanguage { get; } =
        All.Where(d => string.CompareOrdinal(d.Id, "PR0300") < 0).ToImmutableArray();

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    /// <summary>The descriptor of a registry id; null for an id the registry has and this class lacks (a test forbids that).</summary>
    public static DiagnosticDescriptor? Find(string id) => ById.TryGetValue(id, out var d) ? d : null;
}
