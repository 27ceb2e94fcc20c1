using System.Text.Json;
using PolicyRules.Evaluation;

namespace PolicyRules.Cli.Commands;

/// <summary>
/// <c>policyrules eval --rules DIR --module ID --at DATE --input FILE|-</c> (one question, JSON out), or
/// <c>--batch FILE.jsonl</c> (one answer line per question line). <c>explain</c> is the same single question
/// answered as readable text with the provisions quoted.
/// </summary>
internal sealed class EvalCommand : CliCommand
{
    public override string Name => "eval";
    public override string Description => "answer one question as JSON {\"module\":…,\"at\":…,\"outputs\":{…}}, or one answer line per question line with --batch";

    public override IReadOnlyList<CliOption> Options =>
    [
        new("rules", "dir", "the rule package folder", Required: true),
        new("module", "id", "the module to evaluate (see 'policyrules doc')", Required: true) { Suggest = Completion.Modules },
        new("at", "date", "the date the law is applied at: yyyy-mm-dd", Required: true),
        new("input", "file.json|-", "the inputs as a JSON object of input names (or labels) to values; - reads standard input", Required: true),
        new("explain", null, "add the trace: every value with its rule, the provision cited and its quote"),
        new("batch", "file.jsonl", "instead of --module/--at/--input: one question per line, {\"module\":…,\"at\":…,\"input\":{…}}"),
    ];

    public override IReadOnlyList<string> Synopsis =>
    [
        "eval --rules <dir> --module <id> --at <date> --input <file.json|-> [--explain]",
        "eval --rules <dir> --batch <file.jsonl>",
    ];

    public override int Invoke(CliArgs args, CliStreams io) => Run(args, io.In, io.Out, io.Error, asText: false);

    public static int Run(CliArgs args, TextReader stdin, TextWriter output, TextWriter error, bool asText)
    {
        var command = asText ? "explain" : "eval";
        var rules = args.Require("rules", command);
        var batch = args.Get("batch");
        if (batch is not null && !asText)
        {
            var package = PackageLoader.Load(rules, error);
            return package is null ? 1 : RunBatch(package, batch, output);
        }

        var module = args.Require("module", command);
        var at = args.Date("at", command) ?? throw new UsageException($"{command}: --at is required (the date the law is applied at, yyyy-mm-dd)");
        var inputPath = args.Require("input", command);
        var explain = asText || args.Flag("explain");
        string text;
        if (inputPath == "-") text = stdin.ReadToEnd().TrimStart('\uFEFF'); // a byte order mark piped in (File.ReadAllText drops it)
        else if (File.Exists(inputPath)) text = File.ReadAllText(inputPath);
        else throw new UsageException($"{command}: input file '{inputPath}' does not exist");

        var loaded = PackageLoader.Load(rules, error);
        if (loaded is null) return 1;

        EvaluationResult result;
        var inputs = ParseInputObject(text, out var parseError);
        if (parseError is not null)
        {
            output.WriteLine(ResultJson.WriteError(parseError));
            return 1;
        }
        result = loaded.Evaluate(module, at, inputs!, explain);
        output.WriteLine(asText ? ExplanationText.Write(result) : ResultJson.Write(result, explain));
        return result.Succeeded ? 0 : 1;
    }

    // A name given twice is refused (not a crash, not a silent pick of one value), at any depth.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private static Dictionary<string, object?>? ParseInputObject(string text, out EvaluationError? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(text, StrictJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = new EvaluationError(ErrorCodes.InvalidInput, "the input must be a JSON object of input names to values");
                return null;
            }
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
        catch (JsonException e)
        {
            error = new EvaluationError(ErrorCodes.InvalidInput, $"the input is not valid JSON: {e.Message}");
            return null;
        }
    }

    private static int RunBatch(RulePackage package, string path, TextWriter output)
    {
        if (!File.Exists(path)) throw new UsageException($"eval: batch file '{path}' does not exist");
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                output.WriteLine(ResultJson.WriteError(new EvaluationError(ErrorCodes.InvalidInput, $"line {lineNumber}: empty line")));
                continue;
            }
            output.WriteLine(AnswerLine(package, line, lineNumber));
        }
        return 0;
    }

    private static string AnswerLine(RulePackage package, string line, int lineNumber)
    {
        EvaluationError Bad(string message, string? field = null) =>
            new(ErrorCodes.InvalidInput, $"line {lineNumber}: {message}", field);
        try
        {
            using var doc = JsonDocument.Parse(line, StrictJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return ResultJson.WriteError(Bad("expected {\"module\":…,\"at\":…,\"input\":{…}}"));
            if (!root.TryGetProperty("module", out var module) || module.ValueKind != JsonValueKind.String)
                return ResultJson.WriteError(Bad("\"module\" is missing or not text", "module"));
            if (!root.TryGetProperty("at", out var atElement) || atElement.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(atElement.GetString(), "yyyy-MM-dd", out var at))
                return ResultJson.WriteError(Bad("\"at\" is missing or not a date (yyyy-mm-dd)", "at"));
            if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                return ResultJson.WriteError(Bad("\"input\" is missing or not an object", "input"));
            var inputs = input.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
            var result = package.Evaluate(module.GetString()!, at, inputs);
            return result.Succeeded ? OutputsOnly(result) : ResultJson.WriteError(result.Error!);
        }
        catch (JsonException e)
        {
            return ResultJson.WriteError(Bad($"not valid JSON: {e.Message}"));
        }
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
