using PolicyRules.Language;
using PolicyRules.Files;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;

namespace PolicyRules.Server.Hosting;

/// <summary>One loaded package: the rules, their scenarios (for the module pages), the reforms named by scenarios that did
/// not load, and when they were loaded.</summary>
internal sealed record PackageSnapshot(RulePackage Package, ScenarioCompilation Scenarios, IReadOnlyList<ReformLoadError> ReformErrors,
    DateTimeOffset LoadedAt, int Version)
{
    /// <summary>Whether the reform named <paramref name="reform"/> (as scenarios write it) failed to load.</summary>
    public bool ReformFailed(string reform) => ReformErrors.Any(e => e.Reform == reform);
}

/// <summary>A reform named by scenarios of <paramref name="File"/> that did not load: the file is missing
/// (<paramref name="Missing"/>) or has errors (<paramref name="Errors"/>, located). <paramref name="Modules"/> are the
/// modules those scenarios test (by name, in order of first mention), whose pages mark them as not run.</summary>
internal sealed record ReformLoadError(string File, string Reform, Msg? Missing, IReadOnlyList<Diagnostic> Errors, IReadOnlyList<string> Modules);

/// <summary>Where a file of the package is, as the service shows it: relative to the package folder, never the server's own path.</summary>
internal static class PackagePaths
{
    public static string Relative(string directory, string file)
    {
        var full = Path.GetFullPath(file);
        var root = Path.GetFullPath(directory);
        return full.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, full).Replace('\\', '/') : Path.GetFileName(file);
    }

    public static string Location(string directory, TextSpan span) =>
        $"{Relative(directory, span.File)}({span.Line},{span.Column})";
}

/// <summary>
/// The package the service answers from. With <c>--watch</c> it reloads on every change of a <c>.rules</c> or
/// <c>.scenario</c> file; a reload with errors keeps the last good package serving and keeps its diagnostics to show.
/// </summary>
internal sealed class PackageHost : IDisposable
{
    private readonly string _directory;
    private readonly string? _reform;
    private readonly TimeSpan _delay;
    private readonly object _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private volatile PackageSnapshot _current;
    private volatile IReadOnlyList<Diagnostic> _failed = [];
    private DateTimeOffset? _failedAt;

    private PackageHost(string directory, string? reform, PackageSnapshot first, TimeSpan delay)
    {
        _directory = directory;
        _reform = reform;
        _current = first;
        _delay = delay;
    }

    public PackageSnapshot Current => _current;
    /// <summary>The errors of the latest reload when it failed (the last good package is still serving); empty otherwise.</summary>
    public IReadOnlyList<Diagnostic> FailedDiagnostics => _failed;
    public DateTimeOffset? FailedAt => _failedAt;
    public bool Watching => _watcher is not null;
    public string Directory => _directory;

    /// <summary>Loads the package; returns null with the diagnostics when the first load has errors (nothing to serve yet).</summary>
    public static PackageHost? Load(string directory, TimeSpan watchDelay, out IReadOnlyList<Diagnostic> errors) => Load(directory, null, watchDelay, out errors);

    /// <summary>As <see cref="Load(string, TimeSpan, out IReadOnlyList{Diagnostic})"/>, with the reform file <paramref name="reform"/>
    /// applied to the package on every load (none when null).</summary>
    public static PackageHost? Load(string directory, string? reform, TimeSpan watchDelay, out IReadOnlyList<Diagnostic> errors)
    {
        var snapshot = Compile(directory, reform, 1, out errors);
        return snapshot is null ? null : new PackageHost(directory, reform, snapshot, watchDelay);
    }

    public void StartWatching()
    {
        if (_watcher is not null) return;
        _timer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(_directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        FileSystemEventHandler changed = (_, e) => OnChange(e.FullPath);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, e) => { OnChange(e.FullPath); OnChange(e.OldFullPath); };
        _watcher.EnableRaisingEvents = true;
    }

    private void OnChange(string path)
    {
        if (!path.EndsWith(".rules", StringComparison.Ordinal) && !path.EndsWith(".scenario", StringComparison.Ordinal)
            && !path.EndsWith(".reform", StringComparison.Ordinal)) return;
        _timer?.Change(_delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Compiles the folder again; on success it serves from then on, on errors the last good package stays.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            try
            {
                var next = Compile(_directory, _reform, _current.Version + 1, out var errors);
                if (next is null)
                {
                    _failed = errors;
                    _failedAt = DateTimeOffset.UtcNow;
                    return;
                }
                _current = next;
                _failed = [];
                _failedAt = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file is being replaced as we read it, or the folder went away; the watcher reports the next change.
                var problem = FileErrors.Describe(e);
                _failed = [new Diagnostic("PR0002", Severity.Error, TextSpan.None(_directory), problem.Render(Lang.En)) { Text = problem }];
                _failedAt = DateTimeOffset.UtcNow;
            }
        }
    }

    private static PackageSnapshot? Compile(string directory, string? reform, int version, out IReadOnlyList<Diagnostic> errors)
    {
        var rules = RuleCompilation.FromDirectory(directory, reform);
        if (rules.HasErrors)
        {
            errors = rules.Diagnostics.Where(d => d.IsError).ToList();
            return null;
        }
        errors = [];
        // As 'policyrules test' loads them: a scenario naming a reform is bound against the package with that reform applied.
        var suite = ScenarioSuite.Load(rules, directory);
        // The suite falls back to the package itself for a scenario whose reform does not load; say so, as 'test' would.
        var reformErrors = new List<ReformLoadError>();
        foreach (var file in suite.Scenarios.Files)
            foreach (var named in file.Scenarios.Select(s => s.Reform).OfType<string>().Distinct(StringComparer.Ordinal))
                if (suite.Reforms.Package(named, out var missing, out var reformDiagnostics) is null)
                    reformErrors.Add(new ReformLoadError(file.Path, named, missing, reformDiagnostics,
                        file.Scenarios.Where(s => s.Reform == named).Select(s => s.Module?.Name).OfType<string>().Distinct(StringComparer.Ordinal).ToList()));
        return new PackageSnapshot(suite.Package, suite.Scenarios, reformErrors, DateTimeOffset.UtcNow, version);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }
}
