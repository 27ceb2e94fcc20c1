using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Language.Syntax;

// The surface syntax of a .rules file, exactly as written. Names are not resolved here.

internal sealed record RuleFileSyntax(string Path, IReadOnlyList<DeclarationSyntax> Declarations);

internal abstract record DeclarationSyntax(string Name, TextSpan Span);

internal sealed record CitationSyntax(string Document, bool ByNumber, string? Section, TextSpan Span)
{
    public override string ToString() =>
        (ByNumber ? $"\"{Document}\"" : Document) + (Section is null ? "" : $" §{Section}");
}

internal enum InForceKind { FromOpenEnded, FromTo, FromFor, Always }

internal sealed record InForceSyntax(InForceKind Kind, DateTime From, DateTime? To, int Count, string Unit, TextSpan Span)
{
    /// <summary>The last day (inclusive), or null when open-ended. <c>for N years</c> ends the day before the
    /// corresponding day (民法典 第201–202条): from 2017-06-15 for 1 year → 2018-06-14.</summary>
    public DateTime? LastDay => Kind switch
    {
        InForceKind.FromTo => To,
        InForceKind.FromFor => (Unit == "year" ? From.AddYears(Count) : From.AddMonths(Count)).AddDays(-1),
        _ => null,
    };
}

internal sealed record SectionSyntax(string Path, string? Text, TextSpan Span);

internal sealed record RepealSyntax(string Document, string? Section, TextSpan Span);

internal sealed record DocumentSyntax(
    string Name, string Number, string? Title, DateTime? Issued, InForceSyntax? InForce, string? Note,
    bool External, IReadOnlyList<RepealSyntax> Repeals, IReadOnlyList<SectionSyntax> Sections, TextSpan Span)
    : DeclarationSyntax(Name, Span);

internal sealed record CalendarEntrySyntax(bool Holiday, DateTime From, DateTime To, IReadOnlyList<CitationSyntax> Cites, TextSpan Span);

internal sealed record CalendarSyntax(
    string Name, string? Label, DateTime? CoversFrom, DateTime? CoversTo, IReadOnlyList<CitationSyntax> Cites,
    IReadOnlyList<CalendarEntrySyntax> Entries, TextSpan Span) : DeclarationSyntax(Name, Span);

internal sealed record EnumMemberSyntax(string Name, string? Label, TextSpan Span);

internal sealed record EnumSyntax(string Name, string? Label, IReadOnlyList<EnumMemberSyntax> Members, TextSpan Span)
    : DeclarationSyntax(Name, Span);

internal sealed record TypeSyntax(string Name, TypeSyntax? Element, bool Optional, TextSpan Span)
{
    public override string ToString() => (Element is null ? Name : $"list<{Element}>") + (Optional ? "?" : "");
}

internal sealed record FieldSyntax(string Name, TypeSyntax Type, string? Label, TextSpan Span);

internal sealed record RecordSyntax(string Name, string? Label, IReadOnlyList<FieldSyntax> Fields, TextSpan Span)
    : DeclarationSyntax(Name, Span);

internal sealed record InputSyntax(string Name, TypeSyntax Type, string? Label, ExpressionSyntax? Requires, TextSpan Span)
{
    /// <summary>The text values the law names (<c>known "…", "…"</c>), or null when the input takes any text.</summary>
    public IReadOnlyList<string>? Known { get; init; }
    public IReadOnlyList<VariantSyntax> Variants { get; init; } = [];
    public UnitSyntax? Unit { get; init; }
}

/// <summary><c>unit "平方米"</c>: the unit an input or output is counted in.</summary>
internal sealed record UnitSyntax(string Text, TextSpan Span);

/// <summary><c>variant "黄梁梦镇" => "黄粱梦镇" note "…"</c>: a spelling read as one of the input's known values.</summary>
internal sealed record VariantSyntax(string Text, string Known, string Note, TextSpan Span);

internal sealed record RuleSyntax(
    string Label, string? ExceptionOf, TextSpan? ExceptionOfSpan, ExpressionSyntax? When, IReadOnlyList<CitationSyntax> Cites, string? Note,
    ExpressionSyntax Value, TextSpan Span);

internal sealed record DefinitionSyntax(
    string Name, TypeSyntax Type, bool IsOutput, string? Label, IReadOnlyList<CitationSyntax> Cites, string? Note,
    ExpressionSyntax? Value, IReadOnlyList<RuleSyntax> Rules, TextSpan Span)
{
    public UnitSyntax? Unit { get; init; }
}

internal sealed record ModuleSyntax(
    string Name, string? Label, string? Note, InForceSyntax? InForce, IReadOnlyList<CitationSyntax> Cites,
    IReadOnlyList<InputSyntax> Inputs, IReadOnlyList<DefinitionSyntax> Definitions, TextSpan Span)
    : DeclarationSyntax(Name, Span);

/// <summary>
/// <c>parameter NAME: TYPE [by KEYTYPE | scale marginal|single_rate] { from DATE = … cites … }</c>: a figure the law sets,
/// with its dated values. <see cref="KeyType"/> is set for a table, <see cref="ScaleMethod"/> for a scale; neither for a
/// single value; <see cref="ByRange"/> for a table keyed by ranges (<c>by range of int</c>), whose values are brackets.
/// <see cref="BeforeFirst"/>: <c>before_first = not_determinable "…" cites …</c>.
/// </summary>
internal sealed record ParameterSyntax(
    string Name, TypeSyntax Type, string? Label, string? Note, TypeSyntax? KeyType, bool ByRange, string? ScaleMethod,
    NotDeterminableSyntax? BeforeFirst, IReadOnlyList<ParameterValueSyntax> Values, TextSpan Span) : DeclarationSyntax(Name, Span);

/// <summary>One dated value: <c>from DATE = VALUE cites …</c>, VALUE a constant, a table <c>{ KEY => VALUE, … }</c> or brackets.</summary>
internal sealed record ParameterValueSyntax(
    DateTime From, ExpressionSyntax? Value, IReadOnlyList<TableEntrySyntax> Entries, IReadOnlyList<BracketSyntax> Brackets,
    IReadOnlyList<CitationSyntax> Cites, TextSpan Span);

internal sealed record TableEntrySyntax(ExpressionSyntax Key, ExpressionSyntax Value, TextSpan Span);

/// <summary>A bracket of a scale: its bounds as written (<c>1000 以上</c>, <c>不满 3000</c>, …) and its rate.</summary>
internal sealed record BracketSyntax(IReadOnlyList<BoundSyntax> Bounds, ExpressionSyntax Value, TextSpan Span);

/// <summary>A bracket bound: <see cref="Lower"/> (以上, 超过) or upper (不满, 低于, 以下, 不超过); <see cref="Includes"/> whether
/// the amount itself lies in this bracket (以上 and 以下 include it; 超过, 不满 and 低于 do not: 民法典 第1259条).</summary>
internal sealed record BoundSyntax(bool Lower, bool Includes, decimal Amount, string Word, TextSpan Span);

// Expressions

internal abstract record ExpressionSyntax(TextSpan Span)
{
    /// <summary>How deep the tree below this node goes (a leaf is 1), fixed when the node is built, so that the
    /// parser can refuse an expression past <see cref="NestingLimit.MaxDepth"/> the moment it grows too deep.</summary>
    public abstract int Depth { get; }

    internal static int Deepest(IEnumerable<ExpressionSyntax> items)
    {
        var max = 0;
        foreach (var e in items) max = Math.Max(max, e.Depth);
        return max;
    }
}

internal enum LiteralKind { Int, Decimal, Money, Rate, Bool, Date, DateTime, String, None }

/// <summary>A literal. Numbers keep their exact decimal value; a rate literal 7.9% holds 0.079.</summary>
internal sealed record LiteralSyntax(LiteralKind Kind, decimal Number, bool Bool, DateTime Date, string? Text, TextSpan Span)
    : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1;
}

internal sealed record NameSyntax(string Name, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1;
}

internal sealed record MemberAccessSyntax(ExpressionSyntax Target, string Member, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Target.Depth;
}

internal sealed record UnarySyntax(string Operator, ExpressionSyntax Operand, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Operand.Depth;
}

internal sealed record BinarySyntax(string Operator, ExpressionSyntax Left, ExpressionSyntax Right, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Math.Max(Left.Depth, Right.Depth);
}

internal sealed record IfSyntax(ExpressionSyntax Condition, ExpressionSyntax Then, ExpressionSyntax Else, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Math.Max(Condition.Depth, Math.Max(Then.Depth, Else.Depth));
}

internal sealed record MatchCaseSyntax(IReadOnlyList<ExpressionSyntax> Patterns, ExpressionSyntax Value, TextSpan Span);

internal sealed record MatchSyntax(ExpressionSyntax Subject, IReadOnlyList<MatchCaseSyntax> Cases, ExpressionSyntax? Else, TextSpan Span)
    : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Math.Max(Math.Max(Subject.Depth, Else?.Depth ?? 0), Deepest(Cases.SelectMany(c => c.Patterns.Append(c.Value))));
}

internal sealed record CallSyntax(string Function, IReadOnlyList<ExpressionSyntax> Arguments, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Deepest(Arguments);
}

/// <summary><c>map(x in L: E)</c>, <c>filter</c>, <c>any</c>, <c>all</c>.</summary>
internal sealed record ComprehensionSyntax(string Function, string Variable, ExpressionSyntax Source, ExpressionSyntax Body, TextSpan Span)
    : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Math.Max(Source.Depth, Body.Depth);
}

internal sealed record ListSyntax(IReadOnlyList<ExpressionSyntax> Items, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Deepest(Items);
}

internal sealed record InListSyntax(ExpressionSyntax Value, ExpressionSyntax List, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1 + Math.Max(Value.Depth, List.Depth);
}

internal sealed record NotDeterminableSyntax(string Reason, IReadOnlyList<CitationSyntax> Cites, TextSpan Span) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = 1;
}
