using System.Text.RegularExpressions;
using PolicyRules.Language.Messages;
using PolicyRules.Sql;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules sql --rules DIR --module ID --dialect duckdb|postgres --table NAME [--at DATE]</c>: the module as one SQL
/// statement; <c>--types</c> instead prints the PostgreSQL composite types it needs (to standard output, like the
/// statement and the calendar, so the three are redirected or piped the same way); <c>--calendar</c> prints the
/// working-day calendar table; <c>--list</c> says which modules compile, in each dialect or the one named.
/// The work is done by <see cref="SqlTool"/> (project PolicyRules.Sql). <c>--lang</c> (else the locale, as every command)
/// sets the language of its messages and of the error messages the statement writes into its rows; the rest of the SQL,
/// its comments included, is the same in every language.
/// </summary>
internal sealed partial class SqlCommand : CliCommand
{
    public override string Name => "sql";
    public override Msg Description => Msg.Of("help.sql");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", Msg.Of("help.rules_folder"), Required: true),
        new("module", "id", Msg.Of("help.sql_module")) { Suggest = Completion.Modules },
        new("dialect", "duckdb|postgres", Msg.Of("help.sql_dialect"), Completions: ["duckdb", "postgres"]),
        new("table", "name", Msg.Of("help.sql_table")),
        new("at", "date", Msg.Of("help.sql_at")),
        new("calendar", null, Msg.Of("help.sql_calendar")),
        new("types", null, Msg.Of("help.sql_types")),
        new("list", null, Msg.Of("help.sql_list")),
        CliLang.Option,
    ];

    public override IReadOnlyList<string> Synopsis =>
    [
        "sql --rules <dir> --module <id> --dialect <duckdb|postgres> --table <name> [--at <date>] [--lang zh|en]",
        "sql --rules <dir> --module <id> --types --dialect <duckdb|postgres> [--lang zh|en]",
        "sql --rules <dir> --calendar --dialect <duckdb|postgres> [--lang zh|en]",
        "sql --rules <dir> --list [--dialect <duckdb|postgres>] [--lang zh|en]",
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.Out, io.Error);

    /// <summary>A table name as PostgreSQL and DuckDB read it: up to three dot-separated parts, each plain or in double quotes.</summary>
    [GeneratedRegex("""^(?:[\p{L}_][\p{L}\p{N}_$]*|"(?:[^"\0]|"")+")(?:\.(?:[\p{L}_][\p{L}\p{N}_$]*|"(?:[^"\0]|"")+")){0,2}$""")]
    private static partial Regex TableName();

    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        const string command = "sql";
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        var rules = args.Require("rules", command, lang);
        var list = args.Flag("list");
        var calendar = args.Flag("calendar");
        var types = args.Flag("types");
        // --list without --dialect answers for both dialects.
        var dialectText = args.Get("dialect") ?? (list ? null : throw new UsageException(Msg.Of("sql.dialect_required").Render(lang)));
        SqlDialect? given = null;
        try { if (dialectText is not null) given = SqlDialects.Parse(dialectText); }
        catch (ArgumentException) { throw new UsageException(Msg.Of("sql.bad_dialect", ("value", dialectText)).Render(lang)); }
        string? module = null, table = null;
        if (!list && !calendar)
        {
            module = args.Require("module", command, lang);
            if (!types) table = args.Require("table", command, lang);
            // The name is written into the statement as given: anything but a (qualified, possibly quoted) name would
            // make a statement that fails, or does something else, in the database.
            if (table is not null && !TableName().IsMatch(table)) throw new UsageException(Msg.Of("sql.bad_table", ("value", table)).Render(lang));
        }
        var at = args.Date("at", command, lang);
        var package = PackageLoader.Load(rules, command, error, lang);
        if (package is null) return 1;
        if (module is not null && package.FindModule(module) is null)
        {
            // Said as every other refusal of sql is (sql writes SQL, not JSON), with the nearest module's name.
            error.WriteLine(Msg.Of("cli.problem", ("command", command), ("problem", package.Evaluate(module, default, new Dictionary<string, object?>()).Error!.MessageIn(lang))).Render(lang));
            return 1;
        }
        if (list) return SqlTool.List(package, given, output, lang);
        var dialect = given!.Value;
        if (calendar) return SqlTool.Calendar(package, dialect, output, lang);
        if (types) return SqlTool.Types(package, module!, dialect, output, error, lang);
        return SqlTool.Statement(package, module!, dialect, table!, at, output, error, lang);
    }
}
