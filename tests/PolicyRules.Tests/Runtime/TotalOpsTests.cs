using PolicyRules.Rules;
using PolicyRules.Time;
using static PolicyRules.Tests.Runtime.China2017To2018Calendar;

namespace PolicyRules.Tests.Runtime;

/// <summary>
/// The total forms of RuleOps (check: false, ref failed), which a generated module's fast evaluation calls: on every
/// input either the checked operation's exact result with failed left false, or failed where the checked operation
/// throws. A spurious failure (failed where the checked operation succeeds) only costs a second, checked evaluation; the
/// sufficient tests allow it for decimal products and quotients near 2^95 and hour counts of 2^58 or more, and never
/// for the ordinary amounts checked last.
/// </summary>
public class TotalOpsTests
{
    private delegate T Total<T>(ref bool failed);

    private const string At = "test.rules(1,1)";
    private static readonly WorkingCalendar Cal = Build();
    private static readonly RuleCalendar RuleCal = new(Cal, []);

    private static readonly decimal[] DecimalExtremes =
    [
        0m, 1m, -1m, 0.5m, -0.5m, 2m, 10.25m, 25m, 0.045m, 1_000_000m, int.MaxValue, int.MinValue, long.MaxValue, ulong.MaxValue,
        decimal.MaxValue, decimal.MinValue, decimal.MaxValue / 2, decimal.MaxValue / 3, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
        1.2345678901234567890123456789m, 7.9228162514264337593543950335m, 39614081257132168796771975167m, 39614081257132168796771975168m,
        281474976710656m, 0.000000000001m, 1e14m, 1e15m, -1e14m, 2.5m, -2.5m, 0.9999999999999999999999999999m,
    ];

    private static readonly int[] IntExtremes = [0, 1, -1, 2, -2, 46340, 46341, -46341, 65536, int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 1_000_000];

    private static IEnumerable<decimal> RandomDecimals(int seed, int count, bool ordinary)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            if (ordinary)   // up to 10^12, up to 6 places: amounts, areas, rates
                yield return new decimal(random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)) / (decimal)Math.Pow(10, random.Next(0, 7));
            else
                yield return new decimal(random.Next(), random.Next() >> random.Next(0, 32), random.Next() >> random.Next(0, 32), random.Next(2) == 0, (byte)random.Next(0, 29));
        }
    }

    private static IEnumerable<(decimal, decimal)> DecimalPairs()
    {
        foreach (var a in DecimalExtremes) foreach (var b in DecimalExtremes) yield return (a, b);
        var xs = RandomDecimals(1, 2000, ordinary: false).ToArray();
        var ys = RandomDecimals(2, 2000, ordinary: false).ToArray();
        for (var i = 0; i < xs.Length; i++) yield return (xs[i], ys[i]);
    }

    /// <summary>The checked result, or null where it throws the interpreter's error.</summary>
    private static (T Value, bool Threw) Checked<T>(Func<T> f)
    {
        try { return (f(), false); }
        catch (RuleErrorException) { return (default!, true); }
    }

    /// <summary>Asserts the contract; answers whether the total form failed where the checked one did not.</summary>
    private static bool Agrees<T>(Func<T> check, Total<T> total, Func<T, T, bool> same, string what)
    {
        var (expected, threw) = Checked(check);
        var failed = false;
        var actual = total(ref failed);
        if (threw) { Assert.True(failed, $"{what}: the checked form throws, the total form did not fail"); return false; }
        if (failed) return true;
        Assert.True(same(expected, actual), $"{what}: {expected} checked, {actual} total");
        return false;
    }

    // Exact: the same value and the same scale (1.0 and 1.00 are equal decimals but print differently).
    private static bool Same(decimal a, decimal b) => decimal.GetBits(a).SequenceEqual(decimal.GetBits(b));

    [Fact]
    public void Decimal_arithmetic_is_exact_or_fails_where_the_checked_form_throws()
    {
        var spurious = 0;
        var pairs = DecimalPairs().ToList();
        foreach (var (a, b) in pairs)
        {
            var w = $"{a} {b}";
            if (Agrees(() => RuleOps.Add(a, b, At), (ref bool f) => RuleOps.Add(a, b, At, false, ref f), Same, "+ " + w)) spurious++;
            if (Agrees(() => RuleOps.Subtract(a, b, At), (ref bool f) => RuleOps.Subtract(a, b, At, false, ref f), Same, "- " + w)) spurious++;
            if (Agrees(() => RuleOps.Multiply(a, b, At), (ref bool f) => RuleOps.Multiply(a, b, At, false, ref f), Same, "* " + w)) spurious++;
            if (Agrees(() => RuleOps.Divide(a, b, At), (ref bool f) => RuleOps.Divide(a, b, At, false, ref f), Same, "/ " + w)) spurious++;
            var (m, n, r) = (new Money(a), new Money(b), new Rate(b));
            Agrees(() => RuleOps.Multiply(m, r, At), (ref bool f) => RuleOps.Multiply(m, r, At, false, ref f), (x, y) => Same(x.Amount, y.Amount), "money*rate " + w);
            Agrees(() => RuleOps.Divide(m, n, At), (ref bool f) => RuleOps.Divide(m, n, At, false, ref f), Same, "money/money " + w);
            Agrees(() => RuleOps.Add(m, n, At), (ref bool f) => RuleOps.Add(m, n, At, false, ref f), (x, y) => Same(x.Amount, y.Amount), "money+money " + w);
            Agrees(() => RuleOps.Divide(new Rate(a), b, At), (ref bool f) => RuleOps.Divide(new Rate(a), b, At, false, ref f), (x, y) => Same(x.Value, y.Value), "rate/decimal " + w);
        }
        // Near the limits the tests are sufficient, not exact: a minority of the extreme and full-range pairs.
        Assert.True(spurious < pairs.Count, $"{spurious} spurious failures in {4 * pairs.Count} operations");
    }

    [Fact]
    public void Ordinary_amounts_never_fail_spuriously()
    {
        var xs = RandomDecimals(3, 5000, ordinary: true).ToArray();
        var ys = RandomDecimals(4, 5000, ordinary: true).ToArray();
        for (var i = 0; i < xs.Length; i++)
        {
            var (a, b) = (xs[i], ys[i]);
            Assert.False(Agrees(() => RuleOps.Add(a, b, At), (ref bool f) => RuleOps.Add(a, b, At, false, ref f), Same, $"{a} + {b}"));
            Assert.False(Agrees(() => RuleOps.Subtract(a, b, At), (ref bool f) => RuleOps.Subtract(a, b, At, false, ref f), Same, $"{a} - {b}"));
            Assert.False(Agrees(() => RuleOps.Multiply(a, b, At), (ref bool f) => RuleOps.Multiply(a, b, At, false, ref f), Same, $"{a} * {b}"));
            Assert.False(Agrees(() => RuleOps.Divide(a, b, At), (ref bool f) => RuleOps.Divide(a, b, At, false, ref f), Same, $"{a} / {b}"));
        }
    }

    [Fact]
    public void Int_arithmetic_is_exact_or_fails_exactly_where_the_checked_form_throws()
    {
        var random = new Random(5);
        var values = IntExtremes.Concat(Enumerable.Range(0, 300).Select(_ => random.Next(int.MinValue, int.MaxValue))).ToArray();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                // int arithmetic is exact: a failure is never spurious
                Assert.False(Agrees(() => RuleOps.Add(a, b, At), (ref bool f) => RuleOps.Add(a, b, At, false, ref f), (x, y) => x == y, $"{a} + {b}"));
                Assert.False(Agrees(() => RuleOps.Subtract(a, b, At), (ref bool f) => RuleOps.Subtract(a, b, At, false, ref f), (x, y) => x == y, $"{a} - {b}"));
                Assert.False(Agrees(() => RuleOps.Multiply(a, b, At), (ref bool f) => RuleOps.Multiply(a, b, At, false, ref f), (x, y) => x == y, $"{a} * {b}"));
                Assert.False(Agrees(() => RuleOps.Divide(a, b, At), (ref bool f) => RuleOps.Divide(a, b, At, false, ref f), Same, $"{a} / {b}"));
            }
            Assert.False(Agrees(() => RuleOps.Negate(a, At), (ref bool f) => RuleOps.Negate(a, At, false, ref f), (x, y) => x == y, $"-{a}"));
            Assert.False(Agrees(() => RuleOps.Abs(a, At), (ref bool f) => RuleOps.Abs(a, At, false, ref f), (x, y) => x == y, $"abs {a}"));
        }
    }

    [Fact]
    public void Rounding_and_whole_numbers_are_exact_or_fail_where_the_checked_form_throws()
    {
        foreach (var x in DecimalExtremes.Concat(RandomDecimals(6, 500, ordinary: false)))
        {
            Assert.False(Agrees(() => RuleOps.Ceiling(x, At), (ref bool f) => RuleOps.Ceiling(x, At, false, ref f), (a, b) => a == b, $"ceil {x}"));
            Assert.False(Agrees(() => RuleOps.Floor(x, At), (ref bool f) => RuleOps.Floor(x, At, false, ref f), (a, b) => a == b, $"floor {x}"));
            foreach (var places in new[] { -1, 0, 2, 27, 28, 29, int.MaxValue })
            {
                Assert.False(Agrees(() => RuleOps.Round(x, places, At), (ref bool f) => RuleOps.Round(x, places, At, false, ref f), Same, $"round {x} {places}"));
                Assert.False(Agrees(() => RuleOps.RoundUp(new Money(x), places, At), (ref bool f) => RuleOps.RoundUp(new Money(x), places, At, false, ref f), (a, b) => Same(a.Amount, b.Amount), $"round_up {x} {places}"));
                Assert.False(Agrees(() => RuleOps.RoundDown(new Rate(x), places, At), (ref bool f) => RuleOps.RoundDown(new Rate(x), places, At, false, ref f), (a, b) => Same(a.Value, b.Value), $"round_down {x} {places}"));
            }
        }
    }

    [Fact]
    public void Date_arithmetic_is_exact_or_fails_exactly_where_the_checked_form_throws()
    {
        var days = new[] { DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(2016, 2, 29), new DateOnly(2017, 1, 31), new DateOnly(9999, 12, 1), new DateOnly(1, 1, 31) };
        var counts = IntExtremes.Concat([120_000, -120_000, 119_988, -119_988, 9998, -9998, 9999, 3_652_058, -3_652_058, 3_652_059]).ToArray();
        foreach (var d in days)
        {
            foreach (var n in counts)
            {
                Assert.False(Agrees(() => RuleOps.AddDays(d, n, At), (ref bool f) => RuleOps.AddDays(d, n, At, false, ref f), (a, b) => a == b, $"add_days {d} {n}"));
                Assert.False(Agrees(() => RuleOps.AddMonths(d, n, At), (ref bool f) => RuleOps.AddMonths(d, n, At, false, ref f), (a, b) => a == b, $"add_months {d} {n}"));
                Assert.False(Agrees(() => RuleOps.AddYears(d, n, At), (ref bool f) => RuleOps.AddYears(d, n, At, false, ref f), (a, b) => a == b, $"add_years {d} {n}"));
            }
            foreach (var e in days)
                Assert.False(Agrees(() => RuleOps.Age(d, e), (ref bool f) => RuleOps.Age(d, e, false, ref f), (a, b) => a == b, $"age {d} {e}"));
        }
        var times = new[] { DateTime.MinValue, DateTime.MaxValue, new DateTime(2017, 9, 1, 8, 30, 0) };
        foreach (var t in times)
            foreach (var h in DecimalExtremes.Concat([87_649_000m, -87_649_000m, 0.00000000001m]))
                Agrees(() => RuleOps.AddHours(t, h, At), (ref bool f) => RuleOps.AddHours(t, h, At, false, ref f), (a, b) => a == b, $"add_hours {t:o} {h}");
    }

    /// <summary>The calendar's tables as a generated package declares them (built by the same code as the calendar's own).</summary>
    private readonly struct Tables : IWorkingDayTables
    {
        private static readonly PolicyRules.Language.Model.WorkingDayTables Built = PolicyRules.Language.Model.WorkingDayTables.Build(
            CoversFrom.DayNumber, CoversTo.DayNumber - CoversFrom.DayNumber + 1,
            Holidays().Select(d => d.DayNumber - CoversFrom.DayNumber), Workdays().Select(d => d.DayNumber - CoversFrom.DayNumber));
        public static int FirstDayNumber => CoversFrom.DayNumber;
        public static ReadOnlySpan<bool> Working => Built.Working;
        public static ReadOnlySpan<int> WorkingBefore => Built.WorkingBefore;
        public static ReadOnlySpan<int> WorkingIndex => Built.WorkingIndex;
        public static ReadOnlySpan<int> NextWorking => Built.NextWorking;
    }

    [Fact]
    public void Working_days_agree_with_the_checked_forms_inside_and_fail_outside_the_calendar_data()
    {
        // The data covers 2017-01-01 to 2018-12-31 (reference.md); days around both ends and far outside.
        var days = Enumerable.Range(-5, 740).Select(i => Cal.CoversFrom.AddDays(i)).Concat([DateOnly.MinValue, DateOnly.MaxValue, DateOnly.MaxValue.AddDays(-1)]).ToList();
        foreach (var d in days)
        {
            // Over the tables type (a named calendar) and over the calendar object (a calendar the rule computes).
            foreach (var n in new[] { int.MinValue, -1, 0, 1, 5, 20, 600, int.MaxValue })
            {
                Assert.False(Agrees(() => RuleOps.WorkingDaysAfter(d, n, RuleCal, At), (ref bool f) => RuleOps.WorkingDaysAfter<Tables>(d, n, RuleCal, At, false, ref f), (a, b) => a == b, $"working_days_after {d} {n}"));
                Assert.False(Agrees(() => RuleOps.WorkingDaysAfter(d, n, RuleCal, At), (ref bool f) => RuleOps.WorkingDaysAfter(d, n, RuleCal, At, false, ref f), (a, b) => a == b, $"working_days_after {d} {n} (object)"));
            }
            Assert.False(Agrees(() => RuleOps.NextWorkingDay(d, RuleCal, At), (ref bool f) => RuleOps.NextWorkingDay<Tables>(d, RuleCal, At, false, ref f), (a, b) => a == b, $"next_working_day {d}"));
            Assert.False(Agrees(() => RuleOps.NextWorkingDay(d, RuleCal, At), (ref bool f) => RuleOps.NextWorkingDay(d, RuleCal, At, false, ref f), (a, b) => a == b, $"next_working_day {d} (object)"));
            Assert.False(Agrees(() => RuleOps.IsWorkingDay(d, RuleCal, At), (ref bool f) => RuleOps.IsWorkingDay<Tables>(d, RuleCal, At, false, ref f), (a, b) => a == b, $"is_working_day {d}"));
            Assert.False(Agrees(() => RuleOps.IsWorkingDay(d, RuleCal, At), (ref bool f) => RuleOps.IsWorkingDay(d, RuleCal, At, false, ref f), (a, b) => a == b, $"is_working_day {d} (object)"));
        }
        foreach (var a in days.Where((_, i) => i % 37 == 0))
            foreach (var b in days.Where((_, i) => i % 41 == 0))
                Assert.False(Agrees(() => RuleOps.WorkingDaysBetween(a, b, RuleCal), (ref bool f) => RuleOps.WorkingDaysBetween(a, b, RuleCal, false, ref f), (x, y) => x == y, $"working_days_between {a} {b}"));
    }

    [Fact]
    public void The_errors_of_the_rules_throw_when_checking_and_set_the_flag_otherwise()
    {
        var rules = new[] { new RuleInfo("a", At, [], null), new RuleInfo("b", At, [], null) };
        int found = 0, value = 1;
        var failed = false;
        RuleOps.Take(ref found, ref value, 1, 2, rules, "d", false, ref failed);
        Assert.True(failed);
        Assert.Equal(1, value);   // the first rule's value stays
        Assert.Equal("conflict", Assert.Throws<RuleErrorException>(() => { var f = false; int x = 0, v = 1; RuleOps.Take(ref x, ref v, 1, 2, rules, "d", true, ref f); }).Error.Code);

        failed = false;
        found = -1;
        RuleOps.Take(ref found, ref value, 1, 7, rules, "d", false, ref failed);
        Assert.False(failed);
        Assert.Equal((1, 7), (found, value));

        failed = false;
        RuleOps.NoRuleApplies("d", ["a", "b"], [], false, ref failed);
        Assert.True(failed);
        failed = false;
        Assert.Equal(0, RuleOps.NotDeterminable<int>("why", [], false, ref failed));
        Assert.True(failed);
        failed = false;
        Assert.Equal(default, RuleOps.ParameterNoEntry<Money>(false, ref failed, "p", "2017-01-01", "1", "2"));
        Assert.True(failed);
        failed = false;
        Assert.Equal(0, RuleOps.NoCase<int>(At, 3, false, ref failed));
        Assert.True(failed);
        Assert.Equal("evaluation_error", Assert.Throws<RuleErrorException>(() => { var f = false; RuleOps.NoCase<int>(At, 3, true, ref f); }).Error.Code);
    }
}
