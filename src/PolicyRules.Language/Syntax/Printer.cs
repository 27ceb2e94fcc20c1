using System.Globalization;
using System.Linq;

namespace PolicyRules.Language.Syntax;

/// <summary>Prints expressions back as rule-language text (fully parenthesised where precedence could matter).</summary>
internal static class Printer
{
    public static string Print(ExpressionSyntax e) => e switch
    {
        LiteralSyntax l => PrintLiteral(l),
        NameSyntax n => n.Name,
        MemberAccessSyntax m => $"{Print(m.Target)}.{m.Member}",
        UnarySyntax { Operator: "not" } u => $"not {Wrap(u.Operand)}",
        UnarySyntax u => $"-{Wrap(u.Operand)}",
        BinarySyntax b => $"{Wrap(b.Left)} {b.Operator} {Wrap(b.Right)}",
        IfSyntax i => $"if {Print(i.Condition)} then {Print(i.Then)} else {Print(i.Else)}",
        MatchSyntax m => $"match {Print(m.Subject)} {{ {string.Join(" ", m.Cases.Select(c => $"case {string.Join(", ", c.Patterns.Select(Print))} => {Print(c.Value)}"))}{(m.Else is null ? "" : $" else => {Print(m.Else)}")} }}",
        CallSyntax c => $"{c.Function}({string.Join(", ", c.Arguments.Select(Print))})",
        ComprehensionSyntax c => $"{c.Function}({c.Variable} in {Print(c.Source)}: {Print(c.Body)})",
        ListSyntax l => $"[{string.Join(", ", l.Items.Select(Print))}]",
        InListSyntax i => $"{Wrap(i.Value)} in {Wrap(i.List)}",
        NotDeterminableSyntax n => $"not_determinable \"{Escape(n.Reason)}\" cites {string.Join(", ", n.Cites)}",
        _ => "?",
    };

    private static string Wrap(ExpressionSyntax e) =>
        e is BinarySyntax or IfSyntax or InListSyntax or UnarySyntax { Operator: "not" } ? $"({Print(e)})" : Print(e);

    private static string PrintLiteral(LiteralSyntax l) => l.Kind switch
    {
        LiteralKind.Int or LiteralKind.Decimal => l.Number.ToString(CultureInfo.InvariantCulture),
        LiteralKind.Money => l.Number.ToString(CultureInfo.InvariantCulture) + " yuan",
        LiteralKind.Rate => (l.Number * 100m).ToString("0.############", CultureInfo.InvariantCulture) + "%",
        LiteralKind.Bool => l.Bool ? "true" : "false",
        LiteralKind.Date => l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        LiteralKind.DateTime => l.Date.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
        LiteralKind.String => $"\"{Escape(l.Text ?? "")}\"",
        _ => "none",
    };

    private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
