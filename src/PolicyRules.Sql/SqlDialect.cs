namespace PolicyRules.Sql;

/// <summary>The SQL dialects the back end writes. <see cref="Postgres"/> is PostgreSQL's, which its distributed and
/// domestic derivatives also speak.</summary>
public enum SqlDialect { DuckDb, Postgres }

public static class SqlDialects
{
    public static SqlDialect Parse(string text) => text switch
    {
        "duckdb" => SqlDialect.DuckDb,
        "postgres" or "postgresql" => SqlDialect.Postgres,
        _ => throw new ArgumentException($"the dialect must be 'duckdb' or 'postgres', got '{text}'"),
    };

    public static string Name(this SqlDialect dialect) => dialect == SqlDialect.DuckDb ? "duckdb" : "postgres";
}
