using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// The values an <c>int</c> input can have once its requirements hold. Every back end checks a module's
/// <see cref="CoreModule.Requirements"/> before it evaluates any definition (<see cref="CoreRequirement"/>), so a definition
/// only ever sees an input inside the bounds that its requirements' comparisons with int literals set, each requirement
/// read as a conjunction (<c>requires grade &gt;= 1 and grade &lt;= 5</c>: 1 to 5). A back end may drop a case it cannot
/// reach: the generator writes a table read whose key is such an input, and whose table lists every int in the range,
/// without the missing-entry error.
/// </summary>
internal static class CoreInputRanges
{
    /// <summary>The least and greatest value of <paramref name="input"/> that passes its requirements (int.MinValue and
    /// int.MaxValue where nothing bounds it); null for an input that is not a required <c>int</c>.</summary>
    public static (long Low, long High)? IntRange(CoreModule module, InputModel input)
    {
        if (input.Type.Kind != TypeKind.Int || input.Type.Optional) return null;
        long low = int.MinValue, high = int.MaxValue;
        foreach (var requirement in module.Requirements)
            foreach (var condition in Conjuncts(requirement.Condition))
                Narrow(condition, input, ref low, ref high);
        return (low, high);
    }

    private static IEnumerable<CoreExpr> Conjuncts(CoreExpr e) =>
        e is CoreBinary { Operator: BinaryOperator.And } b ? Conjuncts(b.Left).Concat(Conjuncts(b.Right)) : new[] { e };

    /// <summary>Narrows the range by a comparison of the input with an int literal, on either side; any other condition says nothing.</summary>
    private static void Narrow(CoreExpr condition, InputModel input, ref long low, ref long high)
    {
        if (condition is not CoreBinary b) return;
        var op = b.Operator;
        long k;
        if (IsInput(b.Left, input) && IntLiteral(b.Right) is { } right) k = right;
        else if (IsInput(b.Right, input) && IntLiteral(b.Left) is { } left) { k = left; op = Flipped(op); }
        else return;
        switch (op)
        {
            case BinaryOperator.GreaterOrEqual: if (k > low) low = k; break;
            case BinaryOperator.Greater: if (k + 1 > low) low = k + 1; break;
            case BinaryOperator.LessOrEqual: if (k < high) high = k; break;
            case BinaryOperator.Less: if (k - 1 < high) high = k - 1; break;
            case BinaryOperator.Equal:
                if (k > low) low = k;
                if (k < high) high = k;
                break;
        }
    }

    private static bool IsInput(CoreExpr e, InputModel input) => e is CoreInput i && i.Input == input;

    private static long? IntLiteral(CoreExpr e) => e is CoreLiteral { Value: int v } && e.Type.Kind == TypeKind.Int ? v : null;

    /// <summary>The comparison with its operands swapped: <c>k &lt; x</c> is <c>x &gt; k</c>.</summary>
    private static BinaryOperator Flipped(BinaryOperator op) => op switch
    {
        BinaryOperator.Less => BinaryOperator.Greater,
        BinaryOperator.LessOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperator.Greater => BinaryOperator.Less,
        BinaryOperator.GreaterOrEqual => BinaryOperator.LessOrEqual,
        _ => op,
    };
}
