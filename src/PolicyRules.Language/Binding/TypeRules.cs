using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Binding;

/// <summary>The unit-aware typing of operators: money × rate is money, money + decimal is an error.</summary>
internal static class TypeRules
{
    public readonly record struct Outcome(RuleType? Type, bool UnitError, Msg? Message);

    private static Outcome Ok(RuleType t) => new(t, false, null);
    private static Outcome Unit(Msg message) => new(null, true, message);
    private static Outcome Bad(Msg message) => new(null, false, message);

    private static bool IsUnit(RuleType t) => t.Kind is TypeKind.Money or TypeKind.Rate;

    public static Outcome Arithmetic(BinaryOperator op, RuleType l, RuleType r)
    {
        if (l.IsBad || r.IsBad) return Ok(RuleType.Error);
        if (l.Kind == TypeKind.Never) return Ok(r);
        if (r.Kind == TypeKind.Never) return Ok(l);
        if (l.Optional || r.Optional)
            return Bad(Msg.Of("types.optional_arithmetic", ("type", (l.Optional ? l : r).ToString())));
        var symbol = op switch { BinaryOperator.Add => "+", BinaryOperator.Subtract => "-", BinaryOperator.Multiply => "*", _ => "/" };
        var verb = op switch { BinaryOperator.Add => "types.add", BinaryOperator.Subtract => "types.subtract", BinaryOperator.Multiply => "types.multiply", _ => "types.divide" };
        Outcome Mismatch() => IsUnit(l) || IsUnit(r)
            ? Unit(Msg.Of("types.units_do_not_combine", ("verb", Msg.Of(verb)), ("left", l.ToString()), ("right", r.ToString()), ("symbol", symbol)))
            : Bad(Msg.Of("types.operator_does_not_apply", ("symbol", symbol), ("left", l.ToString()), ("right", r.ToString())));

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
        if (l.Optional || r.Optional) return Bad(Msg.Of("types.optional_ordering", ("type", (l.Optional ? l : r).ToString())));
        if (l.IsNumeric && r.IsNumeric) return Ok(RuleType.Bool);
        if (l.Kind == r.Kind && l.Kind is TypeKind.Money or TypeKind.Rate or TypeKind.Date or TypeKind.DateTime) return Ok(RuleType.Bool);
        if (IsUnit(l) || IsUnit(r))
            return Unit(Msg.Of("types.compare_units", ("left", l.ToString()), ("right", r.ToString())));
        return Bad(Msg.Of("types.compare", ("left", l.ToString()), ("right", r.ToString())));
    }

    public static Outcome Equality(RuleType l, RuleType r)
    {
        if (RuleType.Unify(l, r) is not null) return Ok(RuleType.Bool);
        if (IsUnit(l) || IsUnit(r)) return Unit(Msg.Of("types.compare_units_differ", ("left", l.ToString()), ("right", r.ToString())));
        return Bad(Msg.Of("types.compare", ("left", l.ToString()), ("right", r.ToString())));
    }

    public static Outcome Negate(RuleType t)
    {
        if (t.IsBad || t.Kind == TypeKind.Never) return Ok(t);
        if (!t.Optional && (t.IsNumeric || IsUnit(t))) return Ok(t);
        return Bad(Msg.Of("types.negate", ("type", t.ToString())));
    }
}
