using System.Text;

namespace PolicyRules.Benchmarks;

/// <summary>
/// The end-to-end input: parcels as in samples/parcels.csv (<c>parcel_id,grade,area_m2</c>), seeded and
/// deterministic, with about <c>badPerThousand</c>‰ deliberately bad rows (grade 7, grade x, an empty or negative
/// area, a missing column), so the errors file and the reconciliation are part of what is measured.
/// </summary>
public static class ParcelsCsv
{
    public static void Write(string path, long rows, int badPerThousand = 10, int seed = 20170816)
    {
        var r = new Random(seed);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write("parcel_id,grade,area_m2\n");
        var sb = new StringBuilder(64);
        for (long i = 0; i < rows; i++)
        {
            var grade = r.Next(1, 6);
            var cents = r.NextInt64(1_000, 2_000_001);
            var id = "P" + (i + 1).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
            var area = $"{cents / 100}.{cents % 100:D2}";
            sb.Clear();
            if (r.Next(1000) < badPerThousand)
            {
                sb.Append((r.Next(5)) switch
                {
                    0 => $"{id},7,{area}",
                    1 => $"{id},x,{area}",
                    2 => $"{id},{grade},",
                    3 => $"{id},{grade},-{area}",
                    _ => $"{id},{grade}",
                });
            }
            else sb.Append(id).Append(',').Append(grade).Append(',').Append(area);
            sb.Append('\n');
            w.Write(sb);
        }
    }
}
