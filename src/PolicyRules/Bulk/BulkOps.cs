using System.Runtime.CompilerServices;
using PolicyRules.Evaluation;
using PolicyRules.Rules;

namespace PolicyRules.Bulk;

/// <summary>
/// Thrown by compiled code where the interpreter would end the evaluation with an error (not_determinable, a
/// conflict, no rule applies, a match no case covers). The bulk engine catches it (and every arithmetic or date
/// exception) and hands the row to the interpreter, which gives the exact error; one instance, never allocated per row.
/// </summary>
internal sealed class BulkFallbackException : Exception
{
    public static readonly BulkFallbackException Instance = new();
    private BulkFallbackException() : base("the compiled module hands this row to the interpreter") { }
}

/// <summary>
/// The plumbing compiled modules call: lists, records and values held the interpreter's way (boxed). Operators and builtins
/// are not here: compiled code calls their one implementation in <see cref="PolicyRules.Rules.RuleOps"/>.
/// </summary>
internal static class BulkOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    /// <summary>Equality of lists and records, item by item, as the interpreter compares them.</summary>
    public static bool EqBoxed(object? a, object? b) => RuleOps.AreEqual(a, b);

    // ---- lists and records (boxed, as the interpreter holds them) --------------------------------

    [MethodImpl(Inline)] public static int Count(IReadOnlyList<object?> list) => list.Count;
    [MethodImpl(Inline)] public static object? Item(IReadOnlyList<object?> list, int index) => list[index];
    public static object? Field(RecordValue record, string field) => record[field];

    public static bool Contains(IReadOnlyList<object?> list, object? value)
    {
        foreach (var x in list) if (RuleOps.AreEqual(value, x)) return true;
        return false;
    }

    // Unboxing a value held the interpreter's way (of its type already: the core converts every value, CoreConvert).
    public static int UnboxInt(object? o) => (int)o!;
    public static decimal UnboxDecimal(object? o) => (decimal)o!;
    public static Money UnboxMoney(object? o) => (Money)o!;
    public static Rate UnboxRate(object? o) => (Rate)o!;
    public static bool UnboxBool(object? o) => (bool)o!;
    public static DateOnly UnboxDate(object? o) => (DateOnly)o!;
    public static DateTime UnboxDateTime(object? o) => (DateTime)o!;
    public static string UnboxString(object? o) => (string)o!;
    public static IReadOnlyList<object?> UnboxList(object? o) => (IReadOnlyList<object?>)o!;
    public static RecordValue UnboxRecord(object? o) => (RecordValue)o!;
    public static decimal? UnboxNullableDecimal(object? o) => o is null ? null : UnboxDecimal(o);
}
