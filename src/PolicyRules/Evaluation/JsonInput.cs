using System.Text.Json;
using PolicyRules.Language.Messages;

namespace PolicyRules.Evaluation;

/// <summary>
/// Reads the JSON object of a question (input names to values) strictly: a name given twice at any depth is refused,
/// naming it (System.Text.Json would keep the last), and so is text that is not valid Unicode — an escaped lone UTF-16
/// surrogate such as <c>"\ud800"</c>, which JSON's grammar allows but no string can hold — with the path to it,
/// rather than an exception later when the value is read.
/// </summary>
public static class JsonInput
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>The object's properties; null with <paramref name="error"/> (invalid_input) when the text is not such an object.</summary>
    public static Dictionary<string, object?>? ParseObject(string text, out EvaluationError? error)
    {
        using var doc = Parse(text, out error);
        if (doc is null) return null;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("json.not_object"));
            return null;
        }
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }

    /// <summary>
    /// Parses JSON text with no name given twice and no text that is not valid Unicode; null with
    /// <paramref name="error"/> (invalid_input, naming the field) otherwise.
    /// </summary>
    public static JsonDocument? Parse(string text, out EvaluationError? error)
    {
        error = null;
        try
        {
            // First without the duplicate check, which itself throws on a name that is not valid Unicode, to find such text by its path.
            using (var loose = JsonDocument.Parse(text))
            {
                if (InvalidText(loose.RootElement, "") is { } bad)
                {
                    error = EvaluationError.Of(ErrorCodes.InvalidInput, bad.Message, bad.Field);
                    return null;
                }
            }
            return JsonDocument.Parse(text, Strict);
        }
        catch (JsonException e)
        {
            // .NET's own wording is English only; the position says where, in either language.
            error = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("json.invalid", ("line", (e.LineNumber ?? 0) + 1), ("column", (e.BytePositionInLine ?? 0) + 1)));
            return null;
        }
        catch (ArgumentException)
        {
            // The string itself (not an escape in it) holds a lone surrogate: it cannot even be read as UTF-8.
            error = EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("json.lone_surrogate"));
            return null;
        }
    }

    /// <summary>The first name or string under <paramref name="element"/> that is not valid Unicode text, with its path.</summary>
    public static (string Field, string Message)? FirstInvalidText(JsonElement element, string path) =>
        InvalidText(element, path) is { } bad ? (bad.Field, bad.Message.Render(Lang.En)) : null;

    private static (string Field, Msg Message)? InvalidText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValid(element.GetString) ? null : (Field(path), Msg.Of("json.text_surrogate", ("field", Field(path))));
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (InvalidText(item, $"{path}[{i++}]") is { } bad) return bad;
                return null;
            case JsonValueKind.Object:
                var k = 0;
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var p = property;
                    if (!IsValid(() => p.Name))
                    {
                        return (Field(path), path.Length == 0
                            ? Msg.Of("json.name_surrogate", ("n", k + 1))
                            : Msg.Of("json.name_of_surrogate", ("n", k + 1), ("path", path)));
                    }
                    var field = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                    if (!names.Add(p.Name)) return (field, Msg.Of("json.name_twice", ("field", field)));
                    if (InvalidText(p.Value, field) is { } bad) return bad;
                    k++;
                }
                return null;
            default:
                return null;
        }
    }

    private static string Field(string path) => path.Length == 0 ? "input" : path;

    private static bool IsValid(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
