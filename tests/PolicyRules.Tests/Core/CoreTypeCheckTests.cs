using PolicyRules.Language;
using PolicyRules.Language.Core;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Core;

/// <summary>
/// Lowering writes every change of type as a <see cref="CoreConvert"/>, so no back end converts on its own: the core check
/// (<see cref="CoreTypeCheck"/>) over every module of the rule package, of the golden files and of the generator's
/// fixtures finds no child whose type differs from the one its parent takes it at.
/// </summary>
public class CoreTypeCheckTests
{
    public static TheoryData<string> Packages()
    {
        var data = new TheoryData<string> { "rules/handan-2017-04", "tests/PolicyRules.Analyzers.Tests/Fixtures/features", "tests/PolicyRules.Analyzers.Tests/Fixtures/handan-hz107" };
        foreach (var f in TestPaths.FilesUnder(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good"), "*.rules"))
            data.Add("tests/PolicyRules.Tests/Language/golden/good/" + f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Every_lowered_module_leaves_no_conversion_to_the_back_ends(string path)
    {
        var full = TestPaths.InRepo(path.Split('/'));
        var sources = File.Exists(full) ? [new SourceText(path, File.ReadAllText(full))] : RuleCompilation.ReadDirectory(full);
        var compilation = RuleCompilation.Compile(sources);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
        Assert.NotEmpty(compilation.Package.Modules);
        var problems = compilation.Package.Modules.SelectMany(m => CoreTypeCheck.Check(Lowering.Lower(m)).Select(p => $"{m.Name}: {p}")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static CoreModule Lower(string module) => InlineModule.Lower(module);

    [Fact]
    public void Branches_definition_values_list_items_and_arguments_are_converted_where_their_type_changes()
    {
        var core = Lower("""
            module m {
              input n: int
              input flag: bool
              output a: decimal cites law §一 = if flag then n else 2.5
              output b: decimal? cites law §一 = n
              output c: list<decimal> cites law §一 = [n, 1.5]
              output d: decimal cites law §一 = max(n, 0.5)
              output e: bool cites law §一 = n = 1.0
              output f: int? cites law §一 = if flag then none else n
              output g: int? cites law §一 = if flag then 1 else none
            }
            """);
        Assert.Empty(CoreTypeCheck.Check(core));
        string Value(string name) => CorePrinter.Print(core.Definitions.Single(d => d.Definition.Name == name).Value!);
        Assert.Equal("(if input.flag (convert input.n int->decimal) 2.5:decimal)", Value("a"));
        Assert.Equal("(convert input.n int->decimal?)", Value("b"));
        Assert.Equal("[(convert input.n int->decimal) 1.5:decimal]", Value("c"));
        Assert.Equal("(call PolicyRules.Rules.RuleOps.Max[Max2] (convert input.n int->decimal) 0.5:decimal):decimal", Value("d"));
        Assert.Equal("(equal (convert input.n int->decimal) 1.0:decimal):bool", Value("e"));
        Assert.Equal("(if input.flag none:int? (convert input.n int->int?))", Value("f"));
        Assert.Equal("(if input.flag 1:int? none:int?)", Value("g"));
    }

    [Fact]
    public void A_missing_conversion_is_reported_with_its_place()
    {
        // What Lowering used to leave to the back ends: an int branch of a decimal if.
        var span = new TextSpan("x.rules", 1, 1, 1, 2);
        var unconverted = new CoreIf(new CoreLiteral(true, RuleType.Bool, span), new CoreLiteral(1, RuleType.Int, span),
            new CoreLiteral(2.5m, RuleType.Decimal, span), new BoundLiteral(true, RuleType.Bool, span), RuleType.Decimal, span);
        var problem = Assert.Single(CoreTypeCheck.Check(unconverted));
        Assert.Equal("x.rules(1,1): then branch is int, where decimal is expected (1:int)", problem);
    }

    [Fact]
    public void The_period_in_force_is_a_check_of_the_core()
    {
        var core = Lower("""
            module m {
              in_force from 2017-03-01 to 2017-12-31
              input n: int
              output a: int cites law §一 = n
            }
            """);
        var check = core.InForce;
        Assert.False(check.Always);
        Assert.Equal((new DateTime(2017, 3, 1), (DateTime?)new DateTime(2017, 12, 31)), (check.From, check.To));
        Assert.Equal(DateOnly.FromDateTime(check.From).DayNumber, check.FirstDay);
        Assert.Equal(DateOnly.FromDateTime(check.To!.Value).DayNumber, check.LastDay);
        Assert.True(check.Contains(new DateTime(2017, 12, 31)));
        Assert.False(check.Contains(new DateTime(2018, 1, 1)));
        Assert.Equal("测试〔2017〕9号", Assert.Single(check.Documents).Number);
    }
}
