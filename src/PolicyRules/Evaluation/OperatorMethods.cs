using System.Reflection;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>
/// The <see cref="RuleOps"/> method that implements an operator on operands of given rule types (after lowering, both sides
/// of an arithmetic or ordering operator have the types it works on). The interpreter and the compiled bulk engine both
/// call these, and the generated C# calls the same methods, so each operator's meaning and error messages are written once.
/// </summary>
internal static class OperatorMethods
{
    private static MethodInfo? Find(string name, params Type[] types) =>
        typeof(RuleOps).GetMethod(name, BindingFlags.Public | BindingFlags.Static, types);

    private static Type Clr(RuleType t) => BuiltinMethods.ParameterType(t);

    /// <summary><c>+ - * /</c>: <c>RuleOps.Add(a, b, at)</c> and so on (the compiled kernels call its check-free form,
    /// <see cref="Bulk.CheckFreeOps"/>).</summary>
    public static MethodInfo Arithmetic(BinaryOperator op, RuleType left, RuleType right)
    {
        var name = op switch
        {
            BinaryOperator.Add => nameof(RuleOps.Add),
            BinaryOperator.Subtract => nameof(RuleOps.Subtract),
            BinaryOperator.Multiply => nameof(RuleOps.Multiply),
            BinaryOperator.Divide => nameof(RuleOps.Divide),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
        return Find(name, Clr(left), Clr(right), typeof(string)) ?? throw new Bulk.NotCompilableException(Msg.Of("bulk.arithmetic", ("operator", op switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "×", _ => "÷" }), ("left", TypeWords.DescribeMsg(left)), ("right", TypeWords.DescribeMsg(right))));
    }

    /// <summary><c>&lt; &lt;= &gt; &gt;=</c>: <c>RuleOps.Compare(a, b)</c>, compared with 0.</summary>
    public static MethodInfo Compare(RuleType left, RuleType right) =>
        Find(nameof(RuleOps.Compare), Clr(left), Clr(right)) ?? throw new Bulk.NotCompilableException(Msg.Of("bulk.ordering", ("left", TypeWords.DescribeMsg(left)), ("right", TypeWords.DescribeMsg(right))));

    /// <summary><c>==</c> on two values of <paramref name="type"/> (the operands' common type): <c>RuleOps.Equal</c>; null for
    /// lists and records, whose equality is item by item (<see cref="RuleOps.AreEqual{T}"/>).</summary>
    public static MethodInfo? Equal(RuleType type)
    {
        if (type.Kind is TypeKind.List or TypeKind.Record or TypeKind.None) return null;
        var clr = Clr(type);
        if (Nullable.GetUnderlyingType(clr) is { } value)
            return typeof(RuleOps).GetMethods().Single(m => m.Name == nameof(RuleOps.Equal) && m.IsGenericMethodDefinition).MakeGenericMethod(value);
        return Find(nameof(RuleOps.Equal), clr, clr) ?? throw new Bulk.NotCompilableException(Msg.Of("bulk.equality", ("left", TypeWords.DescribeMsg(type)), ("right", TypeWords.DescribeMsg(type))));
    }

    /// <summary>Unary minus: <c>RuleOps.Negate</c> (an int takes the place, for its overflow message).</summary>
    public static MethodInfo Negate(RuleType operand) => operand.Kind == TypeKind.Int && !operand.Optional
        ? Find(nameof(RuleOps.Negate), typeof(int), typeof(string))!
        : Find(nameof(RuleOps.Negate), Clr(operand)) ?? throw new Bulk.NotCompilableException(Msg.Of("bulk.negation", ("type", TypeWords.DescribeMsg(operand))));
}
