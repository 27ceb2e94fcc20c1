using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text;
using PolicyRules.Cli;
using PolicyRules.Cli.Commands;
using PolicyRules.Files;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

// POLICYRULES_TIMINGS=1: where the time went, on standard error (benchmarks/README.md, start-up).
var timings = Environment.GetEnvironmentVariable("POLICYRULES_TIMINGS") == "1" ? StartupReport.Start() : null;
// Every command but help and --version compiles a rule package: the grammar is built on the other core meanwhile.
if (args.Length > 0 && Cli.Commands.Any(c => c.Name == args[0])) PolicyRules.Language.RuleCompilation.PrepareInBackground();
Console.OutputEncoding = Encoding.UTF8;
var exitCode = Cli.Run(args, Console.OpenStandardInput(), Console.Out, Console.Error, Console.OpenStandardOutput());
if (timings is not null) StartupReport.Finish(timings, Console.Error);
return exitCode;

namespace PolicyRules.Cli
{
    /// <summary>
    /// The <c>policyrules</c> command, parsed with System.CommandLine. Exit codes: 0 success, 1 errors found or an
    /// evaluation failed, 2 usage error.
    /// </summary>
    internal static class Cli
    {
        /// <summary>Every command, in the order the help lists them. A new command is one <see cref="CliCommand"/> class added here.</summary>
        public static IReadOnlyList<CliCommand> Commands { get; } =
        [
            new CheckCommand(),
            new EvalCommand(),
            new ExplainCommand(),
            new RunCommand(),
            new TestCommand(),
            new DiffCommand(),
            new DocCommand(),
            new SqlCommand(),
            new ServeCliCommand(),
        ];

        public static string Version =>
            typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(Cli).Assembly.GetName().Version?.ToString() ?? "0";

        /// <summary>The top-level help in <paramref name="lang"/>: every command with every option, then how to get a command's full help.</summary>
        public static string Usage(Lang lang = Lang.En)
        {
            var sb = new StringBuilder();
            sb.AppendLine(Msg.Of("help.title").Render(lang));
            sb.AppendLine();
            sb.AppendLine(Msg.Of("help.commands").Render(lang));
            foreach (var command in Commands)
            {
                foreach (var line in command.Synopsis) sb.Append("  policyrules ").AppendLine(line);
                sb.Append("      ").AppendLine(command.Description.Render(lang));
            }
            sb.AppendLine();
            sb.AppendLine(Msg.Of("help.more").Render(lang));
            sb.AppendLine(Msg.Of("help.version").Render(lang));
            sb.AppendLine();
            sb.AppendLine(Msg.Of("help.exit_codes").Render(lang));
            return sb.ToString().TrimEnd();
        }

        /// <summary>
        /// Runs the command with standard input as bytes (the console, a pipe): <c>--input -</c> must be UTF-8.
        /// <paramref name="outputBytes"/>, when given, is the byte stream <paramref name="output"/> writes to.
        /// </summary>
        public static int Run(string[] args, Stream input, TextWriter output, TextWriter error, Stream? outputBytes = null) =>
            Run(args, new CliStreams(new StreamReader(input, new UTF8Encoding(false)), output, error) { InBytes = input, OutBytes = outputBytes });

        public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error) =>
            Run(args, new CliStreams(input, output, error));

        private static int Run(string[] args, CliStreams io)
        {
            var (output, error) = (io.Out, io.Error);
            // Help and the errors found before a command runs are in the language --lang names, else the locale's.
            var lang = CliLang.FromCommandLine(args);
            if (args.Length == 0)
            {
                output.WriteLine(Usage(lang));
                return 2;
            }
            if (args[0] == "help")
            {
                args = WithoutLang(args);
                if (args.Length == 1) { output.WriteLine(Usage(lang)); return 0; }
                if (Commands.Any(c => c.Name == args[1])) args = [args[1], "--help"]; // policyrules help test = policyrules test --help
                else args = args[1..]; // reported below as an unknown command
            }

            var root = new RootCommand(Msg.Of("help.title").Render(lang));
            // System.CommandLine's headings ("Usage:", "Options:") are its own and stay English (its satellite resources are
            // not used under invariant globalization); the help and version options' descriptions are ours to give.
            foreach (var option in root.Options)
            {
                if (option is HelpOption) option.Description = Msg.Of("help.help").Render(lang);
                else if (option is VersionOption) option.Description = Msg.Of("help.version_option").Render(lang);
            }
            var bound = new Dictionary<Command, Func<ParseResult, int>>();
            foreach (var spec in Commands)
            {
                var (command, invoke) = Build(spec, io, lang);
                root.Subcommands.Add(command);
                bound[command] = invoke;
            }

            // '@file' response files would read a file named by an argument; this tool takes no such thing.
            var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
            var target = parsed.CommandResult.Command;

            if (target == root)
            {
                if (parsed.Action is HelpAction) { output.WriteLine(Usage(lang)); return 0; }
                if (parsed.Action is not null && parsed.Action == root.Options.OfType<VersionOption>().Single().Action) { output.WriteLine(Version); return 0; }
                if (parsed.Tokens.Any(t => t.Type == TokenType.Directive))
                    return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error }); // [suggest] for tab completion
                var name = args[0];
                var hint = NameSuggester.DidYouMeanMsg(name, Commands.Select(c => c.Name));
                error.WriteLine((name.StartsWith('-') ? Msg.Of("cli.option_before_command", ("option", name))
                    : hint is null ? Msg.Of("cli.unknown_command", ("command", name))
                    : Msg.Of("cli.unknown_command_hint", ("command", name), ("hint", hint))).Render(lang));
                error.WriteLine(Usage(lang));
                return 2;
            }

            if (parsed.Action is HelpAction)
            {
                // The usage line names the executable (the test host, or PolicyRules.Cli under 'dotnet run'); name the tool.
                var help = new StringWriter();
                var exit = parsed.Invoke(new InvocationConfiguration { Output = help, Error = error });
                output.Write(help.ToString().Replace($"  {root.Name} {target.Name}", $"  policyrules {target.Name}", StringComparison.Ordinal));
                return exit;
            }

            var problems = Problems(parsed, Commands.Single(c => c.Name == target.Name));
            if (problems.Count > 0)
            {
                foreach (var p in problems) error.WriteLine(Msg.Of("cli.problem", ("command", target.Name), ("problem", p)).Render(lang));
                error.WriteLine(Msg.Of("cli.see_help", ("command", target.Name)).Render(lang));
                return 2;
            }

            try
            {
                PhaseTimings.Mark("command line");
                return bound[target](parsed);
            }
            catch (UsageException e)
            {
                error.WriteLine($"policyrules {e.Message}");
                return 2;
            }
            catch (Exception e) when (FileErrors.IsFileError(e))
            {
                error.WriteLine(Msg.Of("cli.problem", ("command", target.Name), ("problem", FileErrors.Describe(e))).Render(lang));
                return 1;
            }
        }

        /// <summary>The arguments without <c>--lang X</c> / <c>--lang=X</c> (already read): <c>policyrules help test --lang zh</c>.</summary>
        private static string[] WithoutLang(string[] args)
        {
            var rest = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == "--lang") { i++; continue; }
                if (!args[i].StartsWith("--lang=", StringComparison.Ordinal)) rest.Add(args[i]);
            }
            return [.. rest];
        }

        /// <summary>A System.CommandLine command for <paramref name="spec"/>, and how to run it on a parse result.</summary>
        private static (Command Command, Func<ParseResult, int> Invoke) Build(CliCommand spec, CliStreams io, Lang lang)
        {
            // Our descriptions follow the language; System.CommandLine's own headings ("Usage:", "Options:") are fixed English.
            var command = new Command(spec.Name, spec.Description.Render(lang));
            // One value is an Argument<string>: System.CommandLine does not fill a string[] whose arity is at most 1.
            Argument? positional = null;
            if (spec.Positional is { } p)
            {
                positional = p.Maximum > 1 ? new Argument<string[]>(p.Name) : new Argument<string>(p.Name);
                positional.Description = p.Description.Render(lang);
                positional.Arity = p.Maximum == int.MaxValue
                    ? (p.Minimum == 0 ? ArgumentArity.ZeroOrMore : ArgumentArity.OneOrMore)
                    : new ArgumentArity(p.Minimum, p.Maximum);
                command.Arguments.Add(positional);
            }
            var options = new List<(CliOption Spec, Option Option)>();
            foreach (var o in spec.Options)
            {
                Option option = o.IsFlag
                    ? new Option<bool>("--" + o.Name) { Description = o.Description.Render(lang), Arity = ArgumentArity.Zero }
                    : new Option<string>("--" + o.Name) { Description = o.Description.Render(lang), HelpName = o.Value };
                if (o.Completions is { } values) option.CompletionSources.Add(values.ToArray());
                command.Options.Add(option);
                options.Add((o, option));
            }
            foreach (var (o, option) in options)
                if (o.Suggest is { } suggest)
                    option.CompletionSources.Add(context => suggest(name =>
                            options.FirstOrDefault(x => x.Spec.Name == name).Option is Option<string> other ? context.ParseResult.GetValue(other) : null)
                        .Where(v => v.StartsWith(context.WordToComplete, StringComparison.Ordinal))
                        .Select(v => new System.CommandLine.Completions.CompletionItem(v)));

            int Invoke(ParseResult parsed)
            {
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (o, option) in options)
                {
                    if (parsed.GetResult(option) is not { Implicit: false } result) continue;
                    values[o.Name] = o.IsFlag ? "true" : result.GetValueOrDefault<string>();
                }
                var positionals = positional switch
                {
                    Argument<string[]> many => parsed.GetValue(many) ?? [],
                    Argument<string> one => parsed.GetValue(one) is { } value ? [value] : [],
                    _ => Array.Empty<string>(),
                };
                return spec.Invoke(new CliArgs(spec.Name, values, positionals), io);
            }
            return (command, Invoke);
        }

        /// <summary>
        /// What is wrong with the command line, one message each: an unknown option with the nearest one, a stray argument,
        /// or what System.CommandLine found (an option without its value, too many arguments).
        /// </summary>
        private static List<Msg> Problems(ParseResult parsed, CliCommand spec)
        {
            var problems = new List<Msg>();
            var afterUnknownOption = false;
            var stray = parsed.UnmatchedTokens.Concat(
                spec.Positional is null ? [] : parsed.CommandResult.Tokens.Where(t => t.Type == TokenType.Argument)
                    .Select(t => t.Value).Where(v => v.Length > 1 && v[0] == '-' && !char.IsDigit(v[1])));
            foreach (var token in stray.Distinct())
            {
                if (token.Length > 1 && token[0] == '-')
                {
                    var name = token.Split('=', 2)[0];
                    var hint = NameSuggester.Nearest(name.TrimStart('-'), spec.Options.Select(o => o.Name));
                    problems.Add(hint is null ? Msg.Of("cli.unknown_option", ("option", name))
                        : Msg.Of("cli.unknown_option_hint", ("option", name), ("hint", Msg.Of("hint.did_you_mean", ("name", "--" + hint)))));
                    afterUnknownOption = !token.Contains('=');
                }
                else if (!afterUnknownOption) problems.Add(Msg.Of("cli.unexpected_argument", ("argument", token)));
                else afterUnknownOption = false; // probably the unknown option's value
            }
            // Unknown tokens are reported above with a suggestion; System.CommandLine's own errors otherwise.
            // (the first only: one missing value makes System.CommandLine misread what follows)
            if (problems.Count == 0 && parsed.Errors.Count > 0)
            {
                var first = parsed.Errors[0];
                problems.Add(first.SymbolResult is OptionResult { Tokens.Count: 0 } missing
                             && spec.Options.FirstOrDefault(o => "--" + o.Name == missing.Option.Name) is { IsFlag: false } option
                    ? Msg.Of("cli.option_needs_value", ("option", option.Name), ("value", option.Value))
                    // System.CommandLine's own words for a missing argument are English whatever --lang says.
                    : first.SymbolResult is not OptionResult && spec.Positional is { } positional
                      && parsed.CommandResult.Tokens.Count(t => t.Type == TokenType.Argument) < positional.Minimum
                    ? Msg.Of("cli.argument_required", ("argument", positional.Name), ("what", positional.Description))
                    : Msg.Of("cli.text", ("text", first.Message)));
            }
            return problems;
        }
    }
}

/// <summary>
/// The tool's entry point (the top-level statements above). Public only so that the server's tests can name the
/// tool's assembly to <c>WebApplicationFactory</c>; nothing else in the tool is API.
/// </summary>
public partial class Program;
