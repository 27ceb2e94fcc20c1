using PolicyRules.Language;

namespace PolicyRules.Tests.Language;

/// <summary>Full-width input and the date forms people type (issue 12 item 2), in the one helper every reader calls.</summary>
public class PersonTextTests
{
    [Theory]
    [InlineData("１６５０ 元", "1650 元")]
    [InlineData("７．９％", "7.9%")]
    [InlineData("地段等级　＝　２", "地段等级 = 2")]
    [InlineData("８：３０", "8:30")]
    [InlineData("面积（平方米）", "面积（平方米）")] // labels keep their full-width brackets
    public void Normalize_turns_full_width_digits_and_signs_into_ascii_and_keeps_the_rest(string typed, string expected) =>
        Assert.Equal(expected, PersonText.Normalize(typed));

    [Theory]
    [InlineData("2017-09-01", 2017, 9, 1)]
    [InlineData("2017-9-1", 2017, 9, 1)]
    [InlineData("2017年10月1日", 2017, 10, 1)]
    [InlineData("2017年10月1号", 2017, 10, 1)]
    [InlineData("２０１７年１０月１日", 2017, 10, 1)]
    [InlineData("２０１７－１０－０１", 2017, 10, 1)]
    [InlineData("　2017-10-01 ", 2017, 10, 1)]
    [InlineData("2016-02-29", 2016, 2, 29)]
    public void Dates_are_read_in_every_form(string text, int year, int month, int day)
    {
        Assert.True(PersonText.TryParseDate(text, out var date, out var error), error);
        Assert.Equal(new DateTime(year, month, day), date);
    }

    [Theory]
    [InlineData("", "at column 1, expected a date, found the end of the text")]
    [InlineData("tomorrow", "at column 1, expected a year of four digits, found 't'")]
    [InlineData("17-09-01", "at column 1, expected a year of four digits")]
    [InlineData("2017/09/01", "at column 5, expected '-' or '年' after the year, found '/'")]
    [InlineData("2017年10月", "at column 9, expected the day of the month, found the end of the text")]
    [InlineData("2017年10月1", "at column 10, expected '日' after the day, found the end of the text")]
    [InlineData("2017-09-01x", "at column 11, expected the end of the date, found 'x'")]
    [InlineData("２０１７年１３月１日", "is not a date in the calendar")]
    [InlineData("2017-02-29", "is not a date in the calendar")]
    public void Junk_is_a_located_error_never_an_exception(string text, string expected)
    {
        Assert.False(PersonText.TryParseDate(text, out _, out var error));
        Assert.Contains(expected, error);
    }
}
