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
    /// <summary>PR0001: syntax error.</summary>
    public static readonly DiagnosticDescriptor SyntaxError = new("PR0001", "Syntax error", "Syntax");
    /// <summary>PR0002: rule file cannot be read.</summary>
    public static readonly DiagnosticDescriptor FileUnreadable = new("PR0002", "Rule file cannot be read", "Syntax");
    /// <summary>PR0003: invalid literal.</summary>
    public static readonly DiagnosticDescriptor InvalidLiteral = new("PR0003", "Invalid literal", "Syntax");
    /// <summary>PR0004: clause written twice.</summary>
    public static readonly DiagnosticDescriptor RepeatedClause = new("PR0004", "Clause written twice", "Syntax");

    // 01xx: names and citations
    /// <summary>PR0101: unknown name.</summary>
    public static readonly DiagnosticDescriptor UnknownName = new("PR0101", "Unknown name", "Binding");
    /// <summary>PR0102: duplicate name.</summary>
    public static readonly DiagnosticDescriptor DuplicateName = new("PR0102", "Duplicate name", "Binding");
    /// <summary>PR0103: citation of an unknown document.</summary>
    public static readonly DiagnosticDescriptor UnknownDocument = new("PR0103", "Citation of an unknown document", "Citation");
    /// <summary>PR0104: citation of a section the document does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownSection = new("PR0104", "Citation of a section the document does not have", "Citation");
    /// <summary>PR0105: citation of a repealed document.</summary>
    public static readonly DiagnosticDescriptor RepealedDocument = new("PR0105", "Citation of a repealed document", "Citation");
    /// <summary>PR0106: definition or parameter value without a citation.</summary>
    public static readonly DiagnosticDescriptor MissingCitation = new("PR0106", "Definition or parameter value without a citation", "Citation");
    /// <summary>PR0107: module period outside its documents' periods in force.</summary>
    public static readonly DiagnosticDescriptor PeriodOutsideDocuments = new("PR0107", "Module period outside its documents' periods in force", "Citation");
    /// <summary>PR0108: unknown type.</summary>
    public static readonly DiagnosticDescriptor UnknownType = new("PR0108", "Unknown type", "Binding");
    /// <summary>PR0109: exception of an unknown rule.</summary>
    public static readonly DiagnosticDescriptor UnknownRuleLabel = new("PR0109", "Exception of an unknown rule", "Binding");
    /// <summary>PR0110: cyclic exceptions or definitions.</summary>
    public static readonly DiagnosticDescriptor ExceptionCycle = new("PR0110", "Cyclic exceptions or definitions", "Binding");
    /// <summary>PR0111: invalid document or calendar declaration.</summary>
    public static readonly DiagnosticDescriptor InvalidDocument = new("PR0111", "Invalid document or calendar declaration", "Binding");
    /// <summary>PR0112: module cites no document in force.</summary>
    public static readonly DiagnosticDescriptor ModuleWithoutDocument = new("PR0112", "Module cites no document in force", "Citation");
    /// <summary>PR0113: invalid parameter declaration.</summary>
    public static readonly DiagnosticDescriptor InvalidParameter = new("PR0113", "Invalid parameter declaration", "Binding");
    /// <summary>PR0114: invalid reform.</summary>
    public static readonly DiagnosticDescriptor InvalidReform = new("PR0114", "Invalid reform", "Binding");

    // 02xx: types and units
    /// <summary>PR0201: type mismatch.</summary>
    public static readonly DiagnosticDescriptor TypeMismatch = new("PR0201", "Type mismatch", "Types");
    /// <summary>PR0202: unit mismatch.</summary>
    public static readonly DiagnosticDescriptor UnitMismatch = new("PR0202", "Unit mismatch", "Types");
    /// <summary>PR0203: unknown function or wrong arguments.</summary>
    public static readonly DiagnosticDescriptor BadCall = new("PR0203", "Unknown function or wrong arguments", "Types");
    /// <summary>PR0204: match without else that does not cover every value.</summary>
    public static readonly DiagnosticDescriptor NonExhaustiveMatch = new("PR0204", "Match without else that does not cover every value", "Types");
    /// <summary>PR0205: case listed twice in a match.</summary>
    public static readonly DiagnosticDescriptor DuplicateCase = new("PR0205", "Case listed twice in a match", "Types");

    // 03xx: scenarios
    /// <summary>PR0301: scenario syntax error.</summary>
    public static readonly DiagnosticDescriptor ScenarioSyntax = new("PR0301", "Scenario syntax error", "Scenario");
    /// <summary>PR0302: scenario names an unknown module, input or output.</summary>
    public static readonly DiagnosticDescriptor ScenarioUnknownName = new("PR0302", "Scenario names an unknown module, input or output", "Scenario");
    /// <summary>PR0303: scenario value of the wrong type or unit.</summary>
    public static readonly DiagnosticDescriptor ScenarioBadValue = new("PR0303", "Scenario value of the wrong type or unit", "Scenario");

    // 04xx: C# rules checked by the analyzer
    /// <summary>PR0401: hand-written rule without [Cites].</summary>
    public static readonly DiagnosticDescriptor CSharpRuleWithoutCitation = new("PR0401", "Hand-written rule without [Cites]", "Citation");

    /// <summary>Every descriptor, in id order: what the analyzers declare and the diagnostic pages document.</summary>
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
