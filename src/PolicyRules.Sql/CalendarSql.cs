using System.Globalization;
using System.Text;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Emit;
using PolicyRules.Time;

namespace PolicyRules.Sql;

/// <summary>
/// The working-day calendar table that emitted modules read: one row per covered day of every calendar declared in the
/// package, with its working-day status and the number of working days before it. A day the table does not hold has no
/// known status, so a rule that needs it answers <c>not_determinable</c>, as in the interpreter.
/// </summary>
public static class CalendarSql
{
    /// <summary>The table's name, which emitted statements read.</summary>
    public const string Table = "policyrules_calendar";

    /// <summary>The script that creates and fills the table (it drops an older copy first).</summary>
    public static string Script(RulePackage package, SqlDialect dialect)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"-- Working-day calendars of the rule package, for modules emitted by `policyrules sql` ({dialect.Name()}).");
        sb.AppendLine("-- working: Monday–Friday, minus the declared holidays, plus the declared workdays (调休上班).");
        sb.AppendLine("-- working_before: the number of working days of the same calendar before this day.");
        sb.AppendLine($"DROP TABLE IF EXISTS {Table};");
        sb.AppendLine($"CREATE TABLE {Table} (calendar {SqlTypes.Text(dialect)} NOT NULL, day DATE NOT NULL, working BOOLEAN NOT NULL, working_before INTEGER NOT NULL, PRIMARY KEY (calendar, day));");
        foreach (var model in package.Model.Calendars)
        {
            var calendar = package.Calendar(model);
            sb.AppendLine();
            sb.AppendLine($"-- {model.Name}{(model.Label is null ? "" : " " + model.Label)}: covers {calendar.CoversFrom:yyyy-MM-dd} to {calendar.CoversTo:yyyy-MM-dd}");
            foreach (var c in model.Citations) sb.AppendLine($"--   cites {c}");
            var before = 0;
            var rows = new List<string>();
            for (var d = calendar.CoversFrom; ; d = d.AddDays(1))
            {
                var working = calendar.IsWorkingDay(d);
                rows.Add($"({SqlTypes.Quote(model.Name)}, DATE '{d:yyyy-MM-dd}', {(working ? "TRUE" : "FALSE")}, {before})");
                if (working) before++;
                if (d == calendar.CoversTo) break;
            }
            foreach (var chunk in rows.Chunk(500))
                sb.AppendLine($"INSERT INTO {Table} (calendar, day, working, working_before) VALUES\n  {string.Join(",\n  ", chunk)};");
        }
        return sb.ToString();
    }

    /// <summary>The interpreter's text for a date a calendar does not cover (<see cref="CalendarCoverageException"/>),
    /// as a SQL expression over the SQL date <paramref name="day"/>, in <paramref name="lang"/>.</summary>
    internal static string NotCoveredMessage(CalendarModel calendar, string day, Lang lang) =>
        SqlMsg.Text(Msg.Of("eval.calendar_not_covered", ("calendar", calendar.Name), ("year", SqlMsg.Column($"CAST(EXTRACT(YEAR FROM {day}) AS {SqlTextCast})")),
            ("from", calendar.CoversFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", calendar.CoversTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), lang);

    private const string SqlTextCast = "VARCHAR";
}
