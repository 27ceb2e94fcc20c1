using System.Text;
using PolicyRules.Cli;
using PolicyRules.Cli.Commands;

Console.OutputEncoding = Encoding.UTF8;
return Cli.Run(args, Console.In, Console.Out, Console.Error);

namespace PolicyRules.Cli
{
    /// <summary>The <c>policyrules</c> command. Exit codes: 0 success, 1 errors found or an evaluation failed, 2 usage error.</summary>
    public static class Cli
    {
        public const string Usage = """
            policyrules — rules-as-code for government gazettes

              policyrules check <dir>                         parse, bind and type-check a rule package
              policyrules eval --rules <dir> --module <id> --at <yyyy-mm-dd> --input <file.json|-> [--explain]
              policyrules eval --rules <dir> --batch <file.jsonl>
              policyrules explain --rules <dir> --module <id> --at <yyyy-mm-dd> --input <file.json|->
              policyrules run --rules <dir> --module <id> --input <in.csv> --output <out.csv> [--at <yyyy-mm-dd>] [--threads <n>]
              policyrules test <dir> [--filter <name|tag>] [--junit <file.xml>] [--coverage] [--min-coverage <N>]
              policyrules diff --base <old-dir> --rules <new-dir> --module <id> --input <sample.csv> [--at <yyyy-mm-dd>] [--fail-on-change]
              policyrules doc <dir> [--output <file.md>] [--check]      the package's module catalogue
              policyrules serve --rules <dir> [--port <5000>] [--host <127.0.0.1>] [--watch]   the HTTP API and the legislation explorer

            Exit codes: 0 success; 1 errors in the rules or a failed evaluation; 2 a wrong command line.
            """;

        private static readonly Dictionary<string, Func<string[], TextReader, TextWriter, TextWriter, int>> Commands = new()
        {
            ["check"] = (a, _, o, e) => CheckCommand.Run(CliArgs.Parse("check", a, [], []), o, e),
            ["eval"] = (a, i, o, e) => EvalCommand.Run(CliArgs.Parse("eval", a, EvalCommand.Options, EvalCommand.Flags), i, o, e, asText: false),
            ["explain"] = (a, i, o, e) => EvalCommand.Run(CliArgs.Parse("explain", a, EvalCommand.Options, []), i, o, e, asText: true),
            ["run"] = (a, _, o, e) => RunCommand.Run(CliArgs.Parse("run", a, RunCommand.Options, []), o, e),
            ["test"] = (a, _, o, e) => TestCommand.Run(CliArgs.Parse("test", a, TestCommand.Options, TestCommand.Flags), o, e),
            ["diff"] = (a, _, o, e) => DiffCommand.Run(CliArgs.Parse("diff", a, DiffCommand.Options, DiffCommand.Flags), o, e),
            ["doc"] = (a, _, o, e) => DocCommand.Run(CliArgs.Parse("doc", a, DocCommand.Options, DocCommand.Flags), o, e),
            ["serve"] = (a, _, o, e) => ServeHook.Run(CliArgs.Parse("serve", a, ServeHook.Options, ServeHook.Flags), o, e),
        };

        public static IReadOnlyDictionary<string, Func<string[], TextReader, TextWriter, TextWriter, int>> All => Commands;

        public static void Register(string name, Func<string[], TextReader, TextWriter, TextWriter, int> command) => Commands[name] = command;

        public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            if (!Commands.TryGetValue(args[0], out var command))
            {
                var hint = PolicyRules.Language.Diagnostics.NameSuggester.DidYouMean(args[0], Commands.Keys);
                error.WriteLine($"policyrules: unknown command '{args[0]}'" + (hint is null ? "" : $"; {hint}"));
                error.WriteLine(Usage);
                return 2;
            }
            try
            {
                return command(args[1..], input, output, error);
            }
            catch (UsageException e)
            {
                error.WriteLine($"policyrules {e.Message}");
                return 2;
            }
            catch (IOException e)
            {
                error.WriteLine($"policyrules {args[0]}: {e.Message}");
                return 1;
            }
            catch (UnauthorizedAccessException e)
            {
                error.WriteLine($"policyrules {args[0]}: {e.Message}");
                return 1;
            }
        }
    }
}
