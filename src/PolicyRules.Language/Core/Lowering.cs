using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>Lowers a checked module (from a compilation without errors) to the core.</summary>
internal static class Lowering
{
    public static CoreModule Lower(ModuleModel module)
    {
        var lowerer = new Lowerer();
        var requirements = module.Inputs.Where(i => i.Requires is not null)
            .Select(i => new CoreRequirement(i, lowerer.LowerAs(i.Requires!, RuleType.Bool), i.RequiresText ?? "")).ToList();
        var definitions = module.Definitions.Select(d => new CoreDefinition(d,
            d.Value is null ? null : lowerer.LowerAs(d.Value, d.Type),
            d.Value is null ? LowerRules(d, d.RootRules, lowerer) : null)).ToList();
        var order = module.EvaluationOrder.Select(d => definitions[d.Index]).ToList();
        return new CoreModule(module, CoreInForce.Of(module), requirements, definitions, order);
    }

    private static CoreDefault LowerRules(DefinitionModel d, IEnumerable<RuleModel> rules, Lowerer lowerer) =>
        new(rules.Select(r => new CoreRule(r, LowerRules(d, r.Exceptions, lowerer),
            r.When is null ? null : lowerer.LowerAs(r.When, RuleType.Bool), lowerer.LowerAs(r.Value, d.Type))).ToList());

    /// <summary>Lowers one bound expression (for tests and tools).</summary>
    public static CoreExpr Lower(BoundExpression e) => new Lowerer().Visit(e);

    private sealed class Lowerer : BoundVisitor<CoreExpr>
    {
        private static bool IsInt(RuleType t) => t.Kind == TypeKind.Int && !t.Optional;
        private static bool IsNumber(RuleType t) => t.IsNumeric;

        /// <summary>Lowers <paramref name="e"/> where a value of <paramref name="type"/> is expected (see <see cref="Coerce"/>).</summary>
        public CoreExpr LowerAs(BoundExpression e, RuleType type) => Coerce(Visit(e), type);

        /// <summary>Widens an int operand to decimal when the other side is a decimal (or the operation works in decimals).</summary>
        private static CoreExpr Widen(CoreExpr e, bool toDecimal) =>
            toDecimal && IsInt(e.Type) ? Coerce(e, RuleType.Decimal) : e;

        public override CoreExpr VisitLiteral(BoundLiteral e) => Literal(e);
        private static CoreLiteral Literal(BoundLiteral e) => new(e.Value, e.Type, e.Span);
        public override CoreExpr VisitInput(BoundInput e) => new CoreInput(e.Input, e.Span);
        public override CoreExpr VisitDefinitionRef(BoundDefinitionRef e) => new CoreForce(e.Definition, e.Span);
        public override CoreExpr VisitVariable(BoundVariable e) => Variable(e);
        private static CoreVariable Variable(BoundVariable e) => new(e.Name, e.Slot, e.Type, e.Span);
        public override CoreExpr VisitEvaluationDate(BoundEvaluationDate e) => new CoreEvaluationDate(e.Span);
        public override CoreExpr VisitCalendarRef(BoundCalendarRef e) => new CoreCalendar(e.Calendar, e.Span);
        public override CoreExpr VisitUnary(BoundUnary e) =>
            new CoreUnary(e.Operator, LowerAs(e.Operand, e.Operator == UnaryOperator.Not ? RuleType.Bool : e.Type), e.Type, e.Span);

        public override CoreExpr VisitBinary(BoundBinary e)
        {
            var left = Visit(e.Left);
            var right = Visit(e.Right);
            switch (e.Operator)
            {
                case BinaryOperator.And or BinaryOperator.Or:
                    return new CoreBinary(e.Operator, Coerce(left, RuleType.Bool), Coerce(right, RuleType.Bool), e.Type, e.Span);
                case BinaryOperator.Equal or BinaryOperator.NotEqual:
                    // Both sides meet at their common type: 1 = 1.0 compares decimals, x = none compares two int?.
                    var common = Common(left.Type, right.Type);
                    return new CoreBinary(e.Operator, Coerce(left, common), Coerce(right, common), e.Type, e.Span);
            }
            bool toDecimal = e.Operator switch
            {
                // int ÷ int is a decimal division; otherwise an int meets a decimal, money or rate as a decimal.
                BinaryOperator.Divide => IsNumber(left.Type) && IsNumber(right.Type) || IsMixed(left.Type, right.Type),
                _ => IsMixed(left.Type, right.Type),
            };
            return new CoreBinary(e.Operator, Widen(left, toDecimal), Widen(right, toDecimal), e.Type, e.Span);
        }

        /// <summary>The type two values are compared at: their join, or the other's type where one side never has a value.</summary>
        private static RuleType Common(RuleType a, RuleType b) =>
            a.Kind == TypeKind.Never ? b : b.Kind == TypeKind.Never ? a : RuleType.Unify(a, b) ?? a;

        /// <summary>An int on one side and something not an int (decimal, money, rate) on the other.</summary>
        private static bool IsMixed(RuleType l, RuleType r) =>
            IsInt(l) && !IsInt(r) && r.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate
            || IsInt(r) && !IsInt(l) && l.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate;

        public override CoreExpr VisitIf(BoundIf e) =>
            new CoreIf(LowerAs(e.Condition, RuleType.Bool), LowerAs(e.Then, e.Type), LowerAs(e.Else, e.Type), e, e.Type, e.Span);

        /// <summary>The subject and the patterns meet at their common type (a decimal subject's int patterns are decimals);
        /// every case's value is converted to the match's type.</summary>
        public override CoreExpr VisitMatch(BoundMatch e)
        {
            var subject = Visit(e.Subject);
            var common = e.Cases.SelectMany(c => c.Patterns).Aggregate(subject.Type, (t, p) => Common(t, p.Type));
            return new CoreMatch(Coerce(subject, common),
                e.Cases.Select(c => new CoreMatchCase(c.Patterns.Select(p => Retype(Literal(p), common)).ToList(), LowerAs(c.Value, e.Type))).ToList(),
                e.Else is null ? null : LowerAs(e.Else, e.Type), e, e.Type, e.Span);
        }

        public override CoreExpr VisitCall(BoundCall e)
        {
            var args = e.Arguments.Select(Visit).ToList();
            var types = BuiltinCatalogue.ArgumentTypes(e.Function, args.Select(a => a.Type).ToList(), e.Type);
            return new CoreCall(e.Function, args.Select((a, k) => Coerce(a, types[k])).ToList(), e.Type, e.Span);
        }

        public override CoreExpr VisitComprehension(BoundComprehension e) =>
            new CoreComprehension(e.Kind, Variable(e.Variable), Visit(e.Source),
                LowerAs(e.Body, e.Kind == ComprehensionKind.Map ? e.Type.Element! : RuleType.Bool), e.Type, e.Span);
        public override CoreExpr VisitList(BoundList e) => new CoreList(e.Items.Select(i => LowerAs(i, e.Type.Element!)).ToList(), e.Type, e.Span);

        public override CoreExpr VisitInList(BoundInList e)
        {
            var value = Visit(e.Value);
            var list = Visit(e.List);
            var common = Common(value.Type, list.Type.Element!);
            return new CoreInList(Coerce(value, common), Coerce(list, RuleType.ListOf(common)), e.Span);
        }

        public override CoreExpr VisitField(BoundField e) => new CoreField(Visit(e.Target), e.Record, e.Field, e.Span);
        public override CoreExpr VisitNotDeterminable(BoundNotDeterminable e) => new CoreNotDeterminable(e.Reason, e.Citations, e.Span);
        /// <summary>A table's key is converted to the table's key type; a range table's key and a scale's base are widened to a
        /// decimal (an int amount is a decimal one).</summary>
        public override CoreExpr VisitParameter(BoundParameterRead e) => new CoreParameter(e.Parameter,
            e.Key is null ? null : Coerce(Visit(e.Key), KeyType(e.Parameter, e.Key.Type)), e.KeyText, e.Type, e.Span);
        public override CoreExpr VisitErrorExpression(BoundErrorExpression e) =>
            throw new InvalidOperationException($"a module with errors cannot be lowered ({e.Span})");
    }

    /// <summary>The type a parameter read takes its key at: a table's key type, except that a range table and a scale take
    /// an amount as a decimal or money (their bounds are decimals).</summary>
    internal static RuleType KeyType(ParameterModel parameter, RuleType key) => parameter.Shape == ParameterShape.Scale || parameter.ByRange
        ? key.Kind == TypeKind.Money ? RuleType.Money : RuleType.Decimal
        : parameter.KeyType!;

    /// <summary>
    /// <paramref name="e"/> as a value of <paramref name="type"/>: unchanged when it has that type already or never has a value
    /// (<c>not_determinable</c>); <c>none</c>, <c>[]</c> and a constant where it may be none take the type; a list's items, and the branches of an <c>if</c> or
    /// <c>match</c>, are converted one by one (so a definition's branches keep their explanations); anything else is wrapped in
    /// one <see cref="CoreConvert"/> (int → decimal, T → T?, and those item by item for lists).
    /// </summary>
    internal static CoreExpr Coerce(CoreExpr e, RuleType type)
    {
        if (e.Type == type || e.Type.Kind is TypeKind.Never or TypeKind.Error || type.Kind is TypeKind.Never or TypeKind.Error) return e;
        switch (e)
        {
            case CoreLiteral l when l.Value is null || l.Type.Kind == TypeKind.None:
                return new CoreLiteral(null, type, l.Span);
            case CoreLiteral l when l.Type.AsRequired() == type.AsRequired():
                return new CoreLiteral(l.Value, type, l.Span);   // a constant that may be none: the same constant
            case CoreList l when type.Kind == TypeKind.List:
                return new CoreList(l.Items.Select(i => Coerce(i, type.Element!)).ToList(), type, l.Span);
            case CoreIf i:
                return new CoreIf(i.Condition, Coerce(i.Then, type), Coerce(i.Else, type), i.Origin, type, i.Span);
            case CoreMatch m:
                return new CoreMatch(m.Subject, m.Cases.Select(c => new CoreMatchCase(c.Patterns, Coerce(c.Value, type))).ToList(),
                    m.Else is null ? null : Coerce(m.Else, type), m.Origin, type, m.Span);
            case CoreConvert c:
                return Coerce(c.Operand, type);
        }
        if (!CoreConvert.Converts(e.Type, type))
            throw new InvalidOperationException($"no conversion of {e.Type} to {type} at {e.Span}");
        return new CoreConvert(e, type, e.Span);
    }

    /// <summary>A literal (a match pattern) as a value of <paramref name="type"/>: an int pattern of a decimal subject is a decimal.</summary>
    private static CoreLiteral Retype(CoreLiteral l, RuleType type)
    {
        if (l.Type == type) return l;
        var value = l.Value is int n && type.Kind == TypeKind.Decimal ? (decimal)n : l.Value;
        return new CoreLiteral(value, type, l.Span);
    }
}
