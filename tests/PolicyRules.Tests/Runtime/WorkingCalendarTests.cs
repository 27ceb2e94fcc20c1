using PolicyRules.Time;
using static PolicyRules.Tests.Runtime.China2017To2018Calendar;

namespace PolicyRules.Tests.Runtime;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Cal = Build();

    [Fact]
    public void Covers_the_two_years()
    {
        Assert.Equal("cn_workdays", Cal.Name);
        Assert.Equal(D("2017-01-01"), Cal.CoversFrom);
        Assert.Equal(D("2018-12-31"), Cal.CoversTo);
    }

    [Theory]
    // 国办发明电〔2016〕17号 (reference.md): 中秋节、国庆节 10月1日至8日放假; 9月30日(星期六)上班.
    [InlineData("2017-09-29", true)]  // Friday
    [InlineData("2017-09-30", true)]  // Saturday, declared a working day
    [InlineData("2017-10-01", false)]
    [InlineData("2017-10-02", false)] // Monday, but a holiday
    [InlineData("2017-10-06", false)] // Friday, but a holiday
    [InlineData("2017-10-08", false)]
    [InlineData("2017-10-09", true)]  // Monday after the holiday
    // 国办发明电〔2016〕17号 (reference.md): 春节 1月22日(星期日)、2月4日(星期六)上班; 1月27日至2月2日放假.
    [InlineData("2017-01-22", true)]  // Sunday, declared a working day
    [InlineData("2017-01-27", false)] // Friday, a holiday
    [InlineData("2017-02-04", true)]  // Saturday, declared a working day
    [InlineData("2017-02-05", false)] // an ordinary Sunday
    // 国办发明电〔2016〕17号 (reference.md): 元旦 1月2日(星期一)补休.
    [InlineData("2017-01-02", false)]
    [InlineData("2017-01-03", true)]
    // 国办发明电〔2017〕12号 (reference.md): 清明节 4月8日(星期日)上班; 端午节 6月18日 (Monday) 放假.
    [InlineData("2018-04-08", true)]
    [InlineData("2018-06-18", false)]
    [InlineData("2018-09-30", true)]  // 国庆节: 9月30日(星期日)上班
    // 国办发明电〔2018〕15号 (reference.md): 2018年12月30日至2019年1月1日放假; 12月29日(星期六)上班.
    [InlineData("2018-12-28", true)]
    [InlineData("2018-12-29", true)]  // Saturday, declared a working day
    [InlineData("2018-12-30", false)]
    [InlineData("2018-12-31", false)] // Monday, a day off
    // Ordinary weeks: Monday–Friday work, weekends off.
    [InlineData("2017-03-15", true)]  // Wednesday
    [InlineData("2017-03-18", false)] // Saturday
    [InlineData("2018-07-08", false)] // Sunday
    public void IsWorkingDay(string date, bool expected)
    {
        Assert.Equal(expected, Cal.IsWorkingDay(D(date)));
    }

    [Fact]
    public void Twenty_working_days_after_2017_09_20()
    {
        // Derivation by hand from reference.md (国办发明电〔2016〕17号: 10月1日至8日放假, 9月30日(星期六)上班),
        // with 民法典 第201条: the starting day 2017-09-20 (Wednesday) is not counted.
        //   Sep 21 Thu  1   Sep 22 Fri  2   (23 Sat, 24 Sun off)
        //   Sep 25 Mon  3   Sep 26 Tue  4   Sep 27 Wed  5   Sep 28 Thu  6   Sep 29 Fri  7
        //   Sep 30 Sat  8   (调休上班)
        //   (Oct 1–8 off: 国庆节 and 中秋节)
        //   Oct  9 Mon  9   Oct 10 Tue 10   Oct 11 Wed 11   Oct 12 Thu 12   Oct 13 Fri 13   (14, 15 off)
        //   Oct 16 Mon 14   Oct 17 Tue 15   Oct 18 Wed 16   Oct 19 Thu 17   Oct 20 Fri 18   (21, 22 off)
        //   Oct 23 Mon 19   Oct 24 Tue 20
        // → 2017-10-24. (Counting Mon–Fri only, ignoring the notice, would give 2017-10-18.)
        Assert.Equal(D("2017-10-24"), Cal.WorkingDaysAfter(D("2017-09-20"), 20));
        Assert.Equal(D("2017-09-30"), Cal.WorkingDaysAfter(D("2017-09-20"), 8));
        Assert.Equal(D("2017-10-09"), Cal.WorkingDaysAfter(D("2017-09-20"), 9));
    }

    [Fact]
    public void The_start_day_is_not_counted()
    {
        // 民法典 第201条 (reference.md): 2017-03-15 is a Wednesday and a working day, but 1 working day
        // after it is Thursday 2017-03-16, not the 15th itself.
        Assert.Equal(D("2017-03-16"), Cal.WorkingDaysAfter(D("2017-03-15"), 1));
        // From a Friday, over an ordinary weekend.
        Assert.Equal(D("2017-03-20"), Cal.WorkingDaysAfter(D("2017-03-17"), 1));
        // From a holiday: the day after 2017-10-01 starts the count; the first working day is 10-09.
        Assert.Equal(D("2017-10-09"), Cal.WorkingDaysAfter(D("2017-10-01"), 1));
    }

    [Fact]
    public void Counting_across_the_new_year_inside_the_covered_range()
    {
        // 国办发明电〔2017〕12号 (reference.md): 2018-01-01 (Monday) is a holiday.
        // 2017-12-29 Fri → (30 Sat, 31 Sun, 1 Jan holiday) → 2018-01-02 Tue.
        Assert.Equal(D("2018-01-02"), Cal.WorkingDaysAfter(D("2017-12-29"), 1));
        // 国办发明电〔2018〕15号 (reference.md): 2018-12-28 Fri → 12-29 Sat is a working day.
        Assert.Equal(D("2018-12-29"), Cal.WorkingDaysAfter(D("2018-12-28"), 1));
    }

    [Fact]
    public void The_start_day_itself_need_not_be_covered()
    {
        // Only the days after the start are needed (民法典 第201条): from 2016-12-31 the count
        // begins on 2017-01-01 (holiday), 01-02 (补休), so the first working day is 2017-01-03.
        Assert.Equal(D("2017-01-03"), Cal.WorkingDaysAfter(D("2016-12-31"), 1));
    }

    [Fact]
    public void NextWorkingDay_by_article_203()
    {
        // 民法典 第203条 (reference.md): a period ending on a holiday ends on the first day after it.
        Assert.Equal(D("2017-10-09"), Cal.NextWorkingDay(D("2017-10-01")));
        Assert.Equal(D("2017-10-09"), Cal.NextWorkingDay(D("2017-10-08")));
        // A working day is its own answer, even a working Saturday (国办发明电〔2016〕17号: 9月30日上班).
        Assert.Equal(D("2017-09-30"), Cal.NextWorkingDay(D("2017-09-30")));
        Assert.Equal(D("2017-03-15"), Cal.NextWorkingDay(D("2017-03-15")));
        // An ordinary weekend.
        Assert.Equal(D("2017-03-20"), Cal.NextWorkingDay(D("2017-03-18")));
        // 国办发明电〔2017〕12号 (reference.md): 春节 2月15日至21日放假.
        Assert.Equal(D("2018-02-22"), Cal.NextWorkingDay(D("2018-02-15")));
    }

    // ---- never guess outside the data (reference.md: "never fall back to Monday–Friday") -------

    [Fact]
    public void A_date_in_2019_names_2019()
    {
        // 2019-01-02 is a Wednesday: a Monday–Friday fallback would call it a working day.
        var ex = Assert.Throws<CalendarCoverageException>(() => Cal.IsWorkingDay(D("2019-01-02")));
        Assert.Equal("cn_workdays", ex.CalendarName);
        Assert.Equal(2019, ex.Year);
        Assert.Equal(D("2019-01-02"), ex.Date);
        Assert.Equal("calendar cn_workdays has no working-day data for 2019 (it covers 2017-01-01 to 2018-12-31)", ex.Message);
    }

    [Fact]
    public void A_date_before_the_data_names_its_year()
    {
        var ex = Assert.Throws<CalendarCoverageException>(() => Cal.IsWorkingDay(D("2016-12-30")));
        Assert.Equal(2016, ex.Year);
        Assert.Contains("2016", ex.Message);
    }

    [Fact]
    public void Counting_that_runs_past_the_data_fails_naming_2019()
    {
        // 国办发明电〔2018〕15号 (reference.md): 12-30 and 12-31 are off, and 2019-01-01 is beyond the data,
        // so the working day after 2018-12-29 cannot be known from this calendar.
        var ex = Assert.Throws<CalendarCoverageException>(() => Cal.WorkingDaysAfter(D("2018-12-29"), 1));
        Assert.Equal(2019, ex.Year);
        Assert.Equal(D("2019-01-01"), ex.Date);

        Assert.Equal(2019, Assert.Throws<CalendarCoverageException>(() => Cal.NextWorkingDay(D("2018-12-30"))).Year);
        Assert.Equal(2019, Assert.Throws<CalendarCoverageException>(() => Cal.NextWorkingDay(D("2019-06-03"))).Year);
        Assert.Equal(2020, Assert.Throws<CalendarCoverageException>(() => Cal.WorkingDaysAfter(D("2020-05-01"), 1)).Year);
        // A start before the data whose next day is also before it.
        Assert.Equal(2016, Assert.Throws<CalendarCoverageException>(() => Cal.WorkingDaysAfter(D("2016-12-30"), 1)).Year);
    }

    [Fact]
    public void N_must_be_at_least_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.WorkingDaysAfter(D("2017-03-15"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Cal.WorkingDaysAfter(D("2017-03-15"), -1));
    }

    [Fact]
    public void Fast_paths_agree_with_counting_day_by_day()
    {
        // The precomputed arrays must agree with a plain walk over IsWorkingDay for every start and n; the Try forms (what a
        // generated module's fast evaluation calls) answer false exactly where the others throw.
        for (var start = D("2016-12-31"); start < Cal.CoversTo; start = start.AddDays(1))
        {
            if (start >= Cal.CoversFrom)
            {
                var next = start;
                while (next <= Cal.CoversTo && !Cal.IsWorkingDay(next)) next = next.AddDays(1);
                if (next > Cal.CoversTo)
                {
                    Assert.Throws<CalendarCoverageException>(() => Cal.NextWorkingDay(start));
                    Assert.False(Cal.TryNextWorkingDay(start, out var none));
                    Assert.Equal(default, none);
                }
                else
                {
                    Assert.Equal(next, Cal.NextWorkingDay(start));
                    Assert.True(Cal.TryNextWorkingDay(start, out var found));
                    Assert.Equal(next, found);
                }
            }
            var d = start;
            for (int n = 1; n <= 30; n++)
            {
                do d = d.AddDays(1); while (d <= Cal.CoversTo && !Cal.IsWorkingDay(d));
                if (d > Cal.CoversTo)
                {
                    Assert.Throws<CalendarCoverageException>(() => Cal.WorkingDaysAfter(start, n));
                    Assert.False(Cal.TryWorkingDaysAfter(start, n, out var none));
                    Assert.Equal(default, none);
                    break;
                }
                Assert.Equal(d, Cal.WorkingDaysAfter(start, n));
                Assert.True(Cal.TryWorkingDaysAfter(start, n, out var found));
                Assert.Equal(d, found);
            }
        }
        // Outside the range and at DateOnly's ends: false, never an exception.
        Assert.False(Cal.TryNextWorkingDay(DateOnly.MinValue, out _));
        Assert.False(Cal.TryNextWorkingDay(DateOnly.MaxValue, out _));
        Assert.False(Cal.TryWorkingDaysAfter(DateOnly.MaxValue, 1, out _));
        Assert.False(Cal.TryWorkingDaysAfter(DateOnly.MinValue, 1, out _));
        Assert.False(Cal.TryWorkingDaysAfter(D("2017-03-01"), 0, out _));
        Assert.False(Cal.TryWorkingDaysAfter(D("2017-03-01"), int.MaxValue, out _));
    }

    // ---- validating the data -----------------------------------------------------------------

    [Fact]
    public void A_day_both_holiday_and_workday_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new WorkingCalendar("cn_workdays", CoversFrom, CoversTo,
            Holidays(), Workdays().Append(D("2017-10-01"))));
        Assert.Contains("2017-10-01", ex.Message);
    }

    [Fact]
    public void A_day_outside_the_covered_range_is_rejected()
    {
        // 国办发明电〔2018〕15号 (reference.md) reaches 2019-01-01, which this calendar does not cover.
        var ex = Assert.Throws<ArgumentException>(() => new WorkingCalendar("cn_workdays", CoversFrom, CoversTo,
            Holidays().Append(D("2019-01-01")), Workdays()));
        Assert.Contains("2019-01-01", ex.Message);
        Assert.Throws<ArgumentException>(() => new WorkingCalendar("cn_workdays", CoversFrom, CoversTo,
            Holidays(), Workdays().Append(D("2016-12-31"))));
    }

    [Fact]
    public void An_inverted_range_or_empty_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar("c", D("2018-01-01"), D("2017-12-31"), [], []));
        Assert.ThrowsAny<ArgumentException>(() => new WorkingCalendar("", CoversFrom, CoversTo, [], []));
    }

    [Fact]
    public void Repeated_days_are_harmless()
    {
        var cal = new WorkingCalendar("c", CoversFrom, CoversTo, Holidays().Concat(Holidays()), Workdays().Concat(Workdays()));
        Assert.False(cal.IsWorkingDay(D("2017-10-02")));
        Assert.True(cal.IsWorkingDay(D("2017-09-30")));
    }

    [Theory]
    [InlineData("2018-12-31", 1, "2019-01-01")]   // the last covered day: the first day counted is beyond the data
    [InlineData("2018-12-28", 3, "2019-01-01")]   // counting runs past the data
    [InlineData("2016-12-30", 1, "2016-12-31")]   // the first day counted is before the data
    [InlineData("0001-01-01", 1, "0001-01-02")]
    [InlineData("9999-12-31", 1, "9999-12-31")]   // no day after DateOnly's last: the error names that day
    public void Counting_outside_the_data_names_the_first_day_it_lacks(string start, int n, string missing)
    {
        Assert.Equal(D(missing), Assert.Throws<CalendarCoverageException>(() => Cal.WorkingDaysAfter(D(start), n)).Date);
        Assert.False(Cal.TryWorkingDaysAfter(D(start), n, out _));
    }

    [Fact]
    public void A_rule_packages_calendar_is_the_same_calendar()
    {
        // RuleCalendar shares the data of the calendar it is made from (a generated module reads it without a second object).
        var rule = new PolicyRules.Rules.RuleCalendar(Cal, []);
        Assert.Same(rule, rule.Calendar);
        Assert.Equal((Cal.Name, Cal.CoversFrom, Cal.CoversTo, Cal.ToString()), (rule.Name, rule.CoversFrom, rule.CoversTo, rule.ToString()));
        for (var day = Cal.CoversFrom.AddDays(-1); day <= Cal.CoversTo; day = day.AddDays(1))
            for (var n = 1; n <= 25; n += 6)
            {
                Assert.Equal(Cal.TryWorkingDaysAfter(day, n, out var expected), rule.TryWorkingDaysAfter(day, n, out var actual));
                Assert.Equal(expected, actual);
                Assert.Equal(Cal.TryNextWorkingDay(day, out expected), rule.TryNextWorkingDay(day, out actual));
                Assert.Equal(expected, actual);
            }
    }

    [Fact]
    public void A_one_day_calendar()
    {
        var cal = new WorkingCalendar("tiny", D("2017-03-15"), D("2017-03-15"), [], []);
        Assert.True(cal.IsWorkingDay(D("2017-03-15")));
        Assert.Equal(D("2017-03-15"), cal.WorkingDaysAfter(D("2017-03-14"), 1));
        Assert.Equal(2017, Assert.Throws<CalendarCoverageException>(() => cal.WorkingDaysAfter(D("2017-03-14"), 2)).Year);
    }
}
