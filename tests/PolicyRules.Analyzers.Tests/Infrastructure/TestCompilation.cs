using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PolicyRules.Rules;

namespace PolicyRules.Analyzers.Tests.Infrastructure;

/// <summary>In-memory compilations against the .NET 10 reference assemblies (offline) and the PolicyRules runtime.</summary>
public static class TestCompilation
{
    public static ImmutableArray<MetadataReference> References { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CitesAttribute).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(PolicyRules.Language.RuleCompilation).Assembly.Location))
            .ToImmutableArray();

    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create("Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Preview), path: $"Rule{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static AdditionalText Rules(string path, string? text) => new InMemoryAdditionalText(path, text);

    /// <summary>The diagnostics of the PolicyRules analyzers (and of the compiler, when asked) on C# sources and .rules files.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(IEnumerable<string> csharp, IEnumerable<AdditionalText> additional,
        AnalyzerConfigOptionsProvider? options = null)
    {
        var compilation = Create(csharp.ToArray());
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new RulesFileAnalyzer(), new CSharpRuleCitationAnalyzer());
        var analyzerOptions = new AnalyzerOptions(additional.ToImmutableArray(), options ?? new TestOptionsProvider());
        var diagnostics = await compilation.WithAnalyzers(analyzers, analyzerOptions).GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.GetLineSpan().StartLinePosition).ToImmutableArray();
    }

    /// <summary>Runs the generator; returns the generated sources and the compilation with them.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Generate(IEnumerable<AdditionalText> additional,
        AnalyzerConfigOptionsProvider? options = null, params string[] csharp)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new RulesSourceGenerator().AsSourceGenerator() },
            additional,
            new CSharpParseOptions(LanguageVersion.Preview),
            options ?? new TestOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Test.Rules" }));
        driver = driver.RunGeneratorsAndUpdateCompilation(Create(csharp), out var output, out _);
        return (driver.GetRunResult(), output);
    }
}
