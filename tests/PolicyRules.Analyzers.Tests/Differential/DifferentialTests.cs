using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Tests.Infrastructure;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Rules;
using PolicyRules.TestSupport;
using Xunit.Abstractions;

namespace PolicyRules.Analyzers.Tests.Differential;

/// <summary>
/// The differential harness: every module of rules/handan-2017-04, of the golden good files and of the generator's
/// feature fixture (Fixtures/features: conflicts, overflow, not_determinable, …) on the shared inputs of
/// <see cref="ModuleInputs"/> (extremes, boundaries of every requires and comparison, seeded random rows), answered
/// by the three back ends: the interpreter (the reference), the compiled bulk engine (<see cref="CompiledModule"/>,
/// what <c>policyrules run</c> uses: outputs, and the error code, message and field of every row it hands back) and
/// the generated C# module (outputs, errors with citations, trace and explanation text).
/// </summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    private const int RandomRows = 150;

    private static readonly string GoldenGood = Path.Combine(Repository.Root, "tests", "PolicyRules.Tests", "Language", "golden", "good");
    private static readonly string Features = Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "features.rules");

    private static readonly Lazy<Source> Handan = new(() => new Source(
        RulePackage.FromCompilation(RuleCompilation.Compile(Repository.HandanSources())), typeof(PolicyRules.Handan2017.LandUseTax).Assembly));

    private static readonly Dictionary<string, Source> InMemory = [];

    /// <summary>Each module is run once; the fixture's error-code test reads the theory's outcomes.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Lazy<Dictionary<string, int>>> Outcomes = new();

    /// <summary>A rule package and the assembly its generated modules are in.</summary>
    private sealed record Source(RulePackage Package, Assembly Generated)
    {
        public IReadOnlyDictionary<string, Type> Modules { get; } = Generated.GetTypes()
            .Where(t => t.IsClass && !t.IsNested && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRuleModule<,>)))
            .ToDictionary(t => t.GetCustomAttribute<RuleNameAttribute>()!.Name);
    }

    /// <summary>"handan", "features" or a golden good file's name.</summary>
    private static Source SourceOf(string name)
    {
        if (name == "handan") return Handan.Value;
        lock (InMemory)
        {
            if (!InMemory.TryGetValue(name, out var source))
            {
                var path = name == "features" ? Features : Path.Combine(GoldenGood, name);
                var file = name == "features" ? "features.rules" : name;
                var text = File.ReadAllText(path);
                InMemory[name] = source = new Source(RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText(file, text)])), Generate(name, file, text));
            }
            return source;
        }
    }

    /// <summary>The generator run in memory on one .rules file, the result compiled and loaded.</summary>
    private static Assembly Generate(string name, string file, string text)
    {
        var (result, compilation) = TestCompilation.Generate([TestCompilation.Rules("/" + Path.GetFileNameWithoutExtension(file) + "/" + file, text)]);
        Assert.Empty(result.Diagnostics);
        compilation = compilation.WithAssemblyName("Differential." + name.Replace('-', '_').Replace('.', '_'));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.Empty(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(stream.ToArray()));
    }

    private static IEnumerable<string> SourceNames() =>
        new[] { "handan", "features" }.Concat(Directory.GetFiles(GoldenGood, "*.rules").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));

    public static TheoryData<string> Sources() => new(SourceNames());

    public static TheoryData<string, string> Modules()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in SourceNames())
        {
            var package = source == "handan" ? Handan.Value.Package
                : source == "features" ? RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("features.rules", File.ReadAllText(Features))]))
                : RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText(source, File.ReadAllText(Path.Combine(GoldenGood, source)))]));
            foreach (var m in package.Model.Modules) data.Add(source, m.Name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Every_module_has_a_generated_class_and_nothing_else_does(string source)
    {
        var s = SourceOf(source);
        Assert.Equal(s.Package.Model.Modules.Select(m => m.Name).Order(), s.Modules.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void The_three_back_ends_agree(string source, string moduleName)
    {
        var outcomes = OutcomesOf(source, moduleName);
        output.WriteLine($"{source} {moduleName}: {outcomes.Values.Sum()} rows: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        // The comparison is worth something only if the cases reach the rules, not just the input checks.
        Assert.True(outcomes.GetValueOrDefault("ok") > 0, $"{moduleName}: no case succeeded ({string.Join(", ", outcomes)})");
    }

    [Fact]
    public void The_feature_fixture_reaches_every_error_code()
    {
        var codes = SourceOf("features").Package.Model.Modules.SelectMany(m => OutcomesOf("features", m.Name).Keys).ToHashSet();
        Assert.Equal(new[] { "conflict", "evaluation_error", "invalid_input", "no_rule_applies", "not_determinable", "not_in_force", "ok" }, codes.Order());
    }

    /// <summary>
    /// A total module's fast evaluation fails without throwing (a flag, then the checked evaluation names the error): the
    /// fixture's total modules reach conflict, no_rule_applies, not_determinable and evaluation_error (overflow, division
    /// by zero, a date out of range), and the theory above checks that TryEvaluate answers each as Evaluate does.
    /// </summary>
    [Fact]
    public void The_total_modules_of_the_feature_fixture_fail_in_every_way()
    {
        var source = SourceOf("features");
        var total = source.Modules.Where(m => m.Value.GetMethod("Fast", BindingFlags.NonPublic | BindingFlags.Static) is null).Select(m => m.Key).Order().ToList();
        Assert.Equal(["arithmetic", "defaults", "spans", "table_reads", "total_failures"], total);
        var codes = total.SelectMany(m => OutcomesOf("features", m).Keys).ToHashSet();
        Assert.Superset(new HashSet<string> { "conflict", "evaluation_error", "no_rule_applies", "not_determinable", "not_in_force", "ok" }, codes);
    }

    [Fact]
    public void The_inputs_include_the_extremes_and_the_boundaries()
    {
        var package = Handan.Value.Package;
        var parcel = package.FindModule("land_use_tax_parcel")!;   // grade: int requires 1..5, area_m2: decimal requires >= 0
        var rows = ModuleInputs.Cases(package, parcel, 0);
        var grades = rows.Select(r => r.Values[0]).OfType<int>().ToHashSet();
        var areas = rows.Select(r => r.Values[1]).OfType<decimal>().ToHashSet();
        Assert.Superset(new HashSet<int> { int.MinValue, int.MaxValue, 0, 1, 2, 4, 5, 6 }, grades);
        Assert.Superset(new HashSet<decimal> { decimal.MinValue, decimal.MaxValue, 0.0000000000000000000000000001m, -0.01m, 0m, 0.01m }, areas);
        Assert.Superset(new HashSet<DateOnly> { DateOnly.MinValue, DateOnly.MaxValue }, rows.Select(r => r.At).ToHashSet());
        Assert.Equal(rows, ModuleInputs.Cases(package, parcel, 0), new RowText());

        var tax = package.FindModule("land_use_tax")!;   // parcels: list<parcel>
        Assert.Contains(ModuleInputs.Cases(package, tax, 0), r => r.Values[0] is List<object?> { Count: 0 });
    }

    private static Dictionary<string, int> OutcomesOf(string source, string moduleName) =>
        Outcomes.GetOrAdd((source, moduleName), key => new Lazy<Dictionary<string, int>>(() => Run(SourceOf(key.Item1), key.Item2))).Value;

    /// <summary>Each back end on the module's shared inputs; returns how many rows ended in each outcome.</summary>
    private static Dictionary<string, int> Run(Source source, string moduleName)
    {
        var package = source.Package;
        var module = package.FindModule(moduleName)!;
        var rows = ModuleInputs.Cases(package, module, RandomRows, r => package.Evaluate(module, r.At, r.ToDictionary(module)).Succeeded);
        var expected = rows.Select(r => package.Evaluate(module, r.At, r.ToDictionary(module), explain: true)).ToList();

        GeneratedAgreement.Check(module, source.Modules[moduleName], rows, expected);

        var compiled = CompiledModule.Compile(package, module);
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
        BulkAgreement.AssertSameAsInterpreter(compiled, rows, expected: expected);
        // What `explain` says of a row the bulk engine holds (its inputs read back from the batch's columns).
        var batch = BulkAgreement.Fill(compiled, rows);
        for (var r = 0; r < rows.Count; r++)
            Assert.True(ExplanationText.Write(expected[r]) == ExplanationText.Write(compiled.Interpret(batch, r, explain: true)),
                $"{moduleName}, row {rows[r]}: the explanation of the row held by the bulk engine differs");
        // The same rows at one date (BulkBatch.FixedAt: the other kernel).
        BulkAgreement.AssertSameAsInterpreter(compiled, rows.Select(r => r with { At = rows[^1].At }).ToArray(), fixedAt: true);

        return expected.GroupBy(e => e.Error?.Code ?? "ok").ToDictionary(g => g.Key, g => g.Count());
    }

    private sealed class RowText : IEqualityComparer<InputRow>
    {
        public bool Equals(InputRow? x, InputRow? y) => x?.ToString() == y?.ToString();
        public int GetHashCode(InputRow obj) => obj.ToString().GetHashCode();
    }
}
