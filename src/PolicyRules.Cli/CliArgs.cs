namespace PolicyRules.Cli;

/// <summary>A usage error: the command line itself is wrong. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The options (<c>--name value</c>, <c>--flag</c>) and positional arguments of one command, as parsed.</summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options;

    public CliArgs(string command, IReadOnlyDictionary<string, string?> options, IReadOnlyList<string> positionals)
    {
        Command = command;
        _options = new Dictionary<string, string?>(options, StringComparer.Ordinal);
        Positionals = [.. positionals];
    }

    /// <summary>The command's name, for messages.</summary>
    public string Command { get; }

    public List<string> Positionals { get; }

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;
    public bool Flag(string name) => Get(name) == "true";
    public string Require(string name, string command, PolicyRules.Language.Messages.Lang lang = PolicyRules.Language.Messages.Lang.En) =>
        Get(name) ?? throw new UsageException(PolicyRules.Language.Messages.Msg.Of("cli.option_required", ("command", command), ("option", name)).Render(lang));

    public DateOnly? Date(string name, string command, PolicyRules.Language.Messages.Lang lang = PolicyRules.Language.Messages.Lang.En)
    {
        var text = Get(name);
        if (text is null) return null;
        if (PolicyRules.Language.PersonText.TryParseDate(text, out var d, out var error, out var problem)) return DateOnly.FromDateTime(d);
        throw new UsageException(PolicyRules.Language.Messages.Msg.Of("cli.bad_option_value", ("command", command), ("option", name), ("problem", problem)).Render(lang));
    }
}
