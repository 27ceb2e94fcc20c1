namespace PolicyRules.Evaluation;

/// <summary>A value of a rule-language record type.</summary>
public sealed class RecordValue : IEquatable<RecordValue>
{
    public RecordValue(string record, IReadOnlyDictionary<string, object?> fields) { Record = record; Fields = fields; }
    public string Record { get; }
    public IReadOnlyDictionary<string, object?> Fields { get; }
    public object? this[string field] => Fields[field];

    public bool Equals(RecordValue? other) =>
        other is not null && other.Record == Record && Fields.Count == other.Fields.Count &&
        Fields.All(f => other.Fields.TryGetValue(f.Key, out var v) && Values.AreEqual(f.Value, v));
    public override bool Equals(object? obj) => Equals(obj as RecordValue);
    public override int GetHashCode() => Record.GetHashCode();
}

/// <summary>Runtime value helpers. Values are int, decimal, Money, Rate, bool, DateOnly, DateTime, string
/// (text and enum members), IReadOnlyList&lt;object?&gt;, RecordValue, or null for none.</summary>
public static class Values
{
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is int ia && b is decimal db) return ia == db;
        if (a is decimal da && b is int ib) return da == ib;
        if (a is IReadOnlyList<object?> la && b is IReadOnlyList<object?> lb)
            return la.Count == lb.Count && la.Zip(lb).All(p => AreEqual(p.First, p.Second));
        return a.Equals(b);
    }
}
