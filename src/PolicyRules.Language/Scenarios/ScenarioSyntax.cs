using System;
using System.Collections.Generic;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language.Scenarios;

// The surface syntax of a .scenario file, exactly as written: names are not resolved and values are not typed.

/// <summary>One scenario file: its scenarios, and the problems found while reading it.</summary>
internal sealed record ScenarioFileSyntax(string Path, IReadOnlyList<ScenarioSyntax> Scenarios, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>A name written in a scenario (a module, input, output or record field): an id or a Chinese label.</summary>
internal sealed record ScenarioNameSyntax(string Text, TextSpan Span)
{
    public override string ToString() => Text;
}

/// <summary>
/// One scenario. Parts that were not written are null or empty; <see cref="Diagnostics"/> holds the syntax errors
/// of its own lines, so that a broken scenario still reports as a failure under its name.
/// </summary>
internal sealed class ScenarioSyntax
{
    public ScenarioSyntax(string name, TextSpan span) { Name = name; Span = span; }

    public string Name { get; }
    /// <summary>The <c>scenario</c> line.</summary>
    public TextSpan Span { get; }
    public ScenarioNameSyntax? Module { get; internal set; }
    public DateTime? At { get; internal set; }
    public TextSpan? AtSpan { get; internal set; }
    public List<CitationSyntax> Cites { get; } = new();
    public TextSpan? CitesSpan { get; internal set; }
    public List<string> Tags { get; } = new();
    /// <summary>Set by <c>skip "reason"</c>: the scenario is reported as skipped, not run.</summary>
    public string? SkipReason { get; internal set; }
    /// <summary>Set by <c>reform PATH</c> (<c>改革</c>): the scenario states outcomes under that reform (a path in the package folder).</summary>
    public string? Reform { get; internal set; }
    public TextSpan? ReformSpan { get; internal set; }
    public List<ScenarioAssignmentSyntax> Given { get; } = new();
    public List<ScenarioAssignmentSyntax> Expect { get; } = new();
    /// <summary>An expected error (<c>not_in_force</c>, <c>输入无效</c>, …) standing alone in <c>expect</c>.</summary>
    public ScenarioErrorWordSyntax? ExpectError { get; internal set; }
    public ScenarioTableSyntax? Table { get; internal set; }
    public List<Diagnostic> Diagnostics { get; } = new();
    public bool HasExpectPart { get; internal set; }
}

/// <summary>An error word: the code it stands for (<c>invalid_input</c>), as written (<c>输入无效</c>).</summary>
internal sealed record ScenarioErrorWordSyntax(string Code, string Text, TextSpan Span);

/// <summary><c>name = value</c> in <c>given</c> or <c>expect</c>, with a tolerance only where written (<c>± 0.01 元</c>).</summary>
internal sealed record ScenarioAssignmentSyntax(ScenarioNameSyntax Name, ScenarioValueSyntax Value, ScenarioValueSyntax? Tolerance, TextSpan Span);

/// <summary>
/// A table: the columns before <c>=&gt;</c> are inputs, after it expectations. A row's cells are null where left blank
/// (the input is not given, the output not checked). The rows are not held: <see cref="Rows"/> reads them from the
/// file's text one at a time, each time it is enumerated, so that a table of a million rows takes the memory of one.
/// </summary>
internal sealed class ScenarioTableSyntax
{
    private readonly Func<IEnumerable<ScenarioRowSyntax>> _rows;

    public ScenarioTableSyntax(IReadOnlyList<ScenarioNameSyntax> inputColumns, IReadOnlyList<ScenarioNameSyntax> outputColumns,
        int rowCount, Func<IEnumerable<ScenarioRowSyntax>> rows, TextSpan span)
    {
        InputColumns = inputColumns; OutputColumns = outputColumns; RowCount = rowCount; _rows = rows; Span = span;
    }

    public IReadOnlyList<ScenarioNameSyntax> InputColumns { get; }
    public IReadOnlyList<ScenarioNameSyntax> OutputColumns { get; }
    /// <summary>How many data rows <see cref="Rows"/> gives.</summary>
    public int RowCount { get; }
    /// <summary>The data rows in file order, each with the diagnostics of its own line, read as they are enumerated.</summary>
    public IEnumerable<ScenarioRowSyntax> Rows => _rows();
    /// <summary>The <c>table</c> line.</summary>
    public TextSpan Span { get; }
}

/// <summary>A table row; <see cref="Number"/> counts data rows from 1.</summary>
internal sealed record ScenarioRowSyntax(int Number, IReadOnlyList<ScenarioCellSyntax?> Inputs, IReadOnlyList<ScenarioCellSyntax?> Outputs, TextSpan Span)
{
    public List<Diagnostic> Diagnostics { get; } = new();
}

internal sealed record ScenarioCellSyntax(ScenarioValueSyntax Value, ScenarioValueSyntax? Tolerance, TextSpan Span);

// ---- values ----------------------------------------------------------------------------------------

/// <summary>A value as written. <see cref="Text"/> is the exact text, for messages.</summary>
internal abstract record ScenarioValueSyntax(string Text, TextSpan Span);

/// <summary>A number with the unit written after it, if any (<c>25000 元</c>, <c>7.9%</c>, <c>1000 平方米</c>, <c>15 周岁</c>).</summary>
internal sealed record ScenarioNumberSyntax(decimal Number, bool IsWhole, string? Unit, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);

/// <summary>A date (<c>2017-09-01</c>, <c>2017年9月1日</c>) or a date-time (<c>2017-09-01 08:00</c>, <c>2017年9月1日 8时</c>).</summary>
internal sealed record ScenarioDateSyntax(DateTime Value, bool HasTime, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);

/// <summary><c>"quoted text"</c> (straight or Chinese quotes).</summary>
internal sealed record ScenarioStringSyntax(string Value, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);

/// <summary>
/// An unquoted word: <c>true</c>/<c>false</c>/<c>是</c>/<c>否</c>, <c>none</c>/<c>无</c>, an enum member by id or label,
/// or unquoted text. What it means is decided against the type it meets.
/// </summary>
internal sealed record ScenarioWordSyntax(string Word, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);

internal sealed record ScenarioListSyntax(IReadOnlyList<ScenarioValueSyntax> Items, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);

internal sealed record ScenarioFieldSyntax(ScenarioNameSyntax Name, ScenarioValueSyntax Value);

/// <summary><c>{grades: [1], area_m2: 100}</c>; field names by id or label.</summary>
internal sealed record ScenarioRecordSyntax(IReadOnlyList<ScenarioFieldSyntax> Fields, string Text, TextSpan Span) : ScenarioValueSyntax(Text, Span);
