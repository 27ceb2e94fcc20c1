using PolicyRules.Language.Model;

namespace PolicyRules.Language.Binding;

/// <summary>The unit-aware typing of operators: money × rate is money, money + decimal is an error.</summary>
internal static class TypeRules
{
    public readonly record struct Outcome(RuleType? Type, bool UnitError, string? Message);

    private static Outcome Ok(RuleType t) => new(t, false, null);
    private static Outcome Unit(string message) => new(null, true, message);
    private static Outcome Bad(string message) => new(null, false, message);

    private static bool IsUnit(RuleType t) => t.Kind is TypeKind.Money or TypeKind.Rate;

    public static Outcome Arithmetic(BinaryOperator op, RuleType l, RuleType r)
    {
        if (l.IsBad || r.IsBad) return Ok(RuleType.Error);
        if (l.Kind == TypeKind.Never) return Ok(r);
        if (r.Kind == TypeKind.Never) return Ok(l);
        if (l.Optional || r.Optional)
            return Bad($"a value that may be none ({(l.Optional ? l : r)}) cannot be used in arithmetic");
        var symbol = op switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", _ => "/" };
        var verb = op switch { BinaryOperator.Add => "add", BinaryOperator.Subtract => "subtract", BinaryOperator.Multiply => "multiply", _ => "divide" };
        Outcome Mismatch() => IsUnit(l) || IsUnit(r)
            ? Unit($"cannot {verb} {l} and {r} ({l} {symbol} {r}): the units do not combine")
            : Bad($"operator '{symbol}' does not apply to {l} and {r}");

        var lk = l.Kind;
        var rk = r.Kind;
        switch (op)
        {
            case BinaryOperator.Add:
            case BinaryOperator.Subtract:
                if (l.IsNumeric && r.IsNumeric) return Ok(lk == TypeKind.Int && rk == TypeKind.Int ? RuleType.Int : RuleType.Decimal);
                if (lk == TypeKind.Money && rk == TypeKind.Money) return Ok(RuleType.Money);
                if (lk == TypeKind.Rate && rk == TypeKind.Rate) return Ok(RuleType.Rate);
                return Mismatch();
            case BinaryOperator.Multiply:
                if (l.IsNumeric && r.IsNumeric) return Ok(lk == TypeKind.Int && rk == TypeKind.Int ? RuleType.Int : RuleType.Decimal);
                if ((lk == TypeKind.Money && (r.IsNumeric || rk == TypeKind.Rate)) || (rk == TypeKind.Money && (l.IsNumeric || lk == TypeKind.Rate)))
                    return Ok(RuleType.Money);
                if (lk == TypeKind.Rate && rk == TypeKind.Rate) return Ok(RuleType.Rate);
                if ((lk == TypeKind.Rate && r.IsNumeric) || (rk == TypeKind.Rate && l.IsNumeric)) return Ok(RuleType.Decimal);
                return Mismatch();
            default:
                if (l.IsNumeric && r.IsNumeric) return Ok(RuleType.Decimal);
                if (lk == TypeKind.Money && (r.IsNumeric || rk == TypeKind.Rate)) return Ok(RuleType.Money);
                if (lk == TypeKind.Money && rk == TypeKind.Money) return Ok(RuleType.Decimal);
                if (lk == TypeKind.Rate && rk == TypeKind.Rate) return Ok(RuleType.Decimal);
                if (lk == TypeKind.Rate && r.IsNumeric) return Ok(RuleType.Rate);
                return Mismatch();
        }
    }

    public static Outcome Ordering(RuleType l, RuleType r)
    {
        if (l.IsBad || r.IsBad || l.Kind == TypeKind.Never || r.Kind == TypeKind.Never) return Ok(RuleType.Bool);
        if (l.Optional || r.Optional) return Bad($"a value that may be none ({(l.Optional ? l : r)}) cannot be ordered");
        if (l.IsNumeric && r.IsNumeric) return Ok(RuleType.Bool);
        if (l.Kind == r.Kind && l.Kind is TypeKind.Money or TypeKind.Rate or TypeKind.Date or TypeKind.DateTime) return Ok(RuleType.Bool);
        if (IsUnit(l) || IsUnit(r))
            return Unit($"cannot compare {l} with {r}: write the other side in the same unit (e.g. 0 yuan, 10%)");
        return Bad($"cannot compare {l} with {r}");
    }

    public static Outcome Equality(RuleType l, RuleType r)
    {
        if (RuleType.Unify(l, r) is not null) return Ok(RuleType.Bool);
        if (IsUnit(l) || IsUnit(r)) return Unit($"cannot compare {l} with {r}: the units differ");
        return Bad($"cannot compare {l} with {r}");
    }

    public static Outcome Negate(RuleType t)
    {
        if (t.IsBad || t.Kind == TypeKind.Never) return Ok(t);
        if (!t.Optional && (t.IsNumeric || IsUnit(t))) return Ok(t);
        return Bad($"cannot negate {t}");
    }
}
