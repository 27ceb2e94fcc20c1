using System;
using System.Collections.Generic;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Language.Model;

/// <summary>A typed expression with every name resolved.</summary>
internal abstract class BoundExpression
{
    protected BoundExpression(RuleType type, TextSpan span) { Type = type; Span = span; }
    public RuleType Type { get; }
    public TextSpan Span { get; }
    /// <summary>Calls the visitor's method for this node kind (every kind has one: <see cref="BoundVisitor{T}"/> is abstract).</summary>
    public abstract T Accept<T>(BoundVisitor<T> visitor);
}

/// <summary>
/// A constant. <see cref="Value"/> is an <c>int</c> (int), <c>decimal</c> (decimal, money, rate as a fraction),
/// <c>bool</c>, <c>DateTime</c> (date, datetime), <c>string</c> (string, enum member name) or null (<c>none</c>).
/// </summary>
internal sealed class BoundLiteral : BoundExpression
{
    public BoundLiteral(object? value, RuleType type, TextSpan span) : base(type, span) { Value = value; }
    public object? Value { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitLiteral(this);
}

internal sealed class BoundInput : BoundExpression
{
    public BoundInput(InputModel input, TextSpan span) : base(input.Type, span) { Input = input; }
    public InputModel Input { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitInput(this);
}

internal sealed class BoundDefinitionRef : BoundExpression
{
    public BoundDefinitionRef(DefinitionModel definition, TextSpan span) : base(definition.Type, span) { Definition = definition; }
    public DefinitionModel Definition { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitDefinitionRef(this);
}

/// <summary>The variable of a comprehension (<c>x</c> in <c>map(x in L: …)</c>).</summary>
internal sealed class BoundVariable : BoundExpression
{
    public BoundVariable(string name, int slot, RuleType type, TextSpan span) : base(type, span) { Name = name; Slot = slot; }
    public string Name { get; }
    /// <summary>Nesting depth of the comprehension that binds it (0 = outermost).</summary>
    public int Slot { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitVariable(this);
}

internal sealed class BoundEvaluationDate : BoundExpression
{
    public BoundEvaluationDate(TextSpan span) : base(RuleType.Date, span) { }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitEvaluationDate(this);
}

internal sealed class BoundCalendarRef : BoundExpression
{
    public BoundCalendarRef(CalendarModel calendar, TextSpan span) : base(RuleType.Calendar, span) { Calendar = calendar; }
    public CalendarModel Calendar { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitCalendarRef(this);
}

internal enum UnaryOperator { Negate, Not }

internal sealed class BoundUnary : BoundExpression
{
    public BoundUnary(UnaryOperator op, BoundExpression operand, RuleType type, TextSpan span) : base(type, span) { Operator = op; Operand = operand; }
    public UnaryOperator Operator { get; }
    public BoundExpression Operand { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitUnary(this);
}

internal enum BinaryOperator { Add, Subtract, Multiply, Divide, Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, And, Or }

internal sealed class BoundBinary : BoundExpression
{
    public BoundBinary(BinaryOperator op, BoundExpression left, BoundExpression right, RuleType type, TextSpan span) : base(type, span)
    { Operator = op; Left = left; Right = right; }
    public BinaryOperator Operator { get; }
    public BoundExpression Left { get; }
    public BoundExpression Right { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitBinary(this);
}

internal sealed class BoundIf : BoundExpression
{
    public BoundIf(BoundExpression condition, BoundExpression then, BoundExpression @else, RuleType type, TextSpan span) : base(type, span)
    { Condition = condition; Then = then; Else = @else; }
    public BoundExpression Condition { get; }
    public BoundExpression Then { get; }
    public BoundExpression Else { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitIf(this);
}

internal sealed class BoundMatchCase
{
    public BoundMatchCase(IReadOnlyList<BoundLiteral> patterns, BoundExpression value) { Patterns = patterns; Value = value; }
    public IReadOnlyList<BoundLiteral> Patterns { get; }
    public BoundExpression Value { get; }
}

internal sealed class BoundMatch : BoundExpression
{
    public BoundMatch(BoundExpression subject, IReadOnlyList<BoundMatchCase> cases, BoundExpression? @else, RuleType type, TextSpan span)
        : base(type, span) { Subject = subject; Cases = cases; Else = @else; }
    public BoundExpression Subject { get; }
    public IReadOnlyList<BoundMatchCase> Cases { get; }
    public BoundExpression? Else { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitMatch(this);
}


internal sealed class BoundCall : BoundExpression
{
    public BoundCall(BuiltinFunction function, IReadOnlyList<BoundExpression> arguments, RuleType type, TextSpan span) : base(type, span)
    { Function = function; Arguments = arguments; }
    public BuiltinFunction Function { get; }
    public IReadOnlyList<BoundExpression> Arguments { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitCall(this);
}

internal enum ComprehensionKind { Map, Filter, Any, All }

internal sealed class BoundComprehension : BoundExpression
{
    public BoundComprehension(ComprehensionKind kind, BoundVariable variable, BoundExpression source, BoundExpression body, RuleType type, TextSpan span)
        : base(type, span) { Kind = kind; Variable = variable; Source = source; Body = body; }
    public ComprehensionKind Kind { get; }
    public BoundVariable Variable { get; }
    public BoundExpression Source { get; }
    public BoundExpression Body { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitComprehension(this);
}

internal sealed class BoundList : BoundExpression
{
    public BoundList(IReadOnlyList<BoundExpression> items, RuleType type, TextSpan span) : base(type, span) { Items = items; }
    public IReadOnlyList<BoundExpression> Items { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitList(this);
}

internal sealed class BoundInList : BoundExpression
{
    public BoundInList(BoundExpression value, BoundExpression list, TextSpan span) : base(RuleType.Bool, span) { Value = value; List = list; }
    public BoundExpression Value { get; }
    public BoundExpression List { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitInList(this);
}

internal sealed class BoundField : BoundExpression
{
    public BoundField(BoundExpression target, RecordModel record, FieldModel field, TextSpan span) : base(field.Type, span)
    { Target = target; Record = record; Field = field; }
    public BoundExpression Target { get; }
    public RecordModel Record { get; }
    public FieldModel Field { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitField(this);
}

internal sealed class BoundNotDeterminable : BoundExpression
{
    public BoundNotDeterminable(string reason, IReadOnlyList<CitationModel> citations, TextSpan span) : base(RuleType.Never, span)
    { Reason = reason; Citations = citations; }
    public string Reason { get; }
    public IReadOnlyList<CitationModel> Citations { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitNotDeterminable(this);
}

/// <summary>
/// A read of a parameter at the evaluation date: <c>rate</c> (a value), <c>land_tax_rate(grade)</c> (a table, by key) or
/// <c>surcharge(base)</c> (a scale applied to a base amount). <see cref="KeyText"/> is the key or base as written, for explanations.
/// </summary>
internal sealed class BoundParameterRead : BoundExpression
{
    public BoundParameterRead(ParameterModel parameter, BoundExpression? key, string? keyText, RuleType type, TextSpan span) : base(type, span)
    { Parameter = parameter; Key = key; KeyText = keyText; }
    public ParameterModel Parameter { get; }
    public BoundExpression? Key { get; }
    public string? KeyText { get; }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitParameter(this);
}

/// <summary>Stands in for an expression that failed to bind; never reaches an evaluator (the package has errors).</summary>
internal sealed class BoundErrorExpression : BoundExpression
{
    public BoundErrorExpression(TextSpan span) : base(RuleType.Error, span) { }
    public override T Accept<T>(BoundVisitor<T> visitor) => visitor.VisitErrorExpression(this);
}
