using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Core;

namespace PolicyRules.Language.Model;

/// <summary>
/// The lookup tables of a working-day calendar over its covered days (offset 0 is the first covered day), built in one
/// place: the runtime's <c>WorkingCalendar</c> builds them when it is created, and the source generator builds the same
/// tables at compile time and writes them into the package's code as constant data.
/// </summary>
internal sealed class WorkingDayTables
{
    private WorkingDayTables(bool[] working, int[] workingBefore, int[] workingIndex, int[] nextWorking)
    {
        Working = working; WorkingBefore = workingBefore; WorkingIndex = workingIndex; NextWorking = nextWorking;
    }

    /// <summary>[i] = whether covered day i is a working day.</summary>
    public bool[] Working { get; }
    /// <summary>[i] = the number of working days before covered day i; one entry more than the days covered (the count of all).</summary>
    public int[] WorkingBefore { get; }
    /// <summary>[k] = the offset of the k-th (0-based) working day.</summary>
    public int[] WorkingIndex { get; }
    /// <summary>[i] = the offset of the first working day at or after day i, or -1 when none is covered.</summary>
    public int[] NextWorking { get; }

    /// <summary>
    /// The tables of <paramref name="length"/> days from day number <paramref name="firstDayNumber"/> (days since
    /// 0001-01-01): Monday–Friday, minus the days at <paramref name="holidayOffsets"/>, plus those at
    /// <paramref name="workdayOffsets"/> (a day in both is a holiday; callers refuse it before).
    /// </summary>
    public static WorkingDayTables Build(int firstDayNumber, int length, IEnumerable<int> holidayOffsets, IEnumerable<int> workdayOffsets)
    {
        var working = new bool[length];
        for (var i = 0; i < length; i++)
        {
            var dayOfWeek = new DateTime((firstDayNumber + i) * TimeSpan.TicksPerDay).DayOfWeek;
            working[i] = dayOfWeek != DayOfWeek.Saturday && dayOfWeek != DayOfWeek.Sunday;
        }
        foreach (var w in workdayOffsets) working[w] = true;
        foreach (var h in holidayOffsets) working[h] = false;

        var before = new int[length + 1];
        var count = 0;
        for (var i = 0; i < length; i++)
        {
            before[i] = count;
            if (working[i]) count++;
        }
        before[length] = count;

        var index = new int[count];
        for (int i = 0, k = 0; i < length; i++)
            if (working[i]) index[k++] = i;

        var next = new int[length];
        for (int i = length - 1, n = -1; i >= 0; i--)
        {
            if (working[i]) n = i;
            next[i] = n;
        }
        return new WorkingDayTables(working, before, index, next);
    }

    /// <summary>The tables of a calendar the package declares.</summary>
    public static WorkingDayTables Of(CalendarModel calendar)
    {
        var first = CoreInForce.DayNumber(calendar.CoversFrom);
        return Build(first, CoreInForce.DayNumber(calendar.CoversTo) - first + 1,
            calendar.Holidays.Select(d => CoreInForce.DayNumber(d) - first), calendar.Workdays.Select(d => CoreInForce.DayNumber(d) - first));
    }
}
