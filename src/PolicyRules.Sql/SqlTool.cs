using PolicyRules.Evaluation;

namespace PolicyRules.Sql;

/// <summary>
/// What <c>policyrules sql</c> does, apart from reading its command line: the CLI parses the options, loads the package
/// and calls one of these. Exit codes as the CLI's: 0 success, 1 a module that is unknown or cannot be written as SQL.
/// </summary>
public static class SqlTool
{
    /// <summary>Prints the statement for one module (<c>policyrules sql --module …</c>).</summary>
    public static int Statement(RulePackage package, string moduleName, SqlDialect dialect, string table, DateOnly? at, TextWriter output, TextWriter error)
    {
        var module = package.FindModule(moduleName);
        if (module is null)
        {
            error.WriteLine(ResultJson.WriteError(package.Evaluate(moduleName, default, new Dictionary<string, object?>()).Error!));
            return 1;
        }
        try
        {
            output.WriteLine(SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, table, at)) + ";");
            return 0;
        }
        catch (SqlRefusedException e)
        {
            error.WriteLine($"sql: {e.Message}");
            return 1;
        }
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
