using System.Globalization;
using PolicyRules.Language.Model;

namespace PolicyRules.Evaluation;

/// <summary>Operators over boxed runtime values, following the same unit rules the type checker enforces.</summary>
internal static class Arithmetic
{
    public static decimal ToDecimal(object? v) => v switch
    {
        int i => i,
        decimal d => d,
        _ => throw new InvalidOperationException($"not a number: {v}"),
    };

    private static bool IsNumber(object? v) => v is int or decimal;

    public static object Apply(BinaryOperator op, object? l, object? r)
    {
        switch (l, r)
        {
            case (int a, int b):
                // Each arm boxed on its own: a switch expression would widen every arm to decimal.
                return op switch
                {
                    BinaryOperator.Add => (object)checked(a + b),
                    BinaryOperator.Subtract => (object)checked(a - b),
                    BinaryOperator.Multiply => (object)checked(a * b),
                    _ => (object)((decimal)a / b),
                };
            case var _ when IsNumber(l) && IsNumber(r):
                var x = ToDecimal(l);
                var y = ToDecimal(r);
                return op switch
                {
                    BinaryOperator.Add => x + y,
                    BinaryOperator.Subtract => x - y,
                    BinaryOperator.Multiply => x * y,
                    _ => x / y,
                };
            case (Money a, Money b):
                return op switch
                {
                    BinaryOperator.Add => a + b,
                    BinaryOperator.Subtract => a - b,
                    BinaryOperator.Divide => a / b,
                    _ => throw Unsupported(op, l, r),
                };
            case (Money a, Rate k):
                return op == BinaryOperator.Multiply ? a * k : new Money(a.Amount / k.Value);
            case (Rate k, Money a) when op == BinaryOperator.Multiply:
                return k * a;
            case (Money a, _) when IsNumber(r):
                return op == BinaryOperator.Multiply ? a * ToDecimal(r) : a / ToDecimal(r);
            case (_, Money a) when IsNumber(l) && op == BinaryOperator.Multiply:
                return ToDecimal(l) * a;
            case (Rate a, Rate b):
                return op switch
                {
                    BinaryOperator.Add => a + b,
                    BinaryOperator.Subtract => a - b,
                    BinaryOperator.Multiply => a * b,
                    _ => a.Value / b.Value,
                };
            case (Rate a, _) when IsNumber(r):
                return op == BinaryOperator.Multiply ? a.Value * ToDecimal(r) : new Rate(a.Value / ToDecimal(r));
            case (_, Rate a) when IsNumber(l) && op == BinaryOperator.Multiply:
                return ToDecimal(l) * a.Value;
            default:
                throw Unsupported(op, l, r);
        }
    }

    private static InvalidOperationException Unsupported(BinaryOperator op, object? l, object? r) =>
        new($"{op} is not defined on {l?.GetType().Name} and {r?.GetType().Name}; the type checker should have refused it");

    public static int Compare(object? l, object? r) => (l, r) switch
    {
        _ when IsNumber(l) && IsNumber(r) => ToDecimal(l).CompareTo(ToDecimal(r)),
        (Money a, Money b) => a.CompareTo(b),
        (Rate a, Rate b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTime a, DateTime b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        _ => throw new InvalidOperationException($"cannot order {l} and {r}"),
    };

    public static object Negate(object? v) => v switch
    {
        int i => checked(-i),
        decimal d => -d,
        Money m => -m,
        Rate r => new Rate(-r.Value),
        _ => throw new InvalidOperationException($"cannot negate {v}"),
    };

    public static object Round(object? v, int places, MidpointRounding mode) => v switch
    {
        int i => (decimal)i,
        decimal d => Math.Round(d, places, mode),
        Money m => new Money(Math.Round(m.Amount, places, mode)),
        Rate r => new Rate(Math.Round(r.Value, places, mode)),
        _ => throw new InvalidOperationException($"cannot round {v}"),
    };

    public static object Zero(RuleType type) => type.Kind switch
    {
        TypeKind.Int => 0,
        TypeKind.Money => Money.Zero,
        TypeKind.Rate => new Rate(0m),
        _ => 0m,
    };
}

/// <summary>Plain-text rendering of runtime values, for explanations, CSV and messages.</summary>
public static class ValueText
{
    public static string Format(object? v) => v switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => DecimalText.Format(d),
        Money m => m.ToString(),
        Rate r => r.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        string s => s,
        RecordValue r => "{" + string.Join(", ", r.Fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + "}",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        _ => v.ToString() ?? "",
    };

    /// <summary>Like <see cref="Format"/>, with the unit people write: 25000 元.</summary>
    public static string FormatWithUnit(object? v) => v is Money m ? m + " 元" : Format(v);
}
