using System.Collections.Generic;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

// The lowered core: what every back end evaluates. Produced from the checked model by Lowering.Lower. Compared with the
// bound tree it has no implicit meaning left: numeric widening is a CoreConvert node, default/exception logic is
// CoreDefault/CoreRule, `requires` and the period in force are explicit checks of CoreModule, and a use of a definition is a
// CoreForce (computed on first use, once). Every node keeps the source span it came from.

/// <summary>A core expression. Visit it with a <see cref="CoreVisitor{T}"/> (abstract: a new node kind does not compile until every visitor handles it).</summary>
internal abstract class CoreExpr
{
    protected CoreExpr(RuleType type, TextSpan span) { Type = type; Span = span; }
    public RuleType Type { get; }
    public TextSpan Span { get; }
    public abstract T Accept<T>(CoreVisitor<T> visitor);
}

/// <summary>A constant, in the model's language-neutral form (see <see cref="BoundLiteral"/>).</summary>
internal sealed class CoreLiteral : CoreExpr
{
    public CoreLiteral(object? value, RuleType type, TextSpan span) : base(type, span) { Value = value; }
    public object? Value { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitLiteral(this);
}

internal sealed class CoreInput : CoreExpr
{
    public CoreInput(InputModel input, TextSpan span) : base(input.Type, span) { Input = input; }
    public InputModel Input { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitInput(this);
}

/// <summary>The value of a definition: computed on first use and kept, so a branch not taken never raises its errors.
/// A definition that depends on itself is an evaluation error.</summary>
internal sealed class CoreForce : CoreExpr
{
    public CoreForce(DefinitionModel definition, TextSpan span) : base(definition.Type, span) { Definition = definition; }
    public DefinitionModel Definition { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitForce(this);
}

/// <summary>The variable of a comprehension; <see cref="Slot"/> is the nesting depth of the comprehension that binds it.</summary>
internal sealed class CoreVariable : CoreExpr
{
    public CoreVariable(string name, int slot, RuleType type, TextSpan span) : base(type, span) { Name = name; Slot = slot; }
    public string Name { get; }
    public int Slot { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitVariable(this);
}

/// <summary><c>at</c>, the evaluation date.</summary>
internal sealed class CoreEvaluationDate : CoreExpr
{
    public CoreEvaluationDate(TextSpan span) : base(RuleType.Date, span) { }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitEvaluationDate(this);
}

internal sealed class CoreCalendar : CoreExpr
{
    public CoreCalendar(CalendarModel calendar, TextSpan span) : base(RuleType.Calendar, span) { Calendar = calendar; }
    public CalendarModel Calendar { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitCalendar(this);
}

/// <summary>A numeric widening written out: int → decimal (the only implicit conversion of the language).</summary>
internal sealed class CoreConvert : CoreExpr
{
    public CoreConvert(CoreExpr operand, RuleType type, TextSpan span) : base(type, span) { Operand = operand; }
    public CoreExpr Operand { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitConvert(this);
}

internal sealed class CoreUnary : CoreExpr
{
    public CoreUnary(UnaryOperator op, CoreExpr operand, RuleType type, TextSpan span) : base(type, span) { Operator = op; Operand = operand; }
    public UnaryOperator Operator { get; }
    public CoreExpr Operand { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitUnary(this);
}

/// <summary>A binary operator. Operands already have the types the operator works on: an int meeting a decimal is converted
/// (<see cref="CoreConvert"/>); money and rate operands keep their unit. <c>and</c>/<c>or</c> evaluate the right side only when needed.</summary>
internal sealed class CoreBinary : CoreExpr
{
    public CoreBinary(BinaryOperator op, CoreExpr left, CoreExpr right, RuleType type, TextSpan span) : base(type, span)
    { Operator = op; Left = left; Right = right; }
    public BinaryOperator Operator { get; }
    public CoreExpr Left { get; }
    public CoreExpr Right { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitBinary(this);
}

/// <summary>An <c>if</c>. <see cref="Origin"/> is the bound node, the key scenario coverage uses for its branches.</summary>
internal sealed class CoreIf : CoreExpr
{
    public CoreIf(CoreExpr condition, CoreExpr then, CoreExpr @else, BoundExpression origin, RuleType type, TextSpan span) : base(type, span)
    { Condition = condition; Then = then; Else = @else; Origin = origin; }
    public CoreExpr Condition { get; }
    public CoreExpr Then { get; }
    public CoreExpr Else { get; }
    public BoundExpression Origin { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitIf(this);
}

internal sealed class CoreMatchCase
{
    public CoreMatchCase(IReadOnlyList<CoreLiteral> patterns, CoreExpr value) { Patterns = patterns; Value = value; }
    public IReadOnlyList<CoreLiteral> Patterns { get; }
    public CoreExpr Value { get; }
}

/// <summary>A <c>match</c>: the first case with a pattern equal to the subject; else <see cref="Else"/>; with no else, an
/// evaluation error naming the value ("no case of the match at … covers …").</summary>
internal sealed class CoreMatch : CoreExpr
{
    public CoreMatch(CoreExpr subject, IReadOnlyList<CoreMatchCase> cases, CoreExpr? @else, BoundExpression origin, RuleType type, TextSpan span)
        : base(type, span) { Subject = subject; Cases = cases; Else = @else; Origin = origin; }
    public CoreExpr Subject { get; }
    public IReadOnlyList<CoreMatchCase> Cases { get; }
    public CoreExpr? Else { get; }
    public BoundExpression Origin { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitMatch(this);
}

/// <summary>A call of a builtin; its one implementation is <see cref="Implementation"/> (from the catalogue).</summary>
internal sealed class CoreCall : CoreExpr
{
    public CoreCall(BuiltinFunction function, IReadOnlyList<CoreExpr> arguments, RuleType type, TextSpan span) : base(type, span)
    { Function = function; Arguments = arguments; }
    public BuiltinFunction Function { get; }
    public IReadOnlyList<CoreExpr> Arguments { get; }
    public BuiltinImplementation Implementation => BuiltinCatalogue.Implementation(Function);
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitCall(this);
}

internal sealed class CoreComprehension : CoreExpr
{
    public CoreComprehension(ComprehensionKind kind, CoreVariable variable, CoreExpr source, CoreExpr body, RuleType type, TextSpan span)
        : base(type, span) { Kind = kind; Variable = variable; Source = source; Body = body; }
    public ComprehensionKind Kind { get; }
    public CoreVariable Variable { get; }
    public CoreExpr Source { get; }
    public CoreExpr Body { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitComprehension(this);
}

internal sealed class CoreList : CoreExpr
{
    public CoreList(IReadOnlyList<CoreExpr> items, RuleType type, TextSpan span) : base(type, span) { Items = items; }
    public IReadOnlyList<CoreExpr> Items { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitList(this);
}

internal sealed class CoreInList : CoreExpr
{
    public CoreInList(CoreExpr value, CoreExpr list, TextSpan span) : base(RuleType.Bool, span) { Value = value; List = list; }
    public CoreExpr Value { get; }
    public CoreExpr List { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitInList(this);
}

internal sealed class CoreField : CoreExpr
{
    public CoreField(CoreExpr target, RecordModel record, FieldModel field, TextSpan span) : base(field.Type, span)
    { Target = target; Record = record; Field = field; }
    public CoreExpr Target { get; }
    public RecordModel Record { get; }
    public FieldModel Field { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitField(this);
}

/// <summary>Ends the evaluation with <c>not_determinable</c>: the reason and its citations.</summary>
internal sealed class CoreNotDeterminable : CoreExpr
{
    public CoreNotDeterminable(string reason, IReadOnlyList<CitationModel> citations, TextSpan span) : base(RuleType.Never, span)
    { Reason = reason; Citations = citations; }
    public string Reason { get; }
    public IReadOnlyList<CitationModel> Citations { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitNotDeterminable(this);
}

/// <summary>
/// A read of a parameter at the evaluation date: the value in force (<see cref="ParameterModel.At"/>), then, for a table,
/// the entry of <see cref="Key"/>, or for a scale, the scale applied to the base amount <see cref="Key"/>. Before the first
/// value it is <c>not_in_force</c>, naming the parameter and its first date. The node holds the package's
/// <see cref="ParameterModel"/>, never a copy of its values: back ends read them from there when they evaluate or compile,
/// so a reform that replaces them at load time reaches every back end. <see cref="KeyText"/> is the key as written, for
/// explanations.
/// </summary>
internal sealed class CoreParameter : CoreExpr
{
    public CoreParameter(ParameterModel parameter, CoreExpr? key, string? keyText, RuleType type, TextSpan span) : base(type, span)
    { Parameter = parameter; Key = key; KeyText = keyText; }
    public ParameterModel Parameter { get; }
    public CoreExpr? Key { get; }
    public string? KeyText { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitParameter(this);
}

/// <summary>One method per core expression kind.</summary>
internal abstract class CoreVisitor<T>
{
    public T Visit(CoreExpr e) => e.Accept(this);
    public abstract T VisitLiteral(CoreLiteral e);
    public abstract T VisitInput(CoreInput e);
    public abstract T VisitForce(CoreForce e);
    public abstract T VisitVariable(CoreVariable e);
    public abstract T VisitEvaluationDate(CoreEvaluationDate e);
    public abstract T VisitCalendar(CoreCalendar e);
    public abstract T VisitConvert(CoreConvert e);
    public abstract T VisitUnary(CoreUnary e);
    public abstract T VisitBinary(CoreBinary e);
    public abstract T VisitIf(CoreIf e);
    public abstract T VisitMatch(CoreMatch e);
    public abstract T VisitCall(CoreCall e);
    public abstract T VisitComprehension(CoreComprehension e);
    public abstract T VisitList(CoreList e);
    public abstract T VisitInList(CoreInList e);
    public abstract T VisitField(CoreField e);
    public abstract T VisitNotDeterminable(CoreNotDeterminable e);
    public abstract T VisitParameter(CoreParameter e);
}

// ---- module structure -----------------------------------------------------------------------------

/// <summary>A labelled rule of a definition: it applies when one of its exceptions applies (that exception's value wins),
/// else when <see cref="When"/> holds (or there is none), giving <see cref="Value"/>.</summary>
internal sealed class CoreRule
{
    public CoreRule(RuleModel rule, CoreDefault exceptions, CoreExpr? when, CoreExpr value)
    { Rule = rule; Exceptions = exceptions; When = when; Value = value; Derivation = CoreFormula.ForRule(rule, when, value); }
    public RuleModel Rule { get; }
    /// <summary>How the rule gives its value, for explanations: its label, its <c>when</c> and its formula.</summary>
    public Derivation Derivation { get; }
    public CoreDefault Exceptions { get; }
    public CoreExpr? When { get; }
    public CoreExpr Value { get; }
}

/// <summary>
/// Default logic over <see cref="Candidates"/>: try each in order; none applying gives "no rule" (for a definition's
/// root set, the <c>no_rule_applies</c> error; for exceptions, fall back to the parent rule); two applying is a
/// <c>conflict</c> naming both.
/// </summary>
internal sealed class CoreDefault
{
    public CoreDefault(IReadOnlyList<CoreRule> candidates) { Candidates = candidates; }
    public IReadOnlyList<CoreRule> Candidates { get; }
}

/// <summary>A definition: either <see cref="Value"/> (written <c>= EXPR</c>) or <see cref="Rules"/> (labelled rules).
/// Lazy: evaluated when first forced (<see cref="CoreForce"/>); outputs are forced in source order.</summary>
internal sealed class CoreDefinition
{
    public CoreDefinition(DefinitionModel definition, CoreExpr? value, CoreDefault? rules)
    {
        Definition = definition; Value = value; Rules = rules;
        if (value is null) return;
        Derivations = CoreFormula.ForValue(value, out var selector);
        BranchSelector = selector;
    }
    public DefinitionModel Definition { get; }
    public CoreExpr? Value { get; }

    /// <summary>For a definition written <c>= EXPR</c>, how it may come about, one per branch of a top-level <c>if</c> chain or
    /// <c>match</c> (see <see cref="CoreFormula.ForValue"/>); empty for a definition given by rules (see <see cref="CoreRule.Derivation"/>).</summary>
    public IReadOnlyList<Derivation> Derivations { get; } = System.Array.Empty<Derivation>();
    /// <summary>An <c>int</c> expression giving the index in <see cref="Derivations"/> of the branch the value took; null when
    /// there is one. A back end evaluates it after the value, and only when it records an explanation.</summary>
    public CoreExpr? BranchSelector { get; }
    public CoreDefault? Rules { get; }
}

/// <summary>An input's <c>requires</c>: checked after the inputs are read and before any definition; failing is <c>invalid_input</c>.</summary>
internal sealed class CoreRequirement
{
    public CoreRequirement(InputModel input, CoreExpr condition, string text) { Input = input; Condition = condition; Text = text; }
    public InputModel Input { get; }
    public CoreExpr Condition { get; }
    public string Text { get; }
}

/// <summary>
/// A lowered module. Evaluation is: (1) the period-in-force check (<see cref="ModuleModel.IsInForce"/>; failing is
/// <c>not_in_force</c>), (2) reading the inputs, (3) <see cref="Requirements"/> in order, (4) forcing each of
/// <see cref="Outputs"/> in source order. <see cref="Definitions"/> is indexed by <see cref="DefinitionModel.Index"/>;
/// <see cref="EvaluationOrder"/> lists them so each comes after everything it uses (for back ends that evaluate eagerly
/// where that is safe).
/// </summary>
internal sealed class CoreModule
{
    public CoreModule(ModuleModel module, IReadOnlyList<CoreRequirement> requirements, IReadOnlyList<CoreDefinition> definitions,
        IReadOnlyList<CoreDefinition> evaluationOrder)
    {
        Module = module; Requirements = requirements; Definitions = definitions; EvaluationOrder = evaluationOrder;
    }
    public ModuleModel Module { get; }
    public IReadOnlyList<CoreRequirement> Requirements { get; }
    public IReadOnlyList<CoreDefinition> Definitions { get; }
    public IReadOnlyList<CoreDefinition> EvaluationOrder { get; }
    public IEnumerable<CoreDefinition> Outputs { get { foreach (var d in Definitions) if (d.Definition.IsOutput) yield return d; } }
}
