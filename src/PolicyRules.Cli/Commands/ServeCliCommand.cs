namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules serve</c> in the command list; the body is <see cref="ServeHook.Run"/>.</summary>
internal sealed class ServeCliCommand : CliCommand
{
    public override string Name => "serve";
    public override string Description => "the rules over HTTP (JSON API, OpenAPI) and the legislation explorer in a browser";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", "the rule package folder", Required: true),
        new("port", "n", "port, default 5000; 0 picks one"),
        new("host", "address", "default 127.0.0.1"),
        new("watch", null, "reload when the package's files change"),
        PackageLoader.ReformOption,
        new("lang", "zh|en", "the language of error messages when a request names none (?lang=zh|en, then its Accept-Language); by default zh when LANG or LC_ALL starts with zh, else en",
            Completions: ["zh", "en"]),
    ];

    public override int Invoke(CliArgs args, CliStreams io) => ServeHook.Run(args, io.Out, io.Error);
}
