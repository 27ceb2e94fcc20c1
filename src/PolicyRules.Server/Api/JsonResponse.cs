using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Server.Api;

/// <summary>A JSON body written with the runtime's own writer settings, so the service answers byte for byte as <c>eval</c> prints.</summary>
internal sealed class JsonResponse(int status, byte[] body) : IResult
{
    public int Status { get; } = status;

    public static JsonResponse Write(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, ResultJson.WriterOptions)) write(w);
        return new JsonResponse(status, buffer.WrittenSpan.ToArray());
    }

    public static JsonResponse Raw(int status, string json) => new(status, System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>An error answer, its message from the catalogue in the request's language <paramref name="lang"/>.</summary>
    public static JsonResponse Error(int status, string code, Msg message, Lang lang, string? field = null) =>
        Error(status, EvaluationError.Of(code, message, field), lang);

    /// <summary>An error answer with its message in <paramref name="lang"/>.</summary>
    public static JsonResponse Error(int status, EvaluationError error, Lang lang) =>
        Raw(status, ResultJson.WriteError(error with { Message = error.MessageIn(lang) }));

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }
}
