using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// Checks that a lowered module leaves no conversion to its back ends: every child has exactly the type its parent takes it
/// at (a condition is a bool, a branch has the type of its <c>if</c>, a list item the list's item type, an argument its
/// builtin's parameter type, both sides of a comparison one type, no int meeting a decimal in arithmetic), and every
/// <see cref="CoreConvert"/> is a conversion of the language. <c>not_determinable</c>, which never has a value, fits anywhere.
/// The tests run it over every module they lower, so a missing conversion fails a test rather than a back end.
/// </summary>
internal sealed class CoreTypeCheck : CoreVisitor<bool>
{
    private readonly List<string> _problems = new();

    /// <summary>Every place in <paramref name="module"/> where a child's type is not the one its parent takes; empty when none.</summary>
    public static IReadOnlyList<string> Check(CoreModule module)
    {
        var c = new CoreTypeCheck();
        foreach (var r in module.Requirements) c.Expect(r.Condition, RuleType.Bool, $"requires of {r.Input.Name}");
        foreach (var d in module.Definitions)
        {
            var type = d.Definition.Type;
            if (d.Value is not null) c.Expect(d.Value, type, $"value of {d.Definition.Name}");
            if (d.Rules is not null) c.Rules(d.Rules, type, d.Definition.Name);
            if (d.BranchSelector is not null) c.Expect(d.BranchSelector, RuleType.Int, $"branch selector of {d.Definition.Name}");
        }
        return c._problems;
    }

    /// <summary>The problems of one expression lowered on its own (for tests).</summary>
    public static IReadOnlyList<string> Check(CoreExpr e)
    {
        var c = new CoreTypeCheck();
        c.Visit(e);
        return c._problems;
    }

    private void Rules(CoreDefault rules, RuleType type, string definition)
    {
        foreach (var r in rules.Candidates)
        {
            Rules(r.Exceptions, type, definition);
            if (r.When is not null) Expect(r.When, RuleType.Bool, $"when of rule {r.Rule.Label} of {definition}");
            Expect(r.Value, type, $"value of rule {r.Rule.Label} of {definition}");
        }
    }

    private void Expect(CoreExpr child, RuleType type, string role)
    {
        if (child.Type != type && child.Type.Kind != TypeKind.Never)
            _problems.Add($"{child.Span}: {role} is {child.Type}, where {type} is expected ({CorePrinter.Print(child)})");
        Visit(child);
    }

    private void Same(CoreExpr left, CoreExpr right, string role)
    {
        if (left.Type.Kind == TypeKind.Never) Visit(left);
        else Expect(left, left.Type, role);
        Expect(right, left.Type.Kind == TypeKind.Never ? right.Type : left.Type, role);
    }

    private void Problem(CoreExpr e, string what) => _problems.Add($"{e.Span}: {what} ({CorePrinter.Print(e)})");

    public override bool VisitLiteral(CoreLiteral e)
    {
        if (e.Value is null && !e.Type.Optional && e.Type.Kind != TypeKind.None) Problem(e, $"none typed {e.Type}");
        if (e.Value is int && e.Type.Kind == TypeKind.Decimal) Problem(e, "an int held as a decimal literal");
        return true;
    }

    public override bool VisitInput(CoreInput e) => true;
    public override bool VisitForce(CoreForce e) => true;
    public override bool VisitVariable(CoreVariable e) => true;
    public override bool VisitEvaluationDate(CoreEvaluationDate e) => true;
    public override bool VisitCalendar(CoreCalendar e) => true;

    public override bool VisitConvert(CoreConvert e)
    {
        if (e.Operand.Type == e.Type || !CoreConvert.Converts(e.Operand.Type, e.Type)) Problem(e, $"not a conversion: {e.Operand.Type} to {e.Type}");
        return Visit(e.Operand);
    }

    public override bool VisitUnary(CoreUnary e)
    {
        Expect(e.Operand, e.Operator == UnaryOperator.Not ? RuleType.Bool : e.Type, "operand");
        return true;
    }

    public override bool VisitBinary(CoreBinary e)
    {
        switch (e.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                Expect(e.Left, RuleType.Bool, "operand");
                Expect(e.Right, RuleType.Bool, "operand");
                return true;
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                Same(e.Left, e.Right, "compared value");
                return true;
        }
        var (l, r) = (e.Left.Type, e.Right.Type);
        if (l.Kind != TypeKind.Never && r.Kind != TypeKind.Never && (l.Kind == TypeKind.Int) != (r.Kind == TypeKind.Int))
            Problem(e, $"an int meets a {(l.Kind == TypeKind.Int ? r : l)} unconverted");
        if (e.Operator == BinaryOperator.Divide && l.Kind == TypeKind.Int && r.Kind == TypeKind.Int) Problem(e, "an int ÷ int not converted to decimals");
        Visit(e.Left);
        Visit(e.Right);
        return true;
    }

    public override bool VisitIf(CoreIf e)
    {
        Expect(e.Condition, RuleType.Bool, "condition");
        Expect(e.Then, e.Type, "then branch");
        Expect(e.Else, e.Type, "else branch");
        return true;
    }

    public override bool VisitMatch(CoreMatch e)
    {
        Visit(e.Subject);
        foreach (var c in e.Cases)
        {
            foreach (var p in c.Patterns) Expect(p, e.Subject.Type, "pattern");
            Expect(c.Value, e.Type, "case value");
        }
        if (e.Else is not null) Expect(e.Else, e.Type, "else value");
        return true;
    }

    public override bool VisitCall(CoreCall e)
    {
        var types = BuiltinCatalogue.ArgumentTypes(e.Function, e.Arguments.Select(a => a.Type).ToList(), e.Type);
        for (var k = 0; k < e.Arguments.Count; k++) Expect(e.Arguments[k], types[k], $"argument {k + 1} of {BuiltinCatalogue.NameOf(e.Function)}");
        return true;
    }

    public override bool VisitComprehension(CoreComprehension e)
    {
        Visit(e.Source);
        if (e.Source.Type.Kind == TypeKind.List && e.Source.Type.Element!.Kind != TypeKind.Never && e.Variable.Type != e.Source.Type.Element)
            Problem(e, $"variable {e.Variable.Name} is {e.Variable.Type}, the list's items {e.Source.Type.Element}");
        Expect(e.Body, e.Kind == ComprehensionKind.Map ? e.Type.Element! : RuleType.Bool, "comprehension body");
        return true;
    }

    public override bool VisitList(CoreList e)
    {
        foreach (var i in e.Items) Expect(i, e.Type.Element!, "list item");
        return true;
    }

    public override bool VisitInList(CoreInList e)
    {
        Visit(e.Value);
        if (e.List.Type.Kind == TypeKind.List) Expect(e.List, RuleType.ListOf(e.Value.Type), "list searched");
        else Visit(e.List);
        return true;
    }

    public override bool VisitField(CoreField e) => Visit(e.Target);
    public override bool VisitNotDeterminable(CoreNotDeterminable e) => true;

    public override bool VisitParameter(CoreParameter e)
    {
        if (e.Key is not null) Expect(e.Key, Lowering.KeyType(e.Parameter, e.Key.Type), $"key of {e.Parameter.Name}");
        return true;
    }
}
