using System.Reflection;

namespace PolicyRules.Tests.Runtime;

public class RateTests
{
    [Fact]
    public void FromPercent_stores_the_fraction()
    {
        // docs/language.md, Lexical rules: "7.9%" is the value 0.079.
        Assert.Equal(0.079m, Rate.FromPercent(7.9m).Value);
        Assert.Equal(1m, Rate.FromPercent(100m).Value);
        Assert.Equal(new Rate(0.079m), Rate.FromPercent(7.9m));
    }

    [Fact]
    public void Rate_arithmetic()
    {
        Assert.Equal(Rate.FromPercent(12.9m), Rate.FromPercent(7.9m) + Rate.FromPercent(5m));
        Assert.Equal(Rate.FromPercent(2.9m), Rate.FromPercent(7.9m) - Rate.FromPercent(5m));
        // rate × rate is a rate: 50 % of 7.9 % is 3.95 %.
        Rate product = Rate.FromPercent(50m) * Rate.FromPercent(7.9m);
        Assert.Equal(0.0395m, product.Value);
        Assert.Equal("3.95%", product.ToString());
    }

    [Fact]
    public void Rate_times_number_is_a_decimal()
    {
        decimal a = Rate.FromPercent(7.9m) * 1000m;
        decimal b = 1000m * Rate.FromPercent(7.9m);
        decimal c = Rate.FromPercent(7.9m) * 1000;
        decimal d = 1000 * Rate.FromPercent(7.9m);
        Assert.Equal(79m, a);
        Assert.Equal(79m, b);
        Assert.Equal(79m, c);
        Assert.Equal(79m, d);
    }

    [Fact]
    public void Rate_plus_bare_number_has_no_operator()
    {
        // docs/language.md, "Units are checked": rate ± decimal is error PR0202.
        var ops = typeof(Rate).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name is "op_Addition" or "op_Subtraction")
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType));
        Assert.All(ops, t => Assert.Equal(typeof(Rate), t));
        Assert.DoesNotContain(typeof(Rate).GetMethods(), m => m.Name == "op_Implicit");
    }

    [Fact]
    public void Comparisons_for_counting_words()
    {
        // 民法典 第1259条 (reference.md): "不超过4.5%" means ≤ 4.5 % — 4.5 % itself passes, 4.51 % does not.
        Rate limit = Rate.Parse("4.5%");
        Assert.True(Rate.FromPercent(4.5m) <= limit);
        Assert.False(Rate.FromPercent(4.51m) <= limit);
        // 民法典 第1259条 (reference.md): "不低于10%" means ≥ 10 %.
        Rate floor = Rate.FromPercent(10m);
        Assert.True(Rate.Parse("0.10") >= floor);
        Assert.False(Rate.Parse("9.99%") >= floor);
        Assert.True(Rate.FromPercent(1m) < Rate.FromPercent(2m));
        Assert.True(Rate.FromPercent(2m) > Rate.FromPercent(1m));
        Assert.True(Rate.FromPercent(2m) != Rate.FromPercent(1m));
        Assert.True(Rate.FromPercent(-1m).CompareTo(Rate.FromPercent(0m)) < 0);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = new Rate(0.079m);
        var b = new Rate(0.07900m);
        Assert.True(a == b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<Rate> { a, b });
        Assert.NotEqual(Rate.FromPercent(7.9m), Rate.FromPercent(7.91m));
        Assert.False(new Rate(0.079m).Equals(Money.Yuan(0.079m)));
    }

    [Theory]
    [InlineData("0.0785", 3, "0.079")]   // half away from zero
    [InlineData("0.0765", 3, "0.077")]   // banker's would give 0.076
    [InlineData("-0.0765", 3, "-0.077")]
    public void Round_is_half_away_from_zero_on_the_fraction(string value, int places, string expected)
    {
        // docs/language.md, Functions: round = 四舍五入.
        Assert.Equal(Rate.Parse(expected), Rate.Parse(value).Round(places));
    }

    [Theory]
    [InlineData("0.079", "7.9%")]
    [InlineData("1", "100%")]
    [InlineData("1.000", "100%")]
    [InlineData("0.0005", "0.05%")]
    [InlineData("0", "0%")]
    [InlineData("-0.025", "-2.5%")]
    [InlineData("0.10", "10%")]
    public void ToString_is_percent_normalized(string fraction, string expected)
    {
        Assert.Equal(expected, Rate.Parse(fraction).ToString());
    }

    [Theory]
    [InlineData("7.9%", "0.079")]
    [InlineData("7.9 %", "0.079")]
    [InlineData("0.079", "0.079")]
    [InlineData("100%", "1")]
    [InlineData("1", "1")]           // a bare number is a fraction: 1 is 100 %, not 1 %
    [InlineData("-2.5%", "-0.025")]
    [InlineData(" 4.5% ", "0.045")]
    public void Parse_percent_or_fraction(string text, string fractionValue)
    {
        Assert.Equal(decimal.Parse(fractionValue, System.Globalization.CultureInfo.InvariantCulture), Rate.Parse(text).Value);
        Assert.True(Rate.TryParse(text, out var r));
        Assert.Equal(Rate.Parse(text), r);
    }

    [Theory]
    [InlineData("")]
    [InlineData("%")]
    [InlineData("7.9%%")]
    [InlineData("seven")]
    [InlineData("7,9%")]
    [InlineData("1e-2")]
    [InlineData("25元")]
    public void Parse_rejects_what_is_not_a_rate(string text)
    {
        Assert.False(Rate.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Rate.Parse(text));
    }

    [Fact]
    public void Format_then_parse_round_trips()
    {
        foreach (var s in new[] { "7.9%", "100%", "0.05%", "0%", "-2.5%", "33.333%" })
            Assert.Equal(s, Rate.Parse(s).ToString());
    }

    [Theory]
    // 26号 三(二)1: 机关和全额拨款事业单位 7.9%
    [InlineData("P", "7.9%")]
    [InlineData("G", "7.9%")]
    [InlineData("P2", "7.90%")]
    [InlineData("P0", "8%")]   // 四舍五入
    [InlineData("F3", "0.079")]
    [InlineData("0.0000", "0.0790")]
    public void Format_strings_give_percent_or_the_fraction(string format, string expected)
    {
        var rate = Rate.FromPercent(7.9m);
        Assert.Equal(expected, rate.ToString(format));
        Assert.Equal(expected, string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:" + format + "}", rate));
    }

    [Fact]
    public void Percent_format_rounds_half_away_from_zero()
    {
        Assert.Equal("0.1%", new Rate(0.0005m).ToString("P1"));
        Assert.Equal("-0.1%", new Rate(-0.0005m).ToString("P1"));
        Assert.Equal("7.9%", $"{new Rate(0.079m):P}"); // 26号 三(二)1: 7.9%
    }

    [Theory]
    // Regression: Value * 100 overflowed beyond ±decimal.MaxValue / 100, so an input such as
    // {"weight": 79228162514264337593543950335} crashed eval and run while writing its invalid_input message.
    [InlineData("79228162514264337593543950335", "7922816251426433759354395033500%")]
    [InlineData("-79228162514264337593543950335", "-7922816251426433759354395033500%")]
    [InlineData("792281625142643375935439503.35", "79228162514264337593543950335%")]
    [InlineData("0.0000000000000000000000000001", "0.00000000000000000000000001%")]
    [InlineData("0.079", "7.9%")]
    [InlineData("-0.005", "-0.5%")]
    [InlineData("1", "100%")]
    [InlineData("0", "0%")]
    public void ToString_is_exact_for_every_decimal(string fraction, string expected)
    {
        var rate = new Rate(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, rate.ToString());
        Assert.Equal(expected, rate.ToString("P"));
    }
}
