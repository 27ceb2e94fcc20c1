using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace PolicyRules.Analyzers.CodeFixes;

/// <summary>
/// PR0401: adds <c>[Cites("…")]</c> to a hand-written rule. When the analyzer knows the package's registry it
/// offers one fix per document a new rule may cite (in force, not repealed); otherwise it writes a
/// placeholder the author must replace. The section is left for the author to add (the whole document is
/// a valid citation until then).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCitesCodeFixProvider)), Shared]
public sealed class AddCitesCodeFixProvider : CodeFixProvider
{
    internal const string DiagnosticId = "PR0401";
    /// <summary>Must match CSharpRuleCitationAnalyzer.DocumentsProperty.</summary>
    internal const string DocumentsProperty = "PolicyRules.Documents";
    internal const string Placeholder = "DOCUMENT NUMBER";
    private const string RulesNamespace = "PolicyRules.Rules";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    private const string KeyPrefix = DiagnosticId + ":";

    /// <summary>
    /// Fix All (document, project, solution) with the citation chosen: every flagged rule gets the same
    /// <c>[Cites("…")]</c>, and each file the using directive once.
    /// </summary>
    public override FixAllProvider? GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        var key = context.CodeActionEquivalenceKey;
        if (key is null || !key.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return null;
        var types = diagnostics.Select(d => FlaggedType(root, d)).OfType<TypeDeclarationSyntax>().Distinct().ToList();
        return types.Count == 0 ? null : await AddCitesAsync(document, types, key.Substring(KeyPrefix.Length), context.CancellationToken).ConfigureAwait(false);
    });

    private static TypeDeclarationSyntax? FlaggedType(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var type = FlaggedType(root, diagnostic);
            if (type is null) continue;
            var documents = diagnostic.Properties.TryGetValue(DocumentsProperty, out var list) && !string.IsNullOrEmpty(list)
                ? list!.Split('\n').Where(d => d.Length > 0).ToArray()
                : new[] { Placeholder };
            foreach (var document in documents)
            {
                var title = $"Add [Cites(\"{document}\")]";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => AddCitesAsync(context.Document, [type], document, ct), equivalenceKey: KeyPrefix + document),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> AddCitesAsync(Document document, IReadOnlyList<TypeDeclarationSyntax> types, string citedDocument, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var newLine = text.ToString().Contains("\r\n") ? CarriageReturnLineFeed : LineFeed;

        var attribute = AttributeList(SingletonSeparatedList(
            Attribute(IdentifierName("Cites"), AttributeArgumentList(SingletonSeparatedList(
                AttributeArgument(LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(citedDocument))))))));

        TypeDeclarationSyntax WithCites(TypeDeclarationSyntax type)
        {
            var leading = type.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
                ? TriviaList(leading.Last())
                : SyntaxTriviaList.Empty;
            TypeDeclarationSyntax updated;
            if (type.AttributeLists.Count > 0)
            {
                // After the existing attributes: [Rule] then [Cites(…)], each on its line.
                updated = type.WithAttributeLists(type.AttributeLists.Add(attribute.WithLeadingTrivia(indentation).WithTrailingTrivia(newLine)));
            }
            else
            {
                // The declaration's comments and indentation move before the attribute.
                updated = type.WithoutLeadingTrivia().WithLeadingTrivia(indentation)
                    .WithAttributeLists(SingletonList(attribute.WithLeadingTrivia(leading).WithTrailingTrivia(newLine)));
            }
            return updated;
        }

        var newRoot = root.ReplaceNodes(types, (_, current) => WithCites(current));

        if (newRoot is CompilationUnitSyntax unit && !CitesIsInScope(model, types[0]))
        {
            var directive = UsingDirective(ParseName(RulesNamespace)).WithTrailingTrivia(newLine);
            if (unit.Usings.Count > 0)
            {
                directive = directive.WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space));
                unit = unit.WithUsings(unit.Usings.Add(directive));
            }
            else
            {
                directive = directive.WithUsingKeyword(Token(unit.GetLeadingTrivia(), SyntaxKind.UsingKeyword, TriviaList(Space)));
                unit = unit.WithoutLeadingTrivia().WithUsings(SingletonList(directive.WithTrailingTrivia(newLine, newLine)));
            }
            newRoot = unit;
        }
        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>Whether <c>Cites</c> already names PolicyRules.Rules.CitesAttribute where the type is declared.</summary>
    private static bool CitesIsInScope(SemanticModel? model, TypeDeclarationSyntax type)
    {
        if (model is null) return false;
        var symbol = model.GetSpeculativeTypeInfo(type.SpanStart, IdentifierName("CitesAttribute"), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        return symbol is { TypeKind: not TypeKind.Error } && symbol.ToDisplayString() == RulesNamespace + ".CitesAttribute";
    }
}
