namespace PolicyRules.Sql;

/// <summary>The SQL dialects the back end writes. <see cref="Postgres"/> is PostgreSQL's, which its distributed and
/// domestic derivatives also speak.</summary>
public enum SqlDialect
{
    /// <summary>DuckDB, embedded (<c>run --engine duckdb</c>) or standalone.</summary>
    DuckDb,
    /// <summary>PostgreSQL and the databases that speak its dialect.</summary>
    Postgres,
}

/// <summary>The dialects' names as the command line writes them.</summary>
public static class SqlDialects
{
    /// <summary>The dialect named <c>duckdb</c>, <c>postgres</c> or <c>postgresql</c>; any other name is an <see cref="ArgumentException"/>.</summary>
    public static SqlDialect Parse(string text) => text switch
    {
        "duckdb" => SqlDialect.DuckDb,
        "postgres" or "postgresql" => SqlDialect.Postgres,
        _ => throw new ArgumentException($"the dialect must be 'duckdb' or 'postgres', got '{text}'"),
    };

    /// <summary>The dialect's command-line name: <c>duckdb</c> or <c>postgres</c>.</summary>
    public static string Name(this SqlDialect dialect) => dialect == SqlDialect.DuckDb ? "duckdb" : "postgres";
}
