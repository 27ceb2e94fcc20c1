using System.Globalization;
using System.Text;
using System.Xml;
using PolicyRules.Files;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Scenarios;

namespace PolicyRules.Scenarios;

/// <summary>
/// Writes scenario results as JUnit XML: a test suite per scenario file, a test case per scenario or table row, each
/// with its <c>time</c> in seconds. The file is written whole or not at all (<see cref="AtomicFile"/>). Text that XML
/// cannot hold (control characters such as U+0001 or U+001B, U+FFFE, U+FFFF) is written as a visible <c>\uXXXX</c>.
/// Names and messages are in each case's language (<see cref="JUnitCase.Lang"/>); element and attribute names are JUnit's.
/// </summary>
internal static class JUnitReport
{
    private static readonly XmlWriterSettings Settings = new() { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };

    /// <summary>
    /// Writes <paramref name="results"/> to <paramref name="path"/> under <paramref name="suiteName"/>; <paramref name="times"/>
    /// is how long each result took, in the same order (none given writes 0).
    /// </summary>
    public static void Write(string path, IReadOnlyList<ScenarioResult> results, string suiteName, IReadOnlyList<TimeSpan>? times = null, Lang lang = Lang.En) =>
        Write(path, results.Select((r, k) => JUnitCase.Of(r, times is not null && k < times.Count ? times[k] : TimeSpan.Zero, lang)).ToList(), suiteName);

    /// <summary>Writes <paramref name="cases"/> (results in their short form, so that a long run need not keep its results) to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyList<JUnitCase> cases, string suiteName)
    {
        using var file = AtomicFile.Create(path);
        using (var w = XmlWriter.Create(file.Stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            Attribute(w, "name", suiteName);
            WriteCounts(w, cases);
            foreach (var group in cases.GroupBy(r => r.Scenario.File))
            {
                w.WriteStartElement("testsuite");
                Attribute(w, "name", group.Key);
                WriteCounts(w, group.ToList());
                foreach (var r in group)
                {
                    w.WriteStartElement("testcase");
                    Attribute(w, "classname", Path.GetFileNameWithoutExtension(group.Key));
                    Attribute(w, "name", r.Name);
                    Attribute(w, "file", r.Scenario.File);
                    Attribute(w, "line", r.Line.ToString(CultureInfo.InvariantCulture));
                    Attribute(w, "time", Seconds(r.Time));
                    switch (r.Outcome)
                    {
                        case ScenarioOutcome.Failed:
                            w.WriteStartElement("failure");
                            Attribute(w, "message", r.Message ?? Msg.Of("report.junit_failed").Render(r.Lang));
                            w.WriteString(XmlSafe(r.Report ?? ""));
                            w.WriteEndElement();
                            break;
                        case ScenarioOutcome.Skipped:
                            w.WriteStartElement("skipped");
                            Attribute(w, "message", r.Scenario.SkipReason ?? Msg.Of("report.junit_skipped").Render(r.Lang));
                            w.WriteEndElement();
                            break;
                    }
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        file.Commit();
    }

    /// <summary>
    /// The report when no scenario could run because the rule package has errors: one test case, in error, holding the
    /// diagnostics (already in <paramref name="lang"/>), so that CI shows why instead of finding no report at all.
    /// </summary>
    public static void WritePackageErrors(string path, string suiteName, IReadOnlyList<string> diagnostics, Lang lang = Lang.En)
    {
        using var file = AtomicFile.Create(path);
        using (var w = XmlWriter.Create(file.Stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            Attribute(w, "name", suiteName);
            w.WriteStartElement("testsuite");
            Attribute(w, "name", "rules");
            Attribute(w, "tests", "1");
            Attribute(w, "failures", "0");
            Attribute(w, "skipped", "0");
            Attribute(w, "errors", "1");
            Attribute(w, "time", "0");
            w.WriteStartElement("testcase");
            Attribute(w, "classname", "rules");
            Attribute(w, "name", Msg.Of("report.junit_package_case").Render(lang));
            Attribute(w, "time", "0");
            w.WriteStartElement("error");
            Attribute(w, "message", Msg.Of("report.junit_package_errors", ("count", diagnostics.Count)).Render(lang));
            w.WriteString(XmlSafe(string.Join("\n", diagnostics)));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        file.Commit();
    }

    private static void WriteCounts(XmlWriter w, IReadOnlyList<JUnitCase> cases)
    {
        Attribute(w, "tests", cases.Count.ToString(CultureInfo.InvariantCulture));
        Attribute(w, "failures", cases.Count(r => r.Outcome == ScenarioOutcome.Failed).ToString(CultureInfo.InvariantCulture));
        Attribute(w, "skipped", cases.Count(r => r.Outcome == ScenarioOutcome.Skipped).ToString(CultureInfo.InvariantCulture));
        Attribute(w, "errors", "0");
        Attribute(w, "time", Seconds(cases.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Time)));
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static void Attribute(XmlWriter w, string name, string value) => w.WriteAttributeString(name, XmlSafe(value));

    /// <summary>The text with every character XML 1.0 cannot hold written as <c>\uXXXX</c>.</summary>
    public static string XmlSafe(string text)
    {
        StringBuilder? b = null;
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            var ok = XmlConvert.IsXmlChar(c)
                || (char.IsHighSurrogate(c) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]));
            if (ok && char.IsHighSurrogate(c))
            {
                b?.Append(c).Append(text[k + 1]);
                k++;
                continue;
            }
            if (ok) { b?.Append(c); continue; }
            b ??= new StringBuilder(text, 0, k, text.Length + 16);
            b.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        return b?.ToString() ?? text;
    }
}

/// <summary>
/// One scenario result as the JUnit report needs it: where it is, its outcome and time, and for a failure its first
/// difference and its report, in the case's language. Small (the scenario is shared by its table's rows), so a run
/// of a million rows can keep them.
/// </summary>
internal sealed class JUnitCase
{
    private JUnitCase(ScenarioModel scenario, int? row, int line, ScenarioOutcome outcome, TimeSpan time, string? message, string? report, Lang lang)
    {
        Scenario = scenario; Row = row; Line = line; Outcome = outcome; Time = time; Message = message; Report = report; Lang = lang;
    }

    /// <summary>The case as the report shows it, its name and failure in <paramref name="lang"/>.</summary>
    public static JUnitCase Of(ScenarioResult result, TimeSpan time, Lang lang = Lang.En) =>
        new(result.Case.Scenario, result.Case.Row, result.Case.Span.Line, result.Outcome, time,
            result.Outcome == ScenarioOutcome.Failed ? result.FailuresIn(lang).FirstOrDefault() ?? Msg.Of("report.junit_failed").Render(lang) : null,
            result.Outcome == ScenarioOutcome.Failed ? result.Report(lang: lang) : null,
            lang);

    public ScenarioModel Scenario { get; }
    public int? Row { get; }
    /// <summary><c>name</c>, or <c>name [row 2]</c> (<c>name [第2行]</c>) for a table row; made when written, not kept per row.</summary>
    public string Name => (Row is { } row
        ? Msg.Of("report.row_name", ("name", Scenario.NameIn(Lang)), ("row", row))
        : Msg.Of("report.name", ("name", Scenario.NameIn(Lang)))).Render(Lang);
    public int Line { get; }
    public ScenarioOutcome Outcome { get; }
    public TimeSpan Time { get; }
    /// <summary>The failure's first line; null unless failed.</summary>
    public string? Message { get; }
    /// <summary>The failure's report (<see cref="ScenarioResult.Report"/>); null unless failed.</summary>
    public string? Report { get; }
    /// <summary>The language of <see cref="Name"/>, <see cref="Message"/> and <see cref="Report"/>.</summary>
    public Lang Lang { get; }
}
