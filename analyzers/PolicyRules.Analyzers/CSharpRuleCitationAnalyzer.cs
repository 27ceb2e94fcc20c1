using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using DiagnosticDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using Diagnostic = Microsoft.CodeAnalysis.Diagnostic;
using RuleBinder = PolicyRules.Language.Binding.Binder;
using PolicyRules.Language.Model;

namespace PolicyRules.Analyzers;

/// <summary>
/// The citation checks on rules written by hand in C#. A class that implements
/// <c>PolicyRules.Rules.IRule</c> (directly or through <c>IRule&lt;,&gt;</c>) or is marked <c>[Rule]</c> must
/// carry <c>[Cites]</c> (PR0401). Every <c>[Cites]</c> must name a document of the package's registry (the
/// <c>.rules</c> files among the AdditionalFiles, the project's own or a rule package's) (PR0103), a
/// section that document lists (PR0104), and no repealed document (PR0105).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CSharpRuleCitationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the registry's citable documents, one number a line, for the code fix.</summary>
    internal const string DocumentsProperty = "PolicyRules.Documents";

    internal const string RuleInterface = "PolicyRules.Rules.IRule";
    internal const string RuleAttribute = "PolicyRules.Rules.RuleAttribute";
    internal const string CitesAttribute = "PolicyRules.Rules.CitesAttribute";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.PR0401, Descriptors.PR0103, Descriptors.PR0104, Descriptors.PR0105);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var cites = start.Compilation.GetTypeByMetadataName(CitesAttribute);
            if (cites is null) return; // the project does not reference the PolicyRules runtime
            var rule = start.Compilation.GetTypeByMetadataName(RuleInterface);
            var ruleAttribute = start.Compilation.GetTypeByMetadataName(RuleAttribute);
            var options = start.Options;
            start.RegisterSymbolAction(
                symbolContext => Analyze(symbolContext, cites, rule, ruleAttribute, RulesPackageCache.Get(options, symbolContext.CancellationToken)?.Compilation.Package),
                SymbolKind.NamedType, SymbolKind.Method, SymbolKind.Property, SymbolKind.Field);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol cites, INamedTypeSymbol? rule, INamedTypeSymbol? ruleAttribute,
        PackageModel? registry)
    {
        var symbol = context.Symbol;
        var attributes = symbol.GetAttributes();
        var citations = attributes.Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, cites)).ToList();

        if (symbol is INamedTypeSymbol type && citations.Count == 0 && type.TypeKind is Microsoft.CodeAnalysis.TypeKind.Class or Microsoft.CodeAnalysis.TypeKind.Struct && !type.IsAbstract)
        {
            string? key = null;
            if (ruleAttribute is not null && attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, ruleAttribute)))
                key = "analyzer.marked_rule";
            else if (rule is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, rule)))
                key = "analyzer.implements_irule";
            if (key is not null && type.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
            {
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (registry is not null)
                    properties = properties.Add(DocumentsProperty, string.Join("\n", CitableDocuments(registry)));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.PR0401, location, properties,
                    Msg.Of(key, ("type", type.Name)).Render(Lang.En)));
            }
        }

        if (registry is null) return;
        foreach (var citation in citations)
            CheckCitation(context, citation, registry);
    }

    /// <summary>The documents a new rule may cite: in the gazette, not repealed.</summary>
    internal static System.Collections.Generic.IEnumerable<string> CitableDocuments(PackageModel registry) =>
        registry.Documents.Where(d => !d.External && d.RepealedBy is null).Select(d => d.Number);

    private static void CheckCitation(SymbolAnalysisContext context, AttributeData citation, PackageModel registry)
    {
        if (citation.ConstructorArguments.Length == 0 || citation.ConstructorArguments[0].Value is not string document) return;
        var section = citation.ConstructorArguments.Length > 1 ? citation.ConstructorArguments[1].Value as string : null;
        var syntax = citation.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        var arguments = syntax?.ArgumentList?.Arguments;
        Location At(int index) =>
            arguments is { } a && a.Count > index ? a[index].GetLocation() : syntax?.GetLocation() ?? Location.None;

        var doc = registry.FindDocument(document);
        if (doc is null)
        {
            var hint = NameSuggester.DidYouMeanMsg(document, registry.Documents.Select(d => d.Number).Concat(registry.Documents.Select(d => d.Alias)));
            var unknown = Msg.Of("bind.unknown_document", ("document", document));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PR0103, At(0),
                (hint is null ? unknown : Msg.Of("message.with_hint", ("message", unknown), ("hint", hint))).Render(Lang.En)));
            return;
        }
        if (section is not null && !doc.SectionsByPath.ContainsKey(section))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PR0104, At(1),
                Msg.Of("message.with_hint", ("message", Msg.Of("bind.unknown_section", ("document", doc.Number), ("section", section))),
                    ("hint", RuleBinder.SectionHintMsg(doc, section))).Render(Lang.En)));
            return;
        }
        if (doc.RepealedBy is { } by)
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.PR0105, At(0),
                Msg.Of("bind.repealed", ("document", doc.Number), ("by", by.Number + (doc.RepealedBySection is null ? "" : " §" + doc.RepealedBySection))).Render(Lang.En)));
    }
}
