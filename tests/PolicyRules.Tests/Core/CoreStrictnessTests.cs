using PolicyRules.Language.Core;

namespace PolicyRules.Tests.Core;

/// <summary>
/// Which definitions every evaluation forces (CoreStrictness): what lets the generator write TryEvaluate as straight-line
/// code without the memo. A definition read only in a branch must stay lazy (computing it could fail where the law does
/// not need it).
/// </summary>
public class CoreStrictnessTests
{
    private static (ISet<string> Forced, bool StraightLine) Analyse(string module)
    {
        var core = InlineModule.Lower(module);
        return (CoreStrictness.AlwaysForced(core).Select(d => d.Name).ToHashSet(), CoreStrictness.IsStraightLine(core));
    }

    [Fact]
    public void Definitions_read_outside_branches_are_always_forced_and_the_evaluation_is_straight_line()
    {
        var (forced, straight) = Analyse("""
            module m {
              input n: int requires n >= 0
              def half: decimal cites law §一 = n / 2
              def twice: decimal cites law §一 = half * 4
              def unused: decimal cites law §一 = n * 3
              output total: decimal cites law §一 = twice + 1
              output flag: bool cites law §一 = total > 10 and n > 2
            }
            """);
        Assert.Equal(new HashSet<string> { "half", "twice", "total", "flag" }, forced);
        Assert.True(straight);
    }

    [Theory]
    [InlineData("if n > 1 then part else 0")]
    [InlineData("n > 1 and part > 2")]
    [InlineData("n > 1 or part > 2")]
    [InlineData("match n { case 1 => part else => 0 }")]
    public void A_definition_read_only_in_a_branch_stays_lazy_and_at_one_place_is_written_there(string expression)
    {
        var type = expression.Contains(" and ") || expression.Contains(" or ") ? "bool" : "decimal";
        var (forced, straight) = Analyse($$"""
            module m {
              input n: int
              def part: decimal cites law §一 = 100 / n
              output result: {{type}} cites law §一 = {{expression}}
            }
            """);
        Assert.DoesNotContain("part", forced);
        Assert.Contains("result", forced);
        Assert.True(straight);   // read at one place: computed there, when the branch is taken
    }

    [Fact]
    public void A_definition_read_in_branches_at_two_places_needs_the_memo()
    {
        var (forced, straight) = Analyse("""
            module m {
              input n: int
              def part: decimal cites law §一 = 100 / n
              output first: decimal cites law §一 = if n > 1 then part else 0
              output second: decimal cites law §一 = if n > 5 then part + 1 else 0
            }
            """);
        Assert.DoesNotContain("part", forced);
        Assert.False(straight);
    }

    [Fact]
    public void A_definition_read_in_a_branch_and_outside_one_is_always_forced()
    {
        var (forced, straight) = Analyse("""
            module m {
              input n: int
              def part: decimal cites law §一 = n * 2
              output first: decimal cites law §一 = if n > 1 then part else 0
              output second: decimal cites law §一 = part + 1
            }
            """);
        Assert.Contains("part", forced);
        Assert.True(straight);
    }

    [Fact]
    public void Rules_that_read_a_definition_are_not_straight_line()
    {
        var (forced, straight) = Analyse("""
            module m {
              input n: int
              def base: int cites law §一 = n + 1
              output grade: int
                rule general cites law §一 = base
                rule special exception of general when n > 10 cites law §二 = 2
            }
            """);
        Assert.Contains("grade", forced);
        Assert.DoesNotContain("base", forced);   // read inside a rule: which rule applies decides
        Assert.False(straight);
    }

    [Fact]
    public void Rules_over_inputs_are_straight_line()
    {
        var (forced, straight) = Analyse("""
            module m {
              input n: int
              output grade: int
                rule general cites law §一 = n + 1
                rule special exception of general when n > 10 cites law §二 = 2
            }
            """);
        Assert.Contains("grade", forced);
        Assert.True(straight);
    }

    [Fact]
    public void A_module_with_requirements_is_straight_line()
    {
        // Requirements read inputs only in the language; a straight-line evaluation checks them before any definition.
        var (_, straight) = Analyse("""
            module m {
              input n: int requires n >= 0
              output twice: int cites law §一 = n * 2
            }
            """);
        Assert.True(straight);
    }
}
