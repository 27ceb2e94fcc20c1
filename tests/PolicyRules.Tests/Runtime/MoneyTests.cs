using System.Reflection;

namespace PolicyRules.Tests.Runtime;

public class MoneyTests
{
    // ---- arithmetic --------------------------------------------------------------------------

    [Fact]
    public void Area_times_rate_per_square_metre_is_exact()
    {
        // 一级地段 25 元/平方米, 1000 平方米 → 25000 元 (the DESIGN.md scenario; 邯政办字〔2017〕107号 §二).
        Money perM2 = Money.Yuan(25m);
        Assert.Equal(Money.Yuan(25000m), perM2 * 1000m);
        Assert.Equal(Money.Yuan(25000m), 1000m * perM2);
        Assert.Equal(Money.Yuan(25000m), perM2 * 1000);
        Assert.Equal(Money.Yuan(25000m), 1000 * perM2);
        // An area with cents: 18 × 1234.56 = 22222.08, nothing rounded away.
        Assert.Equal(22222.08m, (Money.Yuan(18m) * 1234.56m).Amount);
    }

    [Fact]
    public void Addition_is_decimal_exact_not_binary_floating_point()
    {
        Assert.Equal(Money.Yuan(0.3m), Money.Yuan(0.1m) + Money.Yuan(0.2m));
        // A million additions of 0.01 drift in float/double; they must not here.
        var total = Money.Zero;
        for (int i = 0; i < 1_000_000; i++) total += Money.Yuan(0.01m);
        Assert.Equal(Money.Yuan(10000m), total);
    }

    [Fact]
    public void Subtraction_and_negation()
    {
        Assert.Equal(Money.Yuan(-5m), Money.Yuan(10m) - Money.Yuan(15m));
        Assert.Equal(Money.Yuan(-10m), -Money.Yuan(10m));
        Assert.Equal(Money.Yuan(10m), -(-Money.Yuan(10m)));
    }

    [Fact]
    public void Money_times_rate_is_money_in_either_order()
    {
        Rate r = Rate.FromPercent(7.9m);
        Assert.Equal(Money.Yuan(790m), Money.Yuan(10000m) * r);
        Assert.Equal(Money.Yuan(790m), r * Money.Yuan(10000m));
        Assert.Equal(Money.Yuan(0.079m), Money.Yuan(1m) * r);
    }

    [Fact]
    public void Division()
    {
        Assert.Equal(Money.Yuan(12.5m), Money.Yuan(25m) / 2);
        Assert.Equal(Money.Yuan(10m), Money.Yuan(25m) / 2.5m);
        decimal ratio = Money.Yuan(25m) / Money.Yuan(100m);
        Assert.Equal(0.25m, ratio);
        Assert.Equal(Money.Yuan(33.33m), (Money.Yuan(100m) / 3).Round(2));
        Assert.Throws<DivideByZeroException>(() => Money.Yuan(1m) / 0);
        Assert.Throws<DivideByZeroException>(() => Money.Yuan(1m) / Money.Zero);
    }

    [Fact]
    public void Units_the_rule_language_forbids_have_no_operator()
    {
        // docs/language.md, "Units are checked": money ± decimal, money ± int and money × money are errors (PR0202).
        bool Has(string op, Type left, Type right) =>
            typeof(Money).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Any(m => m.Name == op && m.GetParameters() is var p && p.Length == 2
                          && p[0].ParameterType == left && p[1].ParameterType == right);

        Assert.False(Has("op_Addition", typeof(Money), typeof(decimal)));
        Assert.False(Has("op_Addition", typeof(Money), typeof(int)));
        Assert.False(Has("op_Subtraction", typeof(Money), typeof(decimal)));
        Assert.False(Has("op_Multiply", typeof(Money), typeof(Money)));
        Assert.DoesNotContain(typeof(Money).GetMethods(), m => m.Name == "op_Implicit");
        // ...while the permitted ones exist.
        Assert.True(Has("op_Multiply", typeof(Money), typeof(Rate)));
        Assert.True(Has("op_Division", typeof(Money), typeof(Money)));
    }

    // ---- rounding (docs/language.md, Functions: round = 四舍五入, half away from zero) --------

    [Theory]
    [InlineData("2.345", 2, "2.35")]    // banker's rounding would give 2.34
    [InlineData("-2.345", 2, "-2.35")]  // away from zero on the negative side too
    [InlineData("2.344", 2, "2.34")]
    [InlineData("2.5", 0, "3")]         // banker's would give 2
    [InlineData("3.5", 0, "4")]
    [InlineData("-0.5", 0, "-1")]
    [InlineData("12345.675", 2, "12345.68")]
    [InlineData("7", 2, "7")]
    public void Round_is_half_away_from_zero(string amount, int places, string expected)
    {
        Assert.Equal(Money.Parse(expected), Money.Parse(amount).Round(places));
    }

    [Theory]
    [InlineData("2.341", 2, "2.35")]
    [InlineData("-2.349", 2, "-2.34")]  // toward +∞, not away from zero
    [InlineData("2.34", 2, "2.34")]
    [InlineData("0.001", 0, "1")]
    [InlineData("-0.999", 0, "0")]
    public void RoundUp_is_toward_positive_infinity(string amount, int places, string expected)
    {
        Assert.Equal(Money.Parse(expected), Money.Parse(amount).RoundUp(places));
    }

    [Theory]
    [InlineData("2.349", 2, "2.34")]
    [InlineData("-2.341", 2, "-2.35")]  // toward −∞, not toward zero
    [InlineData("2.34", 2, "2.34")]
    [InlineData("0.999", 0, "0")]
    [InlineData("-0.001", 0, "-1")]
    public void RoundDown_is_toward_negative_infinity(string amount, int places, string expected)
    {
        Assert.Equal(Money.Parse(expected), Money.Parse(amount).RoundDown(places));
    }

    // ---- equality and ordering --------------------------------------------------------------

    [Fact]
    public void Equality_is_by_value_not_by_scale()
    {
        var a = new Money(25m);
        var b = new Money(25.00m);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals(b));
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<Money> { a, b, Money.Yuan(25.0m) });
        Assert.NotEqual(Money.Yuan(25m), Money.Yuan(25.01m));
        Assert.False(Money.Yuan(25m).Equals(25m)); // a bare decimal is not money
        Assert.Equal(Money.Zero, new Money(0.00m));
        Assert.Equal(Money.Zero, default(Money));
    }

    [Fact]
    public void Ordering()
    {
        Assert.True(Money.Yuan(-1m) < Money.Zero);
        Assert.True(Money.Yuan(10m) <= Money.Yuan(10.00m));
        Assert.True(Money.Yuan(10.01m) > Money.Yuan(10m));
        Assert.True(Money.Yuan(10m) >= Money.Yuan(10m));
        Assert.False(Money.Yuan(10m) > Money.Yuan(10m));
        var sorted = new[] { Money.Yuan(3m), Money.Yuan(-2m), Money.Yuan(0.5m) }.Order().ToArray();
        Assert.Equal(new[] { Money.Yuan(-2m), Money.Yuan(0.5m), Money.Yuan(3m) }, sorted);
        Assert.Equal(0, Money.Yuan(1m).CompareTo(Money.Yuan(1.000m)));
    }

    // ---- formatting and parsing -------------------------------------------------------------

    [Theory]
    [InlineData("25000.00", "25000")]
    [InlineData("33.330", "33.33")]
    [InlineData("0.50", "0.5")]
    [InlineData("-12.10", "-12.1")]
    [InlineData("0.00", "0")]
    [InlineData("-0.00", "0")]
    [InlineData("0.0000001", "0.0000001")]                          // never an exponent
    [InlineData("100000000000000000000", "100000000000000000000")] // never an exponent
    [InlineData("1234567.891", "1234567.891")]                      // no thousands separator
    public void ToString_is_invariant_and_normalized(string amount, string expected)
    {
        var m = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, m.ToString());
    }

    [Fact]
    public void ToString_ignores_the_current_culture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            // A culture with a decimal comma and a dot for thousands (as de-DE has).
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            System.Globalization.CultureInfo.CurrentCulture = comma;
            Assert.Equal("1234.5", Money.Yuan(1234.50m).ToString());
            Assert.Equal(Money.Yuan(1234.5m), Money.Parse("1234.5"));
            Assert.False(Money.TryParse("1234,5", out _));
            Assert.Equal("7.9%", Rate.FromPercent(7.9m).ToString());
        }
        finally { System.Globalization.CultureInfo.CurrentCulture = saved; }
    }

    [Theory]
    [InlineData("25000", "25000")]
    [InlineData("25000.00", "25000")]
    [InlineData("25000元", "25000")]
    [InlineData("25000 元", "25000")]
    [InlineData("25000 yuan", "25000")]
    [InlineData("25000yuan", "25000")]
    [InlineData("  18.5 yuan ", "18.5")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("-3.5元", "-3.5")]
    [InlineData("0.01", "0.01")]
    [InlineData(".5", "0.5")]
    public void Parse_accepts_plain_yuan_and_unit_forms(string text, string expected)
    {
        Assert.Equal(expected, Money.Parse(text).ToString());
        Assert.True(Money.TryParse(text, out var m));
        Assert.Equal(expected, m.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("元")]
    [InlineData("yuan")]
    [InlineData("-")]
    [InlineData("1,000")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("25 dollars")]
    [InlineData("25元元")]
    [InlineData("--1")]
    [InlineData("1.2.3")]
    [InlineData("1 000")]
    [InlineData("7.9%")]
    [InlineData("99999999999999999999999999999999")] // beyond decimal's range
    public void Parse_rejects_what_is_not_an_amount(string text)
    {
        Assert.False(Money.TryParse(text, out var m));
        Assert.Equal(Money.Zero, m);
        Assert.Throws<FormatException>(() => Money.Parse(text));
    }

    [Fact]
    public void Parse_null()
    {
        Assert.False(Money.TryParse(null, out _));
        Assert.Throws<ArgumentNullException>(() => Money.Parse(null!));
    }

    [Fact]
    public void Format_then_parse_round_trips()
    {
        foreach (var s in new[] { "0", "1", "-1", "25000", "0.5", "33.33", "-12.1", "0.0000001", "79228162514264337593543950335" })
            Assert.Equal(s, Money.Parse(s).ToString());
    }

    [Theory]
    // 107号 §二: 一级地段 25 元/m² × 1000.5 m² = 25012.5 元
    [InlineData("C", "25,012.50 元")]
    [InlineData("C0", "25,013 元")]   // 四舍五入: .5 rounds away from zero
    [InlineData("C1", "25,012.5 元")]
    [InlineData("Y", "25012.5 元")]
    [InlineData("G", "25012.5")]
    [InlineData("", "25012.5")]
    [InlineData("N2", "25,012.50")]
    [InlineData("0.000", "25012.500")]
    public void Format_strings_give_yuan_with_separators_or_the_plain_amount(string format, string expected)
    {
        var tax = Money.Yuan(25m) * 1000.5m;
        Assert.Equal(expected, tax.ToString(format));
        Assert.Equal(expected, string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:" + format + "}", tax));
    }

    [Fact]
    public void Currency_format_of_a_negative_amount_and_with_a_culture()
    {
        Assert.Equal("-1,234.57 元", new Money(-1234.565m).ToString("C"));
        Assert.Equal("1.234,50 元", new Money(1234.5m).ToString("C", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = ".", NumberDecimalSeparator = "," }));
        Assert.Equal("25000 元", $"{Money.Yuan(25000m):Y}"); // 107号 §二: 25 元 × 1000 m²
    }

    [Fact]
    public void A_bad_format_is_a_format_exception()
    {
        Assert.Throws<FormatException>(() => Money.Yuan(1m).ToString("C29"));
        Assert.Throws<FormatException>(() => Money.Yuan(1m).ToString("Cx"));
    }
}
