using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyRules.Language.Messages;

namespace PolicyRules.Evaluation;

/// <summary>
/// The JSON shapes of evaluation results: <c>{"module":…,"at":…,"outputs":{…}}</c>, with a <c>trace</c> when asked,
/// or <c>{"error":{"code":…,"message":…}}</c>. Money, decimals and rates (as fractions) are JSON numbers written
/// exactly; dates ISO; enums by name; none as null.
/// </summary>
public static class ResultJson
{
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The result as one line of JSON, with the explanation trace when <paramref name="includeTrace"/>.</summary>
    public static string Write(EvaluationResult result, bool includeTrace) => Write(result, includeTrace, Lang.En);

    /// <summary>The result as one line of JSON in <paramref name="lang"/>: the error's message, a draft's mark in the error's
    /// citations and the explanation's parameter lines (<c>（草案，改革 …）</c> in Chinese).</summary>
    public static string Write(EvaluationResult result, bool includeTrace, Lang lang)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions)) Write(w, result.In(lang), includeTrace, lang);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the result as JSON to <paramref name="w"/>, with the explanation trace when <paramref name="includeTrace"/>.</summary>
    public static void Write(Utf8JsonWriter w, EvaluationResult result, bool includeTrace) => Write(w, result, includeTrace, Lang.En);

    private static void Write(Utf8JsonWriter w, EvaluationResult result, bool includeTrace, Lang lang)
    {
        w.WriteStartObject();
        if (result.Error is { } error)
        {
            WriteError(w, error, lang);
            if (includeTrace && result.Trace.Count > 0) WriteTrace(w, result.Trace, lang);
        }
        else
        {
            w.WriteString("module", result.Module.Name);
            w.WriteString("at", result.At.ToString("yyyy-MM-dd"));
            w.WritePropertyName("outputs");
            w.WriteStartObject();
            foreach (var (name, value) in result.Outputs)
            {
                w.WritePropertyName(name);
                WriteValue(w, value);
            }
            w.WriteEndObject();
            if (includeTrace) WriteTrace(w, result.Trace, lang);
        }
        w.WriteEndObject();
    }

    /// <summary>An error alone as JSON: <c>{"error":{"code":…,"message":…}}</c>.</summary>
    public static string WriteError(EvaluationError error)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            WriteError(w, error, Lang.En);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteError(Utf8JsonWriter w, EvaluationError error, Lang lang)
    {
        w.WritePropertyName("error");
        w.WriteStartObject();
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        if (error.Field is not null) w.WriteString("field", error.Field);
        if (error.Citations is { Count: > 0 } cites)
        {
            w.WritePropertyName("citations");
            w.WriteStartArray();
            foreach (var c in cites) w.WriteStringValue(c.Text(lang));
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteTrace(Utf8JsonWriter w, IReadOnlyList<TraceStep> trace, Lang lang)
    {
        w.WritePropertyName("trace");
        w.WriteStartArray();
        foreach (var step in trace)
        {
            w.WriteStartObject();
            w.WriteString("name", step.Name);
            if (step.Label is not null) w.WriteString("label", step.Label);
            w.WriteString("kind", step.Kind.ToString().ToLowerInvariant());
            w.WritePropertyName("value");
            WriteValue(w, step.Value);
            if (step.Rule is not null) w.WriteString("rule", step.Rule);
            if (step.Citations.Count > 0)
            {
                w.WritePropertyName("citations");
                w.WriteStartArray();
                foreach (var c in step.Citations)
                {
                    w.WriteStartObject();
                    w.WriteString("document", c.Document.Number);
                    if (c.Section is not null) w.WriteString("section", c.Section);
                    if (c.Quote is not null) w.WriteString("quote", c.Quote);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            if (step.Parameters.Count > 0)
            {
                // The explanation's parameter lines, as the text explanation gives them (a reform's draft named in them).
                w.WritePropertyName("parameters");
                w.WriteStartArray();
                foreach (var p in step.Parameters) w.WriteStringValue(p.Text.Render(lang));
                w.WriteEndArray();
            }
            if (step.Note is not null) w.WriteString("note", step.Note);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case decimal d: w.WriteRawValue(DecimalText.Format(d)); break;
            case Money m: w.WriteRawValue(DecimalText.Format(m.Amount)); break;
            case Rate r: w.WriteRawValue(DecimalText.Format(r.Value)); break;
            case RecordValue r:
                w.WriteStartObject();
                foreach (var (k, v) in r.Fields) { w.WritePropertyName(k); WriteValue(w, v); }
                w.WriteEndObject();
                break;
            case IEnumerable<object?> list:
                w.WriteStartArray();
                foreach (var x in list) WriteValue(w, x);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(ValueText.Format(value)); break;
        }
    }
}
