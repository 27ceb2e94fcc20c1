using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Server.Api;

/// <summary>Reading questions from requests within the limits, and answering them with the status codes of the API.</summary>
internal static class Evaluation
{
    // A name given twice is refused, as eval refuses it.
    public static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static int Status(EvaluationError error) => error.Code switch
    {
        ErrorCodes.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorCodes.UnknownModule => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The body, or null when it is longer than <paramref name="max"/> bytes (the rest is not read).</summary>
    public static async Task<byte[]?> ReadBody(HttpRequest request, long max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > max) return null;
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    public static JsonResponse TooLarge(long max, string what) =>
        JsonResponse.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, $"the {what} is larger than {Size(max)}");

    public static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text; null with an invalid_input error when its bytes are not UTF-8. A byte order mark is dropped.</summary>
    public static string? Text(ReadOnlyMemory<byte> body, out EvaluationError? error)
    {
        error = null;
        if (body.Span.StartsWith("\uFEFF"u8)) body = body[3..];
        try { return StrictUtf8.GetString(body.Span); }
        catch (System.Text.DecoderFallbackException)
        {
            error = new EvaluationError(ErrorCodes.InvalidInput, "the body is not UTF-8 text");
            return null;
        }
    }

    /// <summary>The input object of an evaluate request, read as <c>eval</c> reads it (<see cref="JsonInput"/>): names or labels to JSON values.</summary>
    public static Dictionary<string, object?>? ParseInput(ReadOnlyMemory<byte> body, out EvaluationError? error) =>
        Text(body, out error) is { } text ? JsonInput.ParseObject(text, out error) : null;

    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The inputs converted for the module, by input name, as the evaluator will bind them (for "copy as scenario").</summary>
    public static Dictionary<string, object?>? Convert(ModuleModel module, PackageModel package, Dictionary<string, object?> inputs, out EvaluationError? error)
    {
        error = null;
        var converted = new Dictionary<string, object?>();
        foreach (var (key, value) in inputs)
        {
            var input = module.FindInput(key);
            if (input is null)
            {
                error = new EvaluationError(ErrorCodes.InvalidInput, $"module '{module.Name}' has no input '{key}'", key);
                return null;
            }
            if (converted.ContainsKey(input.Name))
            {
                error = new EvaluationError(ErrorCodes.InvalidInput, $"input '{input.Name}' is given twice; give it once", input.Name);
                return null;
            }
            try { converted[input.Name] = InputConverter.FromJson((JsonElement)value!, input.Type, package, input.Name); }
            catch (InputException e)
            {
                error = new EvaluationError(ErrorCodes.InvalidInput, e.Message, e.Field);
                return null;
            }
        }
        return converted;
    }

    /// <summary>
    /// Evaluates on the thread pool and waits at most <paramref name="timeout"/>. The evaluator cannot be interrupted; a
    /// question that runs over is answered <c>timeout</c> while its work, bounded by the body size, runs to its end.
    /// </summary>
    public static async Task<EvaluationResult?> WithTimeout(Func<EvaluationResult> evaluate, TimeSpan timeout, CancellationToken ct)
    {
        try { return await Task.Run(evaluate, ct).WaitAsync(timeout, ct); }
        catch (TimeoutException) { return null; }
    }

    public static JsonResponse Timeout(TimeSpan timeout) => JsonResponse.Error(StatusCodes.Status503ServiceUnavailable, "timeout",
        $"the evaluation did not finish within {timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s");
}
