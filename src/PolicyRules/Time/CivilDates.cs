namespace PolicyRules.Time;

/// <summary>
/// Date arithmetic by the conventions of Chinese legal drafting (see the gazette's reference.md):
/// 周岁 ages (最高人民法院 法释〔2006〕1号 第二条) and periods in days, months and years
/// (中华人民共和国民法典 第201条、第202条).
/// </summary>
public static class CivilDates
{
    /// <summary>
    /// Age in 周岁 (whole years) on <paramref name="on"/> for a person born on <paramref name="birth"/>.
    /// </summary>
    /// <remarks>
    /// 最高人民法院 法释〔2006〕1号 第二条: 周岁 "从周岁生日的第二天起算" — a new year of age begins on
    /// the day AFTER the birthday (the same reading follows from 民法典 第201条, which leaves the starting
    /// day out of a period). Born 2001-09-01: 15 on 2017-09-01, 16 from 2017-09-02.
    /// For a birth on 29 February the birthday in a common year is 28 February (民法典 第202条: no
    /// corresponding day → the last day of the month), so the new age begins on 1 March.
    /// </remarks>
    /// <exception cref="ArgumentException">When <paramref name="on"/> is before <paramref name="birth"/>.</exception>
    public static int AgeInFullYears(DateOnly birth, DateOnly on)
    {
        if (on < birth)
            throw new ArgumentException(
                $"the date {on:yyyy-MM-dd} is before the date of birth {birth:yyyy-MM-dd}", nameof(on));

        int years = on.Year - birth.Year;
        if (years == 0) return 0;
        // The birthday in on.Year, by 第202条 (29 Feb → 28 Feb in a common year).
        DateOnly birthday = birth.AddYears(years);
        // The year of age is completed only on the day after the birthday.
        return on > birthday ? years : years - 1;
    }

    /// <summary>
    /// <paramref name="d"/> plus <paramref name="n"/> calendar days (n may be negative).
    /// </summary>
    /// <remarks>
    /// Counting by 民法典 第201条 ("按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算"):
    /// a period of n days starting on d ends on <c>AddDays(d, n)</c>.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">When the result is outside <see cref="DateOnly"/>'s range.</exception>
    public static DateOnly AddDays(DateOnly d, int n) => d.AddDays(n);

    /// <summary>
    /// The corresponding day <paramref name="n"/> months after <paramref name="d"/> (n may be negative);
    /// where that month has no such day, its last day.
    /// </summary>
    /// <remarks>
    /// 民法典 第202条: a period in months ends on the corresponding day of the final month; where the
    /// month has no such day, on its last day (2017-01-31 + 1 month → 2017-02-28).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">When the result is outside <see cref="DateOnly"/>'s range.</exception>
    public static DateOnly AddMonths(DateOnly d, int n) => d.AddMonths(n); // DateOnly clamps to the month's last day

    /// <summary>
    /// The corresponding day <paramref name="n"/> years after <paramref name="d"/> (n may be negative);
    /// 29 February in a common year becomes 28 February.
    /// </summary>
    /// <remarks>民法典 第202条: corresponding day, else the last day of that month.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When the result is outside <see cref="DateOnly"/>'s range.</exception>
    public static DateOnly AddYears(DateOnly d, int n) => d.AddYears(n); // DateOnly clamps 29 Feb → 28 Feb

    /// <summary>
    /// <paramref name="t"/> plus an exact number of hours (may be fractional or negative). The result
    /// is exact to the tick (100 ns); a finer fraction is rounded half away from zero. The
    /// <see cref="DateTime.Kind"/> is kept.
    /// </summary>
    /// <remarks>民法典 第201条 第二款: a period counted in hours starts at the hour fixed by law or agreement.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">When the result is outside <see cref="DateTime"/>'s range.</exception>
    public static DateTime AddHours(DateTime t, decimal hours)
    {
        decimal ticks = Math.Round(hours * TimeSpan.TicksPerHour, 0, MidpointRounding.AwayFromZero);
        if (ticks > long.MaxValue || ticks < long.MinValue)
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "the result is outside the range of DateTime");
        return t.AddTicks((long)ticks);
    }
}
