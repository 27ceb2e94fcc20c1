using System.Runtime.InteropServices;
using System.Text;

namespace PolicyRules.Files;

/// <summary>
/// An output file that appears whole or not at all: it is written to a temporary file beside the target
/// (<c>.NAME.policyrules-PID.RANDOM.tmp</c>, same folder so the rename cannot cross file systems) and renamed over the
/// target by <see cref="Commit"/>. Disposed without a commit (a failure, an exception), or when the process gets
/// SIGTERM or SIGINT, the temporary file is deleted and the target is left as it was. After SIGKILL nothing can run:
/// the target is still untouched, and the temporary file is left behind; the next write to the same target removes
/// such files whose process (the PID in the name) is no longer running.
/// </summary>
internal sealed class AtomicFile : IDisposable
{
    private static readonly HashSet<AtomicFile> Pending = [];
    private static bool _hooked;
    private static bool _stopping;
    private static readonly List<PosixSignalRegistration> Signals = [];

    private readonly string _temp;
    private bool _done;

    private AtomicFile(string target, int bufferSize)
    {
        Target = target;
        var full = Path.GetFullPath(target);
        var folder = Path.GetDirectoryName(full)!;
        var prefix = TempPrefix(Path.GetFileName(full));
        RemoveStale(folder, prefix);
        _temp = Path.Combine(folder, $"{prefix}{Environment.ProcessId}.{Guid.NewGuid().ToString("N")[..8]}.tmp");
        lock (Pending)
        {
            if (_stopping) throw new OperationCanceledException("the process is stopping");
            Hook();
            Pending.Add(this);
        }
        try { Stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize); }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            lock (Pending) Pending.Remove(this);
            throw new FileWriteException(target, e);
        }
    }

    /// <summary>Starts writing <paramref name="target"/> (its folder must exist).</summary>
    public static AtomicFile Create(string target, int bufferSize = 1 << 16) => new(target, bufferSize);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte order mark) to <paramref name="target"/>, atomically.</summary>
    public static void WriteAllText(string target, string text)
    {
        using var file = Create(target);
        var bytes = new UTF8Encoding(false).GetBytes(text);
        file.Stream.Write(bytes);
        file.Commit();
    }

    public string Target { get; }

    /// <summary>The temporary file's stream. Do not dispose it; <see cref="Commit"/> or <see cref="Dispose"/> does.</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes the data to disk and renames the temporary file over the target.</summary>
    public void Commit()
    {
        if (_done) throw new InvalidOperationException("the file is already committed or abandoned");
        try
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            lock (Pending)
            {
                if (_stopping) throw new OperationCanceledException("the process is stopping; the output was not written");
                File.Move(_temp, Target, overwrite: true);
                Pending.Remove(this);
                _done = true;
            }
        }
        catch (Exception e) when (FileErrors.IsFileError(e)) { throw new FileWriteException(Target, e); }
    }

    /// <summary>Abandons the file unless it was committed: the temporary file is deleted, the target untouched.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Stream.Dispose();
        lock (Pending) Pending.Remove(this);
        TryDelete(_temp);
    }

    private static string TempPrefix(string name) => $".{name}.policyrules-";

    /// <summary>
    /// Deletes the temporary files of earlier writes to this target whose process has ended (killed with SIGKILL, or
    /// the machine stopped). A file whose PID is running is kept: it may be another write still under way.
    /// </summary>
    private static void RemoveStale(string folder, string prefix)
    {
        IEnumerable<string> candidates;
        try { candidates = Directory.EnumerateFiles(folder, ".*.tmp").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (var path in candidates)
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = name.AsSpan(prefix.Length);
            var dot = rest.IndexOf('.');
            if (dot <= 0 || !int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            TryDelete(path);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }        // no such process
        catch (InvalidOperationException) { return false; }
    }

    private static void Hook()
    {
        if (_hooked) return;
        _hooked = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => AbandonAll();
        if (OperatingSystem.IsWindows()) return;
        // The handler does not cancel the signal: the process still ends as it would have, minus the partial files.
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT })
            Signals.Add(PosixSignalRegistration.Create(signal, _ => AbandonAll()));
    }

    private static void AbandonAll()
    {
        lock (Pending)
        {
            _stopping = true;
            foreach (var file in Pending) TryDelete(file._temp);
            Pending.Clear();
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
