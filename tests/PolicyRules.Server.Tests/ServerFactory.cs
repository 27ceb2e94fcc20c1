using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using PolicyRules.Server;
using PolicyRules.Server.Hosting;

namespace PolicyRules.Server.Tests;

/// <summary>
/// The service on the test server, built the one way <c>policyrules serve</c> builds it. The factory's type argument
/// names the application's entry assembly: the <c>policyrules</c> tool, whose <c>serve</c> command runs the service.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public ServerFactory() : this(new ServeOptions(TestPaths.Package)) { }

    internal ServerFactory(ServeOptions options)
    {
        Options = options;
        Package = PackageHost.Load(options.RulesDirectory, options.Reform, options.WatchDelay, out var errors)
            ?? throw new InvalidOperationException("the package has errors: " + string.Join("\n", errors));
        if (options.Watch) Package.StartWatching();
    }

    internal ServeOptions Options { get; }
    internal PackageHost Package { get; }

    protected override IHostBuilder CreateHostBuilder() => ServeApp.CreateHostBuilder(Options, Package);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Package.Dispose();
    }
}

public static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();
    public static string Package => Path.Combine(RepoRoot, "rules", "handan-2017-04");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRules.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find PolicyRules.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// A copy of the rule files with a reform that does not load (<c>reforms/broken.reform</c>: its parameter value has no
    /// date, an error on line 7) and <c>scenarios/broken.scenario</c>, whose one scenario names it. The scenario's figures
    /// are never checked: it cannot run.
    /// </summary>
    public static string CopyWithBrokenReform()
    {
        var folder = CopyOfRules();
        Directory.CreateDirectory(Path.Combine(folder, "reforms"));
        File.WriteAllText(Path.Combine(folder, "reforms", "broken.reform"), """
            reform broken "a reform whose parameter has no date" {
              draft broken_draft "TEST-DRAFT-1" {
                title "a test draft"
                issued 2018-10-01
                § 一 "a test section"
              }
              parameter land_tax_rate from = 1 yuan
            }
            """);
        WriteScenarioUnderReform(folder, "broken.scenario", "under a broken reform", "reforms/broken.reform");
        return folder;
    }

    /// <summary>
    /// <c>scenarios/<paramref name="file"/></c> in <paramref name="folder"/>: one land tax scenario named
    /// <paramref name="name"/> under the reform <paramref name="reform"/>, for a reform that does not load, so its figures
    /// are never checked.
    /// </summary>
    public static void WriteScenarioUnderReform(string folder, string file, string name, string reform)
    {
        Directory.CreateDirectory(Path.Combine(folder, "scenarios"));
        File.WriteAllText(Path.Combine(folder, "scenarios", file), $"""
            scenario "{name}"
              module land_use_tax_parcel
              reform {reform}
              at 2019-06-01
              given
                grade = 1
                area_m2 = 1000
              expect
                annual_tax = 25000 元
            """);
    }

    /// <summary>A copy of the rule package's rule files (no scenarios) in a new temporary folder.</summary>
    public static string CopyOfRules()
    {
        var target = Path.Combine(Path.GetTempPath(), "policyrules-serve-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var file in Directory.EnumerateFiles(Package, "*.rules", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Package, file);
            if (rel.StartsWith("bin", StringComparison.Ordinal) || rel.StartsWith("obj", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, rel))!);
            File.Copy(file, Path.Combine(target, rel));
        }
        return target;
    }
}
