using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Emit;

/// <summary>Values as text, exactly as <c>ValueText.Format</c> writes them (for messages and CSV output).</summary>
internal static class SqlFormat
{
    /// <summary>A text expression for the value <paramref name="sql"/> of type <paramref name="type"/>; none is <c>none</c>.</summary>
    public static string Text(string sql, RuleType type, SqlDialect dialect)
    {
        var text = type.Kind switch
        {
            TypeKind.Int or TypeKind.Date => $"CAST({sql} AS VARCHAR)",
            TypeKind.Decimal or TypeKind.Money => Number($"CAST({sql} AS VARCHAR)"),
            // A rate is written as a percent: 0.079 → 7.9%.
            TypeKind.Rate => Number($"CAST({sql} * 100 AS VARCHAR)") + " || '%'",
            TypeKind.Bool => $"CASE WHEN {sql} THEN 'true' ELSE 'false' END",
            _ => sql,
        };
        _ = dialect;
        return type.Optional ? $"COALESCE({text}, 'none')" : text;
    }

    /// <summary>No trailing zeros, no trailing point (25000.0000000000 → 25000).</summary>
    private static string Number(string s) => $"(CASE WHEN strpos({s}, '.') > 0 THEN rtrim(rtrim({s}, '0'), '.') ELSE {s} END)";
}
