using System.Text;
using PolicyRules.Bulk;

namespace PolicyRules.Tests.Hardening;

/// <summary>The strict CSV reader: every record read, or an error naming its line and column (issue #10 items 1, 3, 9, 14).</summary>
public class CsvInputTests
{
    private static List<(long Line, string[] Cells)> ReadAll(CsvInput csv)
    {
        var rows = new List<(long, string[])>();
        while (csv.Read()) rows.Add((csv.RowLine, csv.CurrentRow()));
        return rows;
    }

    private static CsvFormatException Refused(string text, int maxRowChars = CsvInput.DefaultMaxRowChars) =>
        Assert.Throws<CsvFormatException>(() => ReadAll(CsvInput.FromText(text, "in.csv", maxRowChars)));

    [Fact]
    public void A_stray_quote_in_an_unquoted_field_is_refused_at_its_line_and_column()
    {
        var e = Refused("parcel_id,grade,area_m2\nP1,1,100\nP\"2,2,200\nP3,3,300\nP4,4,400\n");
        Assert.Equal((3L, 2L), (e.Line, e.Column));
        Assert.StartsWith("in.csv(3,2): a quote inside an unquoted field", e.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_refused_not_joined()
    {
        var e = Refused("id,grade\n\"P2\"x,2\n");
        Assert.Equal((2L, 5L), (e.Line, e.Column));
        Assert.Contains("text after the closing quote", e.Message);
    }

    [Fact]
    public void A_quote_never_closed_is_refused_where_it_opens()
    {
        var e = Refused("id,grade\nP1,1\n\"P2,2\nP3,3\n");
        Assert.Equal((3L, 1L), (e.Line, e.Column));
        Assert.Contains("never closed", e.Message);
    }

    [Fact]
    public void A_row_longer_than_the_limit_is_an_error_naming_the_open_quote()
    {
        var text = "id,grade\nP1,1\n\"P2,2\n" + string.Concat(Enumerable.Repeat("P3,3\n", 100));
        var e = Refused(text, maxRowChars: 64);
        Assert.Equal(3L, e.Line);
        Assert.Contains("longer than 64 characters because the quoted field opened at line 3, column 1 runs on", e.Message);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_line_numbers_stay_true()
    {
        var rows = ReadAll(CsvInput.FromText("id,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x\r\nlast,\"\"\r\n"));
        Assert.Equal([(2L, new[] { "a,b", "say \"hi\"" }), (3L, ["two\nlines", "x"]), (5L, ["last", ""])],
            rows.Select(r => (r.Line, r.Cells)).ToList(), new RowComparer());
    }

    [Fact]
    public void Empty_lines_are_skipped_and_counted()
    {
        var csv = CsvInput.FromText("id,grade\n\nP1,1\n\r\nP2,2\n\n");
        var rows = ReadAll(csv);
        Assert.Equal([3L, 5L], rows.Select(r => r.Line));
        Assert.Equal(3, csv.BlankLines);
    }

    [Fact]
    public void An_empty_file_and_a_column_named_twice_are_refused()
    {
        Assert.Contains("the file is empty", Refused("").Message);
        Assert.Contains("the file is empty", Refused("\n\n").Message);
        Assert.Contains("names column 'grade' twice (columns 1 and 3)", Refused("grade,area, grade\n1,2,3\n").Message);
    }

    [Fact]
    public void Gbk_bytes_read_as_utf8_are_refused_with_the_likely_encoding_and_read_with_encoding_gb18030()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-csv").FullName;
        var path = Path.Combine(dir, "gbk.csv");
        var gb = CsvInput.EncodingByName("gbk")!;
        File.WriteAllBytes(path, gb.GetBytes("宗地,地段等级\n东关一号,1\n"));

        var e = Assert.Throws<CsvFormatException>(() => { using var csv = CsvInput.Open(path); });
        Assert.Equal((1L, 1L), (e.Line, e.Column));
        Assert.Contains("is not valid UTF-8; it looks like GB18030/GBK", e.Message);
        Assert.Contains("--encoding gb18030", e.Message);

        using var read = CsvInput.Open(path, gb);
        Assert.Equal(["宗地", "地段等级"], read.Header);
        Assert.True(read.Read());
        Assert.Equal(["东关一号", "1"], read.CurrentRow());
    }

    [Fact]
    public void A_bad_byte_deep_in_the_file_is_located_by_line()
    {
        var dir = Directory.CreateTempSubdirectory("policyrules-csv").FullName;
        var path = Path.Combine(dir, "late.csv");
        var text = new StringBuilder("id,name\n");
        for (var k = 0; k < 20_000; k++) text.Append("P").Append(k).Append(",名\n");
        var bytes = Encoding.UTF8.GetBytes(text.ToString()).Concat(new byte[] { (byte)'P', (byte)',', 0xFF, (byte)'\n' }).ToArray();
        File.WriteAllBytes(path, bytes);
        using var csv = CsvInput.Open(path);
        var e = Assert.Throws<CsvFormatException>(() => { while (csv.Read()) { } });
        Assert.Equal((20_002L, 3L), (e.Line, e.Column));
    }

    [Fact]
    public void Filling_chunks_gives_the_rows_reading_gives_across_buffer_boundaries()
    {
        var text = new StringBuilder("id,note,n\n");
        var random = new Random(7);
        string[] shapes = ["P{0},plain,{0}\n", "P{0},\"quoted, with comma\",{0}\r\n", "\n", "P{0},\"two\nlines\",{0}\n", "P{0},,{0}\r\n", "P{0},x\n"];
        for (var k = 0; k < 20_000; k++) text.AppendFormat(System.Globalization.CultureInfo.InvariantCulture, shapes[random.Next(shapes.Length)], k);
        var expected = ReadAll(CsvInput.FromText(text.ToString()));

        var csv = CsvInput.FromText(text.ToString());
        var chunk = new TextChunk(333);
        var filled = new List<(long, string[])>();
        bool more;
        do
        {
            chunk.Clear();
            more = csv.Fill(chunk);
            for (var r = 0; r < chunk.Count; r++)
                filled.Add((chunk.Line(r), Enumerable.Range(0, chunk.CellCount(r)).Select(c => chunk.Cell(r, c).ToString()).ToArray()));
        } while (more);
        Assert.True(text.Length > 4 * 65536);
        Assert.Equal(expected, filled, new RowComparer());
    }

    private sealed class RowComparer : IEqualityComparer<(long, string[])>
    {
        public bool Equals((long, string[]) a, (long, string[]) b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2);
        public int GetHashCode((long, string[]) r) => r.Item1.GetHashCode();
    }
}
