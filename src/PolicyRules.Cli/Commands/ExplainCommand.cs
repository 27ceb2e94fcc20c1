namespace PolicyRules.Cli.Commands;

/// <summary><c>policyrules explain</c>: the single question of <c>eval</c>, answered as readable text quoting the provisions.</summary>
internal sealed class ExplainCommand : CliCommand
{
    public override string Name => "explain";
    public override string Description => "like eval, answered as readable text: every value, its rule and the provision it quotes";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", "the rule package folder", Required: true),
        new("module", "id", "the module to evaluate (see 'policyrules doc')", Required: true) { Suggest = Completion.Modules },
        new("at", "date", "the date the law is applied at: yyyy-mm-dd", Required: true),
        new("input", "file.json|-", "the inputs as a JSON object of input names (or labels) to values; - reads standard input", Required: true),
        PackageLoader.ReformOption,
        CliLang.Option,
    ];

    public override int Invoke(CliArgs args, CliStreams io) => EvalCommand.Run(args, io, asText: true);
}
