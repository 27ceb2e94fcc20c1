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

    /// <summary>The script that creates and fills the table (it drops an older copy first), its comments in <paramref name="language"/>.</summary>
    public static string Script(RulePackage package, SqlDialect dialect, Lang language = Lang.En)
    {
        var sb = new StringBuilder();
        void Comment(string indent, Msg line) => sb.Append("--").Append(indent).AppendLine(line.Render(language));
        Comment(" ", Msg.Of("sql.calendar_title", ("dialect", dialect.Name())));
        Comment(" ", Msg.Of("sql.calendar_working", ("column", "working")));
        Comment(" ", Msg.Of("sql.calendar_working_before", ("column", "working_before")));
        sb.AppendLine($"DROP TABLE IF EXISTS {Table};");
        sb.AppendLine($"CREATE TABLE {Table} (calendar {SqlTypes.Text(dialect)} NOT NULL, day DATE NOT NULL, working BOOLEAN NOT NULL, working_before INTEGER NOT NULL, PRIMARY KEY (calendar, day));");
        foreach (var model in package.Model.Calendars)
        {
            var calendar = package.Calendar(model);
            sb.AppendLine();
            Comment(" ", Msg.Of("sql.calendar_covers", ("calendar", model.Label is null ? model.Name : model.Name + " " + model.Label),
                ("from", calendar.CoversFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", calendar.CoversTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
            foreach (var c in model.Citations) Comment("   ", Msg.Of("sql.header_cites", ("citations", c.ToString())));
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
