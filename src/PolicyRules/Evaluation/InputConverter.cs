using System.Globalization;
using System.Text.Json;
using PolicyRules.Language;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Evaluation;

/// <summary>A value that does not fit its input; <see cref="Field"/> is the path to it (<c>parcels[1].area_m2</c>).</summary>
internal sealed class InputException(string field, string message) : Exception($"{field}: {message}")
{
    /// <summary>A message from the catalogue; the exception's message is its English text.</summary>
    public InputException(string field, Msg message) : this(field, message.Render(Lang.En)) =>
        Text = Msg.Of("input.at_path", ("path", field), ("message", message));

    public string Field { get; } = field;
    public string Reason { get; } = message;

    /// <summary><c>field: message</c> before it is put into words, when the message comes from the catalogue.</summary>
    public Msg? Text { get; }
}

/// <summary>Converts JSON values, text cells and CLR values into the runtime values of a rule type.</summary>
internal static class InputConverter
{
    public static object? FromJson(JsonElement e, RuleType type, PackageModel package, string path)
    {
        if (e.ValueKind == JsonValueKind.Null)
            return type.Optional ? null : throw new InputException(path, Msg.Of("json.required_null", ("type", TypeWords.DescribeMsg(type))));
        switch (type.Kind)
        {
            case TypeKind.List:
                if (e.ValueKind != JsonValueKind.Array) throw new InputException(path, Msg.Of("json.expected_list", ("got", Show(e))));
                var items = new List<object?>();
                var i = 0;
                foreach (var item in e.EnumerateArray()) items.Add(FromJson(item, type.Element!, package, $"{path}[{i++}]"));
                return items;
            case TypeKind.Record:
                if (e.ValueKind != JsonValueKind.Object) throw new InputException(path, Msg.Of("json.expected_record", ("record", type.Name), ("got", Show(e))));
                var record = package.FindRecord(type.Name!)!;
                var fields = new Dictionary<string, object?>();
                foreach (var p in e.EnumerateObject())
                {
                    var field = record.Find(p.Name) ?? throw new InputException($"{path}.{p.Name}",
                        NameSuggester.DidYouMeanMsg(p.Name, record.Fields.Select(f => f.Name)) is { } hint
                            ? Msg.Of("json.no_field_hint", ("record", type.Name), ("field", p.Name), ("hint", hint))
                            : Msg.Of("json.no_field", ("record", type.Name), ("field", p.Name)));
                    fields[field.Name] = FromJson(p.Value, field.Type, package, $"{path}.{field.Name}");
                }
                foreach (var f in record.Fields.Where(f => !fields.ContainsKey(f.Name)))
                {
                    if (!f.Type.Optional) throw new InputException($"{path}.{f.Name}", Msg.Of("json.missing", ("type", TypeWords.DescribeMsg(f.Type))));
                    fields[f.Name] = null;
                }
                return new RecordValue(record.Name, record.Fields.ToDictionary(f => f.Name, f => fields[f.Name]));
            case TypeKind.Bool:
                return e.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String => FromText(e.GetString()!, type, package, path),
                    _ => throw new InputException(path, Msg.Of("json.expected_bool", ("got", Show(e)))),
                };
            case TypeKind.Int:
            case TypeKind.Decimal:
            case TypeKind.Money:
            case TypeKind.Rate:
                if (e.ValueKind == JsonValueKind.Number) return FromText(e.GetRawText(), type, package, path);
                if (e.ValueKind == JsonValueKind.String) return FromText(e.GetString()!, type, package, path);
                throw new InputException(path, Msg.Of("json.expected", ("type", TypeWords.DescribeMsg(type)), ("got", Show(e))));
            default:
                if (e.ValueKind != JsonValueKind.String) throw new InputException(path, Msg.Of("json.expected_string", ("type", TypeWords.DescribeMsg(type)), ("got", Show(e))));
                return FromText(e.GetString()!, type, package, path);
        }
    }

    /// <summary>
    /// Parses text (a CSV cell, a JSON string) as a value of <paramref name="type"/>. Empty text is none for optional types.
    /// Numbers, amounts, rates and dates may be typed as a person types them (<see cref="PersonText"/>): full-width
    /// digits, <c>．</c>, <c>％</c>, <c>－</c>, the ideographic space, and dates <c>2017年9月1日</c> or <c>2017-9-1</c>;
    /// these are tried only when the plain form fails, so the common case costs nothing more.
    /// </summary>
    public static object? FromText(string raw, RuleType type, PackageModel package, string path)
    {
        var text = raw.Trim();
        if (text.Length == 0)
            return type.Optional ? null : throw new InputException(path, Msg.Of("text.empty", ("type", TypeWords.DescribeMsg(type))));
        switch (type.Kind)
        {
            case TypeKind.Int:
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
                var wholeText = PersonText.Normalize(text);
                if (int.TryParse(wholeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out i)) return i;
                if (System.Numerics.BigInteger.TryParse(wholeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    throw new InputException(path, Msg.Of("text.int_range", ("raw", raw), ("min", int.MinValue), ("max", int.MaxValue)));
                throw new InputException(path, Msg.Of("text.expected_int", ("raw", raw)));
            case TypeKind.Decimal:
                if (DecimalText.TryParseNumber(text, out var d)) return d;
                var numberText = PersonText.Normalize(text);
                if (DecimalText.TryParseNumber(numberText, out d)) return d;
                if (DecimalText.IsInexact(numberText)) throw new InputException(path, Msg.Of("text.inexact", ("raw", raw)));
                throw new InputException(path, Msg.Of("text.expected_number", ("raw", raw)));
            case TypeKind.Money:
                if (Money.TryParse(text, out var m)) return m;
                var moneyText = PersonText.Normalize(text);
                if (Money.TryParse(moneyText, out m)) return m;
                if (DecimalText.IsInexact(NumberPart(moneyText, "元", "yuan"))) throw new InputException(path, Msg.Of("text.inexact", ("raw", raw)));
                throw new InputException(path, Msg.Of("text.expected_money", ("raw", raw)));
            case TypeKind.Rate:
                if (Rate.TryParse(text, out var r)) return r;
                var rateText = PersonText.Normalize(text);
                if (Rate.TryParse(rateText, out r)) return r;
                if (DecimalText.IsInexact(NumberPart(rateText, "%")) || (rateText.EndsWith('%') && DecimalText.TryParseNumber(NumberPart(rateText, "%"), out _)))
                    throw new InputException(path, Msg.Of("text.inexact_rate", ("raw", raw)));
                throw new InputException(path, Msg.Of("text.expected_rate", ("raw", raw)));
            case TypeKind.Bool:
                return text switch
                {
                    "true" or "是" => true,
                    "false" or "否" => false,
                    _ => throw new InputException(path, Msg.Of("text.expected_bool", ("raw", raw))),
                };
            case TypeKind.Date:
                if (TryParseDate(text, out var date)) return date;
                throw new InputException(path, Msg.Of("text.expected_date", ("raw", raw)));
            case TypeKind.DateTime:
                if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return dt;
                if (DateTime.TryParseExact(PersonText.Normalize(text), DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out dt)) return dt;
                throw new InputException(path, Msg.Of("text.expected_datetime", ("raw", raw)));
            case TypeKind.String:
                return raw;
            case TypeKind.Enum:
                var enumModel = package.FindEnum(type.Name!)!;
                var member = enumModel.Find(text) ?? throw new InputException(path,
                    NameSuggester.DidYouMeanMsg(text, enumModel.Members.Select(x => x.Name)) is { } hint
                        ? Msg.Of("text.not_member_hint", ("raw", raw), ("enum", type.Name), ("members", enumModel.Members.Select(x => x.Name).ToList()), ("hint", hint))
                        : Msg.Of("text.not_member", ("raw", raw), ("enum", type.Name), ("members", enumModel.Members.Select(x => x.Name).ToList())));
                return member.Name;
            default:
                throw new InputException(path, Msg.Of("text.unwritable", ("type", TypeWords.DescribeMsg(type))));
        }
    }

    /// <summary>
    /// A date as <c>yyyy-mm-dd</c> or, when that fails, as a person types it (<c>2017-9-1</c>, <c>2017年9月1日</c>,
    /// full-width digits): the values of date inputs, and the <c>at</c> of a CSV row or a batch question.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        if (!PersonText.TryParseDate(text.ToString(), out var day, out _)) return false;
        date = DateOnly.FromDateTime(day);
        return true;
    }

    /// <summary>The date-time forms of <see cref="FromText"/> (and of the bulk engine's cell reader).</summary>
    public static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Checks and normalises a value handed over from C# (int where decimal is expected, and so on).</summary>
    public static object? FromClr(object? value, RuleType type, PackageModel package, string path)
    {
        if (value is null) return type.Optional ? null : throw new InputException(path, Msg.Of("clr.required", ("type", TypeWords.DescribeMsg(type))));
        if (value is JsonElement json) return FromJson(json, type, package, path);
        switch (type.Kind)
        {
            case TypeKind.Int when value is int: return value;
            case TypeKind.Decimal when value is decimal: return value;
            case TypeKind.Decimal when value is int n: return (decimal)n;
            case TypeKind.Money when value is Money: return value;
            case TypeKind.Money when value is decimal y: return new Money(y);
            case TypeKind.Rate when value is Rate: return value;
            case TypeKind.Bool when value is bool: return value;
            case TypeKind.Date when value is DateOnly: return value;
            case TypeKind.DateTime when value is DateTime: return value;
            case TypeKind.String when value is string: return value;
            case TypeKind.Enum when value is string s: return FromText(s, type, package, path);
            case TypeKind.Record when value is RecordValue r && r.Record == type.Name: return value;
            case TypeKind.List when value is System.Collections.IEnumerable list and not string:
                return list.Cast<object?>().Select((x, k) => FromClr(x, type.Element!, package, $"{path}[{k}]")).ToList();
        }
        if (value is string text) return FromText(text, type, package, path);
        throw new InputException(path, Msg.Of("clr.expected", ("type", TypeWords.DescribeMsg(type)), ("got", value.GetType().Name)));
    }

    public static string Describe(RuleType type) => TypeWords.Describe(type);

    /// <summary>The number of "25000 元" or "7.9%": the text without the unit.</summary>
    private static string NumberPart(string text, params string[] units)
    {
        foreach (var unit in units)
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) return text[..^unit.Length].TrimEnd();
        return text;
    }

    private static Msg Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => Msg.Of("json.raw", ("text", $"\"{e.GetString()}\"")),
        JsonValueKind.Object => Msg.Of("json.an_object"),
        JsonValueKind.Array => Msg.Of("json.a_list"),
        _ => Msg.Of("json.raw", ("text", e.GetRawText())),
    };
}
