using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules explain</c>: the single question of <c>eval</c>, answered as readable text quoting the provisions.</summary>
internal sealed class ExplainCommand : CliCommand
{
    public override string Name => "explain";
    public override Msg Description => Msg.Of("help.explain");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", Msg.Of("help.rules_folder"), Required: true),
        new("module", "id", Msg.Of("help.module"), Required: true) { Suggest = Completion.Modules },
        new("at", "date", Msg.Of("help.at"), Required: true),
        new("input", "file.json|-", Msg.Of("help.eval_input"), Required: true),
        PackageLoader.ReformOption,
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => EvalCommand.Run(args, io, asText: true);
}
