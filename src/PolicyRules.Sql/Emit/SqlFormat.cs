using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Emit;

/// <summary>Values as text, exactly as <c>ValueText.Format</c> writes them (for messages and CSV output).</summary>
internal static class SqlFormat
{
    /// <summary>A text expression for the value <paramref name="sql"/> of type <paramref name="type"/>; none is <c>none</c>.</summary>
    public static string Text(string sql, RuleType type, SqlDialect dialect, PackageModel? package = null, int depth = 0)
    {
        if (type.Kind == TypeKind.List) return List(sql, type, dialect, package, depth);
        if (type.Kind == TypeKind.Record && package?.FindRecord(type.Name!) is { } record) return Record(sql, record, dialect, package, depth);
        var text = type.Kind switch
        {
            TypeKind.Int or TypeKind.Date => $"CAST({sql} AS VARCHAR)",
            TypeKind.Decimal or TypeKind.Money => Number($"CAST({sql} AS VARCHAR)"),
            // A rate is written as a percent: 0.079 → 7.9%.
            // Past ±10^26 the product overflows DECIMAL(38,10) (an error that would stop the statement): the point of the
            // value's own text is moved instead, which needs no leading-zero care at that size.
            TypeKind.Rate => Number($"CASE WHEN abs({sql}) < 100000000000000000000000000 THEN CAST({sql} * 100 AS VARCHAR) " +
                                    $"ELSE left(replace({Fixed(sql, dialect)}, '.', ''), length({Fixed(sql, dialect)}) - 9) || '.' || right({Fixed(sql, dialect)}, 8) END") + " || '%'",
            // An optional bool's NULL stays NULL, to be written none below (an ELSE would make it false).
            TypeKind.Bool => type.Optional ? $"CASE {sql} WHEN TRUE THEN 'true' WHEN FALSE THEN 'false' END" : $"CASE WHEN {sql} THEN 'true' ELSE 'false' END",
            // 2017-09-01T08:30, seconds only when there are any (ValueText.Format).
            TypeKind.DateTime => dialect == SqlDialect.Postgres
                ? $"to_char({sql}, CASE WHEN EXTRACT(SECOND FROM {sql}) >= 1 THEN 'YYYY-MM-DD\"T\"HH24:MI:SS' ELSE 'YYYY-MM-DD\"T\"HH24:MI' END)"
                : $"CASE WHEN second({sql}) <> 0 THEN strftime({sql}, '%Y-%m-%dT%H:%M:%S') ELSE strftime({sql}, '%Y-%m-%dT%H:%M') END",
            _ => sql,
        };
        return type.Optional ? $"COALESCE({text}, 'none')" : text;
    }

    /// <summary>
    /// An output value that fits the SQL decimal (it passed <c>ModuleEmitter.Fit</c>), as text: cast to DECIMAL(38,10),
    /// so the text always has a point and 10 decimals, which are then trimmed. DuckDB writes a 64-bit decimal several
    /// times faster than a 128-bit one, so a value within ±10^8 goes through DECIMAL(18,10) (exact: the same digits).
    /// <paramref name="bind"/> binds an expression to a column and returns the column (DuckDB's text is read 11 times).
    /// </summary>
    public static string Output(string sql, RuleType type, SqlDialect dialect, Func<string, string> bind, PackageModel? package = null, bool wide = false)
    {
        if (wide && type.Kind == TypeKind.Rate)
        {
            // In percent, exactly: 100 times up to 28 decimals is up to 26. DuckDB's DECIMAL(38,28) times 100 would overflow
            // from 10^8, so its digits are read as a whole number of 10^-28 and scaled by 10^-26 instead.
            var percent = dialect == SqlDialect.Postgres
                ? $"CAST(CAST({sql} * 100 AS NUMERIC(59,{SqlTypes.WideScale - 2})) AS TEXT)"
                : $"CAST(CAST(CAST({WideMantissa(sql)} AS DECIMAL(38,0)) * CAST('0.{new string('0', SqlTypes.WideScale - 3)}1' AS DECIMAL({SqlTypes.WideScale - 2},{SqlTypes.WideScale - 2})) AS DECIMAL(38,{SqlTypes.WideScale - 2})) AS VARCHAR)";
            var rate = $"rtrim(rtrim({percent}, '0'), '.') || '%'";
            return type.Optional ? $"COALESCE({rate}, 'none')" : rate;
        }
        if (type.Kind is not (TypeKind.Decimal or TypeKind.Money)) return Text(sql, type, dialect, package);
        string text;
        if (wide)
        {
            // A quotient: up to 28 decimals (C#'s range: 29 digits before the point, so NUMERIC(57,28) in PostgreSQL).
            var fixedType = dialect == SqlDialect.Postgres ? $"NUMERIC(57,{SqlTypes.WideScale})" : SqlTypes.WideDecimal(dialect);
            text = $"rtrim(rtrim(CAST(CAST({sql} AS {fixedType}) AS {SqlTypes.Text(dialect)}), '0'), '.')";
            return type.Optional ? $"COALESCE({text}, 'none')" : text;
        }
        if (dialect == SqlDialect.DuckDb)
        {
            var fixedText = bind($"CASE WHEN {sql} BETWEEN -99999999 AND 99999999 THEN CAST(CAST({sql} AS DECIMAL(18,10)) AS VARCHAR) ELSE CAST(CAST({sql} AS {SqlTypes.Decimal(dialect)}) AS VARCHAR) END");
            // The trailing zeros of the 10 decimals, found by suffix: DuckDB's rtrim with a set of characters took twice as long.
            var whens = Enumerable.Range(1, SqlTypes.Scale).Reverse().Select(n =>
                $"WHEN ends_with({fixedText}, '{new string('0', n)}') THEN left({fixedText}, -{(n == SqlTypes.Scale ? n + 1 : n)})");
            text = $"CASE {string.Join(" ", whens)} ELSE {fixedText} END";
        }
        else text = $"rtrim(rtrim(CAST(CAST({sql} AS {SqlTypes.Decimal(dialect)}) AS TEXT), '0'), '.')";
        return type.Optional ? $"COALESCE({text}, 'none')" : text;
    }

    /// <summary>
    /// A wide PostgreSQL value as an output column: NUMERIC with the decimals its digits need, trailing zeros dropped, as
    /// readers such as Npgsql expect of a C# decimal (a quotient is computed at scale 28: 20.0526315789473684210526315790
    /// has 30 digits, which no C# decimal holds; 20.052631578947368421052631579 is the interpreter's value).
    /// <paramref name="bind"/> binds an expression to a column and returns the column.
    /// </summary>
    public static string WideOutput(string sql, Func<string, string> bind)
    {
        var text = bind($"CAST({sql} AS TEXT)");
        return $"CAST({Number(text)} AS NUMERIC)";
    }

    /// <summary>A wide DuckDB value (DECIMAL(38,28), below 10^10) as the whole number of 10^-28 it holds: a HUGEINT.</summary>
    public static string WideMantissa(string value) =>
        $"CAST(replace(CAST(CAST({value} AS DECIMAL(38,{SqlTypes.WideScale})) AS VARCHAR), '.', '') AS HUGEINT)";

    /// <summary>A list as ValueText.Format writes it: <c>[a, b]</c>, each item as its own text, <c>[]</c> when empty.</summary>
    private static string List(string sql, RuleType type, SqlDialect dialect, PackageModel? package, int depth)
    {
        // A list inside (a record's list field) names its items by its own depth.
        var f = "f" + depth;
        var items = dialect == SqlDialect.Postgres
            ? $"array_to_string(ARRAY(SELECT {Text($"({sql})[{f}.n]", type.Element!, dialect, package, depth + 1)} FROM generate_subscripts({sql}, 1) AS {f}(n) ORDER BY {f}.n), ', ')"
            : $"COALESCE(list_aggr(list_transform({sql}, lambda {f}: {Text(f, type.Element!, dialect, package, depth + 1)}), 'string_agg', ', '), '')";
        var text = $"'[' || {items} || ']'";
        return type.Optional ? $"COALESCE({text}, 'none')" : text;
    }

    /// <summary>A record as ValueText.Format writes it: <c>{grades: [1, 2], area_m2: 100.5}</c>.</summary>
    private static string Record(string sql, RecordModel record, SqlDialect dialect, PackageModel package, int depth)
    {
        var fields = record.Fields.Select(f => $"{SqlTypes.Quote(f.Name + ": ")} || " +
            Text(dialect == SqlDialect.Postgres ? $"({sql}).{SqlTypes.Identifier(f.Name)}" : $"struct_extract({sql}, {SqlTypes.Quote(f.Name)})", f.Type, dialect, package, depth));
        var text = $"'{{' || {string.Join(" || ', ' || ", fields)} || '}}'";
        return $"CASE WHEN {sql} IS NULL THEN 'none' ELSE {text} END";
    }

    /// <summary>The value as text with exactly 10 decimals.</summary>
    private static string Fixed(string sql, SqlDialect dialect) => $"CAST(CAST({sql} AS {SqlTypes.Decimal(dialect)}) AS VARCHAR)";

    /// <summary>No trailing zeros, no trailing point (25000.0000000000 → 25000).</summary>
    private static string Number(string s) => $"(CASE WHEN strpos({s}, '.') > 0 THEN rtrim(rtrim({s}, '0'), '.') ELSE {s} END)";
}
