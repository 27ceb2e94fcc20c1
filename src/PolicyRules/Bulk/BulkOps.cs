using System.Runtime.CompilerServices;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;
using PolicyRules.Time;

namespace PolicyRules.Bulk;

/// <summary>
/// Thrown by compiled code where the interpreter would end the evaluation with an error (not_determinable, a
/// conflict, no rule applies, a match no case covers). The bulk engine catches it (and every arithmetic or date
/// exception) and hands the row to the interpreter, which gives the exact error; one instance, never allocated per row.
/// </summary>
public sealed class BulkFallbackException : Exception
{
    public static readonly BulkFallbackException Instance = new();
    private BulkFallbackException() : base("the compiled module hands this row to the interpreter") { }
}

/// <summary>
/// Typed operations the compiled modules call. Each one mirrors <see cref="Arithmetic"/> and the interpreter exactly,
/// on unboxed values; the small ones are inlined by the JIT.
/// </summary>
public static class BulkOps
{
    private const MethodImplOptions Inline = MethodImplOptions.AggressiveInlining;

    // ---- arithmetic with units (Arithmetic.Apply) ----------------------------------------------

    [MethodImpl(Inline)] public static decimal DivInt(int a, int b) => (decimal)a / b;
    [MethodImpl(Inline)] public static Money AddMoney(Money a, Money b) => a + b;
    [MethodImpl(Inline)] public static Money SubMoney(Money a, Money b) => a - b;
    [MethodImpl(Inline)] public static decimal DivMoneyMoney(Money a, Money b) => a / b;
    [MethodImpl(Inline)] public static Money MulMoneyRate(Money a, Rate k) => a * k;
    [MethodImpl(Inline)] public static Money DivMoneyRate(Money a, Rate k) => new(a.Amount / k.Value);
    [MethodImpl(Inline)] public static Money MulRateMoney(Rate k, Money a) => k * a;
    [MethodImpl(Inline)] public static Money MulMoneyNumber(Money a, decimal k) => a * k;
    [MethodImpl(Inline)] public static Money DivMoneyNumber(Money a, decimal k) => a / k;
    [MethodImpl(Inline)] public static Money MulNumberMoney(decimal k, Money a) => k * a;
    [MethodImpl(Inline)] public static Rate AddRate(Rate a, Rate b) => a + b;
    [MethodImpl(Inline)] public static Rate SubRate(Rate a, Rate b) => a - b;
    [MethodImpl(Inline)] public static Rate MulRate(Rate a, Rate b) => a * b;
    [MethodImpl(Inline)] public static decimal DivRateRate(Rate a, Rate b) => a.Value / b.Value;
    [MethodImpl(Inline)] public static decimal MulRateNumber(Rate a, decimal k) => a.Value * k;
    [MethodImpl(Inline)] public static Rate DivRateNumber(Rate a, decimal k) => new(a.Value / k);
    [MethodImpl(Inline)] public static decimal MulNumberRate(decimal k, Rate a) => k * a.Value;

    [MethodImpl(Inline)] public static int NegInt(int a) => checked(-a);
    [MethodImpl(Inline)] public static decimal NegDecimal(decimal a) => -a;
    [MethodImpl(Inline)] public static Money NegMoney(Money a) => -a;
    [MethodImpl(Inline)] public static Rate NegRate(Rate a) => new(-a.Value);

    // ---- ordering and equality (Arithmetic.Compare, Values.AreEqual) ---------------------------

    [MethodImpl(Inline)] public static bool LtMoney(Money a, Money b) => a.CompareTo(b) < 0;
    [MethodImpl(Inline)] public static int CmpMoney(Money a, Money b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpRate(Rate a, Rate b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpDecimal(decimal a, decimal b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpInt(int a, int b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpDate(DateOnly a, DateOnly b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpDateTime(DateTime a, DateTime b) => a.CompareTo(b);
    [MethodImpl(Inline)] public static int CmpString(string a, string b) => string.CompareOrdinal(a, b);

    [MethodImpl(Inline)] public static bool EqString(string? a, string? b) => string.Equals(a, b);
    [MethodImpl(Inline)] public static bool EqDecimal(decimal a, decimal b) => a == b;
    [MethodImpl(Inline)] public static bool EqMoney(Money a, Money b) => a.Amount == b.Amount;
    [MethodImpl(Inline)] public static bool EqRate(Rate a, Rate b) => a.Value == b.Value;
    [MethodImpl(Inline)] public static bool EqDate(DateOnly a, DateOnly b) => a.DayNumber == b.DayNumber;
    [MethodImpl(Inline)] public static bool EqDateTime(DateTime a, DateTime b) => a.Equals(b);

    public static bool EqNullable<T>(T? a, T? b) where T : struct, IEquatable<T> =>
        a.HasValue ? b.HasValue && a.GetValueOrDefault().Equals(b.GetValueOrDefault()) : !b.HasValue;

    public static bool EqBoxed(object? a, object? b) => Values.AreEqual(a, b);

    // ---- functions -------------------------------------------------------------------------------

    [MethodImpl(Inline)] public static decimal RoundInt(int v, int places, MidpointRounding mode) => v;
    [MethodImpl(Inline)] public static decimal RoundDecimal(decimal v, int places, MidpointRounding mode) => Math.Round(v, places, mode);
    [MethodImpl(Inline)] public static Money RoundMoney(Money v, int places, MidpointRounding mode) => new(Math.Round(v.Amount, places, mode));
    [MethodImpl(Inline)] public static Rate RoundRate(Rate v, int places, MidpointRounding mode) => new(Math.Round(v.Value, places, mode));
    [MethodImpl(Inline)] public static int Ceil(decimal v) => checked((int)decimal.Ceiling(v));
    [MethodImpl(Inline)] public static int Floor(decimal v) => checked((int)decimal.Floor(v));
    [MethodImpl(Inline)] public static int AbsInt(int v) => v < 0 ? checked(-v) : v;
    [MethodImpl(Inline)] public static decimal AbsDecimal(decimal v) => v < 0m ? -v : v;
    [MethodImpl(Inline)] public static Money AbsMoney(Money v) => v.Amount < 0m ? -v : v;
    [MethodImpl(Inline)] public static Rate AbsRate(Rate v) => v.Value < 0m ? new Rate(-v.Value) : v;

    [MethodImpl(Inline)] public static int MinInt(int a, int b) => a <= b ? a : b;
    [MethodImpl(Inline)] public static int MaxInt(int a, int b) => a >= b ? a : b;
    [MethodImpl(Inline)] public static decimal MinDecimal(decimal a, decimal b) => a.CompareTo(b) <= 0 ? a : b;
    [MethodImpl(Inline)] public static decimal MaxDecimal(decimal a, decimal b) => a.CompareTo(b) >= 0 ? a : b;
    [MethodImpl(Inline)] public static Money MinMoney(Money a, Money b) => a.CompareTo(b) <= 0 ? a : b;
    [MethodImpl(Inline)] public static Money MaxMoney(Money a, Money b) => a.CompareTo(b) >= 0 ? a : b;
    [MethodImpl(Inline)] public static Rate MinRate(Rate a, Rate b) => a.CompareTo(b) <= 0 ? a : b;
    [MethodImpl(Inline)] public static Rate MaxRate(Rate a, Rate b) => a.CompareTo(b) >= 0 ? a : b;
    [MethodImpl(Inline)] public static DateOnly MinDate(DateOnly a, DateOnly b) => a.CompareTo(b) <= 0 ? a : b;
    [MethodImpl(Inline)] public static DateOnly MaxDate(DateOnly a, DateOnly b) => a.CompareTo(b) >= 0 ? a : b;
    [MethodImpl(Inline)] public static DateTime MinDateTime(DateTime a, DateTime b) => a.CompareTo(b) <= 0 ? a : b;
    [MethodImpl(Inline)] public static DateTime MaxDateTime(DateTime a, DateTime b) => a.CompareTo(b) >= 0 ? a : b;

    /// <summary>周岁 on <paramref name="on"/>; a birth after that date is the interpreter's invalid_input (the row falls back).</summary>
    [MethodImpl(Inline)]
    public static int Age(DateOnly birth, DateOnly on)
    {
        if (on < birth) throw BulkFallbackException.Instance;
        return CivilDates.AgeInFullYears(birth, on);
    }

    [MethodImpl(Inline)] public static DateOnly AddDays(DateOnly d, int n) => CivilDates.AddDays(d, n);
    [MethodImpl(Inline)] public static DateOnly AddMonths(DateOnly d, int n) => CivilDates.AddMonths(d, n);
    [MethodImpl(Inline)] public static DateOnly AddYears(DateOnly d, int n) => CivilDates.AddYears(d, n);
    [MethodImpl(Inline)] public static DateTime AddHours(DateTime t, decimal n) => CivilDates.AddHours(t, n);
    [MethodImpl(Inline)] public static DateOnly DateOf(DateTime t) => DateOnly.FromDateTime(t);

    [MethodImpl(Inline)] public static DateOnly WorkingDaysAfter(DateOnly d, int n, WorkingCalendar calendar) => calendar.WorkingDaysAfter(d, n);
    [MethodImpl(Inline)] public static DateOnly NextWorkingDay(DateOnly d, WorkingCalendar calendar) => calendar.NextWorkingDay(d);
    [MethodImpl(Inline)] public static bool IsWorkingDay(DateOnly d, WorkingCalendar calendar) => calendar.IsWorkingDay(d);

    public static bool DocumentInForce(PackageModel package, string number, DateOnly at)
    {
        var doc = package.FindDocument(number) ?? throw BulkFallbackException.Instance;
        return doc.IsInForce(at.ToDateTime(TimeOnly.MinValue));
    }

    public static Exception NoCase() => BulkFallbackException.Instance;

    // ---- lists and records (boxed, as the interpreter holds them) --------------------------------

    [MethodImpl(Inline)] public static int Count(IReadOnlyList<object?> list) => list.Count;
    [MethodImpl(Inline)] public static object? Item(IReadOnlyList<object?> list, int index) => list[index];
    public static object? Field(RecordValue record, string field) => record[field];

    public static object Sum(IReadOnlyList<object?> list, RuleType type)
    {
        var total = Arithmetic.Zero(type);
        foreach (var x in list) total = Arithmetic.Apply(BinaryOperator.Add, total, x);
        return total;
    }

    public static object? MinOf(IReadOnlyList<object?> list, bool min)
    {
        if (list.Count == 0) throw BulkFallbackException.Instance;
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var cmp = Arithmetic.Compare(list[i], best);
            if (min ? cmp < 0 : cmp > 0) best = list[i];
        }
        return best;
    }

    public static bool Contains(IReadOnlyList<object?> list, object? value)
    {
        foreach (var x in list) if (Values.AreEqual(value, x)) return true;
        return false;
    }

    // Unboxing a value the interpreter's way of holding it: a decimal-typed value may be a boxed int.
    public static int UnboxInt(object? o) => (int)o!;
    public static decimal UnboxDecimal(object? o) => o is int i ? i : (decimal)o!;
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
