using System.Globalization;

namespace PolicyRules;

/// <summary>
/// An exact amount of money in yuan (元). Backed by <see cref="decimal"/>; never touches binary
/// floating point. Rounding happens only where a rule writes it (<see cref="Round"/>,
/// <see cref="RoundUp"/>, <see cref="RoundDown"/>).
/// </summary>
/// <remarks>
/// Units follow the rule language: money ± money, money × int/decimal/rate, money ÷ int/decimal
/// give money; money ÷ money gives a decimal. Money ± a bare number and money × money are
/// deliberately not defined.
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>, IFormattable
{
    /// <summary>The amount in yuan, exact.</summary>
    public decimal Amount { get; }

    /// <summary>An amount of <paramref name="amount"/> yuan.</summary>
    public Money(decimal amount) => Amount = amount;

    /// <summary>0 yuan.</summary>
    public static Money Zero => default;

    /// <summary>An amount of <paramref name="amount"/> yuan.</summary>
    public static Money Yuan(decimal amount) => new(amount);

    /// <summary>The sum of two amounts, exact.</summary>
    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);
    /// <summary>The difference of two amounts, exact.</summary>
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount);
    /// <summary>The amount negated.</summary>
    public static Money operator -(Money a) => new(-a.Amount);

    /// <summary>The amount times a number, exact (no rounding: round where the law says).</summary>
    public static Money operator *(Money a, decimal k) => new(a.Amount * k);
    /// <summary>The amount times a number, exact.</summary>
    public static Money operator *(decimal k, Money a) => new(k * a.Amount);
    /// <summary>The amount times a whole number, exact.</summary>
    public static Money operator *(Money a, int k) => new(a.Amount * k);
    /// <summary>The amount times a whole number, exact.</summary>
    public static Money operator *(int k, Money a) => new(k * a.Amount);
    /// <summary>The amount at a rate (a 7.9 % contribution of a wage), exact.</summary>
    public static Money operator *(Money a, Rate r) => new(a.Amount * r.Value);
    /// <summary>The amount at a rate, exact.</summary>
    public static Money operator *(Rate r, Money a) => new(r.Value * a.Amount);

    /// <exception cref="DivideByZeroException">When <paramref name="k"/> is 0.</exception>
    public static Money operator /(Money a, decimal k) => new(a.Amount / k);
    /// <exception cref="DivideByZeroException">When <paramref name="k"/> is 0.</exception>
    public static Money operator /(Money a, int k) => new(a.Amount / k);
    /// <summary>The ratio of two amounts (a pure number).</summary>
    /// <exception cref="DivideByZeroException">When <paramref name="b"/> is zero.</exception>
    public static decimal operator /(Money a, Money b) => a.Amount / b.Amount;

    /// <summary>Whether two amounts are equal (25 元 equals 25.00 元).</summary>
    public static bool operator ==(Money a, Money b) => a.Amount == b.Amount;
    /// <summary>Whether two amounts differ.</summary>
    public static bool operator !=(Money a, Money b) => a.Amount != b.Amount;
    /// <summary>Whether <paramref name="a"/> is the smaller amount.</summary>
    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;
    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;
    /// <summary>Whether <paramref name="a"/> is the larger amount.</summary>
    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;
    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;

    /// <summary>Rounds to <paramref name="places"/> decimal places, half away from zero (四舍五入):
    /// 2.345 → 2.35, −2.345 → −2.35.</summary>
    /// <param name="places">0 to 28.</param>
    public Money Round(int places) => new(Math.Round(Amount, places, MidpointRounding.AwayFromZero));

    /// <summary>Rounds toward +∞ at <paramref name="places"/> decimal places (2.341 → 2.35, −2.349 → −2.34).</summary>
    /// <param name="places">0 to 28.</param>
    public Money RoundUp(int places) => new(Math.Round(Amount, places, MidpointRounding.ToPositiveInfinity));

    /// <summary>Rounds toward −∞ at <paramref name="places"/> decimal places (2.349 → 2.34, −2.341 → −2.35).</summary>
    /// <param name="places">0 to 28.</param>
    public Money RoundDown(int places) => new(Math.Round(Amount, places, MidpointRounding.ToNegativeInfinity));

    /// <summary>Whether the amounts are equal, whatever their scale (25 元 equals 25.00 元).</summary>
    public bool Equals(Money other) => Amount == other.Amount;
    /// <summary>Whether <paramref name="obj"/> is a <see cref="Money"/> of the same amount.</summary>
    public override bool Equals(object? obj) => obj is Money m && Equals(m);
    /// <summary>A hash equal for equal amounts of any scale.</summary>
    public override int GetHashCode() => DecimalText.Hash(Amount);
    /// <summary>Orders amounts by value.</summary>
    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    /// <summary>The amount in yuan, invariant culture, without trailing zeros and without a unit:
    /// "25000", "33.33", "0.5", "-12.1".</summary>
    public override string ToString() => DecimalText.Format(Amount);

    /// <summary>
    /// Formats the amount (also in interpolated strings: <c>$"{tax:C}"</c>).
    /// <list type="bullet">
    /// <item><c>null</c>, <c>""</c> or <c>"G"</c>: as <see cref="ToString()"/>, exact: <c>"25000.5"</c>.</item>
    /// <item><c>"Y"</c>: exact, with the unit: <c>"25000.5 元"</c>.</item>
    /// <item><c>"C"</c> or <c>"C<i>n</i>"</c>: currency, with thousands separators, <i>n</i> decimal places (default 2,
    /// rounded half away from zero, 四舍五入) and the unit 元: <c>"25,000.50 元"</c>; <c>"C0"</c> gives <c>"25,001 元"</c>.</item>
    /// <item>any other .NET numeric format (<c>"N2"</c>, <c>"F1"</c>, <c>"0.00"</c>): <see cref="Amount"/> so formatted, without a unit.</item>
    /// </list>
    /// <paramref name="provider"/> gives the separators; invariant culture when null.
    /// </summary>
    /// <exception cref="FormatException">When <paramref name="format"/> is not a valid numeric format.</exception>
    public string ToString(string? format, IFormatProvider? provider)
    {
        provider ??= CultureInfo.InvariantCulture;
        if (string.IsNullOrEmpty(format) || format is "G" or "g") return ToString();
        if (format is "Y" or "y") return ToString() + " 元";
        if (format[0] is 'C' or 'c')
        {
            var places = DecimalText.Places(format, 2);
            return Math.Round(Amount, places, MidpointRounding.AwayFromZero).ToString("N" + places.ToString(CultureInfo.InvariantCulture), provider) + " 元";
        }
        return Amount.ToString(format, provider);
    }

    /// <summary><see cref="ToString(string?, IFormatProvider?)"/> in the invariant culture: <c>tax.ToString("C")</c> is <c>"25,000.00 元"</c>.</summary>
    public string ToString(string? format) => ToString(format, null);

    /// <summary>Parses "25000", "25000.00", "25000元", "25000 yuan", "-3.5" (invariant culture,
    /// no thousands separators).</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">When <paramref name="s"/> is not an amount of money.</exception>
    public static Money Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var m)
            ? m
            : throw new FormatException($"'{s}' is not an amount of money (expected e.g. 25000, 25000.00, 25000元 or 25000 yuan)");
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? s, out Money result)
    {
        result = default;
        if (s is null) return false;
        var span = s.AsSpan().Trim();
        if (span.EndsWith("元", StringComparison.Ordinal))
            span = span[..^1].TrimEnd();
        else if (span.EndsWith("yuan", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^4];
            // "25000yuan" and "25000 yuan" are both fine; "yuan" alone is not.
            span = span.TrimEnd();
        }
        if (!DecimalText.TryParseNumber(span, out var amount)) return false;
        result = new Money(amount);
        return true;
    }
}
