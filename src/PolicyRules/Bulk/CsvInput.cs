using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using PolicyRules.Language.Files;
using PolicyRules.Language.Messages;

namespace PolicyRules.Bulk;

/// <summary>
/// A CSV file the input cannot be trusted past: a misplaced or unterminated quote, bytes that are not text in the
/// file's encoding, a row longer than the limit. The message names the file, line and column and says how to fix it.
/// </summary>
internal sealed class CsvFormatException(string file, long line, long column, Msg message)
    : Exception($"{file}({line},{column}): {message.Render(Lang.En)}")
{
    /// <summary>The message with its place (<c>file(line,col): …</c>), to be put into the run's language.</summary>
    public Msg Text { get; } = Msg.Of("csv.format_error", ("file", file), ("line", line), ("column", column), ("message", message));

    public string File { get; } = file;
    public long Line { get; } = line;
    public long Column { get; } = column;
}

/// <summary>
/// Reads a CSV file strictly (RFC 4180, comma-separated): a field is either unquoted and holds no quote, or quoted
/// from its first to its last character with inner quotes doubled. Anything else — a stray quote, text after a
/// closing quote, a quote never closed — is a <see cref="CsvFormatException"/> naming its line and column, because
/// every guess (Excel's, or a reader that keeps reading a quoted field to the end of the file) silently merges or
/// alters records. Lines ending in \n, \r\n or \r; an empty line is skipped and counted in <see cref="BlankLines"/>.
/// The text is decoded strictly in the given encoding: bytes that are not valid in it are an error that names the
/// likely encoding, never replacement characters.
/// </summary>
internal sealed class CsvInput : IDisposable
{
    /// <summary>The longest row (its characters, quotes and separators excepted) the reader holds.</summary>
    public const int DefaultMaxRowChars = 1 << 20;

    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\n");

    private readonly TextReader _reader;
    private readonly string _path;
    private readonly Encoding _encoding;
    private readonly int _maxRowChars;
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _length;
    private bool _end;
    private long _line = 1, _column;   // the position of _pos: 1-based line, characters before it on the line

    private char[] _text = new char[1024];
    private int _textLength;
    private int[] _cellStart = new int[64];
    private int[] _cellLength = new int[64];

    private CsvInput(TextReader reader, string path, Encoding encoding, int maxRowChars)
    {
        _reader = reader;
        _path = path;
        _encoding = encoding;
        _maxRowChars = maxRowChars;
        if (!Read()) throw new CsvFormatException(path, 1, 1, Msg.Of("csv.empty_file"));
        var header = new string[CellCount];
        for (var k = 0; k < header.Length; k++) header[k] = Cell(k).ToString();
        for (var k = 0; k < header.Length; k++)
            for (var j = 0; j < k; j++)
                if (header[j].Trim() == header[k].Trim())
                    throw new CsvFormatException(path, 1, 1, Msg.Of("csv.header_twice", ("column", header[k].Trim()), ("first", j + 1), ("second", k + 1)));
        Header = header;
    }

    /// <summary>Opens <paramref name="path"/> and reads its header row. A byte order mark (UTF-8 or UTF-16) wins over <paramref name="encoding"/>.</summary>
    public static CsvInput Open(string path, Encoding? encoding = null, int maxRowChars = DefaultMaxRowChars)
    {
        encoding = Strict(encoding ?? Encoding.UTF8);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            return new CsvInput(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16), path, encoding, maxRowChars);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads CSV from <paramref name="stream"/> (standard input), left open, named <paramref name="name"/> in errors; a byte
    /// order mark wins over <paramref name="encoding"/>, as in <see cref="Open(string, Encoding?, int)"/>.
    /// </summary>
    public static CsvInput Open(Stream stream, string name, Encoding? encoding = null, int maxRowChars = DefaultMaxRowChars)
    {
        encoding = Strict(encoding ?? Encoding.UTF8);
        return new CsvInput(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true), name, encoding, maxRowChars);
    }

    /// <summary>Reads CSV text already decoded from <paramref name="reader"/>, named <paramref name="name"/> in errors.</summary>
    public static CsvInput Open(TextReader reader, string name, int maxRowChars = DefaultMaxRowChars) => new(reader, name, Encoding.UTF8, maxRowChars);

    /// <summary>Reads CSV text from <paramref name="text"/> (tests, and text already in memory).</summary>
    public static CsvInput FromText(string text, string name = "input.csv", int maxRowChars = DefaultMaxRowChars) =>
        new(new StringReader(text), name, Encoding.UTF8, maxRowChars);

    /// <summary>The encodings <c>--encoding</c> accepts: utf-8 (the default), gb18030 and gbk.</summary>
    public static Encoding? EncodingByName(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "utf-8" or "utf8": return new UTF8Encoding(false, true);
            case "gb18030" or "gbk" or "gb2312" or "cp936":
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                // GB18030 is a superset of GBK and GB2312: one decoder reads all three.
                return Encoding.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            default: return null;
        }
    }

    private static Encoding Strict(Encoding e) =>
        e is UTF8Encoding ? new UTF8Encoding(false, true)
            : Encoding.GetEncoding(e.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>The header row, as written.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Empty lines skipped so far (they are not records).</summary>
    public long BlankLines { get; private set; }

    /// <summary>The line the current row starts on (the header is line 1).</summary>
    public long RowLine { get; private set; }

    /// <summary>The cells of the current row.</summary>
    public int CellCount { get; private set; }

    public ReadOnlySpan<char> Cell(int index) => _text.AsSpan(_cellStart[index], _cellLength[index]);

    /// <summary>Moves to the next row; false at the end of the file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        while (true)
        {
            if (!Available()) return false;
            var c = _buffer[_pos];
            if (c == '\n') { _pos++; NewLine(); BlankLines++; continue; }
            if (c == '\r') { _pos++; if (Available() && _buffer[_pos] == '\n') _pos++; NewLine(); BlankLines++; continue; }
            break;
        }
        RowLine = _line;
        CellCount = 0;
        _textLength = 0;
        while (true)
        {
            var start = _textLength;
            var quoted = Available() && _buffer[_pos] == '"';
            if (quoted) ReadQuoted();
            else ReadUnquoted();
            AddCell(start);
            if (!Available()) return true;
            var c = _buffer[_pos];
            if (c == ',') { _pos++; _column++; continue; }
            if (c == '\n') { _pos++; NewLine(); return true; }
            if (c == '\r') { _pos++; if (Available() && _buffer[_pos] == '\n') _pos++; NewLine(); return true; }
            // Only a quoted field can stop anywhere else: at the character after its closing quote.
            throw Error(_line, _column + 1, Msg.Of("csv.text_after_quote", ("char", Show(c))));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadUnquoted()
    {
        while (true)
        {
            if (!Available()) return;
            var span = _buffer.AsSpan(_pos, _length - _pos);
            var stop = span.IndexOfAny(UnquotedStops);
            var take = stop < 0 ? span.Length : stop;
            Append(span[..take], _line, _column + 1, quoted: false);
            _pos += take;
            _column += take;
            if (stop < 0) continue;
            if (span[stop] == '"')
                throw Error(_line, _column + 1, Msg.Of("csv.quote_in_unquoted"));
            return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadQuoted()
    {
        var (openLine, openColumn) = (_line, _column + 1);
        _pos++;
        _column++;
        while (true)
        {
            if (!Available())
                throw Error(openLine, openColumn, Msg.Of("csv.quote_never_closed"));
            var span = _buffer.AsSpan(_pos, _length - _pos);
            var stop = span.IndexOfAny(QuotedStops);
            var take = stop < 0 ? span.Length : stop;
            Append(span[..take], openLine, openColumn, quoted: true);
            _pos += take;
            _column += take;
            if (stop < 0) continue;
            if (span[stop] == '\n')
            {
                Append("\n", openLine, openColumn, quoted: true);
                _pos++;
                NewLine();
                continue;
            }
            _pos++;
            _column++;
            if (Available() && _buffer[_pos] == '"')
            {
                Append("\"", openLine, openColumn, quoted: true);
                _pos++;
                _column++;
                continue;
            }
            return;
        }
    }

    private void Append(ReadOnlySpan<char> chars, long line, long column, bool quoted)
    {
        if (chars.IsEmpty) return;
        if (_textLength + chars.Length > _maxRowChars)
            throw Error(RowLine, 1, quoted
                ? Msg.Of("csv.row_too_long_quoted", ("max", _maxRowChars.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)), ("line", line), ("column", column))
                : Msg.Of("csv.row_too_long", ("max", _maxRowChars.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))));
        if (_textLength + chars.Length > _text.Length)
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + chars.Length));
        chars.CopyTo(_text.AsSpan(_textLength));
        _textLength += chars.Length;
    }

    private void AddCell(int start)
    {
        if (CellCount == _cellStart.Length)
        {
            Array.Resize(ref _cellStart, CellCount * 2);
            Array.Resize(ref _cellLength, CellCount * 2);
        }
        _cellStart[CellCount] = start;
        _cellLength[CellCount] = _textLength - start;
        CellCount++;
    }

    private void NewLine()
    {
        _line++;
        _column = 0;
    }

    private bool Available()
    {
        if (_pos < _length) return true;
        if (_end) return false;
        try
        {
            _length = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw NotInEncoding();
        }
        _pos = 0;
        if (_length == 0) _end = true;
        return _length > 0;
    }

    /// <summary>The file's bytes are not valid in its encoding: find the first bad byte from the start and name it.</summary>
    private CsvFormatException NotInEncoding()
    {
        if (_reader is not StreamReader { BaseStream: FileStream file })
            return new CsvFormatException(_path, _line, 1, Msg.Of("csv.not_in_encoding", ("encoding", _encoding.WebName)));
        using var again = new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.Read);
        var bad = _encoding is UTF8Encoding ? TextEncodingCheck.FirstInvalidUtf8(again) : TextEncodingCheck.FirstInvalidGb18030(again);
        if (bad is null) return new CsvFormatException(_path, _line, 1, Msg.Of("csv.not_in_encoding", ("encoding", _encoding.WebName)));
        again.Position = 0;
        var sample = new byte[Math.Min(again.Length, 1 << 20)];
        again.ReadExactly(sample);
        var hex = $"0x{bad.Value.Byte:X2}";
        return new CsvFormatException(_path, bad.Value.Line, bad.Value.Column, _encoding is UTF8Encoding
            ? Msg.Of("csv.bad_utf8_byte", ("byte", hex), ("hint", TextEncodingCheck.HintMsg(sample)))
            : Msg.Of("csv.bad_gb18030_byte", ("byte", hex)));
    }

    private CsvFormatException Error(long line, long column, Msg message) => new(_path, line, column, message);

    private static string Show(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();

    public void Dispose() => _reader.Dispose();

    /// <summary>The row as strings (the interpreter path and tests).</summary>
    public string[] CurrentRow()
    {
        var row = new string[CellCount];
        for (var k = 0; k < row.Length; k++) row[k] = Cell(k).ToString();
        return row;
    }

    /// <summary>Copies rows into <paramref name="chunk"/> until it is full (true) or the file ends (false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one pass over a large file: no time to tier up
    public bool Fill(TextChunk chunk)
    {
        while (!chunk.IsFull)
        {
            if (TryPlainRow(chunk)) continue;
            if (!Read()) return false;
            chunk.BeginRow(RowLine);
            for (var c = 0; c < CellCount; c++) chunk.AddCell(Cell(c));
        }
        return true;
    }

    private static readonly SearchValues<char> QuoteOrReturn = SearchValues.Create("\"\r");

    /// <summary>
    /// The common case, straight from the buffer into the chunk: a whole line already read, with no quote and no
    /// carriage return but its last character, is a row of plain cells. Anything else goes through <see cref="Read"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryPlainRow(TextChunk chunk)
    {
        var rest = _buffer.AsSpan(_pos, _length - _pos);
        var end = rest.IndexOf('\n');
        if (end <= 0 || end > _maxRowChars) return false;
        var row = rest[..end];
        var special = row.IndexOfAny(QuoteOrReturn);
        if (special >= 0)
        {
            if (special != end - 1 || row[special] != '\r' || end == 1) return false;
            row = row[..^1];
        }
        chunk.BeginRow(_line);
        while (true)
        {
            var comma = row.IndexOf(',');
            if (comma < 0) { chunk.AddCell(row); break; }
            chunk.AddCell(row[..comma]);
            row = row[(comma + 1)..];
        }
        _pos += end + 1;
        NewLine();
        return true;
    }
}
