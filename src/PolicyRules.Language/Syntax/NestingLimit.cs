using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// Refuses expressions nested deeper than <see cref="MaxDepth"/> (brackets, or a long chain such as
/// <c>a + b + … + z</c>, which nests to the left). Every later phase — binder, interpreter, bulk compiler,
/// generated C# — walks expressions recursively; the limit keeps them all far from the end of the stack, and a
/// rule that deep is better written as named definitions anyway.
/// </summary>
public static class NestingLimit
{
    public const int MaxDepth = 200;

    public static void Check(RuleFileSyntax file, DiagnosticBag diagnostics)
    {
        foreach (var module in file.Declarations.OfType<ModuleSyntax>())
        {
            var expressions = module.Inputs.Select(i => i.Requires)
                .Concat(module.Definitions.Select(d => d.Value))
                .Concat(module.Definitions.SelectMany(d => d.Rules.SelectMany(r => new[] { r.When, r.Value })));
            foreach (var e in expressions)
            {
                if (e is null) continue;
                var depth = Depth(e);
                if (depth > MaxDepth)
                    diagnostics.Error(DiagnosticIds.SyntaxError, e.Span,
                        $"this expression is nested {depth} levels deep; the limit is {MaxDepth}",
                        "split it into named definitions ('def')");
            }
        }
    }

    /// <summary>Recursive; runs on the compilation's large stack (see <see cref="RuleCompilation"/>).</summary>
    public static int Depth(ExpressionSyntax e) => 1 + Children(e).Select(Depth).DefaultIfEmpty(0).Max();

    private static IEnumerable<ExpressionSyntax> Children(ExpressionSyntax e) => e switch
    {
        MemberAccessSyntax m => new[] { m.Target },
        UnarySyntax u => new[] { u.Operand },
        BinarySyntax b => new[] { b.Left, b.Right },
        IfSyntax i => new[] { i.Condition, i.Then, i.Else },
        MatchSyntax m => new[] { m.Subject }.Concat(m.Cases.SelectMany(c => c.Patterns.Append(c.Value))).Concat(m.Else is null ? Enumerable.Empty<ExpressionSyntax>() : new[] { m.Else }),
        CallSyntax c => c.Arguments,
        ComprehensionSyntax c => new[] { c.Source, c.Body },
        ListSyntax l => l.Items,
        InListSyntax i => new[] { i.Value, i.List },
        _ => Enumerable.Empty<ExpressionSyntax>(),
    };
}
