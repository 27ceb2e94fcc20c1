using System.Globalization;
using PolicyRules.Language.Messages;
using PolicyRules.Server;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules serve --rules DIR [--port 5000] [--host 127.0.0.1] [--watch]</c>: only the command line;
/// the service is <see cref="ServeCommand.RunAsync"/> in PolicyRules.Server. Listed as <see cref="ServeCliCommand"/>.
/// </summary>
internal static class ServeHook
{
    public static int Run(CliArgs args, TextWriter output, TextWriter error)
    {
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        var options = new ServeOptions(args.Require("rules", "serve", lang))
        {
            Host = args.Get("host") ?? "127.0.0.1",
            Watch = args.Flag("watch"),
            Reform = args.Get("reform"),
            Language = lang,
        };
        if (args.Get("port") is { } port)
            options = options with
            {
                Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p
                    : throw new UsageException(Msg.Of("cli.command_message", ("command", "serve"), ("message", Msg.Of("serve.bad_port", ("value", port)))).Render(lang)),
            };
        using var stop = new CancellationTokenSource();
        return ServeCommand.RunAsync(options, output, error, stop.Token).GetAwaiter().GetResult();
    }
}
