using System.Collections.Generic;

namespace PolicyRules.Language.Model;

/// <summary>
/// One method per bound expression kind. Abstract, so a new node kind does not compile until every visitor handles it.
/// </summary>
public abstract class BoundVisitor<T>
{
    public T Visit(BoundExpression e) => e.Accept(this);
    public abstract T VisitLiteral(BoundLiteral e);
    public abstract T VisitInput(BoundInput e);
    public abstract T VisitDefinitionRef(BoundDefinitionRef e);
    public abstract T VisitVariable(BoundVariable e);
    public abstract T VisitEvaluationDate(BoundEvaluationDate e);
    public abstract T VisitCalendarRef(BoundCalendarRef e);
    public abstract T VisitUnary(BoundUnary e);
    public abstract T VisitBinary(BoundBinary e);
    public abstract T VisitIf(BoundIf e);
    public abstract T VisitMatch(BoundMatch e);
    public abstract T VisitCall(BoundCall e);
    public abstract T VisitComprehension(BoundComprehension e);
    public abstract T VisitList(BoundList e);
    public abstract T VisitInList(BoundInList e);
    public abstract T VisitField(BoundField e);
    public abstract T VisitNotDeterminable(BoundNotDeterminable e);
    public abstract T VisitErrorExpression(BoundErrorExpression e);
}

/// <summary>Visits every node of a bound tree, parents before children; override a method to act on one kind.</summary>
public abstract class BoundWalker : BoundVisitor<bool>
{
    /// <summary>The direct sub-expressions of <paramref name="e"/>, in evaluation order.</summary>
    public static IEnumerable<BoundExpression> Children(BoundExpression e)
    {
        switch (e)
        {
            case BoundUnary u: yield return u.Operand; break;
            case BoundBinary b: yield return b.Left; yield return b.Right; break;
            case BoundIf i: yield return i.Condition; yield return i.Then; yield return i.Else; break;
            case BoundMatch m:
                yield return m.Subject;
                foreach (var c in m.Cases) { foreach (var p in c.Patterns) yield return p; yield return c.Value; }
                if (m.Else is not null) yield return m.Else;
                break;
            case BoundCall c: foreach (var a in c.Arguments) yield return a; break;
            case BoundComprehension c: yield return c.Source; yield return c.Body; break;
            case BoundList l: foreach (var x in l.Items) yield return x; break;
            case BoundInList i: yield return i.Value; yield return i.List; break;
            case BoundField f: yield return f.Target; break;
        }
    }

    private bool Walk(BoundExpression e)
    {
        foreach (var child in Children(e)) Visit(child);
        return true;
    }

    public override bool VisitLiteral(BoundLiteral e) => Walk(e);
    public override bool VisitInput(BoundInput e) => Walk(e);
    public override bool VisitDefinitionRef(BoundDefinitionRef e) => Walk(e);
    public override bool VisitVariable(BoundVariable e) => Walk(e);
    public override bool VisitEvaluationDate(BoundEvaluationDate e) => Walk(e);
    public override bool VisitCalendarRef(BoundCalendarRef e) => Walk(e);
    public override bool VisitUnary(BoundUnary e) => Walk(e);
    public override bool VisitBinary(BoundBinary e) => Walk(e);
    public override bool VisitIf(BoundIf e) => Walk(e);
    public override bool VisitMatch(BoundMatch e) => Walk(e);
    public override bool VisitCall(BoundCall e) => Walk(e);
    public override bool VisitComprehension(BoundComprehension e) => Walk(e);
    public override bool VisitList(BoundList e) => Walk(e);
    public override bool VisitInList(BoundInList e) => Walk(e);
    public override bool VisitField(BoundField e) => Walk(e);
    public override bool VisitNotDeterminable(BoundNotDeterminable e) => Walk(e);
    public override bool VisitErrorExpression(BoundErrorExpression e) => Walk(e);
}
