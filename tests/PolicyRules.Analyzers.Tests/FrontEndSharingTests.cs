using System.Reflection;
using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Generation;
using PolicyRules.Analyzers.Tests.Infrastructure;

namespace PolicyRules.Analyzers.Tests;

/// <summary>Item 9 hygiene: the front end runs once per build for the generator and the analyzers; the generated code names the analyzer's build version.</summary>
[Collection(nameof(FrontEndSharingTests))]
public sealed class FrontEndSharingTests
{
    private static AdditionalText[] Files(string marker) =>
    [
        TestCompilation.Rules("/p/registry.rules", RulesFileAnalyzerTests.Registry),
        // A module unique to this test run, so no other test has compiled these exact files.
        TestCompilation.Rules("/p/tax.rules", $$"""
            module tax_{{marker}} {
              input grade: int
              output rate: money cites hz107 §二 = match grade { case 1 => 25 yuan case 1 => 18 yuan else => 3 yuan }
            }
            """),
    ];

    [Fact]
    public async Task Generator_and_analyzers_share_one_compile_of_the_same_files()
    {
        var files = Files(Guid.NewGuid().ToString("N"));
        var before = RulesPackageCache.Compiles;
        var (result, _) = TestCompilation.Generate(files);
        var diagnostics = await TestCompilation.AnalyzeAsync([], files);
        Assert.Single(result.Results.Single().GeneratedSources, s => s.HintName.StartsWith("Tax", StringComparison.Ordinal));
        Assert.Equal("PR0205", Assert.Single(diagnostics).Id);
        Assert.Equal(1, RulesPackageCache.Compiles - before);
    }

    [Fact]
    public void Changed_files_are_compiled_again()
    {
        var before = RulesPackageCache.Compiles;
        TestCompilation.Generate(Files(Guid.NewGuid().ToString("N")));
        TestCompilation.Generate(Files(Guid.NewGuid().ToString("N")));
        Assert.Equal(2, RulesPackageCache.Compiles - before);
    }

    [Fact]
    public void Generated_code_names_the_version_the_build_stamped()
    {
        var stamped = typeof(RulesSourceGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.StartsWith(PackageEmitter.ToolVersion, stamped);
        Assert.DoesNotContain("+", PackageEmitter.ToolVersion);
        var (result, _) = TestCompilation.Generate(Files(Guid.NewGuid().ToString("N")));
        var registry = result.Results.Single().GeneratedSources.Single(s => s.HintName == "RuleRegistry.g.cs").SourceText.ToString();
        Assert.Contains($"GeneratedCode(\"PolicyRules.Analyzers\", \"{PackageEmitter.ToolVersion}\")", registry);
    }
}

/// <summary>The compile counter is process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(FrontEndSharingTests), DisableParallelization = true)]
public sealed class FrontEndSharingCollection;
