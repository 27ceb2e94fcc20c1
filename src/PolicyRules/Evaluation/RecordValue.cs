namespace PolicyRules.Evaluation;

/// <summary>A value of a rule-language record type.</summary>
public sealed class RecordValue : IEquatable<RecordValue>
{
    /// <summary>A value of the record type <paramref name="record"/> with its fields by name.</summary>
    public RecordValue(string record, IReadOnlyDictionary<string, object?> fields) { Record = record; Fields = fields; }
    /// <summary>The record type's name.</summary>
    public string Record { get; }
    /// <summary>The field values by field name.</summary>
    public IReadOnlyDictionary<string, object?> Fields { get; }
    /// <summary>The value of the field named <paramref name="field"/>.</summary>
    public object? this[string field] => Fields[field];

    /// <summary>Records are equal when their type and every field are (as the rule language compares values).</summary>
    public bool Equals(RecordValue? other) =>
        other is not null && other.Record == Record && Fields.Count == other.Fields.Count &&
        Fields.All(f => other.Fields.TryGetValue(f.Key, out var v) && Rules.RuleOps.AreEqual(f.Value, v));
    /// <summary>Whether <paramref name="obj"/> is an equal <see cref="RecordValue"/>.</summary>
    public override bool Equals(object? obj) => Equals(obj as RecordValue);
    /// <summary>A hash of the record type, consistent with <see cref="Equals(RecordValue?)"/>.</summary>
    public override int GetHashCode() => Record.GetHashCode();
}
