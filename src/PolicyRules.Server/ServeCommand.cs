using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyRules.Server.Hosting;

namespace PolicyRules.Server;

/// <summary>
/// <c>policyrules serve</c>: loads the package, serves it until stopped (Ctrl+C, or the <c>stop</c> token of <c>RunAsync</c>), and returns
/// the exit code: 0 after a clean stop, 1 when the package has errors or the address cannot be bound, 2 for a wrong option.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(ServeOptions options, TextWriter output, TextWriter error, CancellationToken stop = default,
        Action<Uri>? started = null)
    {
        if (options.Host != "localhost" && !System.Net.IPAddress.TryParse(options.Host, out _))
        {
            error.WriteLine($"policyrules serve: --host must be an IP address or localhost, got '{options.Host}'");
            return 2;
        }
        if (options.Port is < 0 or > 65535)
        {
            error.WriteLine($"policyrules serve: --port must be from 0 to 65535, got {options.Port}");
            return 2;
        }
        if (!Directory.Exists(options.RulesDirectory))
        {
            error.WriteLine($"policyrules serve: rule package folder '{options.RulesDirectory}' does not exist");
            return 2;
        }
        using var package = PackageHost.Load(options.RulesDirectory, options.Reform, options.WatchDelay, out var errors);
        if (package is null)
        {
            foreach (var d in errors) error.WriteLine(d);
            error.WriteLine($"the rule package '{options.RulesDirectory}' has errors; run 'policyrules check {options.RulesDirectory}'");
            return 1;
        }
        using var host = ServeApp.CreateHostBuilder(options, package).Build();
        try { await host.StartAsync(stop); }
        catch (IOException e)
        {
            error.WriteLine($"policyrules serve: cannot listen on {options.Host}:{options.Port}: {e.Message}");
            return 1;
        }
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (options.Watch) package.StartWatching();
        output.WriteLine($"policyrules serve: {package.Current.Package.Model.Modules.Count} modules from '{options.RulesDirectory}' on {address}"
            + (options.Watch ? " (watching for changes)" : ""));
        output.WriteLine($"  explorer {address}   API {new Uri(address, "api/modules")}   OpenAPI {new Uri(address, "openapi/v1.json")}");
        started?.Invoke(address);
        await host.WaitForShutdownAsync(stop);
        return 0;
    }
}
