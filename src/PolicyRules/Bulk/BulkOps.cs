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
/// are not here: compiled code calls their one implementation in <see cref="PolicyRules.Rules.RuleOps"/> (a checked one in
/// its check-free form, <see cref="CheckFreeOps"/>).
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

    // ---- ordering of decimals ------------------------------------------------------------------------

    /// <summary>The layout of <see cref="decimal"/>: flags (the scale in bits 16–23, the sign in bit 31) and a 96-bit mantissa.</summary>
    private readonly struct DecimalBits
    {
        // Read from a decimal reinterpreted in place (Unsafe.As), never assigned.
#pragma warning disable CS0649
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
#pragma warning restore CS0649
    }

    private static readonly ulong[] PowersOf10 =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>
    /// Exactly <see cref="decimal.Compare"/> (what <c>RuleOps.Compare</c> does on decimals, money and rates), with the common
    /// case in line: two values of one sign whose mantissas fit in 64 bits and whose scales one multiplication aligns; any
    /// other pair goes to <see cref="decimal.Compare"/>. Compiled code has no run-time profile, so the JIT does not inline
    /// decimal's own comparison into the kernel as it does into a hot method at tier 1; this keeps the comparison a few
    /// instructions.
    /// </summary>
    [MethodImpl(Inline)]
    public static int CompareDecimal(decimal a, decimal b)
    {
        var x = Unsafe.As<decimal, DecimalBits>(ref a);
        var y = Unsafe.As<decimal, DecimalBits>(ref b);
        if ((x.High | y.High) != 0 || (x.Flags ^ y.Flags) < 0) return decimal.Compare(a, b);
        ulong mx = x.Low, my = y.Low;
        int sx = (x.Flags >> 16) & 0xFF, sy = (y.Flags >> 16) & 0xFF;
        if (sx != sy && !(sx < sy ? ScaleUp(ref mx, sy - sx) : ScaleUp(ref my, sx - sy))) return decimal.Compare(a, b);
        if (mx == my) return 0;
        // one sign: a smaller magnitude is the smaller value when positive, the larger when negative
        return (mx < my) != (x.Flags < 0) ? -1 : 1;
    }

    /// <summary>Multiplies a mantissa by 10^<paramref name="digits"/>; false when the product needs more than 64 bits.</summary>
    [MethodImpl(Inline)]
    private static bool ScaleUp(ref ulong mantissa, int digits)
    {
        if (digits >= PowersOf10.Length) return false;
        var high = Math.BigMul(mantissa, PowersOf10[digits], out var low);
        mantissa = low;
        return high == 0;
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
