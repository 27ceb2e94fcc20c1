using PolicyRules.Language.Model;

namespace PolicyRules.Time;

/// <summary>
/// A working-day calendar over a fixed range of dates: Monday–Friday, minus the <c>holiday</c> days,
/// plus the <c>workday</c> days (调休上班), as fixed each year by the State Council's holiday notice.
/// The data comes from a rule package, never from code.
/// </summary>
/// <remarks>
/// Any computation that needs the status of a date outside <see cref="CoversFrom"/>..<see cref="CoversTo"/>
/// throws <see cref="CalendarCoverageException"/> naming the missing year; it never falls back to
/// Monday–Friday. Every query is O(1) over precomputed arrays and allocates nothing, so the calendar
/// is safe to share between threads and cheap to call on every row of a bulk run.
/// </remarks>
public class WorkingCalendar
{
    private readonly int _firstDayNumber;     // CoversFrom.DayNumber
    private readonly bool[] _working;         // [i] = is CoversFrom + i a working day
    private readonly int[] _workingBefore;    // [i] = number of working days in [CoversFrom, CoversFrom + i)
    private readonly int[] _workingIndex;     // [k] = offset of the k-th (0-based) working day
    private readonly int[] _nextWorking;      // [i] = offset of the first working day >= i, or -1

    /// <summary>The calendar's name as the rules know it (e.g. <c>cn_workdays</c>).</summary>
    public string Name { get; }

    /// <summary>The first day with known working-day status.</summary>
    public DateOnly CoversFrom { get; }

    /// <summary>The last day with known working-day status (inclusive).</summary>
    public DateOnly CoversTo { get; }

    /// <param name="name">The calendar's name.</param>
    /// <param name="coversFrom">The first day covered.</param>
    /// <param name="coversTo">The last day covered (inclusive).</param>
    /// <param name="holidays">Days off (any weekday). Repeats are allowed.</param>
    /// <param name="workdays">Days that are working days although they fall on a weekend (调休上班).
    /// Repeats are allowed; a weekday listed here is simply a working day.</param>
    /// <exception cref="ArgumentException">An empty name, <paramref name="coversTo"/> before
    /// <paramref name="coversFrom"/>, a day outside the covered range, or a day that is both a holiday and a workday.</exception>
    public WorkingCalendar(string name, DateOnly coversFrom, DateOnly coversTo,
        IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workdays)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(holidays);
        ArgumentNullException.ThrowIfNull(workdays);
        if (coversTo < coversFrom)
            throw new ArgumentException(
                $"calendar {name}: covers {coversFrom:yyyy-MM-dd} to {coversTo:yyyy-MM-dd} ends before it starts",
                nameof(coversTo));

        Name = name;
        CoversFrom = coversFrom;
        CoversTo = coversTo;
        _firstDayNumber = coversFrom.DayNumber;
        int length = coversTo.DayNumber - _firstDayNumber + 1;

        var holidayOffsets = new List<int>();
        var isHoliday = new bool[length];
        foreach (var h in holidays)
        {
            var i = Offset(h, nameof(holidays), "holiday");
            isHoliday[i] = true;
            holidayOffsets.Add(i);
        }
        var workdayOffsets = new List<int>();
        foreach (var w in workdays)
        {
            int i = Offset(w, nameof(workdays), "workday");
            if (isHoliday[i])
                throw new ArgumentException(
                    $"calendar {name}: {w:yyyy-MM-dd} is listed both as a holiday and as a workday", nameof(workdays));
            workdayOffsets.Add(i);
        }

        var tables = WorkingDayTables.Build(_firstDayNumber, length, holidayOffsets, workdayOffsets);
        _working = tables.Working;
        _workingBefore = tables.WorkingBefore;
        _workingIndex = tables.WorkingIndex;
        _nextWorking = tables.NextWorking;
    }

    /// <summary>
    /// The same calendar (its data is shared, not copied): for a type that adds to it, such as a rule package's calendar
    /// with the notices it cites (<see cref="Rules.RuleCalendar"/>), so that code reading the data reaches it without a
    /// second object in between.
    /// </summary>
    protected WorkingCalendar(WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Name = calendar.Name;
        CoversFrom = calendar.CoversFrom;
        CoversTo = calendar.CoversTo;
        _firstDayNumber = calendar._firstDayNumber;
        _working = calendar._working;
        _workingBefore = calendar._workingBefore;
        _workingIndex = calendar._workingIndex;
        _nextWorking = calendar._nextWorking;
    }

    private int Offset(DateOnly d, string paramName, string kind)
    {
        if (d < CoversFrom || d > CoversTo)
            throw new ArgumentException(
                $"calendar {Name}: {kind} {d:yyyy-MM-dd} is outside the covered range {CoversFrom:yyyy-MM-dd} to {CoversTo:yyyy-MM-dd}",
                paramName);
        return d.DayNumber - _firstDayNumber;
    }

    /// <summary>Whether <paramref name="d"/> is a working day: Monday–Friday, minus holidays, plus workdays.</summary>
    /// <exception cref="CalendarCoverageException">When <paramref name="d"/> is outside the covered range.</exception>
    public bool IsWorkingDay(DateOnly d)
    {
        int i = d.DayNumber - _firstDayNumber;
        if ((uint)i >= (uint)_working.Length) throw NotCovered(d);
        return _working[i];
    }

    /// <summary>
    /// The <paramref name="n"/>-th working day after <paramref name="start"/>; <paramref name="start"/> itself
    /// is not counted (民法典 第201条: "开始的当日不计入，自下一日开始计算"). "N个工作日" in the gazette.
    /// </summary>
    /// <remarks>
    /// <paramref name="start"/> itself need not be covered (its status is never needed); every day after it
    /// up to the result must be.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="n"/> is less than 1.</exception>
    /// <exception cref="CalendarCoverageException">When counting needs a day outside the covered range;
    /// the exception names the first such day.</exception>
    // Inlined into the compiled bulk kernels (behind RuleOps.WorkingDaysAfter): the deadline workload is little more than this call.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public DateOnly WorkingDaysAfter(DateOnly start, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "the number of working days must be at least 1");

        // Offset of the first day counted (the day after start): day numbers are below 2^22, so no overflow. The day after
        // CoversTo has an entry in _workingBefore (the count of all working days), so it fails below as "beyond the data".
        int first = start.DayNumber + 1 - _firstDayNumber;
        var before = _workingBefore;
        if ((uint)first >= (uint)before.Length) throw NotCovered(start == DateOnly.MaxValue ? start : start.AddDays(1));

        // Index of the wanted working day among all covered ones; for n near int.MaxValue the sum wraps to a negative
        // int, which the unsigned test below takes for "beyond the data" as it should.
        int k = before[first] + n - 1;
        var index = _workingIndex;
        if ((uint)k >= (uint)index.Length) throw NotCovered(FirstUncoveredAfter());
        return WorkingDayLookup.Day(_firstDayNumber + index[k]);
    }

    /// <summary>
    /// <paramref name="d"/> if it is a working day, else the first working day after it
    /// (民法典 第203条: a period whose last day is a statutory holiday ends on the first day after the holiday).
    /// </summary>
    /// <exception cref="CalendarCoverageException">When <paramref name="d"/>, or a day needed after it,
    /// is outside the covered range.</exception>
    public DateOnly NextWorkingDay(DateOnly d)
    {
        int i = d.DayNumber - _firstDayNumber;
        if ((uint)i >= (uint)_working.Length) throw NotCovered(d);
        int next = _nextWorking[i];
        if (next < 0) throw NotCovered(FirstUncoveredAfter());
        return WorkingDayLookup.Day(_firstDayNumber + next);
    }

    /// <summary>
    /// <see cref="WorkingDaysAfter"/> without exceptions, for code that must not throw (a generated module's fast
    /// evaluation): false, and <paramref name="result"/> the default, when <paramref name="n"/> is less than 1 or counting
    /// needs a day outside the covered range; otherwise true and the same day.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryWorkingDaysAfter(DateOnly start, int n, out DateOnly result)
    {
        var failed = false;
        result = WorkingDayLookup.WorkingDaysAfterOrFail(_firstDayNumber, _workingBefore, _workingIndex, start, n, ref failed);
        return !failed;
    }

    /// <summary><see cref="NextWorkingDay"/> without exceptions: false, and <paramref name="result"/> the default, where it would throw.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryNextWorkingDay(DateOnly d, out DateOnly result)
    {
        var failed = false;
        result = WorkingDayLookup.NextWorkingDayOrFail(_firstDayNumber, _nextWorking, d, ref failed);
        return !failed;
    }

    /// <summary><see cref="IsWorkingDay"/> without exceptions: false, and <paramref name="working"/> false, when <paramref name="d"/> is not covered.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool TryIsWorkingDay(DateOnly d, out bool working) => WorkingDayLookup.TryIsWorkingDay(_firstDayNumber, _working, d, out working);

    /// <summary>The day after <see cref="CoversTo"/> (or <see cref="CoversTo"/> itself at <see cref="DateOnly.MaxValue"/>).</summary>
    private DateOnly FirstUncoveredAfter() =>
        CoversTo == DateOnly.MaxValue ? CoversTo : CoversTo.AddDays(1);

    private CalendarCoverageException NotCovered(DateOnly d) => new(Name, d, CoversFrom, CoversTo);

    /// <summary>The calendar's name and the days it covers.</summary>
    public override string ToString() => $"{Name} ({CoversFrom:yyyy-MM-dd} to {CoversTo:yyyy-MM-dd})";
}
