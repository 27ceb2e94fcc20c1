using System.Text.Json;
using PolicyRules.Language.Model;

namespace PolicyRules.Server.Api;

/// <summary>
/// A JSON Schema (2020-12) of a module's input object, as <c>evaluate</c> accepts it by name. Numbers may also be
/// sent as text (exact decimals beyond a double's precision), as <c>eval</c> accepts; <c>requires</c> conditions
/// are given in each property's description, since JSON Schema cannot say them all.
/// </summary>
internal static class InputSchema
{
    public static void Write(Utf8JsonWriter w, ModuleModel m, PackageModel package, List<EnumModel> enums, List<RecordModel> records)
    {
        w.WriteStartObject();
        w.WriteString("$schema", "https://json-schema.org/draft/2020-12/schema");
        w.WriteString("title", m.Label ?? m.Name);
        w.WriteString("type", "object");
        w.WriteStartObject("properties");
        foreach (var i in m.Inputs)
        {
            w.WritePropertyName(i.Name);
            Type(w, i.Type, Describe(i.Label, i.Type, i.RequiresText));
        }
        w.WriteEndObject();
        w.WriteStartArray("required");
        foreach (var i in m.Inputs.Where(i => !i.Type.Optional)) w.WriteStringValue(i.Name);
        w.WriteEndArray();
        w.WriteBoolean("additionalProperties", false);
        if (enums.Count + records.Count > 0)
        {
            w.WriteStartObject("$defs");
            foreach (var e in enums)
            {
                w.WriteStartObject(e.Name);
                if (e.Label is not null) w.WriteString("title", e.Label);
                w.WriteString("type", "string");
                w.WriteStartArray("enum");
                foreach (var member in e.Members) w.WriteStringValue(member.Name);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            foreach (var r in records)
            {
                w.WriteStartObject(r.Name);
                if (r.Label is not null) w.WriteString("title", r.Label);
                w.WriteString("type", "object");
                w.WriteStartObject("properties");
                foreach (var f in r.Fields)
                {
                    w.WritePropertyName(f.Name);
                    Type(w, f.Type, Describe(f.Label, f.Type, null));
                }
                w.WriteEndObject();
                w.WriteStartArray("required");
                foreach (var f in r.Fields.Where(f => !f.Type.Optional)) w.WriteStringValue(f.Name);
                w.WriteEndArray();
                w.WriteBoolean("additionalProperties", false);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static string Describe(string? label, RuleType type, string? requires) =>
        (label is null ? "" : label + ": ") + TypeWords.Describe(type.AsRequired()) + (requires is null ? "" : "; requires " + requires);

    private static void Type(Utf8JsonWriter w, RuleType type, string? description)
    {
        w.WriteStartObject();
        if (description is not null) w.WriteString("description", description);
        switch (type.Kind)
        {
            case TypeKind.Enum:
            case TypeKind.Record:
                if (type.Optional)
                {
                    w.WriteStartArray("anyOf");
                    w.WriteStartObject(); w.WriteString("$ref", "#/$defs/" + type.Name); w.WriteEndObject();
                    w.WriteStartObject(); w.WriteString("type", "null"); w.WriteEndObject();
                    w.WriteEndArray();
                }
                else w.WriteString("$ref", "#/$defs/" + type.Name);
                break;
            case TypeKind.List:
                JsonTypes(w, type.Optional, "array");
                w.WritePropertyName("items");
                Type(w, type.Element!, null);
                break;
            case TypeKind.Int: JsonTypes(w, type.Optional, "integer", "string"); break;
            case TypeKind.Decimal: JsonTypes(w, type.Optional, "number", "string"); break;
            case TypeKind.Money: JsonTypes(w, type.Optional, "number", "string"); break;
            case TypeKind.Rate: JsonTypes(w, type.Optional, "number", "string"); break;
            case TypeKind.Bool: JsonTypes(w, type.Optional, "boolean"); break;
            case TypeKind.Date:
                JsonTypes(w, type.Optional, "string");
                w.WriteString("format", "date");
                break;
            default: JsonTypes(w, type.Optional, "string"); break;
        }
        w.WriteEndObject();
    }

    private static void JsonTypes(Utf8JsonWriter w, bool optional, params string[] types)
    {
        w.WriteStartArray("type");
        foreach (var t in types) w.WriteStringValue(t);
        if (optional) w.WriteStringValue("null");
        w.WriteEndArray();
    }
}
