using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using PolicyRules.Evaluation;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Server.Api;
using PolicyRules.Server.Hosting;
using PolicyRules.Server.Web;

namespace PolicyRules.Server;

/// <summary>
/// The service: the JSON API, the OpenAPI document and the pages, on one host. <see cref="CreateHostBuilder"/> is the
/// one way it is built, by <c>policyrules serve</c> (Kestrel) and by the tests (the test server).
/// </summary>
internal static class ServeApp
{
    public static IHostBuilder CreateHostBuilder(ServeOptions options, PackageHost package) =>
        new HostBuilder()
            // The host's own error is a failure to start (a port in use), which ServeCommand reports in the run's language:
            // not again as an English log line with a stack trace.
            .ConfigureLogging(l => l.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None))
            .ConfigureWebHost(web => web
                .UseKestrel(k =>
                {
                    // Our own limits answer first, with a JSON error; Kestrel's is the backstop for any other route.
                    k.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes, options.MaxBatchBytes) * 2;
                    k.AddServerHeader = false;
                    if (options.Host == "localhost") k.ListenLocalhost(options.Port);
                    else k.Listen(IPAddress.Parse(options.Host), options.Port);
                })
                .ConfigureServices(services =>
                {
                    services.AddSingleton(options);
                    services.AddSingleton(package);
                    services.AddRouting();
                    services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
                    {
                        doc.Info.Title = "PolicyRules";
                        doc.Info.Description = "Questions answered by the rules of a gazette, with the provisions quoted.";
                        return Task.CompletedTask;
                    }).AddOperationTransformer((operation, context, _) =>
                    {
                        // The handlers read their bodies themselves (for the limits and this API's errors), so the
                        // document is told what the bodies are.
                        var (type, schema, text) = context.Description.RelativePath switch
                        {
                            "api/modules/{id}/evaluate" or "api/modules/{id}/scenario" => ("application/json", JsonSchemaType.Object,
                                "The input object, by input name or label; GET /api/modules/{id} gives its JSON Schema."),
                            "api/batch" => ("application/x-ndjson", JsonSchemaType.String,
                                "One question a line: {\"module\":…,\"at\":\"yyyy-mm-dd\",\"input\":{…}}."),
                            _ => (null, default(JsonSchemaType), null),
                        };
                        if (type is not null)
                            operation.RequestBody = new OpenApiRequestBody
                            {
                                Required = true,
                                Description = text,
                                Content = new Dictionary<string, OpenApiMediaType> { [type] = new() { Schema = new OpenApiSchema { Type = schema } } },
                            };
                        return Task.CompletedTask;
                    }));
                })
                .Configure(app =>
                {
                    app.Use(AnswerFailuresAsJson);
                    app.UseRouting();
                    app.UseEndpoints(Map);
                }));

    /// <summary>A request the framework refuses, or a fault of the service itself, still gets an answer in this API's shape.</summary>
    private static async Task AnswerFailuresAsJson(HttpContext http, Func<Task> next)
    {
        try { await next(); }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            // The framework's own text is English; the status code says what it refused.
            await JsonResponse.Error(e.StatusCode, ErrorCodes.InvalidInput, Msg.Of("serve.bad_request", ("status", e.StatusCode)), LanguageOf(http)).ExecuteAsync(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyRules.Server").LogError(e, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
            await JsonResponse.Error(StatusCodes.Status500InternalServerError, "internal_error", Msg.Of("serve.internal_error"), LanguageOf(http)).ExecuteAsync(http);
        }
    }

    private static void Map(IEndpointRouteBuilder e)
    {
        e.MapOpenApi();
        e.MapGet("/healthz", (PackageHost host) => JsonResponse.Write(200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "ok");
            w.WriteNumber("version", host.Current.Version);
            w.WriteNumber("modules", host.Current.Package.Model.Modules.Count);
            w.WriteEndObject();
        })).WithSummary("Liveness: ok while a package is being served.");

        e.MapGet("/api/status", (HttpContext http, PackageHost host) => Status(host, LanguageOf(http))).WithSummary("The package being served, the diagnostics of a failed reload (--watch), and the reforms named by scenarios that do not load, with the modules those scenarios test.");

        e.MapGet("/api/modules", (PackageHost host) => JsonResponse.Write(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("modules");
            foreach (var m in host.Current.Package.Model.Modules) ModelJson.ModuleSummary(w, m);
            w.WriteEndArray();
            w.WriteEndObject();
        })).WithSummary("Every module: id, label, documents, period in force.");

        e.MapGet("/api/modules/{id}", (string id, HttpContext http, PackageHost host) =>
        {
            var snapshot = host.Current;
            var module = snapshot.Package.FindModule(id);
            if (module is null) return UnknownModule(id, snapshot, LanguageOf(http));
            return JsonResponse.Write(200, w => ModelJson.ModuleDetail(w, module, snapshot.Package.Model, snapshot.Scenarios, snapshot.ReformFailed, host.Directory, LanguageOf(http)));
        }).WithSummary("A module's inputs and outputs with types, labels, units, requires, enums and records, the scenarios that test it, and a JSON Schema of its input.");

        e.MapPost("/api/modules/{id}/evaluate", Evaluate)
            .WithSummary("One question: the input object (names or labels) in the body, ?at=yyyy-mm-dd, &explain=true for the trace quoting the provisions.")
            .Answers(StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);

        e.MapPost("/api/modules/{id}/scenario", Scenario)
            .WithSummary("The question and its answer as a scenario block (Chinese keywords) that 'policyrules test' accepts.")
            .Answers(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status503ServiceUnavailable)
            .Produces(StatusCodes.Status200OK, contentType: "text/plain");

        e.MapPost("/api/batch", Batch)
            .WithSummary("NDJSON questions {\"module\",\"at\",\"input\"} as 'eval --batch' reads them, answered as NDJSON in order.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .Answers(StatusCodes.Status413PayloadTooLarge);

        e.MapGet("/api/documents", (PackageHost host) => JsonResponse.Write(200, w => ModelJson.Documents(w, host.Current.Package.Model)))
            .WithSummary("The registry: documents, sections with their quoted text, periods, repeals, and what cites each section.");

        Pages.Map(e);
    }

    /// <summary>Tells the OpenAPI document that the endpoint answers these status codes with JSON.</summary>
    private static RouteHandlerBuilder Answers(this RouteHandlerBuilder endpoint, params int[] codes)
    {
        foreach (var code in codes) endpoint.Produces(code, contentType: "application/json");
        return endpoint;
    }

    private static JsonResponse UnknownModule(string id, PackageSnapshot snapshot, Lang lang)
    {
        var hint = NameSuggester.DidYouMeanMsg(id, snapshot.Package.Model.Modules.Select(m => m.Name));
        return JsonResponse.Error(StatusCodes.Status404NotFound, ErrorCodes.UnknownModule,
            hint is null ? Msg.Of("eval.unknown_module", ("module", id)) : Msg.Of("eval.unknown_module_hint", ("module", id), ("hint", hint)), lang);
    }

    private static JsonResponse Status(PackageHost host, Lang lang) => JsonResponse.Write(200, w =>
    {
        var current = host.Current;
        w.WriteStartObject();
        var name = Path.GetFileName(Path.GetFullPath(host.Directory).TrimEnd(Path.DirectorySeparatorChar));
        w.WriteString("rules", name);
        w.WriteNumber("version", current.Version);
        w.WriteString("loaded_at", current.LoadedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteBoolean("watching", host.Watching);
        var failed = host.FailedDiagnostics;
        w.WriteBoolean("reload_failed", failed.Count > 0);
        w.WriteStartArray("diagnostics");
        foreach (var d in failed) StatusDiagnostic(w, d, host.Directory, lang);
        w.WriteEndArray();
        // Scenarios naming a reform that does not load are checked against the package itself; 'policyrules test' fails them.
        w.WriteStartArray("reform_errors");
        foreach (var e in current.ReformErrors)
        {
            w.WriteStartObject();
            w.WriteString("file", PackagePaths.Relative(host.Directory, e.File));
            w.WriteString("reform", e.Reform);
            w.WriteStartArray("modules");
            foreach (var module in e.Modules) w.WriteStringValue(module);
            w.WriteEndArray();
            w.WriteStartArray("errors");
            foreach (var d in e.Errors) StatusDiagnostic(w, d, host.Directory, lang);
            if (e.Missing is not null)
            {
                // Named again with the package folder's name: the service never shows the server's own path.
                var missing = Msg.Of("scenario.reform_not_found", ("reform", e.Reform), ("dir", name)).Render(lang);
                w.WriteStartObject();
                w.WriteString("message", missing);
                w.WriteString("text", missing);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void StatusDiagnostic(Utf8JsonWriter w, Diagnostic d, string directory, Lang lang)
    {
        w.WriteStartObject();
        var file = PackagePaths.Relative(directory, d.Span.File);
        w.WriteString("file", file);
        w.WriteNumber("line", d.Span.Line);
        w.WriteNumber("column", d.Span.Column);
        w.WriteString("id", d.Id);
        w.WriteString("message", d.MessageIn(lang));
        w.WriteString("text", (d with { Span = d.Span with { File = file } }).ToString(lang));
        w.WriteEndObject();
    }

    /// <summary>The date and explain flag of the query string, or the 400 that says what is wrong with them.</summary>
    private static JsonResponse? Query(string? atText, string? explainText, Lang lang, out DateOnly at, out bool explain)
    {
        at = default;
        explain = false;
        var text = atText ?? "";
        if (text.Length == 0)
            return JsonResponse.Error(400, ErrorCodes.InvalidInput, Msg.Of("serve.at_missing"), lang, "at");
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out at))
            return JsonResponse.Error(400, ErrorCodes.InvalidInput, Msg.Of("serve.at_not_date", ("value", text)), lang, "at");
        var flag = explainText ?? "";
        if (flag.Length > 0 && !bool.TryParse(flag, out explain))
            return JsonResponse.Error(400, ErrorCodes.InvalidInput, Msg.Of("serve.explain_not_flag", ("value", flag)), lang, "explain");
        return null;
    }

    /// <summary>
    /// The language of a request's error messages: <c>?lang=zh|en</c>, else the first language of its Accept-Language that
    /// is Chinese or English, else the service's (<see cref="ServeOptions.Language"/>). JSON keys and codes are the same in both.
    /// </summary>
    internal static Lang LanguageOf(HttpRequest request, ServeOptions options)
    {
        if (request.Query.TryGetValue("lang", out var asked) && MessageCatalogue.Parse(asked.ToString()) is { } chosen) return chosen;
        // q=0 is "not this language" (RFC 9110 §12.4.2), so it is never chosen.
        foreach (var header in request.GetTypedHeaders().AcceptLanguage.Where(l => l.Quality != 0).OrderByDescending(l => l.Quality ?? 1))
            if (MessageCatalogue.Parse(header.Value.ToString()) is { } lang) return lang;
        return options.Language;
    }

    private static Lang LanguageOf(HttpContext http) => LanguageOf(http.Request, http.RequestServices.GetRequiredService<ServeOptions>());

    // The query is bound as text, so that a bad date or flag gets this API's JSON error rather than the framework's 400.
    private static async Task<IResult> Evaluate(string id, [FromQuery] string? at, [FromQuery] string? explain, HttpContext http, PackageHost host, ServeOptions options)
    {
        var lang = LanguageOf(http.Request, options);
        var snapshot = host.Current;
        var module = snapshot.Package.FindModule(id);
        if (module is null) return UnknownModule(id, snapshot, lang);
        if (Query(at, explain, lang, out var day, out var withTrace) is { } bad) return bad;
        var body = await Api.Evaluation.ReadBody(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body is null) return Api.Evaluation.TooLarge(options.MaxBodyBytes, "serve.body_too_large", lang);
        var inputs = Api.Evaluation.ParseInput(body, out var error);
        if (error is not null) return JsonResponse.Error(400, error, lang);
        var result = await Api.Evaluation.WithTimeout(() => snapshot.Package.Evaluate(module, day, inputs!, withTrace), options.EvaluationTimeout, http.RequestAborted);
        if (result is null) return Api.Evaluation.Timeout(options.EvaluationTimeout, lang);
        return JsonResponse.Raw(result.Error is { } e ? Api.Evaluation.Status(e) : 200, ResultJson.Write(result, withTrace, lang));
    }

    private static async Task<IResult> Scenario(string id, [FromQuery] string? at, HttpContext http, PackageHost host, ServeOptions options)
    {
        var lang = LanguageOf(http.Request, options);
        var snapshot = host.Current;
        var module = snapshot.Package.FindModule(id);
        if (module is null) return UnknownModule(id, snapshot, lang);
        if (Query(at, null, lang, out var day, out _) is { } bad) return bad;
        var body = await Api.Evaluation.ReadBody(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body is null) return Api.Evaluation.TooLarge(options.MaxBodyBytes, "serve.body_too_large", lang);
        var inputs = Api.Evaluation.ParseInput(body, out var error);
        var converted = error is null ? Api.Evaluation.Convert(module, snapshot.Package.Model, inputs!, out error) : null;
        if (error is not null) return JsonResponse.Error(400, error, lang);
        var result = await Api.Evaluation.WithTimeout(() => snapshot.Package.Evaluate(module, day, inputs!), options.EvaluationTimeout, http.RequestAborted);
        if (result is null) return Api.Evaluation.Timeout(options.EvaluationTimeout, lang);
        return Results.Text(ScenarioText.Write(snapshot.Package.Model, module, day, converted!, result), "text/plain; charset=utf-8", Encoding.UTF8);
    }

    private static async Task Batch(HttpContext http, PackageHost host, ServeOptions options)
    {
        var lang = LanguageOf(http.Request, options);
        var snapshot = host.Current;
        var body = await Api.Evaluation.ReadBody(http.Request, options.MaxBatchBytes, http.RequestAborted);
        if (body is null)
        {
            await Api.Evaluation.TooLarge(options.MaxBatchBytes, "serve.batch_too_large", lang).ExecuteAsync(http);
            return;
        }
        var text = Api.Evaluation.Text(body, out var notText);
        if (text is null)
        {
            await JsonResponse.Error(400, notText!, lang).ExecuteAsync(http);
            return;
        }
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Trim().Length == 0 ? lines.Length - 1 : lines.Length;
        if (count > options.MaxBatchLines)
        {
            await JsonResponse.Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.InvalidInput,
                Msg.Of("serve.batch_lines", ("count", count), ("max", options.MaxBatchLines)), lang).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        for (var i = 0; i < count; i++)
        {
            var answer = await BatchAnswer.Answer(snapshot.Package, lines[i].TrimEnd('\r'), i + 1, options.EvaluationTimeout, lang, http.RequestAborted);
            await http.Response.WriteAsync(answer + "\n", http.RequestAborted);
            if (i % 64 == 63) await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }
}
