using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the tests: initdb into a temporary folder, a server on a free local port with its
/// socket in that folder, stopped and deleted at the end. initdb refuses to run as root, so as root (CI) the cluster
/// belongs to the unprivileged <c>postgres</c> user and its commands run through <c>runuser</c>. Missing server binaries
/// fail the tests with the command that installs them; they never skip.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly string? _runAs;
    private readonly int _port;

    static PostgresCluster()
    {
        // Npgsql otherwise writes DateOnly.MinValue/MaxValue (0001-01-01, 9999-12-31) as -infinity/infinity.
        AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
    }

    public PostgresCluster()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or on PATH. " +
            "Install them with `sudo bash .ci/install-postgres.sh` (apt-get install postgresql); .ci/run does this on CI.");
        _runAs = Environment.UserName == "root" || geteuid() == 0 ? "postgres" : null;
        _folder = Path.Combine(Path.GetTempPath(), "policyrules-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        if (_runAs is not null) Run("chown", ["-R", _runAs, _folder], asUser: false);
        var data = Path.Combine(_folder, "data");
        Run(Path.Combine(_bin, "initdb"), ["-D", data, "-A", "trust", "-U", "policyrules", "-E", "UTF8", "--no-locale"]);
        _port = FreePort();
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off", "start"]);
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = _folder, Port = _port, Username = "policyrules", Database = "postgres", Pooling = false, CommandTimeout = 300,
        }.ConnectionString;
    }

    public string ConnectionString { get; }

    public NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        try { Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]); }
        catch (InvalidOperationException) { /* already stopped; the folder is removed below */ }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? FindBinaries()
    {
        if (Directory.Exists("/usr/lib/postgresql"))
            foreach (var dir in Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal))
                if (File.Exists(Path.Combine(dir, "bin", "initdb"))) return Path.Combine(dir, "bin");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        return null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private void Run(string file, string[] args, bool asUser = true)
    {
        var start = new ProcessStartInfo(asUser && _runAs is not null ? "runuser" : file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        if (asUser && _runAs is not null) { start.ArgumentList.Add("-u"); start.ArgumentList.Add(_runAs); start.ArgumentList.Add("--"); start.ArgumentList.Add(file); }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new InvalidOperationException($"{file} did not finish in 120 s"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}{stdout.Result}");
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
