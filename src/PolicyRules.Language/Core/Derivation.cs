using System.Collections.Generic;
using System.Text;

namespace PolicyRules.Language.Core;

/// <summary>
/// How a definition's value came about, for an explanation: the labelled rule that applied (if any), the conditions that
/// decided the rule or the <c>if</c>/<c>match</c> branch, and the formula of the value taken. Computed once per rule and
/// branch from the core (<see cref="CoreFormula"/>); a back end only records which one applied, so every back end explains
/// alike. The texts are formula templates: rule-language text in which each input or definition is a reference
/// (<see cref="Reference"/>), which the explanation writes as the label, or as the value it had.
/// </summary>
public sealed class Derivation
{
    /// <summary>A derivation as the core computes it (generated modules construct it from constants).</summary>
    public Derivation(string? rule, string? exceptionOf, IReadOnlyList<DerivationCondition> conditions, string formula, bool branch, bool test)
    {
        Rule = rule; ExceptionOf = exceptionOf; Conditions = conditions; Formula = formula; IsBranch = branch; IsTest = test;
    }

    /// <summary>The label of the rule that applied, for a definition given by labelled rules.</summary>
    public string? Rule { get; }
    /// <summary>The label of the rule this one is an exception of.</summary>
    public string? ExceptionOf { get; }
    /// <summary>The rule's <c>when</c>, or the conditions of an <c>if</c>/<c>match</c> that chose the branch, in the order they were tested.</summary>
    public IReadOnlyList<DerivationCondition> Conditions { get; }
    /// <summary>The formula of the value taken (a template).</summary>
    public string Formula { get; }
    /// <summary>Whether <see cref="Conditions"/> chose a branch of an <c>if</c> or <c>match</c> (rather than a rule).</summary>
    public bool IsBranch { get; }
    /// <summary>Whether <see cref="Formula"/> is a test (a <c>bool</c>: a comparison, <c>and</c>, <c>in</c>, …) rather than a computation.</summary>
    public bool IsTest { get; }

    /// <summary>Starts a reference to an input or definition in a template: the marker, the name, <see cref="LabelMark"/> and the
    /// label when it has one, then <see cref="ReferenceEnd"/> (a scalar, written as its value) or <see cref="NamedEnd"/> (a list or
    /// record, written by label).</summary>
    internal const char Reference = '\u0001';
    /// <summary>Ends a reference to a scalar, which the explanation may write as its value.</summary>
    internal const char ReferenceEnd = '\u0002';
    /// <summary>Ends a reference to a list or record, which the explanation writes by label.</summary>
    internal const char NamedEnd = '\u0003';
    /// <summary>Separates a reference's name from its label.</summary>
    internal const char LabelMark = '\u0004';

    /// <summary>Writes a template, each reference as <paramref name="reference"/> gives it from its name, label (or null) and
    /// whether its value may be shown.</summary>
    internal static string Render(string template, System.Func<string, string?, bool, string> reference)
    {
        var sb = new StringBuilder();
        foreach (var part in Parts(template))
            sb.Append(part.Name is null ? part.Text : reference(part.Name, part.Label, part.Scalar));
        return sb.ToString();
    }

    /// <summary>The references of a template, in order (repeats included).</summary>
    internal static IEnumerable<(string Name, string? Label, bool Scalar)> References(string template)
    {
        foreach (var part in Parts(template))
            if (part.Name is not null) yield return (part.Name, part.Label, part.Scalar);
    }

    private static IEnumerable<(string Text, string? Name, string? Label, bool Scalar)> Parts(string template)
    {
        var i = 0;
        while (i < template.Length)
        {
            var start = template.IndexOf(Reference, i);
            if (start < 0) { yield return (template.Substring(i), null, null, false); yield break; }
            if (start > i) yield return (template.Substring(i, start - i), null, null, false);
            var end = template.IndexOfAny(new[] { ReferenceEnd, NamedEnd }, start + 1);
            if (end < 0) { yield return (template.Substring(start + 1), null, null, false); yield break; }
            var reference = template.Substring(start + 1, end - start - 1);
            var mark = reference.IndexOf(LabelMark);
            yield return mark < 0
                ? ("", reference, null, template[end] == ReferenceEnd)
                : ("", reference.Substring(0, mark), reference.Substring(mark + 1), template[end] == ReferenceEnd);
            i = end + 1;
        }
    }

    /// <summary>Whether a template names any input or definition.</summary>
    internal static bool HasReferences(string template) => template.IndexOf(Reference) >= 0;
}

/// <summary>A condition of a <see cref="Derivation"/> (a template) and whether it held.</summary>
public sealed class DerivationCondition
{
    /// <summary>A condition's template and whether it held.</summary>
    public DerivationCondition(string text, bool holds) { Text = text; Holds = holds; }
    /// <summary>The condition as a template.</summary>
    public string Text { get; }
    /// <summary>Whether the condition held when the rule or branch was chosen.</summary>
    public bool Holds { get; }
}
