using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Emit;

namespace PolicyRules.Sql;

/// <summary>The SQL back end: a module of a rule package as one SQL statement, read from the lowered core.</summary>
public static class SqlEmitter
{
    /// <summary>The statement for <paramref name="module"/>. Throws <see cref="SqlRefusedException"/> when the module uses
    /// something SQL cannot express exactly.</summary>
    public static string Module(RulePackage package, ModuleModel module, SqlStatementOptions options) =>
        new ModuleEmitter(package, module, options).Emit();

    /// <summary>Why <paramref name="module"/> cannot be written as SQL, or null when it can.</summary>
    public static string? WhyNot(RulePackage package, ModuleModel module)
    {
        try
        {
            Module(package, module, new SqlStatementOptions(SqlDialect.Postgres, "t", null));
            Module(package, module, new SqlStatementOptions(SqlDialect.DuckDb, "t", null));
            return null;
        }
        catch (SqlRefusedException e) { return e.Message; }
    }

    /// <summary>Why <paramref name="module"/> cannot be written in <paramref name="dialect"/> (the refusal, to be shown in any
    /// language), or null when it can.</summary>
    public static Msg? WhyNot(RulePackage package, ModuleModel module, SqlDialect dialect)
    {
        try
        {
            Module(package, module, new SqlStatementOptions(dialect, "t", null));
            return null;
        }
        catch (SqlRefusedException e) { return e.Text; }
    }

    /// <summary>
    /// The types the statement for <paramref name="module"/> needs created first: in PostgreSQL a composite type for each
    /// record its inputs hold (<c>CREATE TYPE parcel AS (…);</c>, one a line); empty in DuckDB, whose STRUCT needs none.
    /// </summary>
    public static string Types(RulePackage package, ModuleModel module, SqlDialect dialect) =>
        dialect == SqlDialect.DuckDb ? "" : string.Concat(ModuleEmitter.Records(package.Model, module).Select(r => SqlTypes.CompositeType(r) + "\n"));

    /// <summary>The script that creates the calendar table the working-day functions read, its comments in <paramref name="language"/>.</summary>
    public static string Calendar(RulePackage package, SqlDialect dialect, Lang language = Lang.En) => CalendarSql.Script(package, dialect, language);
}
