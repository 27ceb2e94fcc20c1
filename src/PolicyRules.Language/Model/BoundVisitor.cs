using System.Collections.Generic;

namespace PolicyRules.Language.Model;

/// <summary>
/// One method per bound expression kind. Abstract, so a new node kind does not compile until every visitor handles it.
/// </summary>
internal abstract class BoundVisitor<T>
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
    public abstract T VisitParameter(BoundParameterRead e);
    public abstract T VisitErrorExpression(BoundErrorExpression e);
}

/// <summary>Visits every node of a bound tree, parents before children; override a method to act on one kind.</summary>
internal abstract class BoundWalker : BoundVisitor<bool>
{
    /// <summary>The direct sub-expressions of <paramref name="e"/>, in evaluation order (match patterns included).</summary>
    public static IEnumerable<BoundExpression> Children(BoundExpression e) => e.Accept(ChildrenOf.Instance);

    /// <summary><paramref name="e"/> and every expression under it, parents first.</summary>
    public static IEnumerable<BoundExpression> DescendantsAndSelf(BoundExpression e)
    {
        var stack = new Stack<BoundExpression>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            yield return next;
            var children = new List<BoundExpression>(Children(next));
            for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>The expression trees of a module: each input's <c>requires</c>, then each definition's value or its rules' conditions and values.</summary>
    public static IEnumerable<BoundExpression> Roots(ModuleModel module)
    {
        foreach (var i in module.Inputs) if (i.Requires is not null) yield return i.Requires;
        foreach (var d in module.Definitions)
        {
            if (d.Value is not null) yield return d.Value;
            foreach (var r in d.Rules)
            {
                if (r.When is not null) yield return r.When;
                yield return r.Value;
            }
        }
    }

    private sealed class ChildrenOf : BoundVisitor<IEnumerable<BoundExpression>>
    {
        public static readonly ChildrenOf Instance = new();
        private static readonly BoundExpression[] None = new BoundExpression[0];
        public override IEnumerable<BoundExpression> VisitLiteral(BoundLiteral e) => None;
        public override IEnumerable<BoundExpression> VisitInput(BoundInput e) => None;
        public override IEnumerable<BoundExpression> VisitDefinitionRef(BoundDefinitionRef e) => None;
        public override IEnumerable<BoundExpression> VisitVariable(BoundVariable e) => None;
        public override IEnumerable<BoundExpression> VisitEvaluationDate(BoundEvaluationDate e) => None;
        public override IEnumerable<BoundExpression> VisitCalendarRef(BoundCalendarRef e) => None;
        public override IEnumerable<BoundExpression> VisitUnary(BoundUnary e) => new[] { e.Operand };
        public override IEnumerable<BoundExpression> VisitBinary(BoundBinary e) => new[] { e.Left, e.Right };
        public override IEnumerable<BoundExpression> VisitIf(BoundIf e) => new[] { e.Condition, e.Then, e.Else };
        public override IEnumerable<BoundExpression> VisitMatch(BoundMatch e)
        {
            var list = new List<BoundExpression> { e.Subject };
            foreach (var c in e.Cases) { list.AddRange(c.Patterns); list.Add(c.Value); }
            if (e.Else is not null) list.Add(e.Else);
            return list;
        }
        public override IEnumerable<BoundExpression> VisitCall(BoundCall e) => e.Arguments;
        public override IEnumerable<BoundExpression> VisitComprehension(BoundComprehension e) => new[] { e.Source, e.Body };
        public override IEnumerable<BoundExpression> VisitList(BoundList e) => e.Items;
        public override IEnumerable<BoundExpression> VisitInList(BoundInList e) => new[] { e.Value, e.List };
        public override IEnumerable<BoundExpression> VisitField(BoundField e) => new[] { e.Target };
        public override IEnumerable<BoundExpression> VisitNotDeterminable(BoundNotDeterminable e) => None;
        public override IEnumerable<BoundExpression> VisitParameter(BoundParameterRead e) => e.Key is null ? None : new[] { e.Key };
        public override IEnumerable<BoundExpression> VisitErrorExpression(BoundErrorExpression e) => None;
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
    public override bool VisitParameter(BoundParameterRead e) => Walk(e);
    public override bool VisitErrorExpression(BoundErrorExpression e) => Walk(e);
}
