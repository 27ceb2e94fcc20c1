using System.Globalization;

namespace PolicyRules.Evaluation;

/// <summary>Plain-text rendering of runtime values, for explanations, CSV and messages.</summary>
internal static class ValueText
{
    public static string Format(object? v) => v switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => DecimalText.Format(d),
        Money m => m.ToString(),
        Rate r => r.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        string s => s,
        RecordValue r => "{" + string.Join(", ", r.Fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + "}",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        _ => v.ToString() ?? "",
    };

    /// <summary>Like <see cref="Format"/>, with the unit people write: 25000 元.</summary>
    public static string FormatWithUnit(object? v) => v is Money m ? m + " 元" : Format(v);
}
