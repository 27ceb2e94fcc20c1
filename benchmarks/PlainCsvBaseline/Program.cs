// The plain program `policyrules run` is measured against: reads the parcels CSV with Sep and writes the same
// results (the input columns, rate_per_m2, annual_tax) and the same errors file, with the land-use tax of
// 邯政办字〔2017〕107号 §二 written by hand in C# (Money, decimal), on one thread, with no rules layer: no rule
// package, no interpreter, no compiled module, no explanation. Its messages for bad rows are its own.
//
//   dotnet PlainCsvBaseline.dll IN.csv OUT.csv
using System.Globalization;
using nietras.SeparatedValues;
using PolicyRules;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PlainCsvBaseline IN.csv OUT.csv");
    return 2;
}
var errorsPath = args[1].EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? args[1][..^4] + ".errors.csv" : args[1] + ".errors.csv";
using var reader = Sep.Reader(o => o with { Sep = new Sep(','), Unescape = true, DisableColCountCheck = true }).FromFile(args[0]);
var columns = reader.Header.ColNames.ToList();
var grade = columns.IndexOf("grade");
var area = columns.IndexOf("area_m2");
long rowsIn = 0, rowsOut = 0, errorRows = 0;
using (var writer = new Sep(',').Writer(o => o with { Escape = true }).ToFile(args[1]))
using (var errors = new Sep(',').Writer(o => o with { Escape = true }).ToFile(errorsPath))
{
    Span<char> text = stackalloc char[64];
    foreach (var row in reader)
    {
        rowsIn++;
        string? failure = null;
        int g = 0;
        decimal a = 0m;
        if (row.ColCount != columns.Count) failure = "column count";
        else if (!int.TryParse(row[grade].Span.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out g)) failure = "grade";
        else if (!decimal.TryParse(row[area].Span.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out a)) failure = "area_m2";
        else if (g < 1 || g > 5) failure = "grade out of range";
        else if (a < 0m) failure = "negative area";
        if (failure is not null)
        {
            errorRows++;
            using var e = errors.NewRow();
            e["line"].Set(row.LineNumberFrom.ToString(CultureInfo.InvariantCulture));
            e["code"].Set("invalid_input");
            e["field"].Set("");
            e["message"].Set(failure);
            continue;
        }
        var rate = g switch { 1 => new Money(25m), 2 => new Money(18m), 3 => new Money(10m), 4 => new Money(6m), _ => new Money(3m) };
        var tax = rate * a;
        rowsOut++;
        using var o = writer.NewRow();
        for (var c = 0; c < columns.Count; c++) o[columns[c]].Set(row[c].Span);
        o["rate_per_m2"].Set(Format(rate.Amount, text));
        o["annual_tax"].Set(Format(tax.Amount, text));
    }
}
Console.Error.WriteLine($"plain: rows in {rowsIn}, rows out {rowsOut}, error rows {errorRows}");
return rowsIn == rowsOut + errorRows ? 0 : 1;

// As the runtime writes money: invariant, no trailing zeros.
static ReadOnlySpan<char> Format(decimal value, Span<char> buffer)
{
    if (value == 0m) return "0";
    value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
    var s = buffer[..n];
    if (s.IndexOf('.') < 0) return s;
    var end = s.Length;
    while (s[end - 1] == '0') end--;
    if (s[end - 1] == '.') end--;
    return s[..end];
}
