namespace PolicyRules.Time;

/// <summary>
/// A working-day calendar's lookup tables as constant data: a rule package's generated code declares one such type for each
/// calendar it has, holding the tables its <see cref="WorkingCalendar"/> builds (by the same code, at compile time). A
/// generated module's fast evaluation calls the working-day operations generic over the type
/// (<see cref="Rules.RuleOps.WorkingDaysAfter{TTables}"/>), which the JIT compiles with the tables' addresses and lengths
/// as constants: no calendar object to load on every record.
/// </summary>
public interface IWorkingDayTables
{
    /// <summary>The day number (<see cref="DateOnly.DayNumber"/>) of the first day covered.</summary>
    static abstract int FirstDayNumber { get; }
    /// <summary>[i] = whether the i-th day covered is a working day.</summary>
    static abstract ReadOnlySpan<bool> Working { get; }
    /// <summary>[i] = the number of working days before the i-th day covered; one entry more than the days covered.</summary>
    static abstract ReadOnlySpan<int> WorkingBefore { get; }
    /// <summary>[k] = the offset of the k-th (0-based) working day.</summary>
    static abstract ReadOnlySpan<int> WorkingIndex { get; }
    /// <summary>[i] = the offset of the first working day at or after the i-th day covered, or -1.</summary>
    static abstract ReadOnlySpan<int> NextWorking { get; }
}

/// <summary>The total working-day lookups over a calendar's tables, read from a <see cref="WorkingCalendar"/>'s arrays or
/// from an <see cref="IWorkingDayTables"/> type's constant data: one implementation for both.</summary>
internal static class WorkingDayLookup
{
    private const System.Runtime.CompilerServices.MethodImplOptions Inline = System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining;

    /// <summary><see cref="WorkingCalendar.WorkingDaysAfter"/>; where it would throw, sets <paramref name="failed"/> and answers the default.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Inline)]
    public static DateOnly WorkingDaysAfterOrFail(int firstDayNumber, ReadOnlySpan<int> before, ReadOnlySpan<int> index, DateOnly start, int n, ref bool failed)
    {
        // As WorkingCalendar.WorkingDaysAfter (its notes on the offsets), with the failures as the flag.
        int first = start.DayNumber + 1 - firstDayNumber;
        if (n >= 1 && (uint)first < (uint)before.Length)
        {
            int k = before[first] + n - 1;
            if ((uint)k < (uint)index.Length) return Day(firstDayNumber + index[k]);
        }
        failed = true;
        return default;
    }

    /// <summary><see cref="WorkingCalendar.NextWorkingDay"/>; where it would throw, sets <paramref name="failed"/> and answers the default.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Inline)]
    public static DateOnly NextWorkingDayOrFail(int firstDayNumber, ReadOnlySpan<int> nextWorking, DateOnly d, ref bool failed)
    {
        int i = d.DayNumber - firstDayNumber;
        int next = (uint)i < (uint)nextWorking.Length ? nextWorking[i] : -1;
        if (next >= 0) return Day(firstDayNumber + next);
        failed = true;
        return default;
    }

    /// <summary><see cref="WorkingCalendar.IsWorkingDay"/>: false, and <paramref name="isWorking"/> false, when <paramref name="d"/> is not covered.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Inline)]
    public static bool TryIsWorkingDay(int firstDayNumber, ReadOnlySpan<bool> working, DateOnly d, out bool isWorking)
    {
        int i = d.DayNumber - firstDayNumber;
        if ((uint)i >= (uint)working.Length) { isWorking = false; return false; }
        isWorking = working[i];
        return true;
    }

    /// <summary>The day of a day number the calendar covers: a valid <see cref="DateOnly"/> by construction (every covered
    /// day is one), so without <see cref="DateOnly.FromDayNumber"/>'s range check.</summary>
    [System.Runtime.CompilerServices.MethodImpl(Inline)]
    public static DateOnly Day(int dayNumber) => System.Runtime.CompilerServices.Unsafe.BitCast<int, DateOnly>(dayNumber);
}
