// Writes samples/parcels.csv: a deterministic sample population of parcels for bulk runs of the
// land-use-tax module (input grade: int 1–5, area_m2: decimal ≥ 0).
//
// Run from the repository root:   dotnet run samples/generate-samples.cs
// (an optional argument overrides the output path).
//
// 5000 data rows after the header `parcel_id,grade,area_m2`; ids P00001..P05000 in order.
// Good rows: grade 1–5, area_m2 between 10.00 and 20000.00 with exactly 2 decimal places.
// Exactly 50 rows (1 %) are deliberately bad, to demonstrate per-row error handling. The kinds
// cycle in this order over the bad rows, sorted by position:
//   1. grade 7            - an int, but fails `requires grade >= 1 and grade <= 5`
//   2. grade 0            - likewise, below the range
//   3. grade x            - not an int
//   4. area_m2 empty      - a missing value
//   5. area_m2 negative   - a decimal, but fails `requires area_m2 >= 0`
//   6. area_m2 12.5.3     - not a decimal
//   7. only two fields    - `parcel_id,grade`, the area column is missing altogether
// The program prints the line number (header = line 1) and kind of every bad row.
// Same seed, same file, byte for byte: System.Random(int) is a fixed algorithm, and nothing here
// depends on culture, time or platform (LF line endings, UTF-8 without BOM).

using System.Runtime.CompilerServices;
using System.Text;

const int Seed = 20170816;   // the date of 邯政办字〔2017〕107号, for want of a better number
const int Rows = 5000;
const int BadRows = 50;

string output = args.Length > 0 ? args[0] : Path.Combine(ScriptDirectory(), "parcels.csv");

var rng = new Random(Seed);
var bad = new SortedSet<int>();
while (bad.Count < BadRows) bad.Add(rng.Next(Rows));

var kinds = new[] { "grade 7", "grade 0", "grade x", "empty area", "negative area", "area 12.5.3", "missing column" };
var sb = new StringBuilder();
sb.Append("parcel_id,grade,area_m2\n");
int badIndex = 0;
for (int i = 0; i < Rows; i++)
{
    // Always draw both values so that the good rows do not depend on which rows are bad.
    int grade = rng.Next(1, 6);
    long cents = rng.NextInt64(1_000, 2_000_001); // 10.00 .. 20000.00
    string id = $"P{i + 1:D5}";
    string area = Cents(cents);

    if (bad.Contains(i))
    {
        string kind = kinds[badIndex++ % kinds.Length];
        string row = kind switch
        {
            "grade 7" => $"{id},7,{area}",
            "grade 0" => $"{id},0,{area}",
            "grade x" => $"{id},x,{area}",
            "empty area" => $"{id},{grade},",
            "negative area" => $"{id},{grade},-{area}",
            "area 12.5.3" => $"{id},{grade},12.5.3",
            "missing column" => $"{id},{grade}",
            _ => throw new InvalidOperationException(kind),
        };
        sb.Append(row).Append('\n');
        Console.WriteLine($"line {i + 2}: {kind}: {row}");
    }
    else
    {
        sb.Append(id).Append(',').Append(grade).Append(',').Append(area).Append('\n');
    }
}

File.WriteAllText(output, sb.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
Console.WriteLine($"wrote {output}: {Rows} rows ({Rows - BadRows} good, {BadRows} bad), seed {Seed}");

static string Cents(long cents) => $"{cents / 100}.{cents % 100:D2}";

static string ScriptDirectory([CallerFilePath] string path = "") =>
    AppContext.GetData("EntryPointFileDirectoryPath") as string
    ?? Path.GetDirectoryName(path)
    ?? Directory.GetCurrentDirectory();
