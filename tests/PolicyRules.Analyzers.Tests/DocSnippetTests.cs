using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PolicyRules.Analyzers.Tests.Infrastructure;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// Every <c>```csharp</c> block of README.md and docs/csharp.md compiles, with nullable reference types on and no
/// warning, against the runtime and the generated PolicyRules.Handan2017 modules, as a consumer's project with the
/// SDK's implicit usings would compile it.
/// </summary>
public class DocSnippetTests
{
    private static readonly string[] Pages = ["README.md", "docs/csharp.md"];

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in Pages)
            for (var i = 0; i < Blocks(page).Count; i++) data.Add(page, i);
        return data;
    }

    private static List<string> Blocks(string page) =>
        Regex.Matches(File.ReadAllText(Path.Combine(Repository.Root, page)).Replace("\r\n", "\n"), @"^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();

    [Fact]
    public void The_pages_have_snippets() => Assert.All(Pages, p => Assert.NotEmpty(Blocks(p)));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles_without_warnings_under_nullable(string page, int index)
    {
        var code = Blocks(page)[index];
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, options, path: $"{page}#{index + 1}.cs");
        var topLevel = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var references = TestCompilation.References
            .Append(MetadataReference.CreateFromFile(typeof(PolicyRules.Handan2017.LandUseTax).Assembly.Location));
        var compilation = CSharpCompilation.Create("Snippet",
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "GlobalUsings.cs")],
            references,
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS8019") // an unused using is hidden, not a warning
            .Select(d => d.ToString())
            .ToList();
        Assert.True(problems.Count == 0, $"{page} snippet {index + 1}:\n{code}\n{string.Join("\n", problems)}");
    }
}
