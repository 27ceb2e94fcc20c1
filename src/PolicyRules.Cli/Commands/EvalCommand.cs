using System.Text.Json;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules eval --rules DIR --module ID --at DATE --input FILE|-</c> (one question, JSON out), or
/// <c>--batch FILE.jsonl</c> (one answer line per question line). <c>explain</c> is the same single question
/// answered as readable text with the provisions quoted.
/// </summary>
internal sealed class EvalCommand : CliCommand
{
    public override string Name => "eval";
    public override Msg Description => Msg.Of("help.eval");

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", Msg.Of("help.rules_folder"), Required: true),
        new("module", "id", Msg.Of("help.module"), Required: true) { Suggest = Completion.Modules },
        new("at", "date", Msg.Of("help.at"), Required: true),
        new("input", "file.json|-", Msg.Of("help.eval_input"), Required: true),
        new("explain", null, Msg.Of("help.eval_explain")),
        new("batch", "file.jsonl", Msg.Of("help.eval_batch")),
        PackageLoader.ReformOption,
        CliLang.Option,
    ];

    public override IReadOnlyList<string> Synopsis =>
    [
        "eval --rules <dir> --module <id> --at <date> --input <file.json|-> [--explain] [--reform <file.reform>] [--lang zh|en]",
        "eval --rules <dir> --batch <file.jsonl> [--reform <file.reform>] [--lang zh|en]",
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io, asText: false);

    public static int Run(CliArgs args, CliStreams io, bool asText)
    {
        var (output, error) = (io.Out, io.Error);
        var command = asText ? "explain" : "eval";
        var lang = CliLang.Given(args) ?? CliLang.Locale();
        string Require(string name) => args.Get(name) ?? throw new UsageException(Msg.Of("cli.option_required", ("command", command), ("option", name)).Render(lang));
        var rules = Require("rules");
        var batch = args.Get("batch");
        if (batch is not null && !asText)
        {
            var alsoGiven = new[] { "module", "at", "input" }.Where(o => args.Get(o) is not null).Select(o => "--" + o).ToList();
            if (alsoGiven.Count > 0) throw new UsageException(Msg.Of("eval.batch_alone", ("options", alsoGiven)).Render(lang));
            var package = PackageLoader.Load(rules, command, error, lang, args.Get("reform"));
            return package is null ? 1 : RunBatch(package, batch, command, output, lang);
        }

        var module = Require("module");
        var at = args.Date("at", command, lang) ?? throw new UsageException(Msg.Of("cli.at_required", ("command", command)).Render(lang));
        var inputPath = Require("input");
        var explain = asText || args.Flag("explain");
        string? text;
        Msg? problem;
        int line, column;
        if (inputPath == "-")
        {
            if (io.InBytes is { } bytes)
            {
                // Strictly UTF-8, as a file is: bytes in another encoding would otherwise reach the rules as replacement characters.
                using var buffer = new MemoryStream();
                bytes.CopyTo(buffer);
                text = PolicyRules.Language.Files.TextEncodingCheck.DecodeUtf8(buffer.ToArray(), Msg.Of("encoding.standard_input"), out problem, out line, out column);
            }
            else (text, problem, line, column) = (io.In.ReadToEnd().TrimStart('\uFEFF'), null, 1, 1); // text already (tests); a byte order mark dropped as for files
        }
        else if (File.Exists(OutputPaths.NotAFolder(inputPath, command, lang)))
            text = PolicyRules.Language.Files.TextEncodingCheck.ReadUtf8(inputPath, out problem, out line, out column);
        else throw new UsageException(Msg.Of("cli.no_input_file", ("command", command), ("file", inputPath)).Render(lang));
        var where = inputPath == "-" ? "<stdin>" : inputPath;
        // An input that cannot be read as a question: eval answers with the JSON error it answers every failure with;
        // explain, whose answer is text for people, says it as every command says a problem with a file.
        int Unreadable(EvaluationError failure)
        {
            if (asText) error.WriteLine(Msg.Of("cli.problem", ("command", command), ("problem", failure.Message)).Render(lang));
            else output.WriteLine(ResultJson.WriteError(failure));
            return 1;
        }
        if (text is null)
            return Unreadable(new EvaluationError(ErrorCodes.InvalidInput,
                Msg.Of("cli.input_not_utf8", ("file", where), ("line", line), ("column", column), ("problem", problem)).Render(lang)));

        var loaded = PackageLoader.Load(rules, command, error, lang, args.Get("reform"));
        if (loaded is null) return 1;

        EvaluationResult result;
        var inputs = JsonInput.ParseObject(text, out var parseError);
        if (parseError is not null)
            return Unreadable(JsonSyntax.Located(parseError, text, where) is { } syntax
                ? new EvaluationError(ErrorCodes.InvalidInput, syntax.Render(lang))
                : parseError with { Message = Msg.Of("cli.in_file", ("file", where), ("message", parseError.MessageIn(lang))).Render(lang) });
        result = loaded.Evaluate(module, at, inputs!, explain).In(lang);
        output.WriteLine(asText ? ExplanationText.Write(result, "", lang == Lang.Zh ? "zh" : "en") : ResultJson.Write(result, explain, lang));
        return result.Succeeded ? 0 : 1;
    }

    private static int RunBatch(RulePackage package, string path, string command, TextWriter output, Lang lang)
    {
        if (!File.Exists(OutputPaths.NotAFolder(path, command, lang))) throw new UsageException(Msg.Of("eval.no_batch_file", ("file", path)).Render(lang));
        if (NotUtf8(path) is { } notUtf8)
        {
            // As eval --input: refused whole, located, rather than read as replacement characters line by line.
            output.WriteLine(ResultJson.WriteError(new EvaluationError(ErrorCodes.InvalidInput, notUtf8.Render(lang))));
            return 1;
        }
        var lineNumber = 0;
        var failed = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            // Every question line gets one answer line, an empty one included, so that answers line up with questions.
            var (answer, error) = string.IsNullOrWhiteSpace(line)
                ? (null, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("batch.empty_line")))
                : Answer(package, line);
            if (error is null)
            {
                output.WriteLine(answer);
                continue;
            }
            failed++;
            // A line that is not JSON is located in the file (its line and column), so without the line number batch.line puts first.
            output.WriteLine(ResultJson.WriteError(JsonSyntax.Located(error, line, path, lineNumber) is { } syntax
                ? new EvaluationError(ErrorCodes.InvalidInput, syntax.Render(lang))
                : error with { Message = Msg.Of("batch.line", ("line", lineNumber), ("message", error.MessageIn(lang))).Render(lang) }));
        }
        // As eval of one question: exit 1 when any answer is an error (every answer is written either way).
        return failed > 0 ? 1 : 0;
    }

    /// <summary>
    /// Null when the file at <paramref name="path"/> is UTF-8 text (or UTF-16 with its byte order mark, which
    /// <see cref="File.ReadLines(string)"/> reads too); else where it is not and what it looks like. The file is scanned as a
    /// stream and read whole only when it fails.
    /// </summary>
    private static Msg? NotUtf8(string path)
    {
        using (var stream = File.OpenRead(path))
            if (PolicyRules.Language.Files.TextEncodingCheck.FirstInvalidUtf8(stream) is null) return null;
        return PolicyRules.Language.Files.TextEncodingCheck.ReadUtf8(path, out Msg? problem, out var line, out var column) is null
            ? Msg.Of("cli.input_not_utf8", ("file", path), ("line", line), ("column", column), ("problem", problem))
            : null;
    }

    /// <summary>The answer line to one question line, or the error (its message without the line number).</summary>
    private static (string? Answer, EvaluationError? Error) Answer(RulePackage package, string line)
    {
        static (string?, EvaluationError?) Bad(string key, string? field = null) => (null, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of(key), field));
        using var doc = JsonInput.Parse(line, out var invalid);
        if (doc is null) return (null, invalid);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return Bad("batch.not_object");
        if (!root.TryGetProperty("module", out var module) || module.ValueKind != JsonValueKind.String)
            return Bad("batch.module", "module");
        if (!root.TryGetProperty("at", out var atElement) || atElement.ValueKind != JsonValueKind.String
            || !InputConverter.TryParseDate(atElement.GetString(), out var at))
            return Bad("batch.at", "at");
        if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
            return Bad("batch.input", "input");
        var inputs = input.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        var result = package.Evaluate(module.GetString()!, at, inputs);
        return result.Succeeded ? (OutputsOnly(result), null) : (null, result.Error);
    }

    private static string OutputsOnly(EvaluationResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, ResultJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WritePropertyName("outputs");
            w.WriteStartObject();
            foreach (var (name, value) in result.Outputs) { w.WritePropertyName(name); ResultJson.WriteValue(w, value); }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
