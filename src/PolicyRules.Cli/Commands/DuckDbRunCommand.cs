using PolicyRules.Language.Model;
using PolicyRules.Sql;
using PolicyRules.Sql.DuckDb;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules run --engine duckdb</c>: the module as SQL on embedded DuckDB (<see cref="DuckDbRun"/>, project PolicyRules.Sql).</summary>
internal static class DuckDbRunCommand
{
    public static int Run(RulePackage package, ModuleModel module, DuckDbRunOptions options, TextWriter error)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        DuckDbRunCounts counts;
        try { counts = DuckDbRun.Run(package, module, options, error); }
        catch (SqlRefusedException e)
        {
            error.WriteLine($"run: --engine duckdb: {e.Message}; use the compiled engine (the default) instead");
            return 1;
        }
        catch (DuckDbRunException e)
        {
            error.WriteLine($"run: {e.Message}");
            return 1;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            error.WriteLine($"run: DuckDB could not read or write the files: {e.Message}");
            return 1;
        }
        var errorsPath = DuckDbRun.ErrorsPath(options.Output);
        error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows} ({(counts.Reconciled ? "reconciled: in = out + errors" : "NOT RECONCILED")}); results in {options.Output}, errors in {errorsPath}");
        return counts.Reconciled ? 0 : 1;
    }
}
