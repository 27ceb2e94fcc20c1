using PolicyRules.Language;
using PolicyRules.Language.Core;

namespace PolicyRules.Tests.Core;

/// <summary>The derivations the core computes once per definition and rule (<see cref="CoreFormula"/>), which every back end's
/// explanation shows: formulas as people read them, and one derivation per branch with the selector of the branch taken.</summary>
public class CoreFormulaTests
{
    private static CoreModule Lower(string module) => InlineModule.Lower(module);

    private static CoreDefinition Definition(CoreModule m, string name) => m.Definitions.Single(d => d.Definition.Name == name);

    private static string Labels(string template) => Derivation.Render(template, (name, label, _) => label ?? name);

    private static string Describe(Derivation d) =>
        string.Concat(d.Conditions.Select(c => $"[{Labels(c.Text)} {(c.Holds ? "holds" : "fails")}] ")) + "=> " + Labels(d.Formula);

    [Fact]
    public void Formulas_keep_the_parentheses_that_matter_and_write_labels()
    {
        var m = Lower("""
            module m {
              input x: decimal label "面积"
              input n: int
              output a: decimal cites law §一 = (x + n) * 2
              output b: decimal cites law §一 = x - (n - 1)
              output c: decimal cites law §一 = x * n + x / 2
              output d: bool cites law §一 = not (x > 1 and n < 2) or n = 3
            }
            """);
        Assert.Equal("(面积 + n) × 2", Labels(Definition(m, "a").Derivations.Single().Formula));
        Assert.Equal("面积 - (n - 1)", Labels(Definition(m, "b").Derivations.Single().Formula));
        Assert.Equal("面积 × n + 面积 ÷ 2", Labels(Definition(m, "c").Derivations.Single().Formula));
        Assert.Equal("not (面积 > 1 and n < 2) or n = 3", Labels(Definition(m, "d").Derivations.Single().Formula));
        Assert.True(Definition(m, "d").Derivations.Single().IsTest);
        Assert.Null(Definition(m, "a").BranchSelector);
    }

    [Fact]
    public void An_if_chain_and_a_match_inside_it_give_one_derivation_per_branch_and_a_selector()
    {
        var m = Lower("""
            module m {
              input a: bool
              input b: bool
              input n: int
              output v: int cites law §一 = if a then match n { case 1, 2 => 10 case 3 => 30 else => 0 } else if b then n else 5
            }
            """);
        var v = Definition(m, "v");
        Assert.Equal([
            "[a holds] [n in [1, 2] holds] => 10",
            "[a holds] [n = 3 holds] => 30",
            "[a holds] [n in [1, 2, 3] fails] => 0",
            "[a fails] [b holds] => n",
            "[a fails] [b fails] => 5",
        ], v.Derivations.Select(Describe));
        Assert.All(v.Derivations, d => Assert.True(d.IsBranch));
        Assert.Equal("(if input.a (match input.n (case 1:int 2:int => 0:int) (case 3:int => 1:int) (else 2:int)) (if input.b 3:int 4:int))",
            CorePrinter.Print(v.BranchSelector!));
    }

    [Fact]
    public void A_rule_carries_its_label_exception_condition_and_formula()
    {
        var m = Lower("""
            module m {
              input n: int label "人数"
              output grade: int
                rule general cites law §一 = 1
                rule special exception of general when n > 10 cites law §一 = n * 2
            }
            """);
        var general = Definition(m, "grade").Rules!.Candidates.Single();
        Assert.Equal(("general", (string?)null, "=> 1"), (general.Derivation.Rule, general.Derivation.ExceptionOf, Describe(general.Derivation)));
        var special = general.Exceptions.Candidates.Single().Derivation;
        Assert.Equal(("special", "general", "[人数 > 10 holds] => 人数 × 2"), (special.Rule, special.ExceptionOf, Describe(special)));
        Assert.False(special.IsBranch);
    }
}
