namespace PolicyRules.Time;

/// <summary>
/// A computation needed the working-day status of a date that a <see cref="WorkingCalendar"/> has no
/// data for. The runtime never guesses (never falls back to Monday–Friday): the State Council fixes
/// the days off each year, so a year without its notice has no known working days.
/// </summary>
public sealed class CalendarCoverageException : Exception
{
    /// <summary>The calendar's name (e.g. <c>cn_workdays</c>).</summary>
    public string CalendarName { get; }

    /// <summary>The first date the computation needed and the calendar does not cover.</summary>
    public DateOnly Date { get; }

    /// <summary>The missing year (<see cref="Date"/>'s year).</summary>
    public int Year => Date.Year;

    /// <summary>The first day the calendar covers.</summary>
    public DateOnly CoversFrom { get; }

    /// <summary>The last day the calendar covers.</summary>
    public DateOnly CoversTo { get; }

    /// <summary>The day <paramref name="date"/> is outside the data of the calendar <paramref name="calendarName"/>, which covers <paramref name="coversFrom"/> to <paramref name="coversTo"/>.</summary>
    public CalendarCoverageException(string calendarName, DateOnly date, DateOnly coversFrom, DateOnly coversTo)
        : base($"calendar {calendarName} has no working-day data for {date.Year} " +
               $"(it covers {coversFrom:yyyy-MM-dd} to {coversTo:yyyy-MM-dd})")
    {
        CalendarName = calendarName;
        Date = date;
        CoversFrom = coversFrom;
        CoversTo = coversTo;
    }
}
