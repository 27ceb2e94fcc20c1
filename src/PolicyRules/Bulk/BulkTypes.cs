using System.Linq.Expressions;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;
using PolicyRules.Time;

namespace PolicyRules.Bulk;

/// <summary>
/// The CLR type that holds a value of each rule type in compiled code and in the bulk columns:
/// int, decimal, <see cref="Money"/>, <see cref="Rate"/>, bool, <see cref="DateOnly"/>, <see cref="DateTime"/>, string
/// (text, and enum members by name as the interpreter holds them), <c>Nullable&lt;T&gt;</c> for optional value types,
/// and, for lists and records, the interpreter's own boxed <c>IReadOnlyList&lt;object?&gt;</c> and <see cref="RecordValue"/>.
/// </summary>
internal static class BulkTypes
{
    public static Type ClrType(RuleType type)
    {
        var core = type.Kind switch
        {
            TypeKind.Int => typeof(int),
            TypeKind.Decimal => typeof(decimal),
            TypeKind.Money => typeof(Money),
            TypeKind.Rate => typeof(Rate),
            TypeKind.Bool => typeof(bool),
            TypeKind.Date => typeof(DateOnly),
            TypeKind.DateTime => typeof(DateTime),
            TypeKind.String or TypeKind.Enum => typeof(string),
            TypeKind.List => typeof(IReadOnlyList<object?>),
            TypeKind.Record => typeof(RecordValue),
            TypeKind.Calendar => typeof(RuleCalendar),
            TypeKind.None => typeof(object),
            _ => throw new NotCompilableException(Msg.Of("bulk.no_representation", ("type", TypeWords.DescribeMsg(type)))),
        };
        return type.Optional && core.IsValueType ? typeof(Nullable<>).MakeGenericType(core) : core;
    }

    /// <summary>The value as the interpreter holds it (boxed; none is null).</summary>
    internal static Expression Box(Expression e) => e.Type == typeof(object) ? e : Expression.Convert(e, typeof(object));

    /// <summary>A value held the interpreter's way, unboxed to <paramref name="type"/>'s CLR type.</summary>
    internal static Expression Unbox(Expression boxed, RuleType type)
    {
        if (type.Optional)
        {
            var clr = ClrType(type);
            var required = Unbox(boxed, type.AsRequired());
            if (!clr.IsValueType) return required;
            var temp = Expression.Variable(typeof(object), "boxed");
            return Expression.Block(clr, [temp],
                Expression.Assign(temp, boxed),
                Expression.Condition(Expression.Equal(temp, Expression.Constant(null)), Expression.Default(clr),
                    Expression.Convert(Unbox(temp, type.AsRequired()), clr)));
        }
        var method = type.Kind switch
        {
            TypeKind.Int => nameof(BulkOps.UnboxInt),
            TypeKind.Decimal => nameof(BulkOps.UnboxDecimal),
            TypeKind.Money => nameof(BulkOps.UnboxMoney),
            TypeKind.Rate => nameof(BulkOps.UnboxRate),
            TypeKind.Bool => nameof(BulkOps.UnboxBool),
            TypeKind.Date => nameof(BulkOps.UnboxDate),
            TypeKind.DateTime => nameof(BulkOps.UnboxDateTime),
            TypeKind.String or TypeKind.Enum => nameof(BulkOps.UnboxString),
            TypeKind.List => nameof(BulkOps.UnboxList),
            TypeKind.Record => nameof(BulkOps.UnboxRecord),
            _ => throw new NotCompilableException(Msg.Of("bulk.cannot_unbox", ("type", TypeWords.DescribeMsg(type)))),
        };
        return Expression.Call(typeof(BulkOps).GetMethod(method)!, boxed);
    }

    /// <summary>Converts an interpreter value (boxed) to the column representation of <paramref name="type"/>, boxed.</summary>
    public static object? FromInterpreter(object? value, RuleType type)
    {
        if (value is null) return null;
        return type.Kind switch
        {
            TypeKind.Decimal => BulkOps.UnboxDecimal(value),
            _ => value,
        };
    }

    /// <summary>A column value (boxed) as the interpreter takes it as an input.</summary>
    public static object? ToInterpreter(object? value) => value;
}
