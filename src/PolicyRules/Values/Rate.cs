using System.Globalization;

namespace PolicyRules;

/// <summary>
/// An exact rate, stored as a fraction: <c>0.079</c> is 7.9 %. Backed by <see cref="decimal"/>.
/// </summary>
/// <remarks>
/// Units follow the rule language: rate ± rate and rate × rate give a rate; rate × int/decimal gives
/// a decimal; money × rate gives money (defined on <see cref="Money"/>). Rate ± a bare number is
/// deliberately not defined.
/// </remarks>
public readonly struct Rate : IEquatable<Rate>, IComparable<Rate>, IFormattable
{
    /// <summary>The rate as a fraction (0.079 for 7.9 %).</summary>
    public decimal Value { get; }

    /// <summary>A rate given as a fraction (0.079 for 7.9 %).</summary>
    public Rate(decimal value) => Value = value;

    /// <summary>A rate given in percent: <c>FromPercent(7.9m)</c> has <see cref="Value"/> 0.079.</summary>
    public static Rate FromPercent(decimal percent) => new(percent / 100m);

    /// <summary>The sum of two rates (7.9 % + 2 % = 9.9 %), exact.</summary>
    public static Rate operator +(Rate a, Rate b) => new(a.Value + b.Value);
    /// <summary>The difference of two rates, exact.</summary>
    public static Rate operator -(Rate a, Rate b) => new(a.Value - b.Value);
    /// <summary>A rate of a rate (20 % of 10 % = 2 %), exact.</summary>
    public static Rate operator *(Rate a, Rate b) => new(a.Value * b.Value);

    /// <summary>The share of a number at this rate, exact.</summary>
    public static decimal operator *(Rate r, decimal k) => r.Value * k;
    /// <summary>The share of a number at this rate, exact.</summary>
    public static decimal operator *(decimal k, Rate r) => k * r.Value;
    /// <summary>The share of a whole number at this rate (15 % of 40 posts = 6), exact.</summary>
    public static decimal operator *(Rate r, int k) => r.Value * k;
    /// <summary>The share of a whole number at this rate, exact.</summary>
    public static decimal operator *(int k, Rate r) => k * r.Value;

    /// <summary>Whether two rates are equal (0.08 equals 0.080).</summary>
    public static bool operator ==(Rate a, Rate b) => a.Value == b.Value;
    /// <summary>Whether two rates differ.</summary>
    public static bool operator !=(Rate a, Rate b) => a.Value != b.Value;
    /// <summary>Whether <paramref name="a"/> is the lower rate.</summary>
    public static bool operator <(Rate a, Rate b) => a.Value < b.Value;
    /// <summary>Whether <paramref name="a"/> is at most <paramref name="b"/>.</summary>
    public static bool operator <=(Rate a, Rate b) => a.Value <= b.Value;
    /// <summary>Whether <paramref name="a"/> is the higher rate.</summary>
    public static bool operator >(Rate a, Rate b) => a.Value > b.Value;
    /// <summary>Whether <paramref name="a"/> is at least <paramref name="b"/>.</summary>
    public static bool operator >=(Rate a, Rate b) => a.Value >= b.Value;

    /// <summary>Rounds the fraction <see cref="Value"/> to <paramref name="places"/> decimal places,
    /// half away from zero (四舍五入): 0.0785 at 3 places → 0.079 (7.9 %).</summary>
    /// <param name="places">0 to 28, counted on the fraction, not on the percent.</param>
    public Rate Round(int places) => new(Math.Round(Value, places, MidpointRounding.AwayFromZero));

    /// <summary>Whether the rates are equal, whatever their scale.</summary>
    public bool Equals(Rate other) => Value == other.Value;
    /// <summary>Whether <paramref name="obj"/> is a <see cref="Rate"/> of the same value.</summary>
    public override bool Equals(object? obj) => obj is Rate r && Equals(r);
    /// <summary>A hash equal for equal rates of any scale.</summary>
    public override int GetHashCode() => DecimalText.Hash(Value);
    /// <summary>Orders rates by value.</summary>
    public int CompareTo(Rate other) => Value.CompareTo(other.Value);

    /// <summary>In percent, invariant culture, without trailing zeros: "7.9%", "100%", "0.05%".</summary>
    public override string ToString() => DecimalText.FormatPercent(Value) + "%";

    /// <summary>
    /// Formats the rate (also in interpolated strings: <c>$"{rate:P1}"</c>).
    /// <list type="bullet">
    /// <item><c>null</c>, <c>""</c>, <c>"G"</c> or <c>"P"</c>: in percent, exact, as <see cref="ToString()"/>: <c>"7.9%"</c>.</item>
    /// <item><c>"P<i>n</i>"</c>: in percent with <i>n</i> decimal places, rounded half away from zero (四舍五入):
    /// <c>"P2"</c> gives <c>"7.90%"</c>, <c>"P0"</c> gives <c>"8%"</c>.</item>
    /// <item>any other .NET numeric format (<c>"F3"</c>, <c>"0.000"</c>): the fraction <see cref="Value"/> so formatted (<c>"0.079"</c>).</item>
    /// </list>
    /// <paramref name="provider"/> gives the separators; invariant culture when null.
    /// </summary>
    /// <exception cref="FormatException">When <paramref name="format"/> is not a valid numeric format.</exception>
    public string ToString(string? format, IFormatProvider? provider)
    {
        provider ??= CultureInfo.InvariantCulture;
        if (string.IsNullOrEmpty(format) || format is "G" or "g" or "P" or "p") return ToString();
        if (format[0] is 'P' or 'p')
        {
            var places = DecimalText.Places(format, 0);
            if (Math.Abs(Value) > decimal.MaxValue / 100m)   // beyond what decimal holds in percent: exact, unrounded
                return DecimalText.FormatPercent(Value) + "%";
            return Math.Round(Value * 100m, places, MidpointRounding.AwayFromZero).ToString("N" + places.ToString(CultureInfo.InvariantCulture), provider) + "%";
        }
        return Value.ToString(format, provider);
    }

    /// <summary><see cref="ToString(string?, IFormatProvider?)"/> in the invariant culture: <c>rate.ToString("P2")</c> is <c>"7.90%"</c>.</summary>
    public string ToString(string? format) => ToString(format, null);

    /// <summary>Parses "7.9%" (percent) or "0.079" (fraction); both give <see cref="Value"/> 0.079.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">When <paramref name="s"/> is not a rate.</exception>
    public static Rate Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, out var r)
            ? r
            : throw new FormatException($"'{s}' is not a rate (expected a percent such as 7.9% or a fraction such as 0.079)");
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? s, out Rate result)
    {
        result = default;
        if (s is null) return false;
        var span = s.AsSpan().Trim();
        bool percent = span.EndsWith("%", StringComparison.Ordinal);
        if (percent) span = span[..^1].TrimEnd();
        if (!DecimalText.TryParseNumber(span, out var number)) return false;
        result = percent ? FromPercent(number) : new Rate(number);
        return !percent || result.Value * 100m == number;   // a percentage with 27-28 decimals loses digits as a fraction
    }
}
