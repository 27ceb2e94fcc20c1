using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PolicyRules.Language.Messages;
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
        var lang = options.Language;
        void Problem(Msg problem) => error.WriteLine(Msg.Of("cli.problem", ("command", "serve"), ("problem", problem)).Render(lang));
        if (options.Host != "localhost" && !System.Net.IPAddress.TryParse(options.Host, out _))
        {
            Problem(Msg.Of("serve.bad_host", ("value", options.Host)));
            return 2;
        }
        if (options.Port is < 0 or > 65535)
        {
            Problem(Msg.Of("serve.bad_port", ("value", options.Port)));
            return 2;
        }
        if (PolicyRules.Language.Files.PackageFiles.NotAPackageFolder(options.RulesDirectory) is { } notAFolder)
        {
            Problem(notAFolder);
            return 2;
        }
        using var package = PackageHost.Load(options.RulesDirectory, options.Reform, options.WatchDelay, out var errors);
        if (package is null)
        {
            foreach (var d in errors) error.WriteLine(d.ToString(lang));
            error.WriteLine((options.Reform is { } reform
                ? Msg.Of("serve.package_reform_errors", ("dir", options.RulesDirectory), ("reform", reform))
                : Msg.Of("serve.package_errors", ("dir", options.RulesDirectory))).Render(lang));
            return 1;
        }
        using var host = ServeApp.CreateHostBuilder(options, package).Build();
        try { await host.StartAsync(stop); }
        catch (IOException e)
        {
            // A socket's failure, not a file's: the port in use in the run's language, any other with the system's words in parentheses.
            var where = $"{options.Host}:{options.Port}";
            Problem(InUse(e) ? Msg.Of("serve.port_in_use", ("address", where)) : Msg.Of("serve.cannot_listen", ("address", where), ("detail", e.Message)));
            return 1;
        }
        var address = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (options.Watch) package.StartWatching();
        output.WriteLine(Msg.Of(options.Watch ? "serve.serving_watching" : "serve.serving", ("modules", package.Current.Package.Model.Modules.Count),
            ("dir", options.RulesDirectory), ("address", address.ToString())).Render(lang));
        output.WriteLine(Msg.Of("serve.addresses", ("explorer", address.ToString()), ("api", new Uri(address, "api/modules").ToString()),
            ("openapi", new Uri(address, "openapi/v1.json").ToString())).Render(lang));
        started?.Invoke(address);
        await host.WaitForShutdownAsync(stop);
        return 0;
    }

    private static bool InUse(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
        return false;
    }
}
