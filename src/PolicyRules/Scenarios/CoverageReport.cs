using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using PolicyRules.Language.Messages;

namespace PolicyRules.Scenarios;

/// <summary>
/// Scenario coverage for CI dashboards: <c>text</c> (<see cref="ScenarioCoverage.Report"/>), <c>json</c>, or
/// <c>cobertura</c> (the XML that GitLab, Azure DevOps and ReportGenerator read: a class per module, a line per
/// definition or rule, branches as Cobertura conditions).
/// </summary>
internal static class CoverageReport
{
    public static readonly IReadOnlyList<string> Formats = ["text", "json", "cobertura"];

    /// <summary>The report in <paramref name="format"/>; the text report is in <paramref name="lang"/>, json and cobertura are for machines.</summary>
    public static string Write(ScenarioCoverage coverage, string format, string packageDirectory, Lang lang = Lang.En) => format switch
    {
        "text" => coverage.Report(lang),
        "json" => Json(coverage),
        "cobertura" => Cobertura(coverage, packageDirectory),
        _ => throw new ArgumentException($"unknown coverage format '{format}'; use one of {string.Join(", ", Formats)}", nameof(format)),
    };

    /// <summary>
    /// <c>{"percent":…,"covered":…,"total":…,"modules":[{"module":…,"percent":…,"covered":…,"total":…,
    /// "missed":[{"item":…,"file":…,"line":…}]}],"reforms":[{"reform":…,"runs":…,"reached_only_under_it":…}]}</c>; runs of
    /// scenarios under a reform count towards the package's items, and <c>reforms</c> says how many there were.
    /// </summary>
    public static string Json(ScenarioCoverage coverage)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("percent", coverage.Percent);
            w.WriteNumber("covered", coverage.Covered);
            w.WriteNumber("total", coverage.Total);
            w.WriteStartArray("modules");
            foreach (var (module, total, covered, missed) in coverage.Modules)
            {
                w.WriteStartObject();
                w.WriteString("module", module.Name);
                w.WriteNumber("percent", Percent(covered, total));
                w.WriteNumber("covered", covered);
                w.WriteNumber("total", total);
                w.WriteStartArray("missed");
                foreach (var item in missed)
                {
                    w.WriteStartObject();
                    w.WriteString("item", item.Description);
                    w.WriteString("file", item.Span.File);
                    w.WriteNumber("line", item.Span.Line);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("reforms");
            foreach (var (reform, runs, only) in coverage.Reforms)
            {
                w.WriteStartObject();
                w.WriteString("reform", reform);
                w.WriteNumber("runs", runs);
                w.WriteNumber("reached_only_under_it", only);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// Cobertura XML. A module is a class (its file relative to the package folder); each line holding a definition,
    /// rule or branch is a line, hit when a scenario reached anything on it; <c>if</c>/<c>match</c> branches on a line
    /// are its conditions (<c>condition-coverage="50% (1/2)"</c>).
    /// </summary>
    public static string Cobertura(ScenarioCoverage coverage, string packageDirectory)
    {
        var root = Path.GetFullPath(packageDirectory);
        var classes = coverage.Modules.Select(m =>
        {
            var lines = coverage.Items(m.Module)
                .GroupBy(x => x.Item.Span.Line)
                .OrderBy(g => g.Key)
                .Select(g => new Line(g.Key, g.Count(x => x.Reached), g.Count(x => x.Item.IsBranch), g.Count(x => x.Item.IsBranch && x.Reached)))
                .ToList();
            var file = Path.GetRelativePath(root, Path.GetFullPath(m.Module.Span.File)).Replace('\\', '/');
            return (m.Module.Name, File: file, Lines: lines);
        }).ToList();
        var allLines = classes.SelectMany(c => c.Lines).ToList();

        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using (var w = XmlWriter.Create(new StringWriter(sb, CultureInfo.InvariantCulture), settings))
        {
            w.WriteStartDocument();
            w.WriteDocType("coverage", null, "http://cobertura.sourceforge.net/xml/coverage-04.dtd", null);
            w.WriteStartElement("coverage");
            Rates(w, allLines);
            Attr(w, "lines-covered", allLines.Count(l => l.Hits > 0));
            Attr(w, "lines-valid", allLines.Count);
            Attr(w, "branches-covered", allLines.Sum(l => l.BranchesCovered));
            Attr(w, "branches-valid", allLines.Sum(l => l.Branches));
            w.WriteAttributeString("complexity", "0");
            w.WriteAttributeString("version", "0");
            Attr(w, "timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteStartElement("sources");
            w.WriteElementString("source", root);
            w.WriteEndElement();
            w.WriteStartElement("packages");
            w.WriteStartElement("package");
            w.WriteAttributeString("name", Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)));
            Rates(w, allLines);
            w.WriteAttributeString("complexity", "0");
            w.WriteStartElement("classes");
            foreach (var (name, file, lines) in classes)
            {
                w.WriteStartElement("class");
                w.WriteAttributeString("name", name);
                w.WriteAttributeString("filename", file);
                Rates(w, lines);
                w.WriteAttributeString("complexity", "0");
                w.WriteStartElement("methods");
                w.WriteEndElement();
                w.WriteStartElement("lines");
                foreach (var line in lines)
                {
                    w.WriteStartElement("line");
                    Attr(w, "number", line.Number);
                    Attr(w, "hits", line.Hits);
                    w.WriteAttributeString("branch", line.Branches > 0 ? "true" : "false");
                    if (line.Branches > 0)
                        w.WriteAttributeString("condition-coverage",
                            $"{Percent(line.BranchesCovered, line.Branches).ToString("0.#", CultureInfo.InvariantCulture)}% ({line.BranchesCovered.ToString(CultureInfo.InvariantCulture)}/{line.Branches.ToString(CultureInfo.InvariantCulture)})");
                    w.WriteEndElement();
                }
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return sb.Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"").Append('\n').ToString();
    }

    private sealed record Line(int Number, int Hits, int Branches, int BranchesCovered);

    private static void Rates(XmlWriter w, IReadOnlyCollection<Line> lines)
    {
        w.WriteAttributeString("line-rate", Rate(lines.Count(l => l.Hits > 0), lines.Count));
        w.WriteAttributeString("branch-rate", Rate(lines.Sum(l => l.BranchesCovered), lines.Sum(l => l.Branches)));
    }

    private static string Rate(int covered, int total) =>
        (total == 0 ? 1m : Math.Round((decimal)covered / total, 4)).ToString("0.####", CultureInfo.InvariantCulture);

    private static decimal Percent(int covered, int total) => total == 0 ? 100m : Math.Round(100m * covered / total, 1);

    private static void Attr(XmlWriter w, string name, long value) => w.WriteAttributeString(name, value.ToString(CultureInfo.InvariantCulture));
}
