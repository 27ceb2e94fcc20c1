using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Sql;

/// <summary>
/// What <c>policyrules sql</c> does, apart from reading its command line: the CLI parses the options, loads the package
/// and calls one of these. Exit codes as the CLI's: 0 success, 1 a module that is unknown or cannot be written as SQL.
/// </summary>
public static class SqlTool
{
    /// <summary>
    /// Prints the statement for one module (<c>policyrules sql --module …</c>), the error messages it writes into its rows
    /// in <paramref name="language"/> (<c>--lang</c>).
    /// </summary>
    public static int Statement(RulePackage package, string moduleName, SqlDialect dialect, string table, DateOnly? at, TextWriter output, TextWriter error, Lang language)
    {
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).In(language).Error!));
            return 1;
        }
        try
        {
            output.WriteLine(SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, table, at) { Language = language }) + ";");
            return 0;
        }
        catch (SqlRefusedException e)
        {
            error.WriteLine(Refused(e, language));
            return 1;
        }
    }

    /// <summary>
    /// Prints the statements that create the types the module's statement needs (<c>policyrules sql --types</c>): in
    /// PostgreSQL a <c>CREATE TYPE policyrules_&lt;record&gt; AS (…);</c> for each record its inputs hold; otherwise, and for a
    /// module without records, a comment saying there is nothing to create (in <paramref name="language"/>), so the output
    /// can always be run. A module that cannot be written as SQL is refused as <see cref="Statement"/> refuses it.
    /// </summary>
    public static int Types(RulePackage package, string moduleName, SqlDialect dialect, TextWriter output, TextWriter error, Lang language)
    {
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).In(language).Error!));
            return 1;
        }
        try { SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, "t", null)); }
        catch (SqlRefusedException e)
        {
            error.WriteLine(Refused(e, language));
            return 1;
        }
        var types = SqlEmitter.Types(package, module, dialect);
        output.Write(types.Length > 0 ? types
            : "-- " + Msg.Of(dialect == SqlDialect.DuckDb ? "sql.types_duckdb" : "sql.types_none", ("module", module.Name)).Render(language) + "\n");
        return 0;
    }

    /// <summary>Prints the calendar table script (<c>policyrules sql --calendar</c>), its comments in <paramref name="language"/>.</summary>
    public static int Calendar(RulePackage package, SqlDialect dialect, TextWriter output, Lang language)
    {
        output.Write(SqlEmitter.Calendar(package, dialect, language));
        return 0;
    }

    /// <summary>
    /// Lists every module: whether it compiles to SQL, and why not (<c>policyrules sql --list</c>), in
    /// <paramref name="language"/>. With a <paramref name="dialect"/>, for that dialect; without one, for both: one answer
    /// when they agree (<c>m: sql</c>), else each dialect's (<c>m: duckdb refused — …; postgres sql</c>).
    /// </summary>
    public static int List(RulePackage package, SqlDialect? dialect, TextWriter output, Lang language)
    {
        foreach (var module in package.Model.Modules)
        {
            if (dialect is { } one)
            {
                output.WriteLine(Answer(module.Name, SqlEmitter.WhyNot(package, module, one)).Render(language));
                continue;
            }
            output.WriteLine(BothDialects(module.Name, SqlEmitter.WhyNot(package, module, SqlDialect.DuckDb), SqlEmitter.WhyNot(package, module, SqlDialect.Postgres))
                .Render(language));
        }
        return 0;
    }

    /// <summary>A module's line of the list for both dialects: one answer when both compile, or both refuse in the same
    /// words; else each dialect's.</summary>
    internal static Msg BothDialects(string module, Msg? duckDb, Msg? postgres) =>
        duckDb?.Render(Lang.En) == postgres?.Render(Lang.En)
            ? Answer(module, duckDb)
            : Msg.Of("sql.list_dialects", ("module", module), ("first", DialectAnswer(SqlDialect.DuckDb, duckDb)), ("second", DialectAnswer(SqlDialect.Postgres, postgres)));

    private static Msg Answer(string module, Msg? whyNot) =>
        whyNot is null ? Msg.Of("sql.list_compiles", ("module", module)) : Msg.Of("sql.list_refused", ("module", module), ("reason", whyNot));

    private static Msg DialectAnswer(SqlDialect dialect, Msg? whyNot) =>
        whyNot is null ? Msg.Of("sql.list_dialect_compiles", ("dialect", dialect.Name())) : Msg.Of("sql.list_dialect_refused", ("dialect", dialect.Name()), ("reason", whyNot));

    /// <summary>The refusal as the command says it: <c>sql: module 'm' cannot be written as SQL: …</c>.</summary>
    private static string Refused(SqlRefusedException e, Lang language) =>
        Msg.Of("cli.command_message", ("command", "sql"), ("message", e.Text)).Render(language);
}
