using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Tests.Infrastructure;
using PolicyRules.Language;
using PolicyRules.Rules;
using Xunit.Abstractions;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// The constructs the Handan package does not use — conflicts, no rule applying, division by zero, overflow,
/// optional values, nested comprehensions, calendars out of range, not_determinable — in a fixture package
/// (Fixtures/features/features.rules): generated in memory, compiled, loaded, and compared with the
/// interpreter on random inputs, like the Handan modules.
/// </summary>
public sealed class GeneratedFeatureTests(ITestOutputHelper output)
{
    private const string FixturePath = "/features/features.rules";
    private static readonly string Source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "features.rules"));
    private static readonly RulePackage Interpreter = RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("features.rules", Source)]));
    private static readonly Lazy<Assembly> Compiled = new(Compile);

    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var m in Interpreter.Model.Modules) data.Add(m.Name);
        return data;
    }

    private static Assembly Compile()
    {
        var (result, compilation) = TestCompilation.Generate([TestCompilation.Rules(FixturePath, Source)]);
        Assert.Empty(result.Diagnostics);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.Empty(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(stream.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Generated_module_computes_what_the_interpreter_computes(string moduleName)
    {
        var type = Compiled.Value.GetTypes().Single(t => t.GetCustomAttribute<RuleNameAttribute>()?.Name == moduleName && t.IsClass && !t.IsNested
            && t.GetInterfaces().Any(i => i.IsGenericType));
        var outcomes = Equivalence.Run(Interpreter, Interpreter.Model.FindModule(moduleName)!, type, 400);
        output.WriteLine($"{moduleName}: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        Assert.True(outcomes.GetValueOrDefault("ok") > 0, $"{moduleName}: no case succeeded ({string.Join(", ", outcomes)})");
    }

    [Fact]
    public void The_fixture_reaches_every_error_code()
    {
        var codes = new HashSet<string>();
        foreach (var module in Interpreter.Model.Modules)
        {
            var type = Compiled.Value.GetTypes().Single(t => t.GetCustomAttribute<RuleNameAttribute>()?.Name == module.Name && !t.IsNested && t.IsClass);
            foreach (var (code, _) in Equivalence.Run(Interpreter, module, type, 400)) codes.Add(code);
        }
        Assert.Equal(new[] { "conflict", "evaluation_error", "invalid_input", "no_rule_applies", "not_determinable", "not_in_force", "ok" }, codes.Order());
    }
}
