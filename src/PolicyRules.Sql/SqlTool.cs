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
            error.WriteLine($"sql: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Prints the statements that create the types the module's statement needs (<c>policyrules sql --types</c>): in
    /// PostgreSQL a <c>CREATE TYPE policyrules_&lt;record&gt; AS (…);</c> for each record its inputs hold; otherwise, and for a
    /// module without records, a comment saying there is nothing to create, so the output can always be run. A module
    /// that cannot be written as SQL is refused as <see cref="Statement"/> refuses it.
    /// </summary>
    public static int Types(RulePackage package, string moduleName, SqlDialect dialect, TextWriter output, TextWriter error)
    {
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).Error!));
            return 1;
        }
        try { SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, "t", null)); }
        catch (SqlRefusedException e)
        {
            error.WriteLine($"sql: {e.Message}");
            return 1;
        }
        var types = SqlEmitter.Types(package, module, dialect);
        output.Write(types.Length > 0 ? types
            : dialect == SqlDialect.DuckDb ? $"-- module {module.Name}: DuckDB needs no type created (a record is a STRUCT column)\n"
            : $"-- module {module.Name} reads no record: no type to create\n");
        return 0;
    }

    /// <summary>Prints the calendar table script (<c>policyrules sql --calendar</c>).</summary>
    public static int Calendar(RulePackage package, SqlDialect dialect, TextWriter output)
    {
        output.Write(SqlEmitter.Calendar(package, dialect));
        return 0;
    }

    /// <summary>Lists every module: whether it compiles to SQL, and why not (<c>policyrules sql --list</c>).</summary>
    public static int List(RulePackage package, TextWriter output)
    {
        foreach (var module in package.Model.Modules)
        {
            var why = SqlEmitter.WhyNot(package, module);
            output.WriteLine(why is null ? $"{module.Name}: sql" : $"{module.Name}: refused — {why}");
        }
        return 0;
    }
}
