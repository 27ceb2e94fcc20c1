using System.Globalization;
using System.Numerics;

namespace PolicyRules.Cli.Impact;

/// <summary>
/// A running total of decimals that is always exact: it adds in <see cref="decimal"/> while the sum fits (the common
/// case, no allocation) and moves to an unbounded integer with a scale as soon as a sum would overflow or lose a digit.
/// Decimal addition keeps the larger scale of its operands unless the result does not fit in 96 bits, when it drops
/// digits (rounds) or throws; a smaller scale after an addition is how a lost digit shows.
/// </summary>
internal sealed class ExactSum
{
    private decimal _fast;
    private BigInteger? _big;   // with _bigScale: the total is _big × 10^-_bigScale
    private int _bigScale;

    public void Add(decimal value)
    {
        if (_big is null)
        {
            try
            {
                var sum = _fast + value;
                if (sum.Scale >= Math.Max(_fast.Scale, value.Scale)) { _fast = sum; return; }
            }
            catch (OverflowException) { }
            (_big, _bigScale) = ToBig(_fast);
        }
        var (n, s) = ToBig(value);
        AddBig(n, s);
    }

    public void Add(ExactSum other)
    {
        if (other._big is null) { Add(other._fast); return; }
        if (_big is null) (_big, _bigScale) = ToBig(_fast);
        AddBig(other._big.Value, other._bigScale);
    }

    /// <summary>This total minus <paramref name="other"/>, exactly.</summary>
    public ExactSum Minus(ExactSum other)
    {
        var result = new ExactSum();
        result.Add(this);
        var negated = new ExactSum();
        if (other._big is null) negated._fast = -other._fast;
        else (negated._big, negated._bigScale) = (-other._big.Value, other._bigScale);
        result.Add(negated);
        return result;
    }

    public bool IsZero => _big is null ? _fast == 0m : _big.Value.IsZero;

    /// <summary>Invariant, no trailing zeros, no exponent, "0" for zero (as the CLI writes every decimal).</summary>
    public override string ToString()
    {
        if (_big is null) return _fast == 0m ? "0" : _fast.ToString("0.############################", CultureInfo.InvariantCulture);
        var value = _big.Value;
        if (value.IsZero) return "0";
        var digits = BigInteger.Abs(value).ToString(CultureInfo.InvariantCulture);
        if (_bigScale > 0)
        {
            digits = digits.PadLeft(_bigScale + 1, '0');
            var whole = digits[..^_bigScale];
            var fraction = digits[^_bigScale..].TrimEnd('0');
            digits = fraction.Length == 0 ? whole : whole + "." + fraction;
        }
        return value.Sign < 0 ? "-" + digits : digits;
    }

    private void AddBig(BigInteger n, int scale)
    {
        var current = _big!.Value;
        if (scale > _bigScale) { current *= BigInteger.Pow(10, scale - _bigScale); _bigScale = scale; }
        else if (scale < _bigScale) n *= BigInteger.Pow(10, _bigScale - scale);
        _big = current + n;
    }

    private static (BigInteger, int) ToBig(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        return (value < 0 ? -magnitude : magnitude, value.Scale);
    }
}
