using System.Text;
using System.Text.RegularExpressions;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// A SQL value under construction: <see cref="Value"/> is the expression for the value (NULL for none, and meaningless
/// when the error is set); <see cref="Error"/> is null when the expression can never fail, else a text expression that is
/// NULL when it did not fail and <c>'code|field|message'</c> when it did. <see cref="Stage"/> is the last query stage whose
/// columns the two expressions read. <see cref="Fits"/> says the value is known, when the SQL is written, to fit
/// DECIMAL(38,10) (a constant, or a parameter whose every value is one), so no row needs the check. <see cref="Wide"/>
/// says the value may carry up to 28 decimals, as a C# decimal does (a quotient, and what is computed from one): it is
/// <c>NUMERIC</c> in PostgreSQL and <c>DECIMAL(38,28)</c> in DuckDB, rounded after each operation as C# rounds.
/// </summary>
internal readonly record struct SqlExpr(string Value, string? Error, int Stage, bool Fits = false, bool Wide = false)
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
    /// The <c>WITH</c> clause and the name of its last stage. Each stage selects everything of the one before plus its own
    /// columns. <paramref name="readers"/> are the texts after the clause that read its columns (the final select list).
    /// Before writing, a column read by one other column only, or whose text is as cheap as a column name (a name, a
    /// constant, a plain cast of a name), is written into the columns that read it instead of being a column of its own,
    /// and every column moves to the stage right after the last column it reads: fewer stages, the same values (every
    /// expression here is safe to evaluate on any row, so evaluating one inside a reader's branch changes nothing but
    /// the work). A column with a comment (a definition) stays a column, so the statement can still be read.
    /// With <paramref name="fence"/> each stage ends in <c>OFFSET 0</c>: PostgreSQL inlines a CTE used once and pulls the
    /// subquery up, copying every column's expression into each place that reads it, so a value read by three later
    /// columns was computed three times, and so on down the chain (7.5× the hand-written query on 1,000,000 parcels);
    /// <c>OFFSET 0</c> keeps each stage a subquery whose columns are computed once per row. A stage costs a projection
    /// of every column per row, hence the merging above.
    /// </summary>
    public (string Sql, string Last) With(string source, bool fence, IEnumerable<string> readers)
    {
        var all = _stages.SelectMany((columns, i) => columns.Select(c => (Stage: i, c.Column, c.Sql, c.Comment))).ToList();
        var bound = all.Where(c => c.Stage > 0).Select(c => c.Column).ToHashSet(StringComparer.Ordinal);
        var users = bound.ToDictionary(c => c, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var c in all.Where(c => c.Stage > 0))
            foreach (var id in Names(c.Sql).Where(bound.Contains))
                users[id].Add(c.Sql);
        var read = readers.SelectMany(Names).ToHashSet(StringComparer.Ordinal);

        var inline = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<(string Column, string Sql, string? Comment, int Stage)>();
        var stageOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in all)
        {
            if (c.Stage == 0)
            {
                kept.Add((c.Column, c.Sql, c.Comment, 0));
                stageOf[c.Column] = 0;
                continue;
            }
            var sql = Substitute(c.Sql, inline);
            var uses = users[c.Column];
            // A scalar subquery (a calendar lookup) would evaluate an inlined expression once per row it scans.
            var once = uses.Count == 1 && !uses[0].Contains("SELECT", StringComparison.Ordinal);
            var cheap = IsCheap(sql);
            var isRead = read.Contains(c.Column);
            if (cheap || !isRead && (uses.Count == 0 || once && c.Comment is null))
            {
                inline[c.Column] = cheap ? sql : $"({sql})";
                if (c.Comment is null && !isRead) continue;
            }
            var stage = 1 + Names(sql).Where(stageOf.ContainsKey).Select(n => stageOf[n]).DefaultIfEmpty(0).Max();
            stageOf[c.Column] = stage;
            kept.Add((c.Column, sql, c.Comment, stage));
        }

        var last = kept.Max(c => c.Stage);
        var sb = new StringBuilder("WITH\n");
        for (var i = 0; i <= last; i++)
        {
            var columns = kept.Where(c => c.Stage == i).ToList();
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
            sb.Append(i == last ? "\n" : ",\n");
        }
        return (sb.ToString(), $"s{last}");
    }

    /// <summary>As cheap to repeat as to read from a column: a name, a constant, or a name cast to a type without a precision.</summary>
    private static bool IsCheap(string sql) => Cheap.IsMatch(sql);

    private const string Name = "[A-Za-z_][A-Za-z0-9_]*";
    private const string Literal = "'(?:[^']|'')*'";
    private static readonly Regex Cheap = new(
        $@"^(?:{Name}|-?[0-9]+|{Literal}|DATE '[0-9-]{{10}}'|CAST\((?:{Name}|{Literal}) AS (?:NUMERIC|BIGINT)\)|CAST\((?:NULL|{Literal}) AS (?:VARCHAR|TEXT|(?:NUMERIC|DECIMAL)\([0-9]+,[0-9]+\))\))$",
        RegexOptions.CultureInvariant);

    /// <summary>The unqualified names a SQL text reads (not inside quotes, not after a dot, not a function's name).</summary>
    private static IEnumerable<string> Names(string sql)
    {
        foreach (var (start, length) in NameSpans(sql)) yield return sql.Substring(start, length);
    }

    private static List<(int Start, int Length)> NameSpans(string sql)
    {
        var spans = new List<(int, int)>();
        for (var i = 0; i < sql.Length;)
        {
            var ch = sql[i];
            if (ch is '\'' or '"')
            {
                // A quoted string or identifier; a doubled quote is one quote inside it.
                for (i++; i < sql.Length; i++)
                    if (sql[i] == ch)
                    {
                        if (i + 1 < sql.Length && sql[i + 1] == ch) i++;
                        else break;
                    }
                i++;
            }
            else if (char.IsAsciiLetter(ch) || ch == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_')) i++;
                var qualified = start > 0 && sql[start - 1] == '.';
                var call = i < sql.Length && sql[i] == '(';
                if (!qualified && !call) spans.Add((start, i - start));
            }
            else if (char.IsAsciiDigit(ch))
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.')) i++;
            else i++;
        }
        return spans;
    }

    private static string Substitute(string sql, Dictionary<string, string> inline)
    {
        if (inline.Count == 0) return sql;
        var sb = new StringBuilder();
        var at = 0;
        foreach (var (start, length) in NameSpans(sql))
            if (inline.TryGetValue(sql.Substring(start, length), out var text))
            {
                sb.Append(sql, at, start - at).Append(text);
                at = start + length;
            }
        return sb.Append(sql, at, sql.Length - at).ToString();
    }

    // ---- error helpers --------------------------------------------------------------------------

    /// <summary>A constant error: <c>'code|field|message'</c>.</summary>
    public static string Error(string code, string message, string? field = null) => SqlTypes.Quote($"{code}|{field}|{message}");

    /// <summary>An error whose message is built at run time from the SQL text expression <paramref name="message"/>.</summary>
    public static string ErrorOf(string code, string? field, string message) => $"{SqlTypes.Quote($"{code}|{field}|")} || {message}";

    /// <summary>An error whose field and message are built at run time: <paramref name="fieldAndMessage"/> is the SQL text expression <c>field|message</c>.</summary>
    public static string ErrorAt(string code, string fieldAndMessage) => $"{SqlTypes.Quote(code + "|")} || {fieldAndMessage}";

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
