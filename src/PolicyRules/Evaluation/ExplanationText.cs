using System.Text;

namespace PolicyRules.Evaluation;

/// <summary>A readable explanation of one evaluation: every value, the rule that gave it, and the law it quotes.</summary>
public static class ExplanationText
{
    public static string Write(EvaluationResult result, string indent = "")
    {
        var sb = new StringBuilder();
        var m = result.Module;
        sb.Append(indent).Append(m.Name);
        if (m.Label is not null) sb.Append(' ').Append(m.Label);
        sb.Append(" at ").Append(result.At.ToString("yyyy-MM-dd")).AppendLine();
        foreach (var step in result.Trace)
        {
            sb.Append(indent).Append(step.Kind switch { TraceKind.Input => "  given  ", TraceKind.Output => "  result ", _ => "  then   " });
            sb.Append(step.Name);
            if (step.Label is not null) sb.Append(" (").Append(step.Label).Append(')');
            sb.Append(" = ").Append(ValueText.FormatWithUnit(step.Value));
            if (step.Rule is not null) sb.Append("   [rule ").Append(step.Rule).Append(']');
            sb.AppendLine();
            foreach (var c in step.Citations)
            {
                sb.Append(indent).Append("           by ").Append(c);
                if (c.Quote is not null) sb.Append(": “").Append(Shorten(c.Quote)).Append('”');
                sb.AppendLine();
            }
            if (step.Note is not null) sb.Append(indent).Append("           note: ").AppendLine(step.Note);
        }
        if (result.Error is { } e)
        {
            sb.Append(indent).Append("  error  ").Append(e.Code).Append(": ").AppendLine(e.Message);
            foreach (var c in e.Citations ?? [])
            {
                sb.Append(indent).Append("           by ").Append(c);
                if (c.Quote is not null) sb.Append(": “").Append(Shorten(c.Quote)).Append('”');
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    private static string Shorten(string quote) => quote.Length <= 160 ? quote : quote[..157] + "…";
}
