using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PolicyRules.Evaluation;

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

    public static JsonResponse Error(int status, string code, string message, string? field = null) =>
        Raw(status, ResultJson.WriteError(new EvaluationError(code, message, field)));

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body);
    }
}
