using System.Globalization;
using System.Text;
using System.Text.Json;
using PolicyRules.Language.Messages;

namespace PolicyRules.Cli.Impact;

/// <summary>One output of the module as the report shows it: its name, its type on each side (null where that side's
/// module has no such output), and whether each side's values are summed (money and decimal outputs).</summary>
internal sealed record ImpactOutput(string Name, string? TypeBase, string? TypeNew, bool SumBase, bool SumNew);

/// <summary>
/// The counts of a diff over some rows (all of them, or one group of <c>--by</c>). Every row lands in exactly one of
/// changed, unchanged (both sides answered) or errors base-only, new-only, both; per output, the rows where both sides
/// answered and the value differs, and each side's exact total over the rows that side answered.
/// </summary>
internal sealed class OutcomeCounts
{
    public OutcomeCounts(IReadOnlyList<ImpactOutput> outputs)
    {
        OutputChanged = new long[outputs.Count];
        TotalBase = outputs.Select(o => o.SumBase ? new ExactSum() : null).ToArray();
        TotalNew = outputs.Select(o => o.SumNew ? new ExactSum() : null).ToArray();
    }

    public long Rows, Changed, Unchanged, ErrorsBase, ErrorsNew, ErrorsBoth;
    public readonly long[] OutputChanged;
    public readonly ExactSum?[] TotalBase;
    public readonly ExactSum?[] TotalNew;

    public long Errors => ErrorsBase + ErrorsNew + ErrorsBoth;

    public void Add(OutcomeCounts other)
    {
        Rows += other.Rows;
        Changed += other.Changed;
        Unchanged += other.Unchanged;
        ErrorsBase += other.ErrorsBase;
        ErrorsNew += other.ErrorsNew;
        ErrorsBoth += other.ErrorsBoth;
        for (var k = 0; k < OutputChanged.Length; k++)
        {
            OutputChanged[k] += other.OutputChanged[k];
            TotalBase[k]?.Add(other.TotalBase[k]!);
            TotalNew[k]?.Add(other.TotalNew[k]!);
        }
    }
}

/// <summary>The impact report of <c>policyrules diff</c>: what it compared, the counts, and the groups of <c>--by</c>.</summary>
internal sealed class ImpactReport
{
    public required string Module { get; init; }
    public required string Input { get; init; }
    public DateOnly? At { get; init; }
    public required string Base { get; init; }
    public required string New { get; init; }
    /// <summary>How the text report names the new side, when not as <see cref="New"/> (a reform, in the report's language).</summary>
    public string? NewShown { get; init; }
    public string? By { get; init; }
    public required IReadOnlyList<ImpactOutput> Outputs { get; init; }
    public required OutcomeCounts Total { get; init; }
    /// <summary>The groups of <c>--by</c> in their order (numeric when every key is a number), empty without it.</summary>
    public required IReadOnlyList<(string Key, OutcomeCounts Counts)> Groups { get; init; }
    public long BlankLines { get; init; }
    /// <summary>The first changed rows, one line each, for the text report.</summary>
    public required IReadOnlyList<string> Examples { get; init; }
    /// <summary>The language of the text report (<c>--lang</c>); the JSON form is the same in every language.</summary>
    public Lang Language { get; init; }

    private string Text(string key, params (string, object?)[] values) => Msg.Of(key, values).Render(Language);

    public void WriteText(TextWriter w)
    {
        w.WriteLine(Text("diff.report_head", ("module", Module), ("input", Input),
            ("at", At is { } at ? Msg.Of("diff.report_at", ("at", at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) : "")));
        w.WriteLine(Text("diff.report_base", ("base", Base)));
        w.WriteLine(Text("diff.report_new", ("new", NewShown ?? New)));
        WriteCounts(w, Total, "");
        if (BlankLines > 0) w.WriteLine(Text("diff.report_blank", ("count", BlankLines)));
        foreach (var (key, counts) in Groups)
        {
            w.WriteLine(Text("diff.report_group", ("by", By), ("key", key)));
            WriteCounts(w, counts, "  ");
        }
        if (Examples.Count > 0)
        {
            w.WriteLine(Text("diff.report_first", ("count", Examples.Count)));
            foreach (var e in Examples) w.WriteLine("  " + e);
        }
    }

    private void WriteCounts(TextWriter w, OutcomeCounts c, string indent)
    {
        w.WriteLine(indent + Text("diff.report_counts", ("rows", c.Rows), ("changed", c.Changed), ("unchanged", c.Unchanged), ("errors", c.Errors),
            ("errors_base", c.ErrorsBase), ("errors_new", c.ErrorsNew), ("errors_both", c.ErrorsBoth)));
        for (var k = 0; k < Outputs.Count; k++)
        {
            var line = new StringBuilder(indent + "  " + Text("diff.report_output", ("output", Outputs[k].Name), ("changed", c.OutputChanged[k])));
            if (c.TotalBase[k] is { } b) line.Append(Text("diff.report_total_base", ("total", b.ToString())));
            if (c.TotalNew[k] is { } n) line.Append(Text("diff.report_total_new", ("total", n.ToString())));
            if (c.TotalBase[k] is { } b2 && c.TotalNew[k] is { } n2)
            {
                var delta = n2.Minus(b2);
                var text = delta.ToString();
                line.Append(Text("diff.report_delta", ("delta", text.StartsWith('-') || delta.IsZero ? text : "+" + text)));
            }
            if (Outputs[k].TypeBase is null) line.Append(Text("diff.report_not_in_base"));
            else if (Outputs[k].TypeNew is null) line.Append(Text("diff.report_not_in_new"));
            else if (Outputs[k].TypeBase != Outputs[k].TypeNew) line.Append(Text("diff.report_type_changed", ("base", Outputs[k].TypeBase), ("new", Outputs[k].TypeNew)));
            w.WriteLine(line.ToString());
        }
    }

    /// <summary>The report as one JSON object; the schema is in docs/cli.md. Decimals are strings, exact.</summary>
    public string ToJson()
    {
        var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            j.WriteStartObject();
            j.WriteString("module", Module);
            if (At is { } at) j.WriteString("at", at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            else j.WriteNull("at");
            j.WriteString("base", Base);
            j.WriteString("new", New);
            WriteCounts(j, Total);
            j.WriteNumber("blank_lines", BlankLines);
            if (By is null) j.WriteNull("by");
            else j.WriteString("by", By);
            j.WriteStartArray("groups");
            foreach (var (key, counts) in Groups)
            {
                j.WriteStartObject();
                j.WriteString("key", key);
                WriteCounts(j, counts);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n");
    }

    private void WriteCounts(Utf8JsonWriter j, OutcomeCounts c)
    {
        j.WriteNumber("rows", c.Rows);
        j.WriteNumber("changed", c.Changed);
        j.WriteNumber("unchanged", c.Unchanged);
        j.WriteStartObject("errors");
        j.WriteNumber("base", c.ErrorsBase);
        j.WriteNumber("new", c.ErrorsNew);
        j.WriteNumber("both", c.ErrorsBoth);
        j.WriteEndObject();
        j.WriteStartObject("outputs");
        for (var k = 0; k < Outputs.Count; k++)
        {
            var o = Outputs[k];
            j.WriteStartObject(o.Name);
            WriteType(j, "type_base", o.TypeBase);
            WriteType(j, "type_new", o.TypeNew);
            j.WriteNumber("changed", c.OutputChanged[k]);
            if (c.TotalBase[k] is { } b) j.WriteString("total_base", b.ToString());
            if (c.TotalNew[k] is { } n) j.WriteString("total_new", n.ToString());
            if (c.TotalBase[k] is { } b2 && c.TotalNew[k] is { } n2) j.WriteString("delta", n2.Minus(b2).ToString());
            j.WriteEndObject();
        }
        j.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter j, string name, string? type)
    {
        if (type is null) j.WriteNull(name);
        else j.WriteString(name, type);
    }
}
