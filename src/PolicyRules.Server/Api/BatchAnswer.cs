using System.Text.Json;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Server.Api;

/// <summary>One line of a batch, answered as <c>eval --batch</c> answers it: <c>{"outputs":{…}}</c> or <c>{"error":{…}}</c>, the error naming the line.</summary>
internal static class BatchAnswer
{
    /// <summary>The answer line; an error names the line, as <c>eval --batch</c> writes it.</summary>
    public static async Task<string> Answer(RulePackage package, string line, int lineNumber, TimeSpan timeout, Lang lang, CancellationToken ct)
    {
        var error = await Evaluate(package, line, timeout, ct);
        return error.Answer ?? ResultJson.WriteError(error.Error! with
        {
            Message = Msg.Of("batch.line", ("line", lineNumber), ("message", error.Error!.MessageIn(lang))).Render(lang),
        });
    }

    private static async Task<(string? Answer, EvaluationError? Error)> Evaluate(RulePackage package, string line, TimeSpan timeout, CancellationToken ct)
    {
        // The same words as 'eval --batch' (the batch.* messages).
        static (string?, EvaluationError?) Bad(string key, string? field = null) => (null, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of(key), field));
        if (string.IsNullOrWhiteSpace(line)) return Bad("batch.empty_line");
        string module;
        DateOnly at;
        Dictionary<string, object?> inputs;
        using (var doc = JsonInput.Parse(line, out var invalid))
        {
            if (doc is null) return (null, invalid);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Bad("batch.not_object");
            if (!root.TryGetProperty("module", out var m) || m.ValueKind != JsonValueKind.String)
                return Bad("batch.module", "module");
            if (!root.TryGetProperty("at", out var a) || a.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(a.GetString(), "yyyy-MM-dd", out at))
                return Bad("batch.at", "at");
            if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                return Bad("batch.input", "input");
            module = m.GetString()!;
            inputs = input.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
        var result = await Evaluation.WithTimeout(() => package.Evaluate(module, at, inputs), timeout, ct);
        if (result is null)
            return (null, Evaluation.TimeoutError(timeout));
        return result.Succeeded ? (OutputsOnly(result), null) : (null, result.Error);
    }

    private static string OutputsOnly(EvaluationResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, ResultJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("outputs");
            foreach (var (name, value) in result.Outputs) { w.WritePropertyName(name); ResultJson.WriteValue(w, value); }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
