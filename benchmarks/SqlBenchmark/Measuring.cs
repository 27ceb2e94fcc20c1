using System.Globalization;
using Npgsql;

/// <summary>
/// What the SQL benchmarks (Program's land tax, <see cref="StaffingBenchmark"/>) share: the machine's load, a process's CPU
/// time, and a PostgreSQL session set up so that one backend process does a statement's work and its CPU can be read.
/// </summary>
internal static class Measuring
{
    /// <summary>The load average of the last minute.</summary>
    public static string Load() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>utime + stime of a process, in seconds (the kernel's clock ticks are 1/100 s).</summary>
    public static double ProcessCpu(int pid) => File.ReadAllText($"/proc/{pid}/stat").Split(')')[1]
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[11..13].Sum(t => double.Parse(t, CultureInfo.InvariantCulture)) / 100;

    /// <summary>
    /// An open connection with no parallel workers (so statements compare on the same footing and one backend process does
    /// all the work) and that process's id, whose CPU time (<see cref="ProcessCpu"/>, when the server runs on this machine)
    /// is a statement's.
    /// </summary>
    public static NpgsqlConnection OpenPostgres(string connectionString, out int backendPid)
    {
        AppContext.SetSwitch("Npgsql.DisableDateTimeInfinityConversions", true);
        var c = new NpgsqlConnection(connectionString);
        c.Open();
        Exec(c, "SET max_parallel_workers_per_gather = 0");
        using var pid = new NpgsqlCommand("SELECT pg_backend_pid()", c);
        backendPid = Convert.ToInt32(pid.ExecuteScalar(), CultureInfo.InvariantCulture);
        return c;
    }

    /// <summary>Runs a statement, with an hour's timeout.</summary>
    public static void Exec(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c) { CommandTimeout = 3600 };
        cmd.ExecuteNonQuery();
    }

    /// <summary>Copies a CSV file with a header into <paramref name="table"/> (COPY … FROM STDIN).</summary>
    public static void CopyCsv(NpgsqlConnection c, string table, string path)
    {
        using var copy = c.BeginTextImport($"COPY {table} FROM STDIN (FORMAT CSV, HEADER true)");
        using var r = new StreamReader(path);
        var buffer = new char[1 << 16];
        for (int n; (n = r.Read(buffer, 0, buffer.Length)) > 0;) copy.Write(buffer, 0, n);
    }
}
