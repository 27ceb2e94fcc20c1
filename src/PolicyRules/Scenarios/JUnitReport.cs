using System.Globalization;
using System.Xml;

namespace PolicyRules.Scenarios;

/// <summary>Writes scenario results as JUnit XML: a test suite per scenario file, a test case per scenario or table row.</summary>
public static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<ScenarioResult> results, string suiteName)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(path, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", suiteName);
        WriteCounts(w, results);
        foreach (var file in results.GroupBy(r => r.Case.Span.File))
        {
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", file.Key);
            WriteCounts(w, file.ToList());
            foreach (var r in file)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", Path.GetFileNameWithoutExtension(file.Key));
                w.WriteAttributeString("name", r.Case.DisplayName);
                w.WriteAttributeString("file", r.Case.Span.File);
                w.WriteAttributeString("line", r.Case.Span.Line.ToString(CultureInfo.InvariantCulture));
                switch (r.Outcome)
                {
                    case ScenarioOutcome.Failed:
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", r.Failures.FirstOrDefault() ?? "failed");
                        w.WriteString(r.Report());
                        w.WriteEndElement();
                        break;
                    case ScenarioOutcome.Skipped:
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", r.Case.Scenario.SkipReason ?? "skipped");
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

    private static void WriteCounts(XmlWriter w, IReadOnlyList<ScenarioResult> results)
    {
        w.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", results.Count(r => r.Outcome == ScenarioOutcome.Failed).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", results.Count(r => r.Outcome == ScenarioOutcome.Skipped).ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", "0");
    }
}
