using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace PolicyRules.Language.Diagnostics;

/// <summary>An id with its title and help page. Every id the toolkit reports is declared in <see cref="DiagnosticIds"/>.</summary>
public sealed record DiagnosticDescriptor(string Id, string Title, string Category)
{
    /// <summary>The help page's absolute address, as analyzers link it: <see cref="DiagnosticIds.HelpBaseUrl"/> + id + ".md".</summary>
    public string HelpUri => DiagnosticIds.HelpUri(Id);

    /// <summary>The help page in the repository, from its root: docs/diagnostics/PRnnnn.md.</summary>
    public string HelpPath => DiagnosticIds.HelpPath(Id);
}

/// <summary>The one registry of diagnostic ids. Each has a page at docs/diagnostics/PRnnnn.md.</summary>
public static class DiagnosticIds
{
    /// <summary>Help pages live in the repository, relative to its root.</summary>
    public const string HelpBase = "docs/diagnostics/";

    /// <summary>
    /// Where docs/diagnostics/ is published: the build property <c>PolicyRulesDocsUrl</c> (Directory.Build.props; by
    /// default the repository's docs/ folder) followed by <c>diagnostics/</c>. A NuGet consumer has no repository, so
    /// analyzers link here rather than to <see cref="HelpBase"/>.
    /// </summary>
    public static string HelpBaseUrl { get; } =
        (typeof(DiagnosticIds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "PolicyRulesDocsUrl")?.Value is { Length: > 0 } docs ? docs.TrimEnd('/') + "/diagnostics/" : HelpBase);

    /// <summary>The help page's absolute address (<see cref="HelpBaseUrl"/>), as analyzers link it.</summary>
    public static string HelpUri(string id) => HelpBaseUrl + id + ".md";

    /// <summary>The help page in the repository, from its root.</summary>
    public static string HelpPath(string id) => HelpBase + id + ".md";

    // 00xx: syntax
    public static readonly DiagnosticDescriptor SyntaxError = new("PR0001", "Syntax error", "Syntax");
    public static readonly DiagnosticDescriptor FileUnreadable = new("PR0002", "Rule file cannot be read", "Syntax");
    public static readonly DiagnosticDescriptor InvalidLiteral = new("PR0003", "Invalid literal", "Syntax");
    public static readonly DiagnosticDescriptor RepeatedClause = new("PR0004", "Clause written twice", "Syntax");

    // 01xx: names and citations
    public static readonly DiagnosticDescriptor UnknownName = new("PR0101", "Unknown name", "Binding");
    public static readonly DiagnosticDescriptor DuplicateName = new("PR0102", "Duplicate name", "Binding");
    public static readonly DiagnosticDescriptor UnknownDocument = new("PR0103", "Citation of an unknown document", "Citation");
    public static readonly DiagnosticDescriptor UnknownSection = new("PR0104", "Citation of a section the document does not have", "Citation");
    public static readonly DiagnosticDescriptor RepealedDocument = new("PR0105", "Citation of a repealed document", "Citation");
    public static readonly DiagnosticDescriptor MissingCitation = new("PR0106", "Definition or parameter value without a citation", "Citation");
    public static readonly DiagnosticDescriptor PeriodOutsideDocuments = new("PR0107", "Module period outside its documents' periods in force", "Citation");
    public static readonly DiagnosticDescriptor UnknownType = new("PR0108", "Unknown type", "Binding");
    public static readonly DiagnosticDescriptor UnknownRuleLabel = new("PR0109", "Exception of an unknown rule", "Binding");
    public static readonly DiagnosticDescriptor ExceptionCycle = new("PR0110", "Cyclic exceptions or definitions", "Binding");
    public static readonly DiagnosticDescriptor InvalidDocument = new("PR0111", "Invalid document or calendar declaration", "Binding");
    public static readonly DiagnosticDescriptor ModuleWithoutDocument = new("PR0112", "Module cites no document in force", "Citation");
    public static readonly DiagnosticDescriptor InvalidParameter = new("PR0113", "Invalid parameter declaration", "Binding");
    public static readonly DiagnosticDescriptor InvalidReform = new("PR0114", "Invalid reform", "Binding");

    // 02xx: types and units
    public static readonly DiagnosticDescriptor TypeMismatch = new("PR0201", "Type mismatch", "Types");
    public static readonly DiagnosticDescriptor UnitMismatch = new("PR0202", "Unit mismatch", "Types");
    public static readonly DiagnosticDescriptor BadCall = new("PR0203", "Unknown function or wrong arguments", "Types");
    public static readonly DiagnosticDescriptor NonExhaustiveMatch = new("PR0204", "Match without else that does not cover every value", "Types");
    public static readonly DiagnosticDescriptor DuplicateCase = new("PR0205", "Case listed twice in a match", "Types");

    // 03xx: scenarios
    public static readonly DiagnosticDescriptor ScenarioSyntax = new("PR0301", "Scenario syntax error", "Scenario");
    public static readonly DiagnosticDescriptor ScenarioUnknownName = new("PR0302", "Scenario names an unknown module, input or output", "Scenario");
    public static readonly DiagnosticDescriptor ScenarioBadValue = new("PR0303", "Scenario value of the wrong type or unit", "Scenario");

    // 04xx: C# rules checked by the analyzer
    public static readonly DiagnosticDescriptor CSharpRuleWithoutCitation = new("PR0401", "Hand-written rule without [Cites]", "Citation");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        SyntaxError, FileUnreadable, InvalidLiteral, RepeatedClause,
        UnknownName, DuplicateName, UnknownDocument, UnknownSection, RepealedDocument, MissingCitation,
        PeriodOutsideDocuments, UnknownType, UnknownRuleLabel, ExceptionCycle, InvalidDocument, ModuleWithoutDocument, InvalidParameter, InvalidReform,
        TypeMismatch, UnitMismatch, BadCall, NonExhaustiveMatch, DuplicateCase,
        ScenarioSyntax, ScenarioUnknownName, ScenarioBadValue,
        CSharpRuleWithoutCitation,
    };
}
