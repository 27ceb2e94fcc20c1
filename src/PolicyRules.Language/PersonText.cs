using System;
using System.Globalization;
using System.Text;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language;

/// <summary>
/// Text as a person types it, where the CLI's <c>--at</c>, scenario files and JSON/CSV values read it: the full-width
/// forms a Chinese input method produces (digits ０–９, ＝, ％, ：, ．, the ideographic space) and dates written
/// 2017-09-01 or 2017年9月1日. One place, so every reader accepts the same forms and says the same thing about junk.
/// </summary>
public static class PersonText
{
    /// <summary>
    /// The full-width digits and signs, and the ideographic space (U+3000), as their ASCII forms; everything else is
    /// kept, so a label such as <c>面积（平方米）</c> is untouched. The result has the same length, so a column counted
    /// in it is the column in the original.
    /// </summary>
    public static string Normalize(string text)
    {
        StringBuilder? sb = null;
        for (var k = 0; k < text.Length; k++)
        {
            var c = Normalize(text[k]);
            if (c == text[k]) continue;
            sb ??= new StringBuilder(text);
            sb[k] = c;
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>One character: see <see cref="Normalize(string)"/>.</summary>
    public static char Normalize(char c) => c switch
    {
        >= '０' and <= '９' => (char)(c - '０' + '0'),
        '＝' => '=',
        '％' => '%',
        '：' => ':',
        '．' => '.',
        '－' => '-',
        '＋' => '+',
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>An ASCII or full-width digit.</summary>
    public static bool IsDigit(char c) => c is >= '0' and <= '9' or >= '０' and <= '９';

    /// <summary>
    /// Reads a date: <c>2017-09-01</c> (or <c>2017-9-1</c>) or <c>2017年9月1日</c> (or <c>…1号</c>), in ASCII or
    /// full-width digits, with spaces around it. On failure <paramref name="error"/> says what is wrong and at which
    /// column (counted from 1 in <paramref name="text"/>); this never throws.
    /// </summary>
    public static bool TryParseDate(string text, out DateTime date, out string error)
    {
        var ok = TryParseDate(text, out date, out error, out _);
        return ok;
    }

    /// <summary>As <see cref="TryParseDate(string, out DateTime, out string)"/>, with what is wrong also as a catalogue message.</summary>
    public static bool TryParseDate(string text, out DateTime date, out string error, out Msg? problem)
    {
        date = default;
        var reader = new DateReader(text);
        problem = reader.Read(out var day);
        error = problem?.Render(Lang.En) ?? "";
        if (problem is not null) return false;
        date = day;
        return true;
    }

    /// <summary>Reads one date left to right, so that junk is reported at the column where it starts.</summary>
    private sealed class DateReader
    {
        private readonly string _text;
        private readonly string _s;
        private readonly int _end;
        private int _pos;

        public DateReader(string text)
        {
            _text = text;
            _s = Normalize(text);
            while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos])) _pos++;
            _end = _s.Length;
            while (_end > _pos && char.IsWhiteSpace(_s[_end - 1])) _end--;
        }

        /// <summary>Null when <paramref name="date"/> was read, else what is wrong.</summary>
        public Msg? Read(out DateTime date)
        {
            date = default;
            if (_pos == _end) return Expected("date.want_date");
            var y = Digits(4, 4);
            if (y is null) return Expected("date.want_year");
            if (!Next('-', '年')) return Expected("date.want_year_mark");
            var chinese = _s[_pos - 1] == '年';
            var m = Digits(1, 2);
            if (m is null) return Expected("date.want_month");
            if (!(chinese ? Next('月') : Next('-'))) return Expected(chinese ? "date.want_month_mark_zh" : "date.want_month_mark");
            var d = Digits(1, 2);
            if (d is null) return Expected("date.want_day");
            if (chinese && !Next('日', '号')) return Expected("date.want_day_mark");
            if (_pos < _end) return Expected("date.want_end");
            return TryMakeDate(y, m, d, out date) ? null : Msg.Of("date.not_in_calendar", ("date", _text.Trim()));
        }

        private bool Next(params char[] options)
        {
            if (_pos >= _end || Array.IndexOf(options, _s[_pos]) < 0) return false;
            _pos++;
            return true;
        }

        private string? Digits(int min, int max)
        {
            var from = _pos;
            while (_pos < _end && _pos - from < max && _s[_pos] is >= '0' and <= '9') _pos++;
            if (_pos - from >= min) return _s.Substring(from, _pos - from);
            _pos = from;
            return null;
        }

        private Msg Expected(string what)
        {
            var found = _pos >= _end ? Msg.Of("date.found_end") : Msg.Of("found.text", ("text", _text[_pos].ToString()));
            return Msg.Of("date.bad", ("text", _text.Trim()), ("column", _pos + 1), ("what", Msg.Of(what)), ("found", found));
        }
    }

    /// <summary>The day from its year, month and day digits (ASCII or full-width), if the calendar has it.</summary>
    internal static bool TryMakeDate(string y, string m, string d, out DateTime date)
    {
        date = default;
        if (!int.TryParse(Normalize(y), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(Normalize(m), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(Normalize(d), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
            return false;
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateTime(year, month, day);
        return true;
    }
}
