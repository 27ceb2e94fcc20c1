using System.Globalization;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql;

/// <summary>
/// How rule types are stored in SQL. Every decimal, money and rate value is a fixed-point
/// <c>DECIMAL(38,10)</c> (<c>NUMERIC(38,10)</c> in PostgreSQL): at most 28 digits before the point and 10 after.
/// A result that does not fit (an overflow, or a digit beyond the 10th decimal place) is an
/// <c>evaluation_error</c> row: the SQL never rounds on its own.
/// </summary>
public static class SqlTypes
{
    /// <summary>The total digits of the decimal columns: DECIMAL(38,10).</summary>
    public const int Precision = 38;
    /// <summary>The digits after the point of the decimal columns.</summary>
    public const int Scale = 10;
    /// <summary>The smallest magnitude that no longer fits DECIMAL(38,10): 10^28.</summary>
    public const string DecimalLimit = "10000000000000000000000000000";

    /// <summary>The decimal column type in <paramref name="dialect"/>: <c>NUMERIC(38,10)</c> or <c>DECIMAL(38,10)</c>.</summary>
    public static string Decimal(SqlDialect dialect) => dialect == SqlDialect.Postgres ? $"NUMERIC({Precision},{Scale})" : $"DECIMAL({Precision},{Scale})";

    /// <summary>
    /// The column type of a rule type, or null when SQL has no column for it (records, lists of records or of lists,
    /// calendars). A datetime is a <c>TIMESTAMP</c> without time zone, read as the interpreter reads it (local time, no
    /// zone); a list is an array of its items' type (<c>INTEGER[]</c>, <c>VARCHAR[]</c>/<c>TEXT[]</c>, …) in both dialects.
    /// </summary>
    public static string? Column(RuleType type, SqlDialect dialect) => type.Kind switch
    {
        TypeKind.Int => "INTEGER",
        TypeKind.Decimal or TypeKind.Money or TypeKind.Rate => Decimal(dialect),
        TypeKind.Date => "DATE",
        TypeKind.DateTime => "TIMESTAMP",
        TypeKind.List when type.Element!.Kind is not (TypeKind.List or TypeKind.Record) && Column(type.Element, dialect) is { } item => item + "[]",
        TypeKind.Bool => "BOOLEAN",
        TypeKind.Enum or TypeKind.String => dialect == SqlDialect.Postgres ? "TEXT" : "VARCHAR",
        _ => null,
    };

    /// <summary>The text column type in <paramref name="dialect"/>: <c>TEXT</c> or <c>VARCHAR</c>.</summary>
    public static string Text(SqlDialect dialect) => dialect == SqlDialect.Postgres ? "TEXT" : "VARCHAR";

    /// <summary>A string literal, quotes doubled.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>An identifier, double-quoted when it is not a plain lower-case name.</summary>
    public static string Identifier(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && !char.IsDigit(name[0]) && !Reserved.Contains(name)
            ? name
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "and", "any", "as", "at", "case", "cast", "check", "column", "default", "desc", "do", "else", "end", "false", "for",
        "from", "grant", "group", "having", "in", "into", "is", "limit", "not", "null", "offset", "on", "or", "order", "select",
        "table", "then", "to", "true", "union", "user", "when", "where", "with", "window", "grade", "day",
    };

    /// <summary>
    /// An exact decimal literal: a string cast to the narrowest DECIMAL that holds it, so no engine reads it as a binary
    /// float and DuckDB's product of a literal and a column keeps the column's scale.
    /// </summary>
    public static string DecimalLiteral(decimal value, SqlDialect dialect)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var digits = text.Count(char.IsDigit);
        var scale = value.Scale;
        var precision = Math.Max(1, Math.Max(digits, scale));
        return $"CAST({Quote(text)} AS {(dialect == SqlDialect.Postgres ? "NUMERIC" : "DECIMAL")}({precision},{scale}))";
    }

    /// <summary>The day of <paramref name="d"/> as a SQL date literal, <c>DATE '2017-09-01'</c>.</summary>
    public static string DateLiteral(DateTime d) => $"DATE '{d:yyyy-MM-dd}'";
    /// <summary><paramref name="d"/> as a SQL date literal, <c>DATE '2017-09-01'</c>.</summary>
    public static string DateLiteral(DateOnly d) => $"DATE '{d:yyyy-MM-dd}'";
    /// <summary><paramref name="t"/> as a SQL timestamp literal to the microsecond, <c>TIMESTAMP '2017-09-01 08:30:00.000000'</c>.</summary>
    public static string TimestampLiteral(DateTime t) => $"TIMESTAMP '{t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}'";
}
