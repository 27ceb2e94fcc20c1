using System.Globalization;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Model;

namespace PolicyRules.Bulk;

/// <summary>
/// Reads one input of a module from text cells into a typed column of a batch, without allocating (except the text
/// of a <c>string</c> input). It accepts exactly what <see cref="InputConverter.FromText"/> accepts, with the same value;
/// on anything else it returns false and the caller hands the row to the interpreter for the exact error. Full-width
/// digits and signs and <c>2017年9月1日</c> dates (<see cref="PersonText"/>) are tried, as the interpreter tries them,
/// only when the plain form fails: they cost a string, the plain cells nothing.
/// </summary>
internal abstract class CellReader
{
    private static readonly string[] DateTimeFormats = InputConverter.DateTimeFormats;

    /// <summary>Parses <paramref name="raw"/> into row <paramref name="row"/>; false when the text is not a value of the type.</summary>
    public abstract bool Read(ReadOnlySpan<char> raw, int row);

    /// <summary>Sets the row to none (an optional input the CSV has no column for).</summary>
    public abstract void SetNone(int row);

    /// <summary>A reader for input <paramref name="input"/> of <paramref name="batch"/>.</summary>
    public static CellReader For(BulkBatch batch, int input)
    {
        var column = batch.Module.Inputs[input];
        var type = column.Type;
        var array = batch.Inputs[input];
        var optional = type.Optional;
        switch (type.Kind)
        {
            case TypeKind.Int: return Make<int>(array, optional, OrAsTyped<int>((ReadOnlySpan<char> s, out int v) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v)));
            case TypeKind.Decimal: return Make<decimal>(array, optional, OrAsTyped<decimal>(DecimalText.TryParseNumber));
            case TypeKind.Money: return Make<Money>(array, optional, OrAsTyped<Money>(TryParseMoney));
            case TypeKind.Rate: return Make<Rate>(array, optional, OrAsTyped<Rate>(TryParseRate));
            case TypeKind.Bool: return Make<bool>(array, optional, TryParseBool);
            case TypeKind.Date:
                return Make<DateOnly>(array, optional, InputConverter.TryParseDate);
            case TypeKind.DateTime:
                return Make<DateTime>(array, optional, OrAsTyped<DateTime>((ReadOnlySpan<char> s, out DateTime v) =>
                    DateTime.TryParseExact(s, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out v)));
            case TypeKind.String: return new TextReader((string?[])array, optional);
            case TypeKind.Enum: return new EnumReader((string?[])array, optional, batch.Module.Package.Model.FindEnum(type.Name!)!);
            default: throw new NotSupportedException($"a CSV cell cannot hold {type}");
        }
    }

    private delegate bool Parse<T>(ReadOnlySpan<char> text, out T value);

    /// <summary><paramref name="parse"/>, then, for text that is not all ASCII, <paramref name="parse"/> of its <see cref="PersonText"/> form.</summary>
    private static Parse<T> OrAsTyped<T>(Parse<T> parse) => (ReadOnlySpan<char> s, out T v) =>
        parse(s, out v) || (!System.Text.Ascii.IsValid(s) && parse(PersonText.Normalize(s.ToString()), out v));

    private static CellReader Make<T>(Array array, bool optional, Parse<T> parse) where T : struct =>
        optional ? new OptionalReader<T>((T?[])array, parse) : new RequiredReader<T>((T[])array, parse);

    private sealed class RequiredReader<T>(T[] column, Parse<T> parse) : CellReader where T : struct
    {
        public override bool Read(ReadOnlySpan<char> raw, int row)
        {
            var text = raw.Trim();
            return text.Length != 0 && parse(text, out column[row]);
        }
        public override void SetNone(int row) => throw new InvalidOperationException("a required input has no none");
    }

    private sealed class OptionalReader<T>(T?[] column, Parse<T> parse) : CellReader where T : struct
    {
        public override bool Read(ReadOnlySpan<char> raw, int row)
        {
            var text = raw.Trim();
            if (text.Length == 0) { column[row] = null; return true; }
            if (!parse(text, out var v)) return false;
            column[row] = v;
            return true;
        }
        public override void SetNone(int row) => column[row] = null;
    }

    private sealed class TextReader(string?[] column, bool optional) : CellReader
    {
        public override bool Read(ReadOnlySpan<char> raw, int row)
        {
            if (raw.Trim().Length == 0)
            {
                if (!optional) return false;
                column[row] = null;
                return true;
            }
            column[row] = raw.ToString();   // as written, untrimmed, like InputConverter
            return true;
        }
        public override void SetNone(int row) => column[row] = null;
    }

    private sealed class EnumReader(string?[] column, bool optional, EnumModel model) : CellReader
    {
        public override bool Read(ReadOnlySpan<char> raw, int row)
        {
            var text = raw.Trim();
            if (text.Length == 0)
            {
                if (!optional) return false;
                column[row] = null;
                return true;
            }
            // EnumModel.Find: by name, then by label.
            foreach (var m in model.Members)
                if (text.SequenceEqual(m.Name)) { column[row] = m.Name; return true; }
            foreach (var m in model.Members)
                if (m.Label is not null && text.SequenceEqual(m.Label)) { column[row] = m.Name; return true; }
            return false;
        }
        public override void SetNone(int row) => column[row] = null;
    }

    /// <summary><see cref="Money.TryParse"/> on a span.</summary>
    internal static bool TryParseMoney(ReadOnlySpan<char> s, out Money result)
    {
        result = default;
        var span = s.Trim();
        if (span.EndsWith("元", StringComparison.Ordinal)) span = span[..^1].TrimEnd();
        else if (span.EndsWith("yuan", StringComparison.OrdinalIgnoreCase)) span = span[..^4].TrimEnd();
        if (!DecimalText.TryParseNumber(span, out var amount)) return false;
        result = new Money(amount);
        return true;
    }

    /// <summary><see cref="Rate.TryParse"/> on a span.</summary>
    internal static bool TryParseRate(ReadOnlySpan<char> s, out Rate result)
    {
        result = default;
        var span = s.Trim();
        var percent = span.EndsWith("%", StringComparison.Ordinal);
        if (percent) span = span[..^1].TrimEnd();
        if (!DecimalText.TryParseNumber(span, out var number)) return false;
        result = percent ? Rate.FromPercent(number) : new Rate(number);
        return !percent || result.Value * 100m == number;
    }

    private static bool TryParseBool(ReadOnlySpan<char> s, out bool value)
    {
        if (s.SequenceEqual("true") || s.SequenceEqual("是")) { value = true; return true; }
        if (s.SequenceEqual("false") || s.SequenceEqual("否")) { value = false; return true; }
        value = false;
        return false;
    }
}

/// <summary>
/// Writes one output column of a batch as text, exactly as <see cref="ValueText.Format"/> writes the value, without
/// allocating (lists and records, which the interpreter formats itself, excepted).
/// </summary>
internal abstract class CellWriter
{
    /// <summary>Whether the text may contain a separator, a quote or a line break (so CSV may have to quote it).</summary>
    public abstract bool MayNeedQuotes { get; }

    /// <summary>Appends the text of row <paramref name="row"/> to <paramref name="buffer"/>.</summary>
    public abstract void Write(int row, CharBuffer buffer);

    public static CellWriter For(BulkBatch batch, int output)
    {
        var column = batch.Module.Outputs[output];
        var array = batch.Outputs[output];
        var optional = column.Type.Optional;
        switch (column.Type.Kind)
        {
            case TypeKind.Int: return Make<int>(array, optional, static (int v, CharBuffer b) => b.AppendFormatted(v));
            case TypeKind.Decimal: return Make<decimal>(array, optional, static (decimal v, CharBuffer b) => b.AppendDecimal(v));
            case TypeKind.Money: return Make<Money>(array, optional, static (Money v, CharBuffer b) => b.AppendDecimal(v.Amount));
            case TypeKind.Rate:
                return Make<Rate>(array, optional, static (Rate v, CharBuffer b) => { b.AppendDecimal(v.Value * 100m); b.Append('%'); });
            case TypeKind.Bool: return Make<bool>(array, optional, static (bool v, CharBuffer b) => b.Append(v ? "true" : "false"));
            case TypeKind.Date: return Make<DateOnly>(array, optional, static (DateOnly v, CharBuffer b) => b.AppendDate(v));
            case TypeKind.DateTime:
                return Make<DateTime>(array, optional, static (DateTime v, CharBuffer b) =>
                    b.AppendFormatted(v, v.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss"));
            case TypeKind.String:
            case TypeKind.Enum:
                return new TextWriter((string?[])array);
            default:
                return new BoxedWriter(array);
        }
    }

    private static CellWriter Make<T>(Array array, bool optional, Action<T, CharBuffer> write) where T : struct =>
        optional ? new OptionalWriter<T>((T?[])array, write) : new RequiredWriter<T>((T[])array, write);

    private sealed class RequiredWriter<T>(T[] column, Action<T, CharBuffer> write) : CellWriter where T : struct
    {
        public override bool MayNeedQuotes => false;
        public override void Write(int row, CharBuffer buffer) => write(column[row], buffer);
    }

    private sealed class OptionalWriter<T>(T?[] column, Action<T, CharBuffer> write) : CellWriter where T : struct
    {
        public override bool MayNeedQuotes => false;
        public override void Write(int row, CharBuffer buffer)
        {
            if (column[row] is { } v) write(v, buffer);
            else buffer.Append("none");
        }
    }

    private sealed class TextWriter(string?[] column) : CellWriter
    {
        public override bool MayNeedQuotes => true;
        public override void Write(int row, CharBuffer buffer) => buffer.Append(column[row] ?? "none");
    }

    private sealed class BoxedWriter(Array column) : CellWriter
    {
        public override bool MayNeedQuotes => true;
        public override void Write(int row, CharBuffer buffer) => buffer.Append(ValueText.Format(column.GetValue(row)));
    }
}

/// <summary>A growable char buffer that formats values in place (no intermediate strings).</summary>
internal sealed class CharBuffer
{
    private char[] _chars;

    public CharBuffer(int capacity = 4096) => _chars = new char[Math.Max(16, capacity)];

    public int Length { get; private set; }
    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);
    public void Clear() => Length = 0;

    /// <summary>Removes everything from <paramref name="start"/> on.</summary>
    public void Truncate(int start) => Length = start;

    private void Grow(int needed)
    {
        var next = new char[Math.Max(_chars.Length * 2, Length + needed)];
        _chars.AsSpan(0, Length).CopyTo(next);
        _chars = next;
    }

    public void Append(char c)
    {
        if (Length == _chars.Length) Grow(1);
        _chars[Length++] = c;
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _chars.Length) Grow(text.Length);
        text.CopyTo(_chars.AsSpan(Length));
        Length += text.Length;
    }

    public void AppendFormatted<T>(T value, string? format = null) where T : ISpanFormattable
    {
        int written;
        while (!value.TryFormat(_chars.AsSpan(Length), out written, format, CultureInfo.InvariantCulture)) Grow(64);
        Length += written;
    }

    /// <summary>As <c>DecimalText.Format</c>: invariant, no trailing zeros, no exponent, "0" for zero.</summary>
    public void AppendDecimal(decimal value)
    {
        if (value == 0m) { Append('0'); return; }
        var start = Length;
        AppendFormatted(value);
        var s = _chars.AsSpan(start, Length - start);
        if (s.IndexOf('.') < 0) return;
        var end = s.Length;
        while (s[end - 1] == '0') end--;
        if (s[end - 1] == '.') end--;
        Length = start + end;
    }

    /// <summary>yyyy-MM-dd.</summary>
    public void AppendDate(DateOnly d)
    {
        if (Length + 10 > _chars.Length) Grow(10);
        var s = _chars.AsSpan(Length, 10);
        var (y, m, day) = (d.Year, d.Month, d.Day);
        s[0] = (char)('0' + y / 1000); s[1] = (char)('0' + y / 100 % 10); s[2] = (char)('0' + y / 10 % 10); s[3] = (char)('0' + y % 10);
        s[4] = '-'; s[5] = (char)('0' + m / 10); s[6] = (char)('0' + m % 10);
        s[7] = '-'; s[8] = (char)('0' + day / 10); s[9] = (char)('0' + day % 10);
        Length += 10;
    }

    /// <summary>Appends a CSV field: quoted, with quotes doubled, when it holds a separator, a quote or a line break.</summary>
    public void AppendCsvField(ReadOnlySpan<char> text, char separator = ',')
    {
        if (!CsvText.NeedsQuotes(text, separator)) { Append(text); return; }
        Append('"');
        foreach (var c in text)
        {
            if (c == '"') Append('"');
            Append(c);
        }
        Append('"');
    }

    /// <summary>Quotes the text appended since <paramref name="start"/> if CSV needs it.</summary>
    public void QuoteSince(int start, char separator = ',')
    {
        var field = _chars.AsSpan(start, Length - start);
        if (!CsvText.NeedsQuotes(field, separator)) return;
        var copy = field.ToArray();
        Length = start;
        AppendCsvField(copy, separator);
    }
}

/// <summary>The CSV conventions of the bulk run (as the Sep writer with escaping writes them).</summary>
internal static class CsvText
{
    private static readonly System.Buffers.SearchValues<char> CommaSpecials = System.Buffers.SearchValues.Create(",\"\r\n");

    public static bool NeedsQuotes(ReadOnlySpan<char> text, char separator = ',') =>
        separator == ','
            ? text.ContainsAny(CommaSpecials)
            : text.ContainsAny(System.Buffers.SearchValues.Create([separator, '"', '\r', '\n']));
}
