using PolicyRules.Language.Files;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Scenarios;

namespace PolicyRules.Cli;

/// <summary>
/// <c>--lang zh|en</c>: the language of the messages a command prints. Without it, Chinese when the scenario files being
/// run are written with Chinese keywords, or when the locale (<c>LC_ALL</c>, else <c>LANG</c>) starts with zh; else English.
/// </summary>
internal static class CliLang
{
    public static CliOption Option { get; } = new("lang", "zh|en",
        Msg.Of("help.lang"),
        Completions: ["zh", "en"]);

    /// <summary>The language <c>--lang</c> names, or null when it is not given; a wrong value is a usage error.</summary>
    public static Lang? Given(CliArgs args)
    {
        if (args.Get("lang") is not { } text) return null;
        return MessageCatalogue.Parse(text)
            ?? throw new UsageException(Msg.Of("cli.bad_lang", ("command", args.Command), ("value", text)).Render(Locale()));
    }

    /// <summary>The language of the locale: Chinese when LC_ALL (or, without it, LANG) starts with zh.</summary>
    public static Lang Locale() =>
        MessageCatalogue.Default(false, Environment.GetEnvironmentVariable("LC_ALL"), Environment.GetEnvironmentVariable("LANG"));

    /// <summary><c>--lang</c>, else Chinese for files written with Chinese keywords, else the locale's.</summary>
    public static Lang Resolve(CliArgs args, bool chineseFiles) => Given(args) ?? (chineseFiles ? Lang.Zh : Locale());

    /// <summary>
    /// Whether the scenario file at <paramref name="path"/> is written with Chinese keywords, judged from its first 64 KiB
    /// (false when it is not a regular file or cannot be read: a named pipe is never opened).
    /// </summary>
    public static bool IsChineseFile(string path)
    {
        if (!PackageFiles.IsRegularFile(path)) return false;
        try
        {
            using var stream = File.OpenRead(path);
            var buffer = new byte[64 * 1024];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return ScenarioParser.UsesChineseKeywords(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The language <c>--lang</c> names on a raw command line (for the errors found before a command runs), else the locale's.</summary>
    public static Lang FromCommandLine(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var value = args[i] == "--lang" && i + 1 < args.Count ? args[i + 1]
                : args[i].StartsWith("--lang=", StringComparison.Ordinal) ? args[i]["--lang=".Length..] : null;
            if (value is not null && MessageCatalogue.Parse(value) is { } lang) return lang;
        }
        return Locale();
    }
}
