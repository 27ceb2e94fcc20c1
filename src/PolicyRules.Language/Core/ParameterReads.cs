using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// The parameters a definition reads, for its explanation: one <see cref="ParameterRead"/> per read and dated value
/// ("parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二" in English). Every back end that
/// explains (the interpreter, generated modules) picks the read of the value in force at the evaluation date from here,
/// so their explanations read the same.
/// </summary>
internal static class ParameterReads
{
    /// <summary>Each read of <paramref name="definition"/> (in source order, once per parameter and key), with one entry per dated value.</summary>
    public static IReadOnlyList<IReadOnlyList<ParameterRead>> Lines(CoreDefinition definition)
    {
        var reads = new List<CoreParameter>();
        var collector = new Collector(reads);
        if (definition.Value is not null) collector.Visit(definition.Value);
        if (definition.Rules is not null) collector.Walk(definition.Rules);
        return reads
            .GroupBy(r => (r.Parameter, r.KeyText)).Select(g => g.First())
            .Select(r => (IReadOnlyList<ParameterRead>)r.Parameter.Values.Select(v => Read(r.Parameter, r.KeyText, v)).ToList())
            .ToList();
    }

    private static ParameterRead Read(ParameterModel parameter, string? keyText, ParameterValueModel value)
    {
        var shape = parameter.Shape switch
        {
            ParameterShape.Table => ParameterReadShape.Table,
            ParameterShape.Scale => parameter.Method == ScaleMethod.Marginal ? ParameterReadShape.MarginalScale : ParameterReadShape.SingleRateScale,
            _ => ParameterReadShape.Value,
        };
        var c = value.Citation;
        return new ParameterRead(parameter.Name, shape, shape == ParameterReadShape.Value ? null : keyText, value.From,
            c.Section is null ? c.Document.Number : $"{c.Document.Number} §{c.Section}", c.Document.DraftOf);
    }

    /// <summary>Each read's value in force on <paramref name="day"/> (none for a read before its first value).</summary>
    public static IReadOnlyList<ParameterRead> At(IReadOnlyList<IReadOnlyList<ParameterRead>> reads, System.DateTime day)
    {
        var found = new List<ParameterRead>();
        foreach (var read in reads)
        {
            ParameterRead? inForce = null;
            foreach (var value in read) if (value.From <= day) inForce = value;
            if (inForce is not null) found.Add(inForce);
        }
        return found;
    }

    private sealed class Collector : CoreVisitor<bool>
    {
        private readonly List<CoreParameter> _into;
        public Collector(List<CoreParameter> into) { _into = into; }
        private bool All(params CoreExpr?[] es) { foreach (var e in es) if (e is not null) Visit(e); return true; }

        public void Walk(CoreDefault rules)
        {
            foreach (var r in rules.Candidates)
            {
                Walk(r.Exceptions);
                All(r.When, r.Value);
            }
        }

        public override bool VisitLiteral(CoreLiteral e) => true;
        public override bool VisitInput(CoreInput e) => true;
        public override bool VisitForce(CoreForce e) => true;
        public override bool VisitVariable(CoreVariable e) => true;
        public override bool VisitEvaluationDate(CoreEvaluationDate e) => true;
        public override bool VisitCalendar(CoreCalendar e) => true;
        public override bool VisitConvert(CoreConvert e) => All(e.Operand);
        public override bool VisitUnary(CoreUnary e) => All(e.Operand);
        public override bool VisitBinary(CoreBinary e) => All(e.Left, e.Right);
        public override bool VisitIf(CoreIf e) => All(e.Condition, e.Then, e.Else);
        public override bool VisitMatch(CoreMatch e)
        {
            All(e.Subject);
            foreach (var c in e.Cases) Visit(c.Value);
            return All(e.Else);
        }
        public override bool VisitCall(CoreCall e) => All(e.Arguments.ToArray());
        public override bool VisitComprehension(CoreComprehension e) => All(e.Source, e.Body);
        public override bool VisitList(CoreList e) => All(e.Items.ToArray());
        public override bool VisitInList(CoreInList e) => All(e.Value, e.List);
        public override bool VisitField(CoreField e) => All(e.Target);
        public override bool VisitNotDeterminable(CoreNotDeterminable e) => true;
        public override bool VisitParameter(CoreParameter e) { All(e.Key); _into.Add(e); return true; }
    }
}
