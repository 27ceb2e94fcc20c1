using System.Reflection;
using System.Runtime.CompilerServices;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Evaluation;

/// <summary>
/// What the interpreter works out once per core node rather than at every visit: a literal's runtime value, the
/// <see cref="RuleOps"/> method of an operator or builtin as a typed delegate over boxed values (no argument array, no
/// <c>System.Linq.Expressions</c> compile for operators), and the node's place as text for error messages.
/// </summary>
internal sealed class InterpreterPlan
{
    private static readonly ConditionalWeakTable<CoreExpr, InterpreterPlan> Plans = new();
    private static readonly ConditionalWeakTable<CoreExpr, InterpreterPlan>.CreateValueCallback Create = Build;

    /// <summary>A literal's runtime value (<see cref="Interpreter.Literal(object?, RuleType)"/>), or a converted literal's, boxed once.</summary>
    public object? Value { get; private init; }
    /// <summary>The node's source place, as <see cref="RuleOps"/> names it in overflow and date messages.</summary>
    public string? Place { get; private init; }
    public Func<object?, string, object?>? Unary { get; private init; }
    public Func<object?, object?, string, object?>? Binary { get; private init; }
    public Func<object?, object?, int>? Compare { get; private init; }
    /// <summary><c>RuleOps.Equal</c> for two values of one required scalar type; null where equality is item by item.</summary>
    public Func<object?, object?, bool>? Equal { get; private init; }
    public Func<object?[], object?>? Call { get; private init; }
    public ImplicitArguments Implicit { get; private init; }
    /// <summary>A call's number of arguments, the implicit ones included.</summary>
    public int Arity { get; private init; }

    public static InterpreterPlan For(CoreExpr node) =>
        Plans.GetValue(node, Create);

    private static InterpreterPlan Build(CoreExpr node) => node switch
    {
        CoreLiteral l => new InterpreterPlan { Value = Interpreter.Literal(l.Value, l.Type) },
        // A converted constant (0 where a decimal is compared) is converted once, not at every evaluation.
        CoreConvert { Operand: CoreLiteral l } c => new InterpreterPlan { Value = Interpreter.Converted(Interpreter.Literal(l.Value, l.Type), l.Type, c.Type) },
        CoreUnary u => new InterpreterPlan { Unary = UnaryOf(OperatorMethods.Negate(u.Operand.Type)), Place = u.Span.ToString() },
        CoreBinary b => BinaryPlan(b),
        CoreCall c => CallPlan(c),
        _ => throw new InvalidOperationException($"no interpreter plan for {node.GetType().Name}"),
    };

    private static InterpreterPlan BinaryPlan(CoreBinary b)
    {
        var (left, right) = (b.Left.Type, b.Right.Type);
        switch (b.Operator)
        {
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                return new InterpreterPlan
                {
                    Equal = left != right || left.Optional || OperatorMethods.Equal(left) is not { } equal ? null : Adapt<Func<object?, object?, bool>>(nameof(EqualOf), equal, 2, false),
                };
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                return new InterpreterPlan { Compare = Adapt<Func<object?, object?, int>>(nameof(CompareOf), OperatorMethods.Compare(left, right), 2, false) };
            default:
                return new InterpreterPlan
                {
                    Binary = Adapt<Func<object?, object?, string, object?>>(nameof(ArithmeticOf), OperatorMethods.Arithmetic(b.Operator, left, right), 2, true),
                    Place = b.Span.ToString(),
                };
        }
    }

    private static InterpreterPlan CallPlan(CoreCall c)
    {
        var method = BuiltinMethods.Resolve(c.Function, c.Arguments.Select(a => a.Type).ToList());
        return new InterpreterPlan
        {
            Call = BuiltinMethods.Invoker(method),
            Implicit = c.Implementation.Implicit,
            Arity = method.GetParameters().Length,
            Place = c.Span.ToString(),
        };
    }

    /// <summary>Negation takes the place only for an int (its overflow message).</summary>
    private static Func<object?, string, object?> UnaryOf(MethodInfo method) => method.GetParameters().Length == 2
        ? Adapt<Func<object?, string, object?>>(nameof(NegateWithPlace), method, 1, true)
        : Adapt<Func<object?, string, object?>>(nameof(NegateOf), method, 1, true);

    /// <summary>Instantiates one of the adapters below for the method's operand types (its first <paramref name="operands"/>
    /// parameters) and, when <paramref name="withResult"/>, its return type.</summary>
    private static T Adapt<T>(string adapter, MethodInfo method, int operands, bool withResult) where T : Delegate
    {
        var types = method.GetParameters().Take(operands).Select(p => p.ParameterType);
        if (withResult) types = types.Append(method.ReturnType);
        var generic = typeof(InterpreterPlan).GetMethod(adapter, BindingFlags.NonPublic | BindingFlags.Static)!;
        return (T)generic.MakeGenericMethod(types.ToArray()).Invoke(null, [method])!;
    }

    private static Func<object?, object?, string, object?> ArithmeticOf<TLeft, TRight, TResult>(MethodInfo method)
    {
        var f = method.CreateDelegate<Func<TLeft, TRight, string, TResult>>();
        return (a, b, place) => f(Unbox<TLeft>(a), Unbox<TRight>(b), place);
    }

    private static Func<object?, object?, int> CompareOf<TLeft, TRight>(MethodInfo method)
    {
        var f = method.CreateDelegate<Func<TLeft, TRight, int>>();
        return (a, b) => f(Unbox<TLeft>(a), Unbox<TRight>(b));
    }

    private static Func<object?, object?, bool> EqualOf<TLeft, TRight>(MethodInfo method)
    {
        var f = method.CreateDelegate<Func<TLeft, TRight, bool>>();
        return (a, b) => f(Unbox<TLeft>(a), Unbox<TRight>(b));
    }

    private static Func<object?, string, object?> NegateOf<TOperand, TResult>(MethodInfo method)
    {
        var f = method.CreateDelegate<Func<TOperand, TResult>>();
        return (x, _) => f(Unbox<TOperand>(x));
    }

    private static Func<object?, string, object?> NegateWithPlace<TOperand, TResult>(MethodInfo method)
    {
        var f = method.CreateDelegate<Func<TOperand, string, TResult>>();
        return (x, place) => f(Unbox<TOperand>(x), place);
    }

    /// <summary>A value held the interpreter's way as <typeparamref name="T"/> (the core has converted it to that type already).</summary>
    private static T Unbox<T>(object? value) => (T)value!;
}
