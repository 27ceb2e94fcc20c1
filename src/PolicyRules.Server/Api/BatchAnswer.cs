using System.Text.Json;
using PolicyRules.Evaluation;

namespace PolicyRules.Server.Api;

/// <summary>One line of a batch, answered as <c>eval --batch</c> answers it: <c>{"outputs":{…}}</c> or <c>{"error":{…}}</c>, the error naming the line.</summary>
internal static class BatchAnswer
{
    public static async Task<string> Answer(RulePackage package, string line, int lineNumber, TimeSpan timeout, CancellationToken ct)
    {
        EvaluationError Bad(string message, string? field = null) => new(ErrorCodes.InvalidInput, $"line {lineNumber}: {message}", field);
        if (string.IsNullOrWhiteSpace(line)) return ResultJson.WriteError(Bad("empty line"));
        string module;
        DateOnly at;
        Dictionary<string, object?> inputs;
        try
        {
            using var doc = JsonDocument.Parse(line, Evaluation.StrictJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return ResultJson.WriteError(Bad("expected {\"module\":…,\"at\":…,\"input\":{…}}"));
            if (!root.TryGetProperty("module", out var m) || m.ValueKind != JsonValueKind.String)
                return ResultJson.WriteError(Bad("\"module\" is missing or not text", "module"));
            if (!root.TryGetProperty("at", out var a) || a.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(a.GetString(), "yyyy-MM-dd", out at))
                return ResultJson.WriteError(Bad("\"at\" is missing or not a date (yyyy-mm-dd)", "at"));
            if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                return ResultJson.WriteError(Bad("\"input\" is missing or not an object", "input"));
            module = m.GetString()!;
            inputs = input.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return ResultJson.WriteError(Bad($"not valid JSON: {e.Message}"));
        }
        var result = await Evaluation.WithTimeout(() => package.Evaluate(module, at, inputs), timeout, ct);
        if (result is null)
            return ResultJson.WriteError(new EvaluationError("timeout", $"line {lineNumber}: the evaluation did not finish within {timeout.TotalSeconds} s"));
        return result.Succeeded ? OutputsOnly(result) : ResultJson.WriteError(result.Error!);
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
