using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Syntax;

// The clauses of a declaration as parsed, before they are gathered into its syntax node. A clause that may appear
// once (label, note, title, issued, in_force, requires, when, covers, external, known) and is written twice is a PR0004
// diagnostic at the second one, not a silent first pick.

internal abstract record Clause(string Keyword, TextSpan Span);

internal sealed record TextClause(string Keyword, string Text, TextSpan Span) : Clause(Keyword, Span);

internal sealed record IssuedClause(DateTime Date, TextSpan Span) : Clause("issued", Span);

internal sealed record InForceClause(InForceSyntax Period) : Clause("in_force", Period.Span);

internal sealed record CitesClause(IReadOnlyList<CitationSyntax> Cites, TextSpan Span) : Clause("cites", Span);

internal sealed record ConditionClause(string Keyword, ExpressionSyntax Condition, TextSpan Span) : Clause(Keyword, Span);

internal sealed record RepealsClause(RepealSyntax Repeal) : Clause("repeals", Repeal.Span);

internal sealed record ExternalClause(TextSpan Span) : Clause("external", Span);

internal sealed record SectionClause(SectionSyntax Section) : Clause("§", Section.Span);

internal sealed record CoversClause(DateTime From, DateTime To, TextSpan Span) : Clause("covers", Span);

internal sealed record EntryClause(CalendarEntrySyntax Entry) : Clause("holiday", Entry.Span);

internal sealed record InputClause(InputSyntax Input) : Clause("input", Input.Span);

internal sealed record KnownClause(IReadOnlyList<string> Values, TextSpan Span) : Clause("known", Span);

internal sealed record VariantClause(VariantSyntax Variant) : Clause("variant", Variant.Span);

internal sealed record DefinitionClause(DefinitionSyntax Definition) : Clause("def", Definition.Span);

/// <summary>The clauses of one declaration, and the questions its syntax node asks of them.</summary>
internal sealed class ClauseList
{
    private readonly IReadOnlyList<Clause> _clauses;
    private readonly string _owner;

    public ClauseList(IEnumerable<Clause> clauses, string owner)
    {
        _clauses = clauses.ToList();
        _owner = owner;
    }

    /// <summary>The one clause of its kind, or null; a second one is reported (PR0004) and ignored.</summary>
    public T? Single<T>(string keyword) where T : Clause
    {
        T? first = null;
        foreach (var c in _clauses)
        {
            if (c is not T t || c.Keyword != keyword) continue;
            if (first is null) { first = t; continue; }
            Tokens.State.Diagnostics.Add(Diagnostic.Error(DiagnosticIds.RepeatedClause, c.Span,
                Msg.Of("syntax.clause_twice", ("owner", _owner), ("keyword", keyword), ("line", first.Span.Line)),
                keyword is "note" or "label" or "title" ? Msg.Of("hint.join_texts") : null));
        }
        return first;
    }

    public string? Text(string keyword) => Single<TextClause>(keyword)?.Text;

    public IReadOnlyList<T> All<T>() where T : Clause => _clauses.OfType<T>().ToList();

    /// <summary>Every citation of every <c>cites</c> clause (a declaration may cite in several clauses).</summary>
    public IReadOnlyList<CitationSyntax> Cites() => _clauses.OfType<CitesClause>().SelectMany(c => c.Cites).ToList();
}
