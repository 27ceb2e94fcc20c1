using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Cli;

/// <summary>A usage error: the command line itself is wrong. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Options (<c>--name value</c>, <c>--flag</c>) and positional arguments of one command.</summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public static CliArgs Parse(string command, IEnumerable<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags)
    {
        var result = new CliArgs();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var a = e.Current;
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var name = a[2..];
                string? inline = null;
                var eq = name.IndexOf('=');
                if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
                if (flags.Contains(name)) result._options[name] = "true";
                else if (valueOptions.Contains(name))
                {
                    if (inline is null)
                    {
                        if (!e.MoveNext()) throw new UsageException($"{command}: option --{name} needs a value");
                        inline = e.Current;
                    }
                    result._options[name] = inline;
                }
                else
                {
                    var hint = NameSuggester.DidYouMean(name, valueOptions.Concat(flags));
                    throw new UsageException($"{command}: unknown option --{name}" + (hint is null ? "" : $"; {hint.Replace("'", "'--", StringComparison.Ordinal).Replace("?'", "'?")}"));
                }
            }
            else result.Positionals.Add(a);
        }
        return result;
    }

    public string? Get(string name) { _used.Add(name); return _options.TryGetValue(name, out var v) ? v : null; }
    public bool Flag(string name) => Get(name) == "true";
    public string Require(string name, string command) => Get(name) ?? throw new UsageException($"{command}: --{name} is required");

    public DateOnly? Date(string name, string command)
    {
        var text = Get(name);
        if (text is null) return null;
        if (PolicyRules.Language.PersonText.TryParseDate(text, out var d, out var error)) return DateOnly.FromDateTime(d);
        throw new UsageException($"{command}: --{name}: {error}");
    }
}
