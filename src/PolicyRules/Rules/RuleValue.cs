using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using PolicyRules.Evaluation;

namespace PolicyRules.Rules;

/// <summary>
/// Bridges typed values of generated code and the interpreter's runtime values: a generated enum member
/// becomes its rule-language name, a generated record a <see cref="RecordValue"/>, a typed list a list of
/// such values. Explanations and messages format through it, so they read the same from both.
/// </summary>
public static class RuleValue
{
    private static readonly ConcurrentDictionary<(Type, object), string?> EnumNames = new();

    /// <summary>The interpreter's form of a typed value.</summary>
    public static object? ToInterpreterValue(object? value) => value switch
    {
        null => null,
        string s => s,
        Enum e => EnumName(e) ?? e.ToString(),
        IRuleRecord r => new RecordValue(r.RecordName, r.GetFields().ToDictionary(f => f.Key, f => ToInterpreterValue(f.Value))),
        RecordValue r => r,
        IEnumerable list => list.Cast<object?>().Select(ToInterpreterValue).ToList(),
        _ => value,
    };

    /// <summary>Inputs or outputs by rule-language name, in the interpreter's form (for <c>RulePackage.Evaluate</c>).</summary>
    public static IReadOnlyDictionary<string, object?> ToDictionary(IRuleFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var result = new Dictionary<string, object?>();
        foreach (var (name, value) in fields.GetFields()) result[name] = ToInterpreterValue(value);
        return result;
    }

    /// <summary>The rule-language name of a generated enum member (<c>congtai</c>), or null when it has none.</summary>
    public static string? EnumName(Enum value) => EnumNames.GetOrAdd((value.GetType(), value), static key =>
    {
        var name = Enum.GetName(key.Item1, key.Item2);
        return name is null ? null : key.Item1.GetField(name)?.GetCustomAttribute<RuleNameAttribute>()?.Name;
    });

    /// <summary>As explanations write a value: <c>25000</c>, <c>7.9%</c>, <c>2017-08-16</c>, <c>congtai</c>, <c>[1, 2]</c>.</summary>
    public static string Format(object? value) => ValueText.Format(ToInterpreterValue(value));

    /// <summary>Like <see cref="Format"/>, with the unit people write for money: <c>25000 元</c>.</summary>
    public static string FormatWithUnit(object? value) => ValueText.FormatWithUnit(ToInterpreterValue(value));

    /// <summary>Rule-language equality: numbers by value, lists item by item, records field by field.</summary>
    public static bool AreEqual(object? a, object? b) => RuleOps.AreEqual(ToInterpreterValue(a), ToInterpreterValue(b));
}
