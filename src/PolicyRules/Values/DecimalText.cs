using System.Globalization;

namespace PolicyRules;

/// <summary>Shared exact-decimal formatting and parsing for <see cref="Money"/> and <see cref="Rate"/>.</summary>
internal static class DecimalText
{
    // 28 optional digits: decimal's maximum scale, so nothing is ever rounded away when formatting.
    private const string NormalizedFormat = "0.############################";

    /// <summary>Invariant, no trailing zeros, no exponent, no "-0".</summary>
    internal static string Format(decimal value) =>
        value == 0m ? "0" : value.ToString(NormalizedFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="fraction"/> × 100 as <see cref="Format"/> writes it, by moving the decimal point two places in the
    /// text: exact for every decimal, where multiplying by 100 overflows beyond ±decimal.MaxValue / 100.
    /// </summary>
    internal static string FormatPercent(decimal fraction)
    {
        var text = Format(fraction);
        var negative = text[0] == '-';
        if (negative) text = text.Substring(1);
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text.Substring(0, dot);
        var places = (dot < 0 ? "" : text.Substring(dot + 1)).PadRight(2, '0');
        whole = (whole + places.Substring(0, 2)).TrimStart('0');
        places = places.Substring(2).TrimEnd('0');
        var percent = (whole.Length == 0 ? "0" : whole) + (places.Length == 0 ? "" : "." + places);
        return negative && percent != "0" ? "-" + percent : percent;
    }

    /// <summary>The decimal places of a format such as "C2" or "P1" (the digits after its letter), or <paramref name="default"/>.</summary>
    /// <exception cref="FormatException">When the letter is followed by anything but 0 to 28.</exception>
    internal static int Places(string format, int @default)
    {
        if (format.Length == 1) return @default;
        if (int.TryParse(format.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var places) && places <= 28) return places;
        throw new FormatException($"'{format}' is not a format: '{format[0]}' takes 0 to 28 decimal places, as in '{format[0]}2'");
    }

    /// <summary>Same hash for values that compare equal (25 and 25.00): decimal's own hash already
    /// ignores the scale, as its Equals does.</summary>
    internal static int Hash(decimal value) => value.GetHashCode();

    /// <summary>
    /// Strict invariant number: optional leading '-' or '+', digits, optional '.' and digits.
    /// No thousands separators, no exponent, no surrounding text.
    /// </summary>
    internal static bool TryParseNumber(ReadOnlySpan<char> s, out decimal value)
    {
        value = 0m;
        if (s.IsEmpty) return false;
        int i = 0;
        if (s[0] == '-' || s[0] == '+') i++;
        int digits = 0, dots = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c >= '0' && c <= '9') digits++;
            else if (c == '.' && dots == 0) dots++;
            else return false;
        }
        if (digits == 0) return false;
        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value) && (digits <= 28 || IsExact(s, value));
    }

    /// <summary>
    /// Whether <paramref name="s"/> is written as a number (the form <see cref="TryParseNumber"/> reads) that decimal
    /// cannot hold exactly: too large, more than 28 digits after the point, or more significant digits than decimal
    /// keeps. decimal would round it silently (or overflow); exact means refusing it.
    /// </summary>
    internal static bool IsInexact(ReadOnlySpan<char> s) => s.Length > 0 && IsPlainNumber(s) && !TryParseNumber(s, out _);

    private static bool IsPlainNumber(ReadOnlySpan<char> s)
    {
        var i = s[0] is '-' or '+' ? 1 : 0;
        var digits = false;
        var dot = false;
        for (; i < s.Length; i++)
        {
            if (s[i] >= '0' && s[i] <= '9') digits = true;
            else if (s[i] == '.' && !dot) dot = true;
            else return false;
        }
        return digits;
    }

    /// <summary>
    /// The parsed value, written back, has the same digits as the text (leading and trailing zeros aside). Only
    /// needed past 28 digits: decimal holds any 28-digit number with up to 28 of them after the point exactly.
    /// </summary>
    private static bool IsExact(ReadOnlySpan<char> s, decimal value)
    {
        if (s[0] is '-' or '+') s = s[1..];
        if (s.IndexOf('.') >= 0) s = s.TrimEnd('0').TrimEnd('.');
        s = s.TrimStart('0');
        if (s.Length == 0 || s[0] == '.') s = s.Length == 0 ? "0" : ("0" + s.ToString()).AsSpan();
        var written = Format(Math.Abs(value));
        return s.SequenceEqual(written);
    }

    /// <summary>The message for a number decimal cannot hold exactly.</summary>
    internal const string InexactReason = "cannot be held exactly: a number may have at most 28 digits after the decimal point and 28 significant digits (29 below 7.9 × 10^28), and lie within ±79228162514264337593543950335; round it in the source data";
}
