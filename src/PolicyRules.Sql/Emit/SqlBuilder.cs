using System.Text;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// A SQL value under construction: <see cref="Value"/> is the expression for the value (NULL for none, and meaningless
/// when the error is set); <see cref="Error"/> is null when the expression can never fail, else a text expression that is
/// NULL when it did not fail and <c>'code|field|message'</c> when it did. <see cref="Stage"/> is the last query stage whose
/// columns the two expressions read.
/// </summary>
internal readonly record struct SqlExpr(string Value, string? Error, int Stage)
{
    public static SqlExpr Constant(string value) => new(value, null, 0);
}

/// <summary>
/// Builds the chain of query stages (<c>s0</c>, <c>s1</c>, …): an expression used more than once is bound to a column in
/// the stage after everything it reads, so no expression text is ever copied (the text stays linear in the rule's size).
/// </summary>
internal sealed class SqlBuilder
{
    private readonly List<List<(string Column, string Sql, string? Comment)>> _stages = [[]];
    private int _next;

    /// <summary>Adds a column to stage 0 (the input stage).</summary>
    public void Input(string column, string sql) => _stages[0].Add((column, sql, null));

    /// <summary>
    /// Above 0 while the body of a comprehension is written: the body reads the element (a lambda's parameter in DuckDB, a
    /// row of <c>unnest</c> in PostgreSQL), which no stage column can read, so nothing is bound and every value is
    /// written in place (the body is short; the text is repeated only there).
    /// </summary>
    public int Inline { get; set; }

    /// <summary>Binds <paramref name="sql"/> (reading stages up to <paramref name="stage"/>) to a new column; returns its name and stage.</summary>
    public (string Column, int Stage) Bind(string sql, int stage, string? name = null, string? comment = null)
    {
        if (Inline > 0) return ($"({sql})", stage);
        var column = name ?? $"x{_next++}";
        var at = stage + 1;
        while (_stages.Count <= at) _stages.Add([]);
        _stages[at].Add((column, sql, comment));
        return (column, at);
    }

    /// <summary>A value bound to a column when it is more than a column name or a constant, so it can be read twice.</summary>
    public SqlExpr Shared(SqlExpr e)
    {
        if (IsSimple(e.Value) || Inline > 0) return e;
        var (column, stage) = Bind(e.Value, e.Stage);
        return e with { Value = column, Stage = Math.Max(stage, e.Stage) };
    }

    private static bool IsSimple(string sql) =>
        sql.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || sql is "TRUE" or "FALSE" or "NULL" || sql.StartsWith("DATE '", StringComparison.Ordinal) && sql.Length == 17;

    public int LastStage => _stages.Count - 1;

    /// <summary>
    /// The <c>WITH</c> clause: each stage selects everything of the one before plus its own columns. With
    /// <paramref name="fence"/> each stage ends in <c>OFFSET 0</c>: PostgreSQL inlines a CTE used once and pulls the
    /// subquery up, copying every column's expression into each place that reads it, so a value read by three later
    /// columns was computed three times, and so on down the chain (7.5× the hand-written query on 1,000,000 parcels);
    /// <c>OFFSET 0</c> keeps each stage a subquery whose columns are computed once per row (1.7×).
    /// </summary>
    public string With(string source, bool fence = false)
    {
        var sb = new StringBuilder("WITH\n");
        for (var i = 0; i < _stages.Count; i++)
        {
            var columns = _stages[i];
            sb.Append($"s{i} AS (\n  SELECT ");
            sb.Append(i == 0 ? "" : $"s{i - 1}.*");
            for (var c = 0; c < columns.Count; c++)
            {
                if (i > 0 || c > 0) sb.Append(',');
                sb.Append('\n');
                if (columns[c].Comment is { } comment) sb.Append("    -- ").Append(comment).Append('\n');
                sb.Append("    ").Append(columns[c].Sql).Append(" AS ").Append(columns[c].Column);
            }
            sb.Append(i == 0 ? $"\n  FROM {source}" : $"\n  FROM s{i - 1}");
            sb.Append(fence ? " OFFSET 0\n)" : "\n)");
            sb.Append(i == _stages.Count - 1 ? "\n" : ",\n");
        }
        return sb.ToString();
    }

    // ---- error helpers --------------------------------------------------------------------------

    /// <summary>A constant error: <c>'code|field|message'</c>.</summary>
    public static string Error(string code, string message, string? field = null) => SqlTypes.Quote($"{code}|{field}|{message}");

    /// <summary>An error whose message is built at run time from the SQL text expression <paramref name="message"/>.</summary>
    public static string ErrorOf(string code, string? field, string message) => $"{SqlTypes.Quote($"{code}|{field}|")} || {message}";

    /// <summary>The first error of several in evaluation order (null entries never fail).</summary>
    public static string? First(params string?[] errors)
    {
        var present = errors.Where(e => e is not null).ToList();
        return present.Count switch
        {
            0 => null,
            1 => present[0],
            _ => $"COALESCE({string.Join(", ", present)})",
        };
    }

    /// <summary>The error, only when <paramref name="condition"/> holds.</summary>
    public static string? When(string condition, string? error) => error is null ? null : $"CASE WHEN {condition} THEN {error} END";
}
