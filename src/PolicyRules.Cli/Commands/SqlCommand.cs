using PolicyRules.Sql;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules sql --rules DIR --module ID --dialect duckdb|postgres --table NAME [--at DATE]</c>: the module as one SQL
/// statement; <c>--calendar</c> instead prints the working-day calendar table; <c>--list</c> says which modules compile.
/// The work is done by <see cref="SqlTool"/> (project PolicyRules.Sql).
/// </summary>
internal static class SqlCommand
{
    public static readonly string[] Options = ["rules", "module", "dialect", "table", "at"];
    public static readonly string[] Flags = ["calendar", "list"];

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "sql";
        var rules = args.Require("rules", command);
        var list = args.Flag("list");
        var calendar = args.Flag("calendar");
        var dialectText = args.Get("dialect") ?? (list ? "postgres" : throw new UsageException("sql: --dialect is required (duckdb or postgres)"));
        SqlDialect dialect;
        try { dialect = SqlDialects.Parse(dialectText); }
        catch (ArgumentException e) { throw new UsageException($"sql: {e.Message}"); }
        string? module = null, table = null;
        if (!list && !calendar)
        {
            module = args.Require("module", command);
            table = args.Require("table", command);
        }
        var at = args.Date("at", command);
        var package = PackageLoader.Load(rules, error);
        if (package is null) return 1;
        if (list) return SqlTool.List(package, output);
        if (calendar) return SqlTool.Calendar(package, dialect, output);
        return SqlTool.Statement(package, module!, dialect, table!, at, output, error);
    }
}
