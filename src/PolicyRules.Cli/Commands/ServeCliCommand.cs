using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules serve</c> in the command list; the body is <see cref="ServeHook.Run"/>.</summary>
internal sealed class ServeCliCommand : CliCommand
{
    public override string Name => "serve";
    public override Msg Description => Msg.Of("help.serve");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", Msg.Of("help.rules_folder"), Required: true),
        new("port", "n", Msg.Of("help.serve_port")),
        new("host", "address", Msg.Of("help.serve_host")),
        new("watch", null, Msg.Of("help.serve_watch")),
        PackageLoader.ReformOption,
        new("lang", "zh|en", Msg.Of("help.serve_lang"),
            Completions: ["zh", "en"]),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => ServeHook.Run(args, io.Out, io.Error);
}
