using System;
using System.IO;
using System.Text;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Files;

/// <summary>
/// Finds where a file stops being valid text in its encoding, and guesses what it was saved as, so that a file
/// saved in a Chinese Windows encoding (GBK/GB18030, as Excel and Notepad save it) is refused with a message that
/// says so and how to save it as UTF-8, instead of being read as mojibake.
/// </summary>
internal static class TextEncodingCheck
{
    /// <summary>The first byte that is not valid text: its 1-based line, its 1-based column (in characters), its value.</summary>
    public readonly struct BadByte
    {
        public BadByte(long line, long column, byte value) { Line = line; Column = column; Byte = value; }
        public long Line { get; }
        public long Column { get; }
        public byte Byte { get; }
    }

    /// <summary>The first byte of <paramref name="stream"/> that is not part of a valid UTF-8 sequence; null when it is all UTF-8.</summary>
    public static BadByte? FirstInvalidUtf8(Stream stream) => Scan(stream, Utf8Length);

    /// <summary>The first byte of <paramref name="stream"/> that is not part of a valid GB18030 sequence; null when there is none.</summary>
    public static BadByte? FirstInvalidGb18030(Stream stream) => Scan(stream, Gb18030Length);

    /// <summary>Whether <paramref name="sample"/> reads as GB18030 (GBK) text with at least one Chinese character.</summary>
    public static bool LooksLikeGb18030(byte[] sample)
    {
        var multiByte = false;
        for (var i = 0; i < sample.Length;)
        {
            var n = Gb18030Length(sample, i, sample.Length);
            if (n == 0) return false;
            if (n < 0) break;   // a sequence cut off by the end of the sample
            if (n > 1) multiByte = true;
            i += n;
        }
        return multiByte;
    }

    /// <summary>"; it looks like …": what the bytes were probably saved as (for a message about a file that is not UTF-8).</summary>
    public static string Hint(byte[] sample) => "; " + HintMsg(sample).Render(Lang.En);

    /// <summary>What the bytes were probably saved as: GB18030/GBK, UTF-16 without a byte order mark, or a legacy encoding.</summary>
    public static Msg HintMsg(byte[] sample)
    {
        if (LooksLikeGb18030(sample)) return Msg.Of("encoding.looks_gb18030");
        var zeros = 0;
        foreach (var b in sample) if (b == 0) zeros++;
        if (sample.Length > 0 && zeros * 4 > sample.Length) return Msg.Of("encoding.looks_utf16");
        return Msg.Of("encoding.looks_legacy");
    }

    /// <summary>
    /// Reads a source file (a rule or scenario file) as UTF-8, as every file of a package must be (a UTF-8 or UTF-16
    /// byte order mark is honoured). Null with <paramref name="problem"/> set when it is not: the message names the
    /// line and column of the first bad byte, the likely encoding and how to save the file as UTF-8.
    /// </summary>
    public static string? ReadUtf8(string path, out string? problem, out int line, out int column) =>
        DecodeUtf8(File.ReadAllBytes(path), "the file", out problem, out line, out column);

    /// <summary>As <see cref="ReadUtf8(string, out string?, out int, out int)"/>, with the problem as a catalogue message.</summary>
    public static string? ReadUtf8(string path, out Msg? problem, out int line, out int column) =>
        DecodeUtf8(File.ReadAllBytes(path), Msg.Of("encoding.the_file"), out problem, out line, out column);

    /// <summary>
    /// <see cref="ReadUtf8(string, out string?, out int, out int)"/> for bytes already read (standard input):
    /// <paramref name="what"/> names them in the message ("the file", "standard input").
    /// </summary>
    public static string? DecodeUtf8(byte[] bytes, string what, out string? problem, out int line, out int column)
    {
        var text = DecodeUtf8(bytes, Msg.Of("encoding.what", ("what", what)), out Msg? message, out line, out column);
        problem = message?.Render(Lang.En);
        return text;
    }

    /// <summary>As <see cref="DecodeUtf8(byte[], string, out string?, out int, out int)"/>, with the problem as a catalogue message.</summary>
    public static string? DecodeUtf8(byte[] bytes, Msg what, out Msg? problem, out int line, out int column)
    {
        problem = null;
        line = column = 1;
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            return new UnicodeEncoding(bytes[0] == 0xFE, true).GetString(bytes, 2, bytes.Length - 2);   // UTF-16 with its byte order mark: unambiguous
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        using (var stream = new MemoryStream(bytes, start, bytes.Length - start))
        {
            if (FirstInvalidUtf8(stream) is { } bad)
            {
                line = (int)Math.Min(bad.Line, int.MaxValue);
                column = (int)Math.Min(bad.Column, int.MaxValue);
                problem = Msg.Of("encoding.not_utf8", ("what", what), ("byte", "0x" + bad.Byte.ToString("X2")), ("line", bad.Line), ("hint", HintMsg(bytes)));
                return null;
            }
        }
        return new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
    }

    private delegate int SequenceLength(byte[] bytes, int index, int end);

    private static BadByte? Scan(Stream stream, SequenceLength length)
    {
        var buffer = new byte[1 << 16];
        int count = 0, index = 0;
        long line = 1, column = 0;
        var atEnd = false;
        while (true)
        {
            if (count - index < 4 && !atEnd)
            {
                // Keep a partial sequence and read more behind it.
                Array.Copy(buffer, index, buffer, 0, count - index);
                count -= index;
                index = 0;
                int read;
                while (count < buffer.Length && (read = stream.Read(buffer, count, buffer.Length - count)) > 0) count += read;
                atEnd = count < buffer.Length;
            }
            if (index >= count) return null;
            var n = length(buffer, index, count);
            if (n <= 0) return new BadByte(line, column + 1, buffer[index]);   // invalid, or cut off by the end of the file
            if (buffer[index] == (byte)'\n') { line++; column = 0; }
            else column++;
            index += n;
        }
    }

    /// <summary>The length of the UTF-8 sequence at <paramref name="i"/>: 1-4, 0 when invalid, -1 when cut off by <paramref name="end"/>.</summary>
    private static int Utf8Length(byte[] b, int i, int end)
    {
        var lead = b[i];
        if (lead < 0x80) return 1;
        int n; byte low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) n = 2;
        else if (lead == 0xE0) { n = 3; low = 0xA0; }
        else if (lead == 0xED) { n = 3; high = 0x9F; }
        else if (lead >= 0xE1 && lead <= 0xEF) n = 3;
        else if (lead == 0xF0) { n = 4; low = 0x90; }
        else if (lead == 0xF4) { n = 4; high = 0x8F; }
        else if (lead >= 0xF1 && lead <= 0xF3) n = 4;
        else return 0;
        for (var k = 1; k < n; k++)
        {
            if (i + k >= end) return -1;
            var c = b[i + k];
            if (k == 1 ? c < low || c > high : c < 0x80 || c > 0xBF) return 0;
        }
        return n;
    }

    /// <summary>The length of the GB18030 sequence at <paramref name="i"/>: 1, 2 or 4, 0 when invalid, -1 when cut off.</summary>
    private static int Gb18030Length(byte[] b, int i, int end)
    {
        var lead = b[i];
        if (lead < 0x80) return 1;
        if (lead == 0x80 || lead == 0xFF) return 0;
        if (i + 1 >= end) return -1;
        var second = b[i + 1];
        if ((second >= 0x40 && second <= 0x7E) || (second >= 0x80 && second <= 0xFE)) return 2;
        if (second < 0x30 || second > 0x39) return 0;
        if (i + 3 >= end) return -1;
        return b[i + 2] >= 0x81 && b[i + 2] <= 0xFE && b[i + 3] >= 0x30 && b[i + 3] <= 0x39 ? 4 : 0;
    }
}
