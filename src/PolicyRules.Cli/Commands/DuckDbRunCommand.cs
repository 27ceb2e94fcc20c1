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
            foreach (var line in e.Lines) error.WriteLine($"run: {line}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("run: stopped by a signal before the outputs were in place; nothing was written");
            return 1;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            error.WriteLine($"run: DuckDB could not read or write the files: {e.Message}");
            return 1;
        }
        var errorsPath = DuckDbRun.ErrorsPath(options.Output);
        if (!counts.Reconciled)
        {
            error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows} (NOT RECONCILED); nothing was written");
            return 1;
        }
        error.WriteLine($"run: rows in {counts.RowsIn}, rows out {counts.RowsOut}, error rows {counts.ErrorRows} (reconciled: in = out + errors); results in {options.Output}, errors in {errorsPath}");
        return 0;
    }
}
