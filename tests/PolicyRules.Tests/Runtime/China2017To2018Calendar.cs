using PolicyRules.Time;

namespace PolicyRules.Tests.Runtime;

/// <summary>
/// Test data only: the 2017–2018 working-day calendar, transcribed line by line from
/// /work/shared/gazette/reference.md ("Working days (工作日)"). In production the calendar is data
/// in the rule package (a <c>calendar cn_workdays</c> block), never code.
/// </summary>
internal static class China2017To2018Calendar
{
    public static readonly DateOnly CoversFrom = new(2017, 1, 1);
    public static readonly DateOnly CoversTo = new(2018, 12, 31);

    public static WorkingCalendar Build() =>
        new("cn_workdays", CoversFrom, CoversTo, Holidays(), Workdays());

    public static IEnumerable<DateOnly> Holidays() => new[]
    {
        // 国办发明电〔2016〕17号 (reference.md), 2017:
        Range("2017-01-01", "2017-01-02"), // 元旦: 1月1日放假, 1月2日(星期一)补休
        Range("2017-01-27", "2017-02-02"), // 春节: 1月27日至2月2日放假
        Range("2017-04-02", "2017-04-04"), // 清明节: 4月2日至4日放假
        Range("2017-05-01", "2017-05-01"), // 劳动节: 5月1日放假, 与周末连休
        Range("2017-05-28", "2017-05-30"), // 端午节: 5月28日至30日放假
        Range("2017-10-01", "2017-10-08"), // 中秋节、国庆节: 10月1日至8日放假
        // 国办发明电〔2017〕12号 (reference.md), 2018:
        Range("2018-01-01", "2018-01-01"), // 元旦: 1月1日放假, 与周末连休
        Range("2018-02-15", "2018-02-21"), // 春节: 2月15日至21日放假
        Range("2018-04-05", "2018-04-07"), // 清明节: 4月5日至7日放假
        Range("2018-04-29", "2018-05-01"), // 劳动节: 4月29日至5月1日放假
        Range("2018-06-18", "2018-06-18"), // 端午节: 6月18日放假, 与周末连休
        Range("2018-09-24", "2018-09-24"), // 中秋节: 9月24日放假, 与周末连休
        Range("2018-10-01", "2018-10-07"), // 国庆节: 10月1日至7日放假
        // 国办发明电〔2018〕15号 (reference.md): 2018年12月30日至2019年1月1日放假. 2019-01-01 is outside
        // the covered range, so only the 2018 part is data here.
        Range("2018-12-30", "2018-12-31"),
    }.SelectMany(d => d);

    public static IEnumerable<DateOnly> Workdays() => new[]
    {
        // 国办发明电〔2016〕17号 (reference.md), 2017:
        "2017-01-22", "2017-02-04", // 春节: 1月22日(星期日)、2月4日(星期六)上班
        "2017-04-01",               // 清明节: 4月1日(星期六)上班
        "2017-05-27",               // 端午节: 5月27日(星期六)上班
        "2017-09-30",               // 国庆节: 9月30日(星期六)上班
        // 国办发明电〔2017〕12号 (reference.md), 2018:
        "2018-02-11", "2018-02-24", // 春节: 2月11日(星期日)、2月24日(星期六)上班
        "2018-04-08",               // 清明节: 4月8日(星期日)上班
        "2018-04-28",               // 劳动节: 4月28日(星期六)上班
        "2018-09-29", "2018-09-30", // 国庆节: 9月29日(星期六)、9月30日(星期日)上班
        // 国办发明电〔2018〕15号 (reference.md):
        "2018-12-29",               // 2018年12月29日(星期六)上班
    }.Select(D);

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<DateOnly> Range(string from, string to)
    {
        for (var d = D(from); d <= D(to); d = d.AddDays(1)) yield return d;
    }
}
