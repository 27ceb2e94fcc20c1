using System.Reflection;
using PolicyRules.Language;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Core;

/// <summary>The lowering pass: the core makes conversions, default logic, checks and laziness explicit.</summary>
public class LoweringTests
{
    private static CoreModule Lower(string module) => InlineModule.Lower(module);

    [Fact]
    public void Prints_conversions_checks_defaults_and_lazy_definitions()
    {
        var core = Lower("""
            module m {
              input n: int requires n >= 0
              input x: decimal
              def half: decimal cites law §一 = n / 2
              output total: decimal cites law §一 = x + n + half
              output grade: int
                rule general cites law §一 = 1
                rule special exception of general when n > 10 cites law §二 = 2
            }
            """);
        var printed = CorePrinter.Print(core).Replace("\r\n", "\n");
        Assert.Equal("""
            module m
              check in_force 2017-01-01.. 测试〔2017〕9号
              input n: int
              input x: decimal
              check requires n (greaterorequal input.n 0:int):bool
              def lazy half: decimal = (divide (convert input.n int->decimal) (convert 2:int int->decimal)):decimal
              output lazy total: decimal = (add (add input.x (convert input.n int->decimal)):decimal (force half)):decimal
              output lazy grade: int = (default (rule general exceptions (default (rule special exceptions (default | none: parent) when (greater input.n 10:int):bool => 2:int) | none: parent) when true => 1:int) | none: no_rule_applies)

            """.Replace("\r\n", "\n"), printed);
    }

    [Fact]
    public void Every_core_node_kind_is_visited_by_the_printer()
    {
        // CoreVisitor is abstract, so a new kind does not compile until the printer and interpreter handle it;
        // this checks the other direction: every CoreExpr subclass has its Visit method.
        var kinds = typeof(CoreExpr).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CoreExpr)) && !t.IsAbstract).ToList();
        var visits = typeof(CoreVisitor<string>).GetMethods().Where(m => m.Name.StartsWith("Visit", StringComparison.Ordinal) && m.IsAbstract)
            .Select(m => m.GetParameters().Single().ParameterType).ToHashSet();
        Assert.All(kinds, k => Assert.Contains(k, visits));
        var bound = typeof(BoundExpression).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(BoundExpression)) && !t.IsAbstract).ToList();
        var boundVisits = typeof(BoundVisitor<bool>).GetMethods().Where(m => m.Name.StartsWith("Visit", StringComparison.Ordinal) && m.IsAbstract)
            .Select(m => m.GetParameters().Single().ParameterType).ToHashSet();
        Assert.All(bound, k => Assert.Contains(k, boundVisits));
    }
}
