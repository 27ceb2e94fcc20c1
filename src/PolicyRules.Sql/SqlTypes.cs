using System.Globalization;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql;

/// <summary>
/// How rule types are stored in SQL. Every decimal, money and rate value is a fixed-point
/// <c>DECIMAL(38,10)</c> (<c>NUMERIC(38,10)</c> in PostgreSQL): at most 28 digits before the point and 10 after.
/// A result that does not fit (an overflow, or a digit beyond the 10th decimal place) is an
/// <c>evaluation_error</c> row: the SQL never rounds on its own. A quotient, and a value computed from one, is the
/// exception: it is the interpreter's C# decimal, up to 28 decimals rounded as C# rounds (<see cref="WideDecimal"/>).
/// </summary>
public static class SqlTypes
{
    /// <summary>The total digits of the decimal columns: DECIMAL(38,10).</summary>
    public const int Precision = 38;
    /// <summary>The digits after the point of the decimal columns.</summary>
    public const int Scale = 10;
    /// <summary>The smallest magnitude that no longer fits DECIMAL(38,10): 10^28.</summary>
    public const string DecimalLimit = "10000000000000000000000000000";

    /// <summary>The digits after the point of a value computed from a quotient: a C# decimal's most.</summary>
    internal const int WideScale = 28;

    /// <summary>
    /// The type of a value computed from a quotient, which may carry up to 28 decimals as the interpreter's C# decimal
    /// does: <c>NUMERIC</c> (any scale) in PostgreSQL, <c>DECIMAL(38,28)</c> in DuckDB (below 10^10).
    /// </summary>
    internal static string WideDecimal(SqlDialect dialect) => dialect == SqlDialect.Postgres ? "NUMERIC" : $"DECIMAL({Precision},{WideScale})";

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

    /// <summary>
    /// As <see cref="Column(RuleType, SqlDialect)"/>, with records and lists of records too: a DuckDB <c>STRUCT(…)</c>, or in
    /// PostgreSQL a composite type (<see cref="CompositeTypeName"/>; <see cref="CompositeType"/> creates it). A record holds numbers,
    /// dates, booleans, datetimes and lists of them; null for one with a text or enum field, or a record inside.
    /// </summary>
    public static string? Column(RuleType type, SqlDialect dialect, PackageModel package) => type.Kind switch
    {
        TypeKind.Record => Record(package.FindRecord(type.Name!)!, dialect),
        TypeKind.List when type.Element!.Kind == TypeKind.Record && Record(package.FindRecord(type.Element.Name!)!, dialect) is { } item => item + "[]",
        _ => Column(type, dialect),
    };

    private static string? Record(RecordModel record, SqlDialect dialect)
    {
        if (!record.Fields.All(f => InRecord(f.Type))) return null;
        return dialect == SqlDialect.Postgres
            ? CompositeTypeName(record)
            : $"STRUCT({string.Join(", ", record.Fields.Select(f => $"{Identifier(f.Name)} {Column(f.Type, dialect)}"))})";
    }

    private static bool InRecord(RuleType type) =>
        type.Kind is TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate or TypeKind.Date or TypeKind.Bool or TypeKind.DateTime
        || type.Kind == TypeKind.List && type.Element!.Kind != TypeKind.List && InRecord(type.Element);

    /// <summary>
    /// The PostgreSQL composite type of <paramref name="record"/>: <c>policyrules_parcel</c>, prefixed as the calendar table
    /// is, since a record's own name may be a built-in type's (<c>box</c>, <c>point</c>, <c>money</c>).
    /// </summary>
    public static string CompositeTypeName(RecordModel record) => Identifier("policyrules_" + record.Name);

    /// <summary>The PostgreSQL statement that creates the composite type of <paramref name="record"/>: <c>CREATE TYPE policyrules_parcel AS (…);</c>.</summary>
    public static string CompositeType(RecordModel record) =>
        $"CREATE TYPE {CompositeTypeName(record)} AS ({string.Join(", ", record.Fields.Select(f => $"{Identifier(f.Name)} {Column(f.Type, SqlDialect.Postgres)}"))});";

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
