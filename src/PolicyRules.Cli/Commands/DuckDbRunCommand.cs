using PolicyRules.Bulk;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql;
using PolicyRules.Sql.DuckDb;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules run --engine duckdb</c>: the module as SQL on embedded DuckDB (<see cref="DuckDbRun"/>, project PolicyRules.Sql).</summary>
internal static class DuckDbRunCommand
{
    public static int Run(RulePackage package, ModuleModel module, DuckDbRunOptions options, RunTarget target, CliStreams io, Lang lang)
    {
        var error = io.Error;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        DuckDbRunCounts counts;
        try { counts = DuckDbRun.Run(package, module, options, error); }
        catch (SqlRefusedException e)
        {
            error.WriteLine(Msg.Of("run.duckdb_refused", ("reason", e.Text)).Render(lang));
            return 1;
        }
        catch (DuckDbRunException e)
        {
            foreach (var line in e.Lines) error.WriteLine(Msg.Of("cli.command_message", ("command", "run"), ("message", line)).Render(lang));
            return 1;
        }
        catch (CsvFormatException e)
        {
            // Where the compiled engine stops (RunCommand), with its words: the pass over the file before DuckDB reads it found it.
            error.WriteLine(Msg.Of("cli.command_message", ("command", "run"), ("message", e.Text)).Render(lang));
            error.WriteLine(target.StoppedAt(e.Line, options.Input).Render(lang));
            return 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(Msg.Of("run.stopped_by_signal").Render(lang));
            return 1;
        }
        // Some allocations fail with DuckDB's "Out of Memory Error" under another error type (a limit of a few kB).
        catch (DuckDB.NET.Data.DuckDBException e) when (e.ErrorType == DuckDB.NET.Native.DuckDBErrorType.OutOfMemory
            || e.Message.StartsWith("Out of Memory Error", StringComparison.Ordinal))
        {
            error.WriteLine((options.MemoryLimit is { } limit ? Msg.Of("run.duckdb_out_of_memory", ("limit", limit)) : Msg.Of("run.duckdb_out_of_memory_default")).Render(lang));
            return 1;
        }
        catch (DuckDB.NET.Data.DuckDBException e)
        {
            // Not one a user's files or options are known to cause (those are said above or in DuckDbRun): said in our words,
            // DuckDB's own first line kept beside it for a report, its SQL context (our statement, not the user's) left out.
            error.WriteLine(Msg.Of("run.duckdb_failed").Render(lang));
            error.WriteLine(Msg.Of("run.duckdb_said", ("reason", FirstLine(e.Message))).Render(lang));
            return 1;
        }
        var blank = counts.BlankLines > 0 ? Msg.Of("run.blank_lines", ("count", counts.BlankLines)) : null;
        if (!counts.Reconciled)
        {
            error.WriteLine(RunCommand.Counts("run.not_reconciled", new(counts.RowsIn, counts.RowsOut, counts.ErrorRows), blank).Render(lang));
            return 1;
        }
        target.Publish(counts.ErrorRows, io);
        error.WriteLine(target.Reconciled(new(counts.RowsIn, counts.RowsOut, counts.ErrorRows), blank).Render(lang));
        return 0;
    }

    /// <summary>The first line of DuckDB's message (the error; the lines after it show the SQL it was running).</summary>
    internal static string FirstLine(string message) => message.Split('\n')[0].TrimEnd('\r');
}
