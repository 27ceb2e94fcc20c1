using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

// The lowered core: what every back end evaluates. Produced from the checked model by Lowering.Lower. Compared with the
// bound tree it has no implicit meaning left: every change of type is a CoreConvert node, default/exception logic is
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

/// <summary>
/// A change of type written out (<see cref="Converts"/>): int → decimal, T → T? and, item by item, list&lt;A&gt; → list&lt;B&gt;.
/// Lowering puts one wherever a value meets a place of another type, so no back end converts on its own; where a back end
/// holds both types alike (T and T? in the interpreter, int → int? in C#) it emits nothing for it.
/// </summary>
internal sealed class CoreConvert : CoreExpr
{
    public CoreConvert(CoreExpr operand, RuleType type, TextSpan span) : base(type, span)
    { Operand = operand; IsWidening = Widens(operand.Type, type); }
    public CoreExpr Operand { get; }
    /// <summary><see cref="Widens"/> of this conversion, worked out once.</summary>
    public bool IsWidening { get; }
    public override T Accept<T>(CoreVisitor<T> v) => v.VisitConvert(this);

    /// <summary>Whether the language converts a value of <paramref name="from"/> to <paramref name="to"/> (the assignability
    /// of <see cref="RuleType.IsAssignable"/> without <c>none</c> and <c>not_determinable</c>, which Lowering retypes or keeps).</summary>
    public static bool Converts(RuleType from, RuleType to)
    {
        if (from == to) return true;
        if (from.Optional && !to.Optional) return false;
        var f = from.AsRequired();
        var t = to.AsRequired();
        if (f == t) return true;
        if (f.Kind == TypeKind.Int && t.Kind == TypeKind.Decimal) return true;
        return f.Kind == TypeKind.List && t.Kind == TypeKind.List && (f.Element!.Kind == TypeKind.Never || Converts(f.Element!, t.Element!));
    }

    /// <summary>Whether an int becomes a decimal somewhere in this conversion (directly or in a list's items); when not, the
    /// conversion only says that a value may be none, which most back ends hold alike.</summary>
    public static bool Widens(RuleType from, RuleType to) =>
        from.Kind == TypeKind.Int && to.Kind == TypeKind.Decimal
        || from.Kind == TypeKind.List && to.Kind == TypeKind.List && Widens(from.Element!, to.Element!);
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
/// The period in force as an explicit check, the first of a module's evaluation: a day outside it is <c>not_in_force</c>,
/// worded by <see cref="Message"/> and citing each of <see cref="Documents"/> as a whole. The period is the one the front
/// end computed (the module's <c>in_force</c> clause intersected with its documents' periods, <see cref="ModuleModel.InForceFrom"/>);
/// every back end reads it here.
/// </summary>
internal sealed class CoreInForce
{
    private CoreInForce(ModuleModel module)
    {
        Module = module.Name; Always = module.AlwaysInForce; From = module.InForceFrom; To = module.InForceTo; Documents = module.Documents;
        FirstDay = Always ? 0 : DayNumber(From);
        LastDay = Always || To is null ? DayNumber(DateTime.MaxValue) : DayNumber(To.Value);
    }

    public static CoreInForce Of(ModuleModel module) => new(module);

    public string Module { get; }
    /// <summary>Declared <c>in_force always</c>: no check.</summary>
    public bool Always { get; }
    public DateTime From { get; }
    /// <summary>The last day in force; null when open-ended.</summary>
    public DateTime? To { get; }
    /// <summary>The documents the module's provisions come from: the message names the first not in force, the error cites each.</summary>
    public IReadOnlyList<DocumentModel> Documents { get; }
    /// <summary>The period as day numbers (days since 0001-01-01, as <c>DateOnly.DayNumber</c> counts): in force when
    /// <c>FirstDay &lt;= day &lt;= LastDay</c>; every day when <see cref="Always"/>.</summary>
    public int FirstDay { get; }
    public int LastDay { get; }

    public static int DayNumber(DateTime day) => (int)(day.Ticks / TimeSpan.TicksPerDay);

    public bool Contains(DateTime day) => Always || InForce.Contains(From, To, day);

    /// <summary>The first of <see cref="Documents"/> not in force on <paramref name="day"/>, or null.</summary>
    public DocumentModel? DocumentNotInForce(DateTime day) => Always ? null : Documents.FirstOrDefault(d => !d.IsInForce(day));

    /// <summary>The <c>not_in_force</c> message, in the message catalogue's words (<see cref="InForce.NotInForceText(string, DateTime, DateTime, DateTime?, InForceDocument?)"/>).</summary>
    public Msg Message(DateTime day) => InForce.NotInForceText(Module, day, From, To, InForceDocument.Of(DocumentNotInForce(day)));
}

/// <summary>
/// A lowered module. Evaluation is: (1) the period-in-force check (<see cref="InForce"/>; failing is <c>not_in_force</c>),
/// (2) reading the inputs, (3) <see cref="Requirements"/> in order, (4) forcing each of <see cref="Outputs"/> in source order.
/// <see cref="Definitions"/> is indexed by <see cref="DefinitionModel.Index"/>; <see cref="EvaluationOrder"/> lists them so each
/// comes after everything it uses (for back ends that evaluate eagerly where that is safe).
/// </summary>
internal sealed class CoreModule
{
    public CoreModule(ModuleModel module, CoreInForce inForce, IReadOnlyList<CoreRequirement> requirements, IReadOnlyList<CoreDefinition> definitions,
        IReadOnlyList<CoreDefinition> evaluationOrder)
    {
        Module = module; InForce = inForce; Requirements = requirements; Definitions = definitions; EvaluationOrder = evaluationOrder;
    }
    public ModuleModel Module { get; }
    public CoreInForce InForce { get; }
    public IReadOnlyList<CoreRequirement> Requirements { get; }
    public IReadOnlyList<CoreDefinition> Definitions { get; }
    public IReadOnlyList<CoreDefinition> EvaluationOrder { get; }
    public IEnumerable<CoreDefinition> Outputs { get { foreach (var d in Definitions) if (d.Definition.IsOutput) yield return d; } }
}
