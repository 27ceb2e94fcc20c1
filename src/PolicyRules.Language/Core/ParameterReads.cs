using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>
/// The parameters a definition reads, for its explanation: one line per read and dated value, e.g.
/// "parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二". Every back end that explains
/// (the interpreter, generated modules) picks the line of the value in force at the evaluation date from here, so
/// their explanations read the same.
/// </summary>
internal static class ParameterReads
{
    /// <summary>Each read of <paramref name="definition"/> (in source order, once per parameter and key), with one line per dated value.</summary>
    public static IReadOnlyList<IReadOnlyList<(System.DateTime From, string Line)>> Lines(CoreDefinition definition)
    {
        var reads = new List<CoreParameter>();
        var collector = new Collector(reads);
        if (definition.Value is not null) collector.Visit(definition.Value);
        if (definition.Rules is not null) collector.Walk(definition.Rules);
        return reads
            .GroupBy(r => (r.Parameter, r.KeyText)).Select(g => g.First())
            .Select(r => (IReadOnlyList<(System.DateTime, string)>)r.Parameter.Values
                .Select(v => (v.From, $"{r.Parameter.Describe(r.KeyText)}, value from {v.From:yyyy-MM-dd} by {v.Citation}")).ToList())
            .ToList();
    }

    /// <summary>The line of each read for the value in force on <paramref name="day"/>.</summary>
    public static IReadOnlyList<string> At(IReadOnlyList<IReadOnlyList<(System.DateTime From, string Line)>> reads, System.DateTime day)
    {
        var lines = new List<string>();
        foreach (var read in reads)
        {
            string? line = null;
            foreach (var (from, text) in read) if (from <= day) line = text;
            if (line is not null) lines.Add(line);
        }
        return lines;
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
