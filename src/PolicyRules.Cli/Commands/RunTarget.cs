using PolicyRules.Bulk;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// Where <c>run</c> writes: the file <c>--output</c> names and the errors file beside it, or, for <c>--output -</c>, two
/// files in a temporary folder that are copied when the run completes, the results (CSV, whatever the engine) to
/// standard output and the error rows to standard error. A run that stops thus writes nothing to standard output, as it
/// puts no file in place; standard output holds the results CSV and nothing else (every other line goes to standard
/// error, as it always does).
/// </summary>
internal sealed class RunTarget : IDisposable
{
    private readonly string? _folder;

    private RunTarget(string output, string errors, string? folder)
    {
        Output = output;
        Errors = errors;
        _folder = folder;
    }

    /// <summary>The results file the engine writes.</summary>
    public string Output { get; }

    /// <summary>The errors file the engine writes.</summary>
    public string Errors { get; }

    public bool IsStandardOutput => _folder is not null;

    public static RunTarget Files(string output, string errors) => new(output, errors, null);

    public static RunTarget StandardOutput()
    {
        var folder = Path.Combine(Path.GetTempPath(), "policyrules-run-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        // A name ending in .csv: both engines then name the errors file results.errors.csv, and DuckDB writes CSV.
        var output = Path.Combine(folder, "results.csv");
        return new(output, RunCommand.ErrorsPath(output), folder);
    }

    /// <summary>The closing line of a run whose counts reconcile, naming where the results and the error rows are.</summary>
    public Msg Reconciled(BulkRunCounts counts, Msg? blank) =>
        IsStandardOutput
            ? RunCommand.Counts("run.reconciled_stdout", counts, blank)
            : RunCommand.Counts("run.reconciled", counts, blank, ("output", Output), ("errors", Errors));

    /// <summary>The line saying the run stopped at <paramref name="line"/> of <paramref name="input"/> and wrote nothing.</summary>
    public Msg StoppedAt(long line, string input) =>
        IsStandardOutput
            ? Msg.Of("run.stopped_at_line_stdout", ("line", line), ("input", input))
            : Msg.Of("run.stopped_at_line", ("line", line), ("input", input), ("output", Output), ("errors", Errors));

    /// <summary>
    /// For <c>--output -</c>, once the files are in place: the results to standard output (as bytes when the console's
    /// stream is at hand, so that they are the file's bytes), then the error rows, when there are any, to standard error.
    /// </summary>
    public void Publish(long errorRows, CliStreams io)
    {
        if (!IsStandardOutput) return;
        if (io.OutBytes is { } bytes)
        {
            io.Out.Flush();
            using (var results = File.OpenRead(Output)) results.CopyTo(bytes);
            bytes.Flush();
        }
        else Copy(Output, io.Out);
        if (errorRows > 0) Copy(Errors, io.Error);
    }

    private static void Copy(string file, TextWriter to)
    {
        using var reader = new StreamReader(file, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        var buffer = new char[1 << 16];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0) to.Write(buffer, 0, read);
        to.Flush();
    }

    public void Dispose()
    {
        if (_folder is null) return;
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
