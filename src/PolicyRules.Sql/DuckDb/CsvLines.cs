using System.Buffers;
using System.Text;
using PolicyRules.Bulk;

namespace PolicyRules.Sql.DuckDb;

/// <summary>
/// A CSV file as the compiled engine reads it (<see cref="CsvInput"/>), taken in one pass before DuckDB reads it.
/// DuckDB's reader numbers rows, not lines (an empty line or a line break inside a quoted field would put every later
/// error a line low), reads a stray quote inside an unquoted field as text, and in a one-column file reads an empty
/// line as a row. This pass gives the compiled engine's answers: the line each row starts on, the rows with a wrong
/// number of cells, the empty lines skipped, and a <see cref="CsvFormatException"/> (from <see cref="Scan"/>) where
/// the compiled engine stops.
/// </summary>
internal sealed class CsvLines : IDisposable
{
    private readonly CsvInput _reader;
    private readonly List<(long Row, long Shift)> _shifts = [];
    private readonly List<(long Line, int Found)> _wrongCount = [];

    private CsvLines(CsvInput reader)
    {
        _reader = reader;
        // CsvInput has skipped the empty lines before the header (they are counted in BlankLines); the header follows them.
        LinesBeforeHeader = reader.BlankLines;
        LongestRowBytes = RowBytes(reader.Header.Sum(h => (long)h.Length), reader.Header.Count) + 3;   // and a byte order mark
    }

    /// <summary>Opens the file and reads its header; a header the compiled engine refuses throws its <see cref="CsvFormatException"/>.</summary>
    public static CsvLines Open(string path) => new(CsvInput.Open(path));

    /// <summary>The header row, as written.</summary>
    public IReadOnlyList<string> Header => _reader.Header;

    /// <summary>The empty lines before the header, which DuckDB is told to skip.</summary>
    public long LinesBeforeHeader { get; }

    /// <summary>Every row read, those with a wrong number of cells included.</summary>
    public long Rows { get; private set; }

    /// <summary>Empty lines skipped (they are not rows).</summary>
    public long BlankLines => _reader.BlankLines;

    /// <summary>
    /// The line of each row that has as many cells as the header, numbered from 0 in file order as DuckDB numbers the
    /// rows it reads: from row <c>Row</c> on (until the next entry), a row's line is its number plus <c>Shift</c>.
    /// </summary>
    public IReadOnlyList<(long Row, long Shift)> Shifts => _shifts;

    /// <summary>The rows with a wrong number of cells (DuckDB skips them): their line and how many cells they have.</summary>
    public IReadOnlyList<(long Line, int Found)> WrongCount => _wrongCount;

    /// <summary>
    /// At least the bytes of the longest row, the header's included, in the file or in its copy (<see cref="CopyRows"/>),
    /// known after <see cref="Scan"/>: DuckDB's reader must be told to take a line this long.
    /// </summary>
    public long LongestRowBytes { get; private set; }

    /// <summary>
    /// An upper bound of the UTF-8 bytes a row of <paramref name="chars"/> characters in <paramref name="cells"/> cells
    /// takes: at most 3 a character (a character outside the Basic Multilingual Plane is two characters and 4 bytes; a
    /// quote inside a quoted cell is written twice), 3 a cell (its quotes and the comma), 2 for the line end.
    /// </summary>
    private static long RowBytes(long chars, int cells) => 3 * chars + 3L * cells + 2;

    /// <summary>Reads every row. Throws the compiled engine's <see cref="CsvFormatException"/> at the first line it cannot read.</summary>
    public void Scan()
    {
        var columns = _reader.Header.Count;
        long accepted = 0;
        var shift = long.MinValue;
        while (_reader.Read())
        {
            Rows++;
            long chars = 0;
            for (var k = 0; k < _reader.CellCount; k++) chars += _reader.Cell(k).Length;
            LongestRowBytes = Math.Max(LongestRowBytes, RowBytes(chars, _reader.CellCount));
            if (_reader.CellCount != columns)
            {
                _wrongCount.Add((_reader.RowLine, _reader.CellCount));
                continue;
            }
            if (_reader.RowLine - accepted != shift)
            {
                shift = _reader.RowLine - accepted;
                _shifts.Add((accepted, shift));
            }
            accepted++;
        }
    }

    private static readonly SearchValues<char> MustQuote = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// Writes the header and the rows that have as many cells as the header, as this pass reads them, to
    /// <paramref name="target"/>: UTF-8, every line ending in \n, no empty line (an empty cell is written <c>""</c>).
    /// For a file DuckDB's reader refuses though the compiled engine reads it (lines that end now in \r\n, now in \n);
    /// DuckDB reads the copy's rows in the same order, so <see cref="Shifts"/> still gives their lines.
    /// </summary>
    public static void CopyRows(string path, string target)
    {
        using var reader = CsvInput.Open(path);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false), 1 << 16);
        var columns = reader.Header.Count;
        for (var k = 0; k < columns; k++) Cell(writer, k, reader.Header[k]);
        writer.Write('\n');
        while (reader.Read())
        {
            if (reader.CellCount != columns) continue;
            for (var k = 0; k < columns; k++) Cell(writer, k, reader.Cell(k));
            writer.Write('\n');
        }
    }

    private static void Cell(TextWriter writer, int index, ReadOnlySpan<char> cell)
    {
        if (index > 0) writer.Write(',');
        if (!cell.IsEmpty && cell.IndexOfAny(MustQuote) < 0)
        {
            writer.Write(cell);
            return;
        }
        writer.Write('"');
        writer.Write(cell.ToString().Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }

    public void Dispose() => _reader.Dispose();
}
