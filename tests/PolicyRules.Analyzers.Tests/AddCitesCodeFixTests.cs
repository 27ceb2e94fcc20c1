using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Analyzers.CodeFixes;
using PolicyRules.Analyzers.Tests.Infrastructure;

namespace PolicyRules.Analyzers.Tests;

/// <summary>The PR0401 code fix adds [Cites("…")] (and the using it needs), after which the analyzer is satisfied.</summary>
public sealed class AddCitesCodeFixTests
{
    private static readonly AdditionalText Registry = TestCompilation.Rules("/pkg/registry.rules", RulesFileAnalyzerTests.Registry);

    [Fact]
    public async Task Offers_the_documents_a_new_rule_may_cite()
    {
        var (actions, _) = await Fixes("using PolicyRules.Rules; [Rule] public sealed class A { }", [Registry]);
        Assert.Equal(["Add [Cites(\"邯政办字〔2017〕107号\")]"], actions.Select(a => a.Title));
    }

    [Fact]
    public async Task Adds_the_attribute_after_the_existing_ones()
    {
        var fixedSource = await ApplyFirst("""
            using PolicyRules.Rules;

            namespace Demo;

            /// <summary>一级地段每平方米年税额.</summary>
            [Rule]
            public sealed class GradeOneRate
            {
            }
            """, [Registry]);
        Assert.Equal("""
            using PolicyRules.Rules;

            namespace Demo;

            /// <summary>一级地段每平方米年税额.</summary>
            [Rule]
            [Cites("邯政办字〔2017〕107号")]
            public sealed class GradeOneRate
            {
            }
            """, fixedSource);
        Assert.Empty(await TestCompilation.AnalyzeAsync([fixedSource], [Registry]));
    }

    [Fact]
    public async Task Adds_the_using_directive_when_Cites_is_not_in_scope()
    {
        var fixedSource = await ApplyFirst("""
            using System;

            namespace Demo
            {
                // 一级地段.
                public sealed class GradeOneRate : PolicyRules.Rules.IRule
                {
                }
            }
            """, [Registry]);
        Assert.Equal("""
            using System;
            using PolicyRules.Rules;

            namespace Demo
            {
                // 一级地段.
                [Cites("邯政办字〔2017〕107号")]
                public sealed class GradeOneRate : PolicyRules.Rules.IRule
                {
                }
            }
            """, fixedSource);
        Assert.Empty(await TestCompilation.AnalyzeAsync([fixedSource], [Registry]));
    }

    [Fact]
    public async Task Without_a_registry_writes_a_placeholder_to_replace()
    {
        var fixedSource = await ApplyFirst("using PolicyRules.Rules;\n\n[Rule]\npublic sealed class A { }\n", []);
        Assert.Equal("using PolicyRules.Rules;\n\n[Rule]\n[Cites(\"DOCUMENT NUMBER\")]\npublic sealed class A { }\n", fixedSource);
    }

    [Fact]
    public async Task Fix_all_cites_every_rule_of_the_document_and_adds_the_using_once()
    {
        const string source = """
            namespace Demo;

            [PolicyRules.Rules.Rule]
            public sealed class GradeOneRate
            {
            }

            [PolicyRules.Rules.Rule]
            public sealed class GradeTwoRate
            {
            }
            """;
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Demo", "Demo", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: TestCompilation.References));
        var document = workspace.AddDocument(project.Id, "Rule.cs", SourceText.From(source));
        var tree = await document.GetSyntaxTreeAsync();
        var diagnostics = (await TestCompilation.AnalyzeAsync([source], [Registry]))
            .Where(d => d.Id == "PR0401")
            .Select(d => Diagnostic.Create(d.Descriptor, Location.Create(tree!, d.Location.SourceSpan), d.Properties, d.GetMessage()))
            .ToImmutableArray();
        Assert.Equal(2, diagnostics.Length);

        var provider = new AddCitesCodeFixProvider();
        var fixAll = provider.GetFixAllProvider();
        Assert.NotNull(fixAll);
        Assert.Contains(FixAllScope.Document, fixAll.GetSupportedFixAllScopes());
        var context = new FixAllContext(document, provider, FixAllScope.Document, "PR0401:邯政办字〔2017〕107号", ["PR0401"],
            new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await fixAll.GetFixAsync(context);
        Assert.NotNull(action);
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var fixedSource = (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Equal("""
            using PolicyRules.Rules;

            namespace Demo;

            [PolicyRules.Rules.Rule]
            [Cites("邯政办字〔2017〕107号")]
            public sealed class GradeOneRate
            {
            }

            [PolicyRules.Rules.Rule]
            [Cites("邯政办字〔2017〕107号")]
            public sealed class GradeTwoRate
            {
            }
            """, fixedSource);
        Assert.Empty(await TestCompilation.AnalyzeAsync([fixedSource], [Registry]));
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }

    private static async Task<string> ApplyFirst(string source, IEnumerable<AdditionalText> additional)
    {
        var (actions, document) = await Fixes(source, additional);
        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
    }

    private static async Task<(List<CodeAction> Actions, Document Document)> Fixes(string source, IEnumerable<AdditionalText> additional)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Demo", "Demo", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: TestCompilation.References));
        var document = workspace.AddDocument(project.Id, "Rule.cs", SourceText.From(source));

        var diagnostics = await TestCompilation.AnalyzeAsync([source], additional);
        var diagnostic = diagnostics.Single(d => d.Id == "PR0401");
        // Re-anchor the diagnostic in the workspace document's tree.
        var tree = await document.GetSyntaxTreeAsync();
        var located = Diagnostic.Create(diagnostic.Descriptor, Location.Create(tree!, diagnostic.Location.SourceSpan), diagnostic.Properties,
            diagnostic.GetMessage());

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, located, (a, _) => actions.Add(a), CancellationToken.None);
        await new AddCitesCodeFixProvider().RegisterCodeFixesAsync(context);
        return (actions, document);
    }
}
