using PolicyRules.Time;
using static PolicyRules.Tests.Runtime.China2017To2018Calendar;

namespace PolicyRules.Tests.Runtime;

public class CivilDatesTests
{
    // ---- 周岁 ---------------------------------------------------------------------------------

    [Theory]
    // 法释〔2006〕1号 第二条 (reference.md): a new year of age begins the day AFTER the birthday.
    [InlineData("2001-09-01", "2017-08-31", 15)] // the day before the 16th birthday
    [InlineData("2001-09-01", "2017-09-01", 15)] // the birthday itself: still 15 (reference.md's example)
    [InlineData("2001-09-01", "2017-09-02", 16)] // the day after: 16 (reference.md's example)
    [InlineData("2001-09-01", "2001-09-01", 0)]  // the day of birth
    [InlineData("2001-09-01", "2002-09-01", 0)]  // first birthday: still 0
    [InlineData("2001-09-01", "2002-09-02", 1)]
    [InlineData("2001-09-01", "2001-12-31", 0)]
    [InlineData("2001-12-31", "2018-01-01", 16)] // birthday on the last day of the year
    [InlineData("2001-12-31", "2017-12-31", 15)]
    [InlineData("2002-01-01", "2018-01-01", 15)]
    [InlineData("2002-01-01", "2018-01-02", 16)]
    public void Age_in_full_years(string birth, string on, int expected)
    {
        Assert.Equal(expected, CivilDates.AgeInFullYears(D(birth), D(on)));
    }

    [Theory]
    // 29 February: in a common year the birthday is 28 February (民法典 第202条, reference.md),
    // so with 法释〔2006〕1号 第二条 the new age begins on 1 March.
    [InlineData("2000-02-29", "2001-02-27", 0)]
    [InlineData("2000-02-29", "2001-02-28", 0)] // the (common-year) birthday itself
    [InlineData("2000-02-29", "2001-03-01", 1)] // the day after it
    [InlineData("2000-02-29", "2017-02-28", 16)]
    [InlineData("2000-02-29", "2017-03-01", 17)]
    [InlineData("2000-02-29", "2004-02-28", 3)] // leap year: the birthday is 29 February...
    [InlineData("2000-02-29", "2004-02-29", 3)] // ...and on it the age is still 3
    [InlineData("2000-02-29", "2004-03-01", 4)]
    [InlineData("2000-02-29", "2100-02-28", 99)] // 2100 is a common year
    [InlineData("2000-02-29", "2100-03-01", 100)]
    public void Age_for_a_29_February_birth(string birth, string on, int expected)
    {
        Assert.Equal(expected, CivilDates.AgeInFullYears(D(birth), D(on)));
    }

    [Fact]
    public void Under_sixteen_on_the_sixteenth_birthday()
    {
        // 民法典 第1259条 (reference.md): "不满十六周岁" means age < 16, and 法释〔2006〕1号 第二条 makes
        // the child born 2001-09-01 still 15 on 2017-09-01.
        DateOnly birth = D("2001-09-01");
        Assert.True(CivilDates.AgeInFullYears(birth, D("2017-09-01")) < 16);
        Assert.False(CivilDates.AgeInFullYears(birth, D("2017-09-02")) < 16);
    }

    [Fact]
    public void Age_before_birth_throws()
    {
        Assert.Throws<ArgumentException>(() => CivilDates.AgeInFullYears(D("2001-09-01"), D("2001-08-31")));
    }

    // ---- 民法典 第202条: corresponding day, else the last day of the month -----------------------

    [Theory]
    [InlineData("2017-01-31", 1, "2017-02-28")] // 民法典 第202条 (reference.md): reference.md's own example
    [InlineData("2016-01-31", 1, "2016-02-29")] // leap year: February has a 29th
    [InlineData("2017-01-30", 1, "2017-02-28")]
    [InlineData("2017-01-28", 1, "2017-02-28")] // corresponding day exists
    [InlineData("2017-03-31", 1, "2017-04-30")]
    [InlineData("2017-01-31", 2, "2017-03-31")] // from the start, not month by month (not 03-28)
    [InlineData("2017-08-31", 6, "2018-02-28")]
    [InlineData("2017-03-31", -1, "2017-02-28")]
    [InlineData("2017-12-15", 1, "2018-01-15")]
    [InlineData("2017-06-15", 12, "2018-06-15")]
    public void AddMonths_by_article_202(string start, int months, string expected)
    {
        Assert.Equal(D(expected), CivilDates.AddMonths(D(start), months));
    }

    [Theory]
    [InlineData("2016-02-29", 1, "2017-02-28")] // 民法典 第202条 (reference.md): no 29 Feb → last day of February
    [InlineData("2016-02-29", 4, "2020-02-29")] // corresponding day exists again
    [InlineData("2016-02-29", -1, "2015-02-28")]
    [InlineData("2017-06-15", 1, "2018-06-15")]
    public void AddYears_by_article_202(string start, int years, string expected)
    {
        Assert.Equal(D(expected), CivilDates.AddYears(D(start), years));
    }

    [Fact]
    public void A_one_year_period_ends_the_day_before_the_corresponding_day()
    {
        // docs/language.md, in_force "from 2017-06-15 for 1 year → to 2018-06-14" (民法典 第201–202条, reference.md).
        DateOnly from = D("2017-06-15");
        Assert.Equal(D("2018-06-14"), CivilDates.AddDays(CivilDates.AddYears(from, 1), -1));
    }

    [Theory]
    [InlineData("2017-12-31", 1, "2018-01-01")]
    [InlineData("2016-02-28", 1, "2016-02-29")]
    [InlineData("2017-02-28", 1, "2017-03-01")]
    [InlineData("2017-09-20", 30, "2017-10-20")]
    [InlineData("2017-03-01", -1, "2017-02-28")]
    public void AddDays_counts_calendar_days(string start, int days, string expected)
    {
        // 民法典 第201条 (reference.md): the starting day is not counted, so "30日" from 2017-09-20 ends 2017-10-20.
        Assert.Equal(D(expected), CivilDates.AddDays(D(start), days));
    }

    [Fact]
    public void AddHours_is_exact()
    {
        var t = new DateTime(2017, 8, 16, 9, 30, 0);
        Assert.Equal(new DateTime(2017, 8, 16, 11, 0, 0), CivilDates.AddHours(t, 1.5m));
        Assert.Equal(new DateTime(2017, 8, 16, 9, 36, 0), CivilDates.AddHours(t, 0.1m)); // 6 minutes exactly
        Assert.Equal(new DateTime(2017, 8, 15, 9, 30, 0), CivilDates.AddHours(t, -24m));
        Assert.Equal(new DateTime(2017, 8, 19, 9, 30, 0), CivilDates.AddHours(t, 72m));
        Assert.Equal(DateTimeKind.Utc, CivilDates.AddHours(DateTime.SpecifyKind(t, DateTimeKind.Utc), 1m).Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => CivilDates.AddHours(DateTime.MaxValue, 1m));
    }
}
