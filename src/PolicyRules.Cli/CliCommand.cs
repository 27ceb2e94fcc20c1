using PolicyRules.Language.Messages;

namespace PolicyRules.Cli;

/// <summary>
/// One <c>policyrules</c> command: its name, what it does, its positional arguments and options (each with the help
/// text <c>policyrules &lt;command&gt; --help</c> prints), and its body. A new command is one class deriving from this,
/// listed once in <see cref="Cli.Commands"/>; parsing, help, did-you-mean and tab completion come from there.
/// </summary>
internal abstract class CliCommand
{
    public abstract string Name { get; }

    /// <summary>One line for the command list and the top of its help (in the catalogue, so that help reads in either language).</summary>
    public abstract Msg Description { get; }

    /// <summary>The positional arguments (<c>&lt;dir&gt;</c>), or null when the command takes none.</summary>
    public virtual CliPositional? Positional => null;

    public abstract IReadOnlyList<CliOption> Options { get; }

    /// <summary>The synopsis lines in the top-level help; by default one: the name, the positional and every option.</summary>
    public virtual IReadOnlyList<string> Synopsis =>
        [string.Join(" ", new[] { Name, Positional?.Synopsis }.Concat(Options.Select(o => o.Synopsis)).Where(s => s is not null))];

    /// <summary>
    /// Runs the command on its parsed arguments. Exit 0 on success, 1 on errors in the rules or a failed evaluation;
    /// throw <see cref="UsageException"/> for a wrong command line (exit 2).
    /// </summary>
    public abstract int Invoke(CliArgs args, CliStreams io);
}

/// <summary>
/// Standard input, output and error of one invocation (the console, or strings in tests). <see cref="InBytes"/> is
/// standard input as bytes when it is a byte stream (the console, a pipe): a command that reads it checks the bytes
/// are UTF-8 instead of reading replacement characters. <see cref="OutBytes"/> is standard output as bytes, the stream
/// under <see cref="Out"/> (flush <see cref="Out"/> before writing to it): <c>run --output -</c> copies a file's bytes there.
/// </summary>
internal sealed record CliStreams(TextReader In, TextWriter Out, TextWriter Error)
{
    public Stream? InBytes { get; init; }

    public Stream? OutBytes { get; init; }
}

/// <summary>
/// An option: <c>--name &lt;value&gt;</c>, or a flag <c>--name</c> when <paramref name="Value"/> is null.
/// <paramref name="Required"/> only shapes the synopsis (<c>[--at &lt;date&gt;]</c> when false); the body checks it.
/// <paramref name="Completions"/> are the values tab completion offers; <see cref="Suggest"/> computes them instead
/// from the other options already typed (the modules of <c>--rules</c>).
/// </summary>
internal sealed record CliOption(string Name, string? Value, Msg Description, bool Required = false, IReadOnlyList<string>? Completions = null)
{
    /// <summary>Values for tab completion, given a lookup of the other options' values on the line so far.</summary>
    public Func<Func<string, string?>, IEnumerable<string>>? Suggest { get; init; }

    public bool IsFlag => Value is null;

    public string Synopsis
    {
        get
        {
            var text = IsFlag ? $"--{Name}" : $"--{Name} <{Value}>";
            return Required ? text : $"[{text}]";
        }
    }
}

/// <summary>
/// The positional arguments of a command: <paramref name="Name"/> as shown in help, what they are, how many, and
/// (<see cref="int.MaxValue"/>: no limit), and optionally the synopsis to show when the default (<c>&lt;dir&gt;</c>, <c>&lt;dir&gt;…</c>) says too little.
/// </summary>
internal sealed record CliPositional(string Name, Msg Description, int Minimum = 1, int Maximum = 1, string? Shown = null)
{
    public string Synopsis => Shown ??
        (Maximum > 1 ? (Minimum == 0 ? $"[<{Name}>…]" : $"<{Name}>…")
        : Minimum == 0 ? $"[<{Name}>]" : $"<{Name}>");
}
