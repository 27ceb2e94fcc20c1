using PolicyRules.Language.Messages;

namespace PolicyRules.Sql;

/// <summary>What to write: the dialect, the table to read, the evaluation date (else each row's <c>at</c> column), and
/// for the DuckDB runner the columns carried through and the conversion errors found before the module runs.</summary>
public sealed record SqlStatementOptions(SqlDialect Dialect, string Table, DateOnly? At)
{
    /// <summary>Columns copied to the result as they are; when empty, the module's inputs (and <c>at</c>) are.</summary>
    public IReadOnlyList<string> PassThrough { get; init; } = [];
    /// <summary>A column of errors that come before the period-in-force check (a bad <c>at</c> cell).</summary>
    public string? PreErrorColumn { get; init; }
    /// <summary>A column of input errors (a cell that is not a value of its type), checked after the period in force.</summary>
    public string? InputErrorColumn { get; init; }
    /// <summary>Write outputs as text the way the interpreter prints them (for CSV), instead of typed columns.</summary>
    public bool FormatOutputs { get; init; }
    /// <summary>The language of the error messages the statement writes (<c>run --engine duckdb --lang</c>); English by default.</summary>
    public Lang Language { get; init; } = Lang.En;
}
