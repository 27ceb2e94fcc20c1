using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Tests.Infrastructure;
using Snapshooter.Xunit;

namespace PolicyRules.Analyzers.Tests;

/// <summary>The source generator: reviewed snapshots of three modules, and what it generates (or not) for a package.</summary>
public sealed class GeneratorTests
{
    private static readonly string Hz107Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "handan-hz107");

    private static IEnumerable<AdditionalText> FixtureFiles() =>
        Directory.EnumerateFiles(Hz107Fixture, "*.rules", SearchOption.AllDirectories)
            .Select(f => TestCompilation.Rules("/handan/" + Path.GetRelativePath(Hz107Fixture, f).Replace('\\', '/'), File.ReadAllText(f)));

    private static TestOptionsProvider Namespace(string ns) =>
        new(new Dictionary<string, string> { ["build_property.PolicyRulesNamespace"] = ns, ["build_property.RootNamespace"] = "Ignored" });

    /// <summary>Generates the test registry and one rules file, and asserts the generator reports nothing and its code
    /// compiles without a warning.</summary>
    private static GeneratorDriverRunResult GenerateCleanly(string path, string rules)
    {
        var (result, compilation) = TestCompilation.Generate(
            [TestCompilation.Rules("/p/registry.rules", RulesFileAnalyzerTests.Registry), TestCompilation.Rules(path, rules)]);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return result;
    }

    private static string GeneratedFile(GeneratorDriverRunResult result, string hintName) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    [Fact]
    public void LandUseTax_snapshot()
    {
        var (result, _) = TestCompilation.Generate(FixtureFiles(), Namespace("PolicyRules.Handan2017"));
        GeneratedFile(result, "LandUseTax.g.cs").MatchSnapshot();
    }

    [Fact]
    public void LandGrade_snapshot()
    {
        var (result, _) = TestCompilation.Generate(FixtureFiles(), Namespace("PolicyRules.Handan2017"));
        GeneratedFile(result, "LandGrade.g.cs").MatchSnapshot();
    }

    /// <summary>A total module whose definitions are all always forced: TryEvaluate computes them as locals, in order,
    /// with no evaluation struct (CoreStrictness.IsStraightLine); Evaluate keeps the memoised evaluation.</summary>
    [Fact]
    public void LandUseTaxParcel_snapshot()
    {
        var (result, _) = TestCompilation.Generate(FixtureFiles(), Namespace("PolicyRules.Handan2017"));
        GeneratedFile(result, "LandUseTaxParcel.g.cs").MatchSnapshot();
    }

    /// <summary>
    /// A table read whose key the requirements keep among the table's keys has no missing-entry case: its last entry is the
    /// default (the differential test reads it at its requirements' boundaries, and would see a key past the table answered
    /// with the last entry); a key the table does not cover, or one bounded by a disjunction, keeps the case.
    /// The land tax's grade (requires 1–5; 邯政办字〔2017〕107号 §二 gives a rate for each of the five grades) is such a key.
    /// </summary>
    [Fact]
    public void A_table_read_that_cannot_miss_has_no_missing_entry_case()
    {
        var features = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "features.rules"));
        var (fixture, _) = TestCompilation.Generate([TestCompilation.Rules("/features/features.rules", features)], Namespace("Features"));
        var reads = GeneratedFile(fixture, "TableReads.g.cs");
        Assert.Contains("(k switch { 1 => 10, 2 => 20, _ => 30 })", reads);
        Assert.Contains("(j switch { 1 => 10, 2 => 20, 3 => 30, _ => global::PolicyRules.Rules.RuleOps.ParameterNoEntry<int>(", reads);
        Assert.Contains("(m switch { 1 => 10, 2 => 20, 3 => 30, _ => global::PolicyRules.Rules.RuleOps.ParameterNoEntry<int>(", reads);

        var files = Repository.HandanSources().Select(s => TestCompilation.Rules("/handan/" + s.Path, s.Text));
        var (handan, _) = TestCompilation.Generate(files, Namespace("PolicyRules.Handan2017"));
        Assert.Contains("4 => new global::PolicyRules.Money(6m), _ => new global::PolicyRules.Money(3m) })",
            GeneratedFile(handan, "LandUseTaxParcel.g.cs"));
    }

    /// <summary>
    /// Which total modules take the straight-line TryEvaluate: all five of the feature fixture (so that the differential
    /// test's failures — conflict, no rule, not_determinable, overflow, a date out of range — go through it), and of the
    /// Handan package those whose definitions need no memo; a module whose rules read a definition keeps the evaluation
    /// struct.
    /// </summary>
    [Fact]
    public void Total_modules_whose_definitions_need_no_memo_have_a_straight_line_TryEvaluate()
    {
        static bool StraightLine(GeneratorDriverRunResult result, string hintName) =>
            GeneratedFile(result, hintName).Contains("        var __failed = false;\n", StringComparison.Ordinal);
        var features = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "features.rules"));
        var (fixture, _) = TestCompilation.Generate([TestCompilation.Rules("/features/features.rules", features)], Namespace("Features"));
        Assert.All(["Arithmetic.g.cs", "Defaults.g.cs", "Spans.g.cs", "TableReads.g.cs", "TotalFailures.g.cs"], f => Assert.True(StraightLine(fixture, f), f));
        // A rule without a condition whose exceptions nest one in another is one conditional, innermost exception first
        // (the differential test checks its answers); two exceptions of one rule keep the default logic's statements.
        var defaults = GeneratedFile(fixture, "Defaults.g.cs");
        Assert.Contains("return ((b && (!c)) ? 12 : (a ? 11 : 10));", defaults);
        Assert.Contains("global::PolicyRules.Rules.RuleOps.Take(ref __rule", defaults);

        var files = Repository.HandanSources().Select(s => TestCompilation.Rules("/handan/" + s.Path, s.Text));
        var (handan, _) = TestCompilation.Generate(files, Namespace("PolicyRules.Handan2017"));
        Assert.True(StraightLine(handan, "LandUseTaxParcel.g.cs"));
        Assert.True(StraightLine(handan, "PublicationDeadline.g.cs"));
        Assert.True(StraightLine(handan, "StablePostSubsidy.g.cs"));     // rules over inputs, definitions read at one place
        Assert.False(StraightLine(handan, "StaffingQuota.g.cs"));        // rules that read definitions
    }

    [Fact]
    public void The_whole_Handan_package_generates_code_that_compiles_without_a_warning()
    {
        var files = Repository.HandanSources().Select(s => TestCompilation.Rules("/handan/" + s.Path, s.Text));
        var (result, compilation) = TestCompilation.Generate(files, Namespace("PolicyRules.Handan2017"));
        Assert.Empty(result.Diagnostics);
        var generated = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("LandUseTax.g.cs", generated);
        Assert.Contains("LandUseTaxParcel.g.cs", generated);
        Assert.Contains("RuleRegistry.g.cs", generated);
        Assert.Contains("LandDistrict.g.cs", generated);
        Assert.Contains("Parcel.g.cs", generated);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Every_construct_the_binder_accepts_compiles()
    {
        // Edge cases whose generated code must compile: none compared with none, an empty list where a typed one
        // is expected, not_determinable as an argument. (min/max of a list whose items may be none is refused by the binder.)
        var result = GenerateCleanly("/p/edge.rules", """
                module edge {
                  input amounts: list<money>
                  output nothing: bool cites hz107 §二 = none = none
                  output empty: money cites hz107 §二 = sum(amounts) + sum(map(x in []: 1 yuan))
                  output undecided: date cites hz107 §二 = add_days(not_determinable "elsewhere" cites hz107 §三, 1)
                  output halves: list<decimal> cites hz107 §二 = map(a in amounts: a / 2 yuan)
                }
                """);
        Assert.Single(result.Results.Single().GeneratedSources, s => s.HintName == "Edge.g.cs");
    }

    [Fact]
    public void Modules_named_like_the_generated_members_get_class_names_that_compile()
    {
        // A module class cannot have a member of its own name (CS0542): modules named like TryEvaluate's private helpers
        // and the evaluation modes take the suffix Module (a text input makes them non-total, so every helper, Fast
        // included, is written).
        var modules = new[] { "fast", "retry", "refuse", "checked", "not_in_force", "fast_mode", "checked_mode", "traced_mode" };
        var text = "record fast_record { x: int }\n" + string.Concat(modules.Select(m => $$"""
            module {{m}} {
              input x: int requires x >= 0
              input name: string
              output y: int cites hz107 §二 = if x > 1 then x * 2 else not_determinable "elsewhere" cites hz107 §三
              output named: bool cites hz107 §二 = name = "a"
            }

            """));
        var result = GenerateCleanly("/p/names.rules", text);
        var files = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToHashSet();
        Assert.Superset(new HashSet<string> { "FastModule.g.cs", "RetryModule.g.cs", "RefuseModule.g.cs", "CheckedModule.g.cs", "NotInForceModule.g.cs",
            "FastModeModule.g.cs", "CheckedModeModule.g.cs", "TracedModeModule.g.cs", "FastRecord.g.cs" }, files);
    }

    [Fact]
    public void Inputs_named_like_the_generated_parameters_and_locals_compile()
    {
        // A total module's inputs are parameters (TryEvaluate over values, Validate, the evaluation) beside at, outputs,
        // error and the generated locals; inputs of those names take the suffix Value. One is a keyword (escaped).
        var result = GenerateCleanly("/p/clash.rules", """
                module clash {
                  input at: date
                  input outputs: int requires outputs >= 0
                  input error: int
                  input evaluation: bool
                  input invalid: bool
                  input v0: int
                  input i0: int
                  input class: int
                  output y: int cites hz107 §二 = if evaluation and not invalid then outputs + error + v0 + i0 + class else days_between(at, at)
                }
                """);
        var code = GeneratedFile(result, "Clash.g.cs");
        Assert.Contains("public static bool TryEvaluate(global::System.DateOnly atValue, int outputsValue, int errorValue, bool evaluationValue, bool invalidValue, int v0Value, int i0Value, int @class, global::System.DateOnly at,", code);
    }

    [Fact]
    public void Days_between_and_working_days_between_call_the_catalogue_implementation()
    {
        var result = GenerateCleanly("/p/span.rules", """
                module span_check {
                  input a: date
                  input b: date
                  output days: int cites hz107 §二 = days_between(a, b)
                }
                """);
        var code = GeneratedFile(result, "SpanCheck.g.cs");
        Assert.Contains("global::PolicyRules.Rules.RuleOps.DaysBetween(_in_a, _in_b)", code);
    }

    [Fact]
    public void A_package_with_errors_generates_nothing()
    {
        var (result, compilation) = TestCompilation.Generate(
            [TestCompilation.Rules("/p/registry.rules", RulesFileAnalyzerTests.Registry),
             TestCompilation.Rules("/p/tax.rules", "module tax { output rate: money = 25 yuan }")]);
        Assert.Empty(result.Results.Single().GeneratedSources);
        Assert.Empty(compilation.GetDiagnostics());
    }

    [Fact]
    public void The_namespace_is_PolicyRulesNamespace_else_RootNamespace()
    {
        AdditionalText[] files = [TestCompilation.Rules("/p/registry.rules", RulesFileAnalyzerTests.Registry),
            TestCompilation.Rules("/p/tax.rules", "module tax { output rate: money cites hz107 §二 = 25 yuan }")];
        var (explicitly, _) = TestCompilation.Generate(files, Namespace("City.Tax"));
        Assert.Contains("namespace City.Tax;", GeneratedFile(explicitly, "Tax.g.cs"));
        var (root, _) = TestCompilation.Generate(files, new TestOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = "My.Project" }));
        Assert.Contains("namespace My.Project;", GeneratedFile(root, "Tax.g.cs"));
        var (none, _) = TestCompilation.Generate(files, new TestOptionsProvider());
        Assert.Contains("namespace PolicyRules.Generated;", GeneratedFile(none, "Tax.g.cs"));
    }

    [Fact]
    public void Files_of_a_referenced_package_are_read_but_not_generated_again()
    {
        var options = new TestOptionsProvider(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" })
            .WithFile("/pkg/types.rules", new Dictionary<string, string> { ["PolicyRulesReference"] = "true", ["PolicyRulesNamespace"] = "Package" })
            .WithFile("/pkg/registry.rules", new Dictionary<string, string> { ["PolicyRulesReference"] = "true", ["PolicyRulesNamespace"] = "Package" });
        const string packageTypes = """
            namespace Package { public enum Colour { [PolicyRules.Rules.RuleName("red")] Red, [PolicyRules.Rules.RuleName("blue")] Blue } }
            """;
        var (result, compilation) = TestCompilation.Generate(
            [TestCompilation.Rules("/pkg/registry.rules", RulesFileAnalyzerTests.Registry),
             TestCompilation.Rules("/pkg/types.rules", "enum colour { red blue }"),
             TestCompilation.Rules("/own/paint.rules", "module paint { input c: colour output is_blue: bool cites hz107 §二 = c = blue }")],
            options, packageTypes);
        Assert.Equal(["Paint.g.cs", "RuleRegistry.g.cs"], result.Results.Single().GeneratedSources.Select(s => s.HintName).Order());
        Assert.Contains("global::Package.Colour", GeneratedFile(result, "Paint.g.cs"));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Only_reference_files_generate_nothing()
    {
        var options = new TestOptionsProvider().WithFile("/pkg/registry.rules", new Dictionary<string, string> { ["PolicyRulesReference"] = "true" });
        var (result, _) = TestCompilation.Generate([TestCompilation.Rules("/pkg/registry.rules", RulesFileAnalyzerTests.Registry)], options);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void An_unchanged_package_is_not_generated_again()
    {
        var files = FixtureFiles().ToList();
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            [new RulesSourceGenerator().AsSourceGenerator()], files, null, Namespace("X"),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var compilation = TestCompilation.Create("class A { }");
        driver = driver.RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class B { }", (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)compilation.SyntaxTrees.First().Options)));
        var steps = driver.GetRunResult().Results.Single().TrackedSteps[RulesSourceGenerator.TrackingNames.Sources];
        Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
