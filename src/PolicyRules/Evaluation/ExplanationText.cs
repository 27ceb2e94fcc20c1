using System.Text;

namespace PolicyRules.Evaluation;

/// <summary>
/// A readable explanation of one evaluation: every value, the rule that gave it, and the law it quotes.
/// One layout for the interpreter's results and for generated modules' (<see cref="Rules.RuleResult.Explain"/>).
/// </summary>
public static class ExplanationText
{
    /// <summary>A provision as an explanation names it, with the registry's quote of it.</summary>
    internal readonly record struct Source(string Citation, string? Quote);

    /// <summary>One line of the explanation, its value already written with its unit.</summary>
    internal readonly record struct Step(TraceKind Kind, string Name, string? Label, string Value, string? Rule, IEnumerable<Source> Citations, string? Note)
    {
        /// <summary>"parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二": the parameters the value read.</summary>
        public IEnumerable<string>? Parameters { get; init; }
    }

    /// <summary>The result as readable text quoting the provisions (what <c>policyrules explain</c> prints), each line prefixed with <paramref name="indent"/>.</summary>
    public static string Write(EvaluationResult result, string indent = "") => Write(
        result.Module.Name, result.Module.Label, result.At,
        result.Trace.Select(t => new Step(t.Kind, t.Name, t.Label, ValueText.FormatWithUnit(t.Value), t.Rule, Sources(t.Citations), t.Note) { Parameters = t.Parameters }),
        result.Error?.Code, result.Error?.Message, Sources(result.Error?.Citations ?? []), indent);

    private static IEnumerable<Source> Sources(IEnumerable<Language.Model.CitationModel> citations) =>
        citations.Select(c => new Source(c.ToString(), c.Quote));

    internal static string Write(string module, string? moduleLabel, DateOnly at, IEnumerable<Step> steps,
        string? errorCode, string? errorMessage, IEnumerable<Source> errorCitations, string indent = "")
    {
        var sb = new StringBuilder();
        sb.Append(indent).Append(module);
        if (moduleLabel is not null) sb.Append(' ').Append(moduleLabel);
        sb.Append(" at ").Append(at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).AppendLine();
        foreach (var step in steps)
        {
            sb.Append(indent).Append(step.Kind switch { TraceKind.Input => "  given  ", TraceKind.Output => "  result ", _ => "  then   " });
            sb.Append(step.Name);
            if (step.Label is not null) sb.Append(" (").Append(step.Label).Append(')');
            sb.Append(" = ").Append(step.Value);
            if (step.Rule is not null) sb.Append("   [rule ").Append(step.Rule).Append(']');
            sb.AppendLine();
            foreach (var parameter in step.Parameters ?? []) sb.Append(indent).Append("           ").AppendLine(parameter);
            AppendSources(sb, indent, step.Citations);
            if (step.Note is not null) sb.Append(indent).Append("           note: ").AppendLine(step.Note);
        }
        if (errorCode is not null)
        {
            sb.Append(indent).Append("  error  ").Append(errorCode).Append(": ").AppendLine(errorMessage);
            AppendSources(sb, indent, errorCitations);
        }
        return sb.ToString();
    }

    private static void AppendSources(StringBuilder sb, string indent, IEnumerable<Source> sources)
    {
        foreach (var c in sources)
        {
            sb.Append(indent).Append("           by ").Append(c.Citation);
            if (c.Quote is not null) sb.Append(": “").Append(Shorten(c.Quote)).Append('”');
            sb.AppendLine();
        }
    }

    private static string Shorten(string quote) => quote.Length <= 160 ? quote : quote[..157] + "…";
}
