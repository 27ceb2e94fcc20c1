namespace PolicyRules.Bulk;

/// <summary>How a chunk of rows is split for the worker threads: one slice when single-threaded, else up to four per
/// thread of at least 512 rows each. Shared by <c>run</c>'s bulk CSV pass and <c>diff</c>'s impact report.</summary>
internal static class RowSlices
{
    /// <summary>The number of slices for <paramref name="rows"/> rows on <paramref name="threads"/> threads.</summary>
    public static int Count(int rows, int threads) => threads == 1 ? 1 : Math.Clamp(rows / 512, 1, threads * 4);

    /// <summary>The rows of slice <paramref name="k"/> of <paramref name="slices"/>: [Start, End).</summary>
    public static (int Start, int End) Range(int rows, int slices, int k)
    {
        var size = (rows + slices - 1) / slices;
        return (Math.Min(rows, k * size), Math.Min(rows, (k + 1) * size));
    }

    /// <summary><paramref name="slices"/>, grown to hold at least <paramref name="count"/> (the existing ones kept, new ones
    /// made by <paramref name="create"/>).</summary>
    public static T[] Grow<T>(T[] slices, int count, Func<T> create)
    {
        if (slices.Length >= count) return slices;
        var grown = new T[count];
        slices.CopyTo(grown, 0);
        for (var k = slices.Length; k < count; k++) grown[k] = create();
        return grown;
    }
}
