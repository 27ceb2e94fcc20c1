using System;
using System.Globalization;
using System.Linq;
using System.Text;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Core;

/// <summary>Prints the core as text, for tests and review: one S-expression per expression, one line per definition.</summary>
internal sealed class CorePrinter : CoreVisitor<string>
{
    public static string Print(CoreExpr e) => new CorePrinter().Visit(e);

    public static string Print(CoreModule m)
    {
        var p = new CorePrinter();
        var sb = new StringBuilder();
        var module = m.Module;
        sb.Append("module ").Append(module.Name).Append('\n');
        var inForce = m.InForce;
        sb.Append("  check in_force ").Append(inForce.Always ? "always"
            : $"{inForce.From:yyyy-MM-dd}..{(inForce.To is { } to ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}"
              + string.Concat(inForce.Documents.Select(d => " " + d.Number))).Append('\n');
        foreach (var i in module.Inputs) sb.Append("  input ").Append(i.Name).Append(": ").Append(i.Type).Append('\n');
        foreach (var r in m.Requirements) sb.Append("  check requires ").Append(r.Input.Name).Append(' ').Append(p.Visit(r.Condition)).Append('\n');
        foreach (var d in m.EvaluationOrder)
        {
            sb.Append("  ").Append(d.Definition.IsOutput ? "output" : "def").Append(" lazy ").Append(d.Definition.Name).Append(": ").Append(d.Definition.Type);
            if (d.Value is not null) sb.Append(" = ").Append(p.Visit(d.Value)).Append('\n');
            else sb.Append(" = ").Append(Default(p, d.Rules!, "no_rule_applies")).Append('\n');
        }
        return sb.ToString();
    }

    private static string Default(CorePrinter p, CoreDefault d, string none) =>
        "(default " + string.Concat(d.Candidates.Select(c => Rule(p, c) + " ")) + "| none: " + none + ")";

    private static string Rule(CorePrinter p, CoreRule r) =>
        $"(rule {r.Rule.Label} exceptions {Default(p, r.Exceptions, "parent")} when {(r.When is null ? "true" : p.Visit(r.When))} => {p.Visit(r.Value)})";

    private static string Value(object? v) => v switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        string s => "\"" + s + "\"",
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    public override string VisitLiteral(CoreLiteral e) => $"{Value(e.Value)}:{e.Type}";
    public override string VisitInput(CoreInput e) => "input." + e.Input.Name;
    public override string VisitForce(CoreForce e) => $"(force {e.Definition.Name})";
    public override string VisitVariable(CoreVariable e) => $"{e.Name}#{e.Slot}";
    public override string VisitEvaluationDate(CoreEvaluationDate e) => "at";
    public override string VisitCalendar(CoreCalendar e) => "calendar." + e.Calendar.Name;
    public override string VisitConvert(CoreConvert e) => $"(convert {Visit(e.Operand)} {e.Operand.Type}->{e.Type})";
    public override string VisitUnary(CoreUnary e) => $"({(e.Operator == UnaryOperator.Not ? "not" : "negate")} {Visit(e.Operand)})";
    public override string VisitBinary(CoreBinary e) => $"({e.Operator.ToString().ToLowerInvariant()} {Visit(e.Left)} {Visit(e.Right)}):{e.Type}";
    public override string VisitIf(CoreIf e) => $"(if {Visit(e.Condition)} {Visit(e.Then)} {Visit(e.Else)})";
    public override string VisitMatch(CoreMatch e) =>
        $"(match {Visit(e.Subject)}" + string.Concat(e.Cases.Select(c => $" (case {string.Join(" ", c.Patterns.Select(Visit))} => {Visit(c.Value)})"))
        + (e.Else is null ? " (else no_case)" : $" (else {Visit(e.Else)})") + ")";
    public override string VisitCall(CoreCall e) => $"(call {e.Implementation}[{e.Function}] {string.Join(" ", e.Arguments.Select(Visit))}):{e.Type}";
    public override string VisitComprehension(CoreComprehension e) =>
        $"({e.Kind.ToString().ToLowerInvariant()} {Visit(e.Variable)} in {Visit(e.Source)}: {Visit(e.Body)})";
    public override string VisitList(CoreList e) => "[" + string.Join(" ", e.Items.Select(Visit)) + "]";
    public override string VisitInList(CoreInList e) => $"(in {Visit(e.Value)} {Visit(e.List)})";
    public override string VisitField(CoreField e) => $"(field {Visit(e.Target)} {e.Field.Name})";
    public override string VisitNotDeterminable(CoreNotDeterminable e) =>
        $"(not_determinable \"{e.Reason}\"{string.Concat(e.Citations.Select(c => " " + c))})";
    public override string VisitParameter(CoreParameter e) =>
        $"(parameter {e.Parameter.Name}{(e.Key is null ? "" : " " + Visit(e.Key))}):{e.Type}";
}
