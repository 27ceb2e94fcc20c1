using System.Globalization;
using System.Text;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;

namespace PolicyRules.Evaluation;

/// <summary>
/// A readable explanation of one evaluation: every value once, how it came about (the formula with the values put in, or the
/// rule or branch that applied with its condition), and a numbered legend that quotes each provision once.
/// One layout for the interpreter's results and for generated modules' (<see cref="Rules.RuleResult.Explain"/>).
/// </summary>
public static class ExplanationText
{
    /// <summary>A provision as an explanation names it, with the registry's quote of it.</summary>
    internal readonly record struct Source(string Citation, string? Quote);

    /// <summary>One line of the explanation, its value already written with its unit; <see cref="How"/> the derivation the
    /// back end recorded (null for inputs).</summary>
    internal readonly record struct Step(TraceKind Kind, string Name, string? Label, string Value, string? Rule, IEnumerable<Source> Citations, string? Note,
        Derivation? How = null)
    {
        /// <summary>The parameters the value read, each with its value in force and the provision that set it.</summary>
        public IEnumerable<ParameterRead>? Parameters { get; init; }
    }

    /// <summary>Every fixed word of the layout, in each language it is written in.</summary>
    private sealed record Words(
        string Given, string Result, string Then, string At, string Rule, string ExceptionOf, string Branch, string Condition,
        string Holds, string DoesNotHold, string Formula, string Value, string With, string Note, string Error, string Sources,
        string Comma);

    private static readonly Words English = new(
        Given: "given", Result: "result", Then: "then", At: "at", Rule: "rule", ExceptionOf: "exception of", Branch: "branch",
        Condition: "condition", Holds: "holds", DoesNotHold: "does not hold", Formula: "formula", Value: "value", With: "with", Note: "note",
        Error: "error", Sources: "sources", Comma: ", ");

    private static readonly Words Chinese = new(
        Given: "已知", Result: "结果", Then: "推算", At: "日期", Rule: "规则", ExceptionOf: "例外于", Branch: "分支",
        Condition: "条件", Holds: "成立", DoesNotHold: "不成立", Formula: "公式", Value: "取值", With: "其中", Note: "说明",
        Error: "错误", Sources: "依据", Comma: "，");

    /// <summary>The words of <paramref name="language"/>: Chinese for <c>zh</c> (and <c>zh-CN</c>, …), else English.</summary>
    private static Words For(string? language) => LangOf(language) == Lang.Zh ? Chinese : English;

    private static Lang LangOf(string? language) =>
        language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Lang.Zh : Lang.En;

    /// <summary>The result as readable text quoting the provisions (what <c>policyrules explain</c> prints), each line prefixed with
    /// <paramref name="indent"/>, its fixed words in <paramref name="language"/> (<c>zh</c> or <c>en</c>).</summary>
    public static string Write(EvaluationResult result, string indent = "", string language = "en") => Write(
        result.Module.Name, result.Module.Label, result.At,
        result.Trace.Select(t => new Step(t.Kind, t.Name, t.Label, ValueText.FormatWithUnit(t.Value), t.Rule, Sources(t.Citations, language), t.Note, t.How) { Parameters = t.Parameters }),
        result.Error?.Code, result.Error?.Message, Sources(result.Error?.Citations ?? [], language), indent, language);

    private static IEnumerable<Source> Sources(IEnumerable<Language.Model.CitationModel> citations, string language) =>
        citations.Select(c => new Source(c.Text(LangOf(language)), c.Quote));

    internal static string Write(string module, string? moduleLabel, DateOnly at, IEnumerable<Step> steps,
        string? errorCode, string? errorMessage, IEnumerable<Source> errorCitations, string indent = "", string language = "en")
    {
        var words = For(language);
        var kindWidth = new[] { words.Given, words.Result, words.Then, words.Error }.Max(w => w.Length);
        var detail = indent + new string(' ', 11);
        var legend = new List<Source>();
        var seen = new Dictionary<string, Step>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(indent).Append(module);
        if (moduleLabel is not null) sb.Append(' ').Append(moduleLabel);
        sb.Append(' ').Append(words.At).Append(' ').Append(at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).AppendLine();
        foreach (var step in steps)
        {
            var kind = step.Kind switch { TraceKind.Input => words.Given, TraceKind.Output => words.Result, _ => words.Then };
            sb.Append(indent).Append("  ").Append(kind.PadRight(kindWidth)).Append(' ').Append(step.Name);
            if (step.Label is not null) sb.Append(" (").Append(step.Label).Append(')');
            sb.Append(" = ").Append(step.Value);
            // Under the value: the parameters it read, then how it came about; the last line refers to the legend.
            var details = (step.Parameters ?? []).Select(p => p.Text.Render(LangOf(language))).ToList();
            if (step.How is { } how)
            {
                if (How(words, how, seen) is { } head) details.Add(head);
                details.Add(Formula(words, how, seen));
            }
            foreach (var line in details) sb.AppendLine().Append(detail).Append(line);
            sb.Append(References(legend, step.Citations)).AppendLine();
            if (step.Note is not null) sb.Append(detail).Append(words.Note).Append(": ").AppendLine(step.Note);
            seen[step.Name] = step;
        }
        if (errorCode is not null)
            sb.Append(indent).Append("  ").Append(words.Error.PadRight(kindWidth)).Append(' ').Append(errorCode).Append(": ").Append(errorMessage)
              .Append(References(legend, errorCitations)).AppendLine();
        if (legend.Count > 0)
        {
            sb.Append(indent).Append("  ").Append(words.Sources).AppendLine();
            for (var k = 0; k < legend.Count; k++)
            {
                sb.Append(indent).Append("  [").Append(k + 1).Append("] ").Append(legend[k].Citation);
                if (legend[k].Quote is { } quote) sb.Append(": “").Append(quote).Append('”');
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }

    /// <summary>The rule or branch that applied, with the conditions that decided it (null for a plain formula).</summary>
    private static string? How(Words words, Derivation how, Dictionary<string, Step> seen)
    {
        string head;
        if (how.Rule is not null)
            head = $"{words.Rule} {how.Rule}" + (how.ExceptionOf is null ? "" : $" ({words.ExceptionOf} {how.ExceptionOf})");
        else if (how.IsBranch) head = words.Branch;
        else return null;
        var sb = new StringBuilder(head);
        var first = true;
        foreach (var c in how.Conditions)
        {
            var labels = Labels(c.Text);
            sb.Append(first ? ": " : "; ").Append(words.Condition).Append(' ').Append(labels).Append(' ')
              .Append(c.Holds ? words.Holds : words.DoesNotHold);
            if (Values(words, c.Text, labels, seen) is { } values) sb.Append(" (").Append(values).Append(')');
            first = false;
        }
        return sb.ToString();
    }

    /// <summary><c>formula: 每平方米年税额 × 面积 = 25 元 × 1000</c>; a test with its values in parentheses
    /// (<c>formula: 面积 ≥ 30 (25 ≥ 30)</c>); <c>value: 0 元</c> for a formula that names nothing.</summary>
    private static string Formula(Words words, Derivation how, Dictionary<string, Step> seen)
    {
        var labels = Labels(how.Formula);
        if (!Derivation.HasReferences(how.Formula)) return $"{words.Value}: {labels}";
        var values = Values(words, how.Formula, labels, seen);
        if (values is null) return $"{words.Formula}: {labels}";
        if (how.IsTest) return $"{words.Formula}: {labels} ({values})";
        return values.StartsWith(words.With + " ", StringComparison.Ordinal) ? $"{words.Formula}: {labels}{words.Comma}{values}" : $"{words.Formula}: {labels} = {values}";
    }

    /// <summary>A template with each input and definition by its label (its name when it has none).</summary>
    private static string Labels(string template) => Derivation.Render(template, (name, label, _) => label ?? name);

    /// <summary>
    /// The template with each scalar the evaluation computed written as its value (lists, records and values not computed, in a
    /// branch not taken, by label); for a long template, just those values (<c>with 所在乡镇 = 高臾镇</c>). Null when it would
    /// say nothing the labels do not.
    /// </summary>
    private static string? Values(Words words, string template, string labels, Dictionary<string, Step> seen)
    {
        if (labels.Length > LongFormula)
        {
            var known = Derivation.References(template).Where(r => r.Scalar && seen.ContainsKey(r.Name)).Select(r => r.Name).Distinct()
                .Select(name => $"{seen[name].Label ?? name} = {seen[name].Value}").ToList();
            return known.Count == 0 ? null : $"{words.With} {string.Join(words.Comma, known)}";
        }
        var values = Derivation.Render(template, (name, label, scalar) => scalar && seen.TryGetValue(name, out var s) ? s.Value : label ?? name);
        return values == labels ? null : values;
    }

    /// <summary>Past this many characters a formula is not written out again with its values; the values are listed instead.</summary>
    private const int LongFormula = 100;

    /// <summary>The legend numbers of <paramref name="sources"/> (<c>   [1][3]</c>), adding the new ones to the legend.</summary>
    private static string References(List<Source> legend, IEnumerable<Source> sources)
    {
        var numbers = new SortedSet<int>();
        foreach (var source in sources)
        {
            var k = legend.IndexOf(source);
            if (k < 0) { legend.Add(source); k = legend.Count - 1; }
            numbers.Add(k + 1);
        }
        return numbers.Count == 0 ? "" : "   " + string.Concat(numbers.Select(n => $"[{n}]"));
    }
}
