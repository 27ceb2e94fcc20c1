using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PolicyRules.Tests.Hardening;

/// <summary>
/// Issue #10 item 5: a run killed mid-way leaves nothing at its output path — the output is a temporary file beside
/// it until the run completes. The run is a child process (the CLI beside the test assembly) over 2,000,000 generated
/// rows, killed once its temporary file has grown; well under a minute on two cores.
/// </summary>
public class AtomicOutputTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigTerm = 15;

    private static readonly Lazy<string> Rows = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-atomic").FullName;
        var path = Path.Combine(dir, "parcels.csv");
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("parcel_id,grade,area_m2\n");
        for (var k = 0; k < 2_000_000; k++)
        {
            w.Write('P'); w.Write(k); w.Write(','); w.Write(k % 5 + 1); w.Write(','); w.Write(k % 1000); w.Write('\n');
        }
        return path;
    });

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public void A_run_killed_mid_way_leaves_no_file_at_its_output_path(string signal)
    {
        if (OperatingSystem.IsWindows()) return;   // POSIX signals
        var dir = Directory.CreateTempSubdirectory("policyrules-atomic-out").FullName;
        var output = Path.Combine(dir, "tax.csv");
        var cli = Path.Combine(AppContext.BaseDirectory, "PolicyRules.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { cli, "run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--input", Rows.Value,
                     "--output", output, "--at", "2017-09-01", "--threads", "1" })
            start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();

        // Wait until the run is writing: its temporary file beside the output has grown past 1 MB.
        var watch = Stopwatch.StartNew();
        string? temp = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(50) && !child.HasExited)
        {
            temp = Directory.GetFiles(dir, ".tax.csv.policyrules-*.tmp").FirstOrDefault();
            if (temp is not null && new FileInfo(temp).Length > 1 << 20) break;
            Thread.Sleep(20);
        }
        Assert.False(child.HasExited, "the run ended before it could be killed");
        Assert.NotNull(temp);
        Assert.False(File.Exists(output));

        if (signal == "SIGKILL") child.Kill();
        else Assert.Equal(0, kill(child.Id, SigTerm));
        Assert.True(child.WaitForExit(30_000));

        Assert.False(File.Exists(output), "a killed run left a file at its output path");
        Assert.False(File.Exists(Path.Combine(dir, "tax.errors.csv")));
        // SIGTERM lets the process remove its temporary files; after SIGKILL nothing can, and they stay hidden,
        // named with the dead process's id, until the next write to the same target removes them.
        if (signal == "SIGTERM") Assert.Empty(Directory.GetFiles(dir, "*", SearchOption.AllDirectories));
        else
        {
            Assert.Equal($".tax.csv.policyrules-{child.Id}.", Path.GetFileName(temp)![..$".tax.csv.policyrules-{child.Id}.".Length]);
            Assert.True(File.Exists(temp));
            var small = Path.Combine(dir, "small.csv");
            File.WriteAllText(small, "parcel_id,grade,area_m2\nP1,1,100\n");
            var (exit, _, err) = PolicyRules.Tests.Cli.CliRunner.Run("", "run", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel",
                "--input", small, "--output", output, "--at", "2017-09-01");
            Assert.True(exit == 0, err);
            Assert.False(File.Exists(temp), "the killed run's temporary file is still there");
            Assert.Empty(Directory.GetFiles(dir, ".tax.csv.*"));
            Assert.Contains("P1,1,100,25,2500", File.ReadAllText(output));   // 一级地段 25 元/m² (107号 §二)
        }
    }

    [Fact]
    public void A_write_removes_the_temporary_files_of_ended_processes_and_keeps_those_of_running_ones()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-atomic-stale").FullName;
        var target = Path.Combine(dir, "out.txt");
        using var ended = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        ended.WaitForExit();
        var stale = Path.Combine(dir, $".out.txt.policyrules-{ended.Id}.0badf00d.tmp");
        var running = Path.Combine(dir, $".out.txt.policyrules-{Environment.ProcessId}.1234abcd.tmp");   // this process: a write under way
        var other = Path.Combine(dir, $".other.txt.policyrules-{ended.Id}.0badf00d.tmp");                // another target's
        foreach (var f in new[] { stale, running, other }) File.WriteAllText(f, "partial");

        PolicyRules.Files.AtomicFile.WriteAllText(target, "whole");

        Assert.Equal("whole", File.ReadAllText(target));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(running));
        Assert.True(File.Exists(other));
    }
}
