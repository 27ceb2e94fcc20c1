using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// Prints core expressions as formulas people read (<c>每平方米年税额 × 面积</c> once an explanation fills in the
/// references), and derives, once per definition and rule, the <see cref="Derivation"/>s an explanation shows: one per
/// branch of a top-level <c>if</c> chain or <c>match</c>, with a selector expression that gives the index of the branch
/// taken, so a back end records only that index.
/// </summary>
internal sealed class CoreFormula : CoreVisitor<string>
{
    /// <summary>The formula template of an expression (references marked as <see cref="Derivation.Reference"/> says).</summary>
    public static string Print(CoreExpr e) => new CoreFormula().Visit(e);

    /// <summary>The derivation of a labelled rule: its <c>when</c> (which held) and the formula of its value.</summary>
    internal static Derivation ForRule(RuleModel rule, CoreExpr? when, CoreExpr value) =>
        new(rule.Label, rule.ExceptionOf?.Label,
            when is null ? Array.Empty<DerivationCondition>() : new[] { new DerivationCondition(Print(when), true) },
            Print(value), branch: false, test: IsTest(value));

    /// <summary>
    /// The derivations of a definition written <c>= EXPR</c>: one per branch of the <c>if</c>s and <c>match</c>es at its top
    /// (an <c>else if</c> chain, or a <c>match</c> inside a branch, included), each with the conditions that chose it, else one
    /// with the whole formula. <paramref name="selector"/> is an <c>int</c> expression giving the index of the branch taken
    /// (null with one derivation): the same tests in the same order as the value, so evaluating it after the value forces
    /// nothing new and fails nowhere the value did not.
    /// </summary>
    internal static IReadOnlyList<Derivation> ForValue(CoreExpr value, out CoreExpr? selector)
    {
        var result = new List<Derivation>();
        var branching = value is CoreIf or CoreMatch;
        var root = Branches(value, new List<DerivationCondition>(), result, branching);
        selector = branching ? root : null;
        return result;
    }

    /// <summary>Adds the derivations of <paramref name="e"/>'s branches (after the conditions <paramref name="tested"/> so far)
    /// and returns the selector of the branch taken.</summary>
    private static CoreExpr Branches(CoreExpr e, List<DerivationCondition> tested, List<Derivation> result, bool branch)
    {
        switch (e)
        {
            case CoreIf i:
            {
                var condition = Print(i.Condition);
                var then = Branches(i.Then, With(tested, new DerivationCondition(condition, true)), result, branch);
                var @else = Branches(i.Else, With(tested, new DerivationCondition(condition, false)), result, branch);
                return new CoreIf(i.Condition, then, @else, i.Origin, RuleType.Int, i.Span);
            }
            case CoreMatch m:
            {
                var subject = Print(m.Subject);
                var cases = m.Cases.Select(c => new CoreMatchCase(c.Patterns,
                    Branches(c.Value, With(tested, new DerivationCondition(PatternTest(subject, c.Patterns), true)), result, branch))).ToList();
                var @else = m.Else is null ? null : Branches(m.Else,
                    With(tested, new DerivationCondition(PatternTest(subject, m.Cases.SelectMany(c => c.Patterns).ToList()), false)), result, branch);
                return new CoreMatch(m.Subject, cases, @else, m.Origin, RuleType.Int, m.Span);
            }
            default:
                result.Add(new Derivation(null, null, tested, Print(e), branch, IsTest(e)));
                return new CoreLiteral(result.Count - 1, RuleType.Int, e.Span);
        }
    }

    private static List<DerivationCondition> With(List<DerivationCondition> tested, DerivationCondition c) => new(tested) { c };

    private static bool IsTest(CoreExpr e) => e.Type.Kind == TypeKind.Bool;

    private static string PatternTest(string subject, IReadOnlyList<CoreLiteral> patterns) =>
        patterns.Count == 1 ? $"{subject} = {Print(patterns[0])}" : $"{subject} in [{string.Join(", ", patterns.Select(Print))}]";

    private static string Reference(string name, string? label, RuleType type) =>
        Derivation.Reference + name + (label is null ? "" : Derivation.LabelMark + label)
        + (type.Kind is TypeKind.List or TypeKind.Record ? Derivation.NamedEnd : Derivation.ReferenceEnd);

    private static string Literal(object? v, RuleType t)
    {
        if (v is null) return "none";
        switch (t.Kind)
        {
            case TypeKind.Money: return ((decimal)v).ToString(CultureInfo.InvariantCulture) + " 元";
            case TypeKind.Rate: return ((decimal)v * 100m).ToString("0.############################", CultureInfo.InvariantCulture) + "%";
            case TypeKind.String:
                var s = (string)v;
                return "\"" + new string(s.Where(c => !char.IsControl(c)).ToArray()) + "\"";
        }
        return v switch
        {
            bool b => b ? "true" : "false",
            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? "",
        };
    }

    private static int Precedence(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => 1,
        BinaryOperator.And => 2,
        BinaryOperator.Add or BinaryOperator.Subtract => 4,
        BinaryOperator.Multiply or BinaryOperator.Divide => 5,
        _ => 3,
    };

    private static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "×",
        BinaryOperator.Divide => "÷",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "≠",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "≤",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => "≥",
        BinaryOperator.And => "and",
        _ => "or",
    };

    private static CoreExpr Unconverted(CoreExpr e) => e is CoreConvert c ? Unconverted(c.Operand) : e;

    /// <summary>An operand in parentheses when it would otherwise read differently.</summary>
    private string Operand(CoreExpr e, int parent, bool right)
    {
        var inner = Unconverted(e);
        var text = Visit(inner);
        var wrap = inner switch
        {
            CoreBinary b => Precedence(b.Operator) < parent || Precedence(b.Operator) == parent && (right || parent == 3),
            CoreIf or CoreMatch or CoreInList => true,
            CoreUnary { Operator: UnaryOperator.Not } => parent > 2,
            _ => false,
        };
        return wrap ? "(" + text + ")" : text;
    }

    /// <summary>The name a rule author writes for a builtin.</summary>
    private static string FunctionName(BuiltinFunction f)
    {
        switch (f)
        {
            case BuiltinFunction.Min2: case BuiltinFunction.MinOf: return "min";
            case BuiltinFunction.Max2: case BuiltinFunction.MaxOf: return "max";
        }
        var name = f.ToString();
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    public override string VisitLiteral(CoreLiteral e) => Literal(e.Value, e.Type);
    public override string VisitInput(CoreInput e) => Reference(e.Input.Name, e.Input.Label, e.Input.Type);
    public override string VisitForce(CoreForce e) => Reference(e.Definition.Name, e.Definition.Label, e.Definition.Type);
    public override string VisitVariable(CoreVariable e) => e.Name;
    public override string VisitEvaluationDate(CoreEvaluationDate e) => "at";
    public override string VisitCalendar(CoreCalendar e) => e.Calendar.Name;
    public override string VisitConvert(CoreConvert e) => Visit(e.Operand);
    public override string VisitUnary(CoreUnary e) =>
        e.Operator == UnaryOperator.Not ? "not " + Operand(e.Operand, 6, false) : "-" + Operand(e.Operand, 6, false);
    public override string VisitBinary(CoreBinary e)
    {
        var p = Precedence(e.Operator);
        return $"{Operand(e.Left, p, false)} {Symbol(e.Operator)} {Operand(e.Right, p, true)}";
    }
    public override string VisitIf(CoreIf e) => $"if {Visit(e.Condition)} then {Visit(e.Then)} else {Visit(e.Else)}";
    public override string VisitMatch(CoreMatch e) =>
        $"match {Visit(e.Subject)} {{ " + string.Join(" ", e.Cases.Select(c => $"case {string.Join(", ", c.Patterns.Select(Visit))} => {Visit(c.Value)}"))
        + (e.Else is null ? "" : $" else => {Visit(e.Else)}") + " }";
    public override string VisitCall(CoreCall e) => $"{FunctionName(e.Function)}({string.Join(", ", e.Arguments.Select(Visit))})";
    public override string VisitComprehension(CoreComprehension e) =>
        $"{e.Kind.ToString().ToLowerInvariant()}({e.Variable.Name} in {Visit(e.Source)}: {Visit(e.Body)})";
    public override string VisitList(CoreList e) => "[" + string.Join(", ", e.Items.Select(Visit)) + "]";
    public override string VisitInList(CoreInList e) => $"{Operand(e.Value, 3, false)} in {Operand(e.List, 3, true)}";
    public override string VisitField(CoreField e) => $"{Operand(e.Target, 6, false)}.{e.Field.Name}";
    public override string VisitNotDeterminable(CoreNotDeterminable e) => $"not_determinable \"{e.Reason}\"";
    /// <summary>A parameter read as written (<c>land_tax_rate(grade)</c>), by the parameter's label; the value in force is on the
    /// step's parameter line.</summary>
    public override string VisitParameter(CoreParameter e) =>
        (e.Parameter.Label ?? e.Parameter.Name) + (e.Key is null ? "" : $"({Visit(e.Key)})");
}
