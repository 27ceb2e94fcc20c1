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
            .Select(i => new CoreRequirement(i, lowerer.Visit(i.Requires!), i.RequiresText ?? "")).ToList();
        var definitions = module.Definitions.Select(d => new CoreDefinition(d,
            d.Value is null ? null : lowerer.Visit(d.Value),
            d.Value is null ? LowerRules(d.RootRules, lowerer) : null)).ToList();
        var order = module.EvaluationOrder.Select(d => definitions[d.Index]).ToList();
        return new CoreModule(module, requirements, definitions, order);
    }

    private static CoreDefault LowerRules(IEnumerable<RuleModel> rules, Lowerer lowerer) =>
        new(rules.Select(r => new CoreRule(r, LowerRules(r.Exceptions, lowerer), r.When is null ? null : lowerer.Visit(r.When), lowerer.Visit(r.Value))).ToList());

    /// <summary>Lowers one bound expression (for tests and tools).</summary>
    public static CoreExpr Lower(BoundExpression e) => new Lowerer().Visit(e);

    private sealed class Lowerer : BoundVisitor<CoreExpr>
    {
        private static bool IsInt(RuleType t) => t.Kind == TypeKind.Int && !t.Optional;
        private static bool IsNumber(RuleType t) => t.IsNumeric;

        /// <summary>Widens an int operand to decimal when the other side is a decimal (or the operation works in decimals).</summary>
        private static CoreExpr Widen(CoreExpr e, bool toDecimal) =>
            toDecimal && IsInt(e.Type) ? new CoreConvert(e, RuleType.Decimal, e.Span) : e;

        public override CoreExpr VisitLiteral(BoundLiteral e) => Literal(e);
        private static CoreLiteral Literal(BoundLiteral e) => new(e.Value, e.Type, e.Span);
        public override CoreExpr VisitInput(BoundInput e) => new CoreInput(e.Input, e.Span);
        public override CoreExpr VisitDefinitionRef(BoundDefinitionRef e) => new CoreForce(e.Definition, e.Span);
        public override CoreExpr VisitVariable(BoundVariable e) => Variable(e);
        private static CoreVariable Variable(BoundVariable e) => new(e.Name, e.Slot, e.Type, e.Span);
        public override CoreExpr VisitEvaluationDate(BoundEvaluationDate e) => new CoreEvaluationDate(e.Span);
        public override CoreExpr VisitCalendarRef(BoundCalendarRef e) => new CoreCalendar(e.Calendar, e.Span);
        public override CoreExpr VisitUnary(BoundUnary e) => new CoreUnary(e.Operator, Visit(e.Operand), e.Type, e.Span);

        public override CoreExpr VisitBinary(BoundBinary e)
        {
            var left = Visit(e.Left);
            var right = Visit(e.Right);
            bool toDecimal = e.Operator switch
            {
                BinaryOperator.And or BinaryOperator.Or => false,
                // int ÷ int is a decimal division; otherwise an int meets a decimal, money or rate as a decimal.
                BinaryOperator.Divide => IsNumber(left.Type) && IsNumber(right.Type) || IsMixed(left.Type, right.Type),
                _ => IsMixed(left.Type, right.Type),
            };
            return new CoreBinary(e.Operator, Widen(left, toDecimal), Widen(right, toDecimal), e.Type, e.Span);
        }

        /// <summary>An int on one side and something not an int (decimal, money, rate) on the other.</summary>
        private static bool IsMixed(RuleType l, RuleType r) =>
            IsInt(l) && !IsInt(r) && r.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate
            || IsInt(r) && !IsInt(l) && l.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate;

        public override CoreExpr VisitIf(BoundIf e) => new CoreIf(Visit(e.Condition), Visit(e.Then), Visit(e.Else), e, e.Type, e.Span);

        public override CoreExpr VisitMatch(BoundMatch e) => new CoreMatch(Visit(e.Subject),
            e.Cases.Select(c => new CoreMatchCase(c.Patterns.Select(Literal).ToList(), Visit(c.Value))).ToList(),
            e.Else is null ? null : Visit(e.Else), e, e.Type, e.Span);

        public override CoreExpr VisitCall(BoundCall e)
        {
            var args = e.Arguments.Select(Visit).ToList();
            switch (e.Function)
            {
                case BuiltinFunction.Min2:
                case BuiltinFunction.Max2:
                    if (e.Type.Kind == TypeKind.Decimal) args = args.Select(a => Widen(a, true)).ToList();
                    break;
                case BuiltinFunction.Ceil:
                case BuiltinFunction.Floor:
                    args[0] = Widen(args[0], true);
                    break;
                case BuiltinFunction.AddHours:
                    args[1] = Widen(args[1], true);
                    break;
            }
            return new CoreCall(e.Function, args, e.Type, e.Span);
        }

        public override CoreExpr VisitComprehension(BoundComprehension e) =>
            new CoreComprehension(e.Kind, Variable(e.Variable), Visit(e.Source), Visit(e.Body), e.Type, e.Span);
        public override CoreExpr VisitList(BoundList e) => new CoreList(e.Items.Select(Visit).ToList(), e.Type, e.Span);
        public override CoreExpr VisitInList(BoundInList e) => new CoreInList(Visit(e.Value), Visit(e.List), e.Span);
        public override CoreExpr VisitField(BoundField e) => new CoreField(Visit(e.Target), e.Record, e.Field, e.Span);
        public override CoreExpr VisitNotDeterminable(BoundNotDeterminable e) => new CoreNotDeterminable(e.Reason, e.Citations, e.Span);
        /// <summary>A scale's base is widened to a decimal (an int amount is a decimal one); a table's key is kept as it is.</summary>
        public override CoreExpr VisitParameter(BoundParameterRead e) => new CoreParameter(e.Parameter,
            e.Key is null ? null : Widen(Visit(e.Key), e.Parameter.Shape == ParameterShape.Scale), e.KeyText, e.Type, e.Span);
        public override CoreExpr VisitErrorExpression(BoundErrorExpression e) =>
            throw new InvalidOperationException($"a module with errors cannot be lowered ({e.Span})");
    }
}
