using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
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

    /// <summary>The 413 for a body (<paramref name="key"/> <c>serve.body_too_large</c> or <c>serve.batch_too_large</c>) over <paramref name="max"/> bytes.</summary>
    public static JsonResponse TooLarge(long max, string key, Lang lang) =>
        JsonResponse.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput, Msg.Of(key, ("size", Size(max))), lang);

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
            error = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("serve.not_utf8"));
            return null;
        }
    }

    /// <summary>The input object of an evaluate request, read as <c>eval</c> reads it (<see cref="JsonInput"/>): names or labels to JSON values.</summary>
    public static Dictionary<string, object?>? ParseInput(ReadOnlyMemory<byte> body, out EvaluationError? error) =>
        Text(body, out error) is { } text ? JsonInput.ParseObject(text, out error) : null;

    /// <summary>The inputs converted for the module, by input name, as the evaluator will bind them (for "copy as scenario"):
    /// an unknown name or one given twice is the evaluator's own error (<see cref="RulePackage.InputKey"/>).</summary>
    public static Dictionary<string, object?>? Convert(ModuleModel module, PackageModel package, Dictionary<string, object?> inputs, out EvaluationError? error)
    {
        error = null;
        var converted = new Dictionary<string, object?>();
        var given = new Dictionary<string, string>();
        try
        {
            foreach (var (key, value) in inputs)
            {
                var input = RulePackage.InputKey(module, key, i => given.GetValueOrDefault(i.Name));
                given[input.Name] = key;
                converted[input.Name] = InputConverter.FromJson((JsonElement)value!, input.Type, package, input.Name);
            }
        }
        catch (InputException e)
        {
            error = new EvaluationError(ErrorCodes.InvalidInput, e.Message, e.Field) { Text = e.Text };
            return null;
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

    public static JsonResponse Timeout(TimeSpan timeout, Lang lang) => JsonResponse.Error(StatusCodes.Status503ServiceUnavailable, TimeoutError(timeout), lang);

    /// <summary>The <c>timeout</c> error of a question that ran over <paramref name="timeout"/>.</summary>
    public static EvaluationError TimeoutError(TimeSpan timeout) =>
        EvaluationError.Of("timeout", Msg.Of("serve.timeout", ("seconds", timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
