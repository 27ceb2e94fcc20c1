using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// Which definitions an evaluation forces whatever the inputs: the outputs (forced in source order) and, transitively, each
/// definition a forced value reads outside a branch. A branch is what may not be evaluated: an <c>if</c>'s arms, the right
/// operand of <c>and</c>/<c>or</c>, a <c>match</c>'s cases and <c>else</c>, a comprehension's body, and everything in a
/// definition given by labelled rules (which rule is taken decides what is read).
/// </summary>
/// <remarks>
/// A back end may compute an always-forced definition eagerly, before its first use, without the memo that
/// <see cref="CoreForce"/> otherwise needs: the value is the same, and it is computed once either way. A definition read
/// at one place only needs no memo either: written at that place, it is computed when and if the lazy evaluation would
/// force it. <see cref="IsStraightLine(CoreModule)"/> says when these two cover a whole module.
/// </remarks>
internal static class CoreStrictness
{
    /// <summary>The definitions every evaluation of <paramref name="module"/> that reaches its outputs forces.</summary>
    public static ISet<DefinitionModel> AlwaysForced(CoreModule module)
    {
        var forced = new HashSet<DefinitionModel>();
        var pending = new Stack<CoreDefinition>(module.Outputs.Reverse());
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            if (!forced.Add(d.Definition) || d.Value is null) continue;
            foreach (var read in Strict(d.Value))
                if (!forced.Contains(read)) pending.Push(module.Definitions[read.Index]);
        }
        return forced;
    }

    /// <summary>
    /// Whether a fast evaluation (one that cannot throw, where a failing operation only sets a flag) can be straight-line
    /// code without memos: every always-forced definition computed once, in <see cref="CoreModule.EvaluationOrder"/>, and
    /// every other definition the outputs may read written where it is read (so computed only where the lazy evaluation
    /// would force it). That needs: no requirement reads a definition; a definition that is not always forced is read at one
    /// place at most (else it would be computed twice, or its code copied); and the rules of a definition given by labelled
    /// rules read only inputs, the date and parameters (their default logic becomes a method of its own).
    /// </summary>
    public static bool IsStraightLine(CoreModule module) => IsStraightLine(module, AlwaysForced(module));

    /// <inheritdoc cref="IsStraightLine(CoreModule)"/>
    /// <param name="module">The module.</param>
    /// <param name="forced">Its <see cref="AlwaysForced"/> definitions, where the caller has them already.</param>
    public static bool IsStraightLine(CoreModule module, ISet<DefinitionModel> forced)
    {
        if (module.Requirements.Any(r => Reads(r.Condition).Count > 0)) return false;
        var reachable = new HashSet<DefinitionModel>();
        var places = new Dictionary<DefinitionModel, int>();
        var pending = new Stack<CoreDefinition>(module.Outputs);
        while (pending.Count > 0)
        {
            var d = pending.Pop();
            if (!reachable.Add(d.Definition)) continue;
            var read = new List<DefinitionModel>();
            var walker = new Walker(read, strictOnly: false);
            if (d.Value is not null) walker.Visit(d.Value);
            else if (walker.Walk(d.Rules!) && read.Count > 0) return false;
            foreach (var r in read)
            {
                places[r] = places.TryGetValue(r, out var n) ? n + 1 : 1;
                pending.Push(module.Definitions[r.Index]);
            }
        }
        return reachable.All(d => forced.Contains(d) || !places.TryGetValue(d, out var n) || n <= 1);
    }

    /// <summary>The definitions <paramref name="e"/> forces whenever it is evaluated.</summary>
    public static IReadOnlyCollection<DefinitionModel> Strict(CoreExpr e)
    {
        var into = new List<DefinitionModel>();
        new Walker(into, strictOnly: true).Visit(e);
        return into.Distinct().ToList();
    }

    /// <summary>The definitions <paramref name="e"/> may force, on any path.</summary>
    public static IReadOnlyCollection<DefinitionModel> Reads(CoreExpr e)
    {
        var into = new List<DefinitionModel>();
        new Walker(into, strictOnly: false).Visit(e);
        return into.Distinct().ToList();
    }

    /// <summary>Collects forces, one entry per place; with <c>strictOnly</c>, not those inside a branch.</summary>
    private sealed class Walker : CoreVisitor<bool>
    {
        private readonly List<DefinitionModel> _into;
        private readonly bool _strictOnly;
        public Walker(List<DefinitionModel> into, bool strictOnly) { _into = into; _strictOnly = strictOnly; }

        /// <summary>Every rule's condition and value, exceptions included.</summary>
        public bool Walk(CoreDefault rules)
        {
            foreach (var r in rules.Candidates)
            {
                Walk(r.Exceptions);
                All(new[] { r.When, r.Value });
            }
            return true;
        }

        private bool All(IEnumerable<CoreExpr?> es) { foreach (var e in es) if (e is not null) Visit(e); return true; }
        private bool Strict(params CoreExpr?[] es) => All(es);
        private bool Branch(params CoreExpr?[] es) => _strictOnly || All(es);

        public override bool VisitLiteral(CoreLiteral e) => true;
        public override bool VisitInput(CoreInput e) => true;
        public override bool VisitForce(CoreForce e) { _into.Add(e.Definition); return true; }
        public override bool VisitVariable(CoreVariable e) => true;
        public override bool VisitEvaluationDate(CoreEvaluationDate e) => true;
        public override bool VisitCalendar(CoreCalendar e) => true;
        public override bool VisitConvert(CoreConvert e) => Strict(e.Operand);
        public override bool VisitUnary(CoreUnary e) => Strict(e.Operand);
        public override bool VisitBinary(CoreBinary e) =>
            e.Operator is BinaryOperator.And or BinaryOperator.Or ? Strict(e.Left) && Branch(e.Right) : Strict(e.Left, e.Right);
        public override bool VisitIf(CoreIf e) => Strict(e.Condition) && Branch(e.Then, e.Else);
        public override bool VisitMatch(CoreMatch e) => Strict(e.Subject) && Branch(e.Cases.Select(c => c.Value).Append(e.Else).ToArray());
        public override bool VisitCall(CoreCall e) => All(e.Arguments);
        public override bool VisitComprehension(CoreComprehension e) => Strict(e.Source) && Branch(e.Body);
        public override bool VisitList(CoreList e) => All(e.Items);
        public override bool VisitInList(CoreInList e) => Strict(e.Value, e.List);
        public override bool VisitField(CoreField e) => Strict(e.Target);
        public override bool VisitNotDeterminable(CoreNotDeterminable e) => true;
        public override bool VisitParameter(CoreParameter e) => Strict(e.Key);
    }
}
