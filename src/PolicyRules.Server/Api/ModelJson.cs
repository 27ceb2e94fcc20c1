using System.Text.Json;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Language.Scenarios;

namespace PolicyRules.Server.Api;

/// <summary>The package's model as the API describes it: modules with their inputs and outputs, and the document registry.</summary>
internal static class ModelJson
{
    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The unit a value of this type is written in: money in yuan, rates as fractions shown in %.</summary>
    public static string? Unit(RuleType type) => type.Kind switch
    {
        TypeKind.Money => "元",
        TypeKind.Rate => "%",
        _ => null,
    };

    public static void ModuleSummary(Utf8JsonWriter w, ModuleModel m)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Name);
        if (m.Label is not null) w.WriteString("label", m.Label);
        Documents(w, m.Documents);
        InForce(w, m);
        w.WriteEndObject();
    }

    private static void Documents(Utf8JsonWriter w, IEnumerable<DocumentModel> documents)
    {
        w.WriteStartArray("documents");
        foreach (var d in documents)
        {
            w.WriteStartObject();
            w.WriteString("alias", d.Alias);
            w.WriteString("number", d.Number);
            if (d.Title is not null) w.WriteString("title", d.Title);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void InForce(Utf8JsonWriter w, ModuleModel m)
    {
        w.WriteStartObject("in_force");
        w.WriteBoolean("always", m.AlwaysInForce);
        w.WriteString("from", Day(m.InForceFrom));
        if (m.InForceTo is { } to) w.WriteString("to", Day(to)); else w.WriteNull("to");
        w.WriteEndObject();
    }

    /// <summary>A module's page; the texts of its scenarios (the lines outside any scenario, a draft's mark in a
    /// citation) in the request's language <paramref name="lang"/>.</summary>
    public static void ModuleDetail(Utf8JsonWriter w, ModuleModel m, PackageModel package, ScenarioCompilation scenarios, Func<string, bool> reformFailed, string directory, Lang lang)
    {
        w.WriteStartObject();
        w.WriteString("id", m.Name);
        if (m.Label is not null) w.WriteString("label", m.Label);
        if (m.Note is not null) w.WriteString("note", m.Note);
        Documents(w, m.Documents);
        InForce(w, m);

        w.WriteStartArray("inputs");
        foreach (var i in m.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("name", i.Name);
            if (i.Label is not null) w.WriteString("label", i.Label);
            Type(w, i.Type);
            if (i.RequiresText is not null) w.WriteString("requires", i.RequiresText);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("outputs");
        foreach (var d in m.Outputs) Definition(w, d);
        w.WriteEndArray();
        w.WriteStartArray("definitions");
        foreach (var d in m.Definitions.Where(d => !d.IsOutput)) Definition(w, d);
        w.WriteEndArray();

        var (enums, records) = TypesUsed(m.Inputs.Select(i => i.Type).Concat(m.Definitions.Select(d => d.Type)), package);
        w.WriteStartObject("enums");
        foreach (var e in enums)
        {
            w.WriteStartObject(e.Name);
            if (e.Label is not null) w.WriteString("label", e.Label);
            w.WriteStartArray("members");
            foreach (var member in e.Members)
            {
                w.WriteStartObject();
                w.WriteString("name", member.Name);
                if (member.Label is not null) w.WriteString("label", member.Label);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("records");
        foreach (var r in records)
        {
            w.WriteStartObject(r.Name);
            if (r.Label is not null) w.WriteString("label", r.Label);
            w.WriteStartArray("fields");
            foreach (var f in r.Fields)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                if (f.Label is not null) w.WriteString("label", f.Label);
                Type(w, f.Type);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();

        w.WriteStartArray("scenarios");
        // By name: a scenario under a reform is bound against the reformed package, whose module is another object.
        foreach (var s in scenarios.Files.SelectMany(f => f.Scenarios).Where(s => s.Module?.Name == m.Name))
        {
            w.WriteStartObject();
            w.WriteString("name", s.NameIn(lang));
            w.WriteString("location", Hosting.PackagePaths.Location(directory, s.Span));
            if (s.Reform is { } reform)
            {
                w.WriteString("reform", reform);
                // Why is in GET /api/status (reform_errors); the scenario was checked against the package without it.
                if (reformFailed(reform)) w.WriteBoolean("reform_failed", true);
            }
            if (s.At is { } at) w.WriteString("at", Day(at));
            w.WriteStartArray("cites");
            foreach (var c in s.Citations) w.WriteStringValue(c.Text(lang));
            w.WriteEndArray();
            w.WriteNumber("cases", s.CaseCount);
            w.WriteStartArray("tags");
            foreach (var t in s.Tags) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WritePropertyName("input_schema");
        InputSchema.Write(w, m, package, enums, records);
        w.WriteEndObject();
    }

    public static void Type(Utf8JsonWriter w, RuleType type)
    {
        w.WriteString("type", type.ToString());
        w.WriteString("description", TypeWords.Describe(type.AsRequired()));
        w.WriteBoolean("optional", type.Optional);
        if (Unit(type) is { } unit) w.WriteString("unit", unit);
    }

    private static void Definition(Utf8JsonWriter w, DefinitionModel d)
    {
        w.WriteStartObject();
        w.WriteString("name", d.Name);
        if (d.Label is not null) w.WriteString("label", d.Label);
        Type(w, d.Type);
        Citations(w, d.Citations);
        if (d.Note is not null) w.WriteString("note", d.Note);
        if (d.Rules.Count > 0)
        {
            w.WriteStartArray("rules");
            foreach (var r in d.Rules)
            {
                w.WriteStartObject();
                w.WriteString("label", r.Label);
                if (r.ExceptionOf is not null) w.WriteString("exception_of", r.ExceptionOf.Label);
                Citations(w, r.Citations);
                if (r.Note is not null) w.WriteString("note", r.Note);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public static void Citations(Utf8JsonWriter w, IEnumerable<CitationModel> citations)
    {
        w.WriteStartArray("citations");
        foreach (var c in citations)
        {
            w.WriteStartObject();
            w.WriteString("document", c.Document.Number);
            w.WriteString("alias", c.Document.Alias);
            if (c.Section is not null) w.WriteString("section", c.Section);
            if (c.Quote is not null) w.WriteString("quote", c.Quote);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The enums and records that <paramref name="types"/> use, directly or through record fields and lists.</summary>
    public static (List<EnumModel> Enums, List<RecordModel> Records) TypesUsed(IEnumerable<RuleType> types, PackageModel package)
    {
        var enums = new List<EnumModel>();
        var records = new List<RecordModel>();
        void Visit(RuleType t)
        {
            switch (t.Kind)
            {
                case TypeKind.List: Visit(t.Element!); break;
                case TypeKind.Enum when package.FindEnum(t.Name!) is { } e && !enums.Contains(e): enums.Add(e); break;
                case TypeKind.Record when package.FindRecord(t.Name!) is { } r && !records.Contains(r):
                    records.Add(r);
                    foreach (var f in r.Fields) Visit(f.Type);
                    break;
            }
        }
        foreach (var t in types) Visit(t);
        return (enums, records);
    }

    /// <summary>
    /// The registry: every document with its sections and quoted text, its period and repeals, and for each section
    /// the modules, definitions and rules that cite it. <c>cited</c> is false for a section that no citation reaches:
    /// not the section itself, not a section it is part of, not a part of it.
    /// </summary>
    public static void Documents(Utf8JsonWriter w, PackageModel package)
    {
        var citers = new Dictionary<(DocumentModel, string?), List<(ModuleModel Module, DefinitionModel? Definition, RuleModel? Rule)>>();
        void Add(CitationModel c, ModuleModel m, DefinitionModel? d, RuleModel? r)
        {
            if (!citers.TryGetValue((c.Document, c.Section), out var list)) citers[(c.Document, c.Section)] = list = [];
            if (!list.Contains((m, d, r))) list.Add((m, d, r));
        }
        foreach (var m in package.Modules)
        {
            foreach (var c in m.ModuleCitations) Add(c, m, null, null);
            foreach (var d in m.Definitions)
            {
                foreach (var c in d.Citations) Add(c, m, d, null);
                foreach (var r in d.Rules) foreach (var c in r.Citations) Add(c, m, d, r);
            }
        }

        w.WriteStartObject();
        w.WriteStartArray("documents");
        foreach (var doc in package.Documents)
        {
            w.WriteStartObject();
            w.WriteString("alias", doc.Alias);
            w.WriteString("number", doc.Number);
            if (doc.Title is not null) w.WriteString("title", doc.Title);
            if (doc.Issued is { } issued) w.WriteString("issued", Day(issued));
            w.WriteString("in_force_from", Day(doc.InForceFrom));
            if (doc.EffectiveTo is { } to) w.WriteString("in_force_to", Day(to)); else w.WriteNull("in_force_to");
            w.WriteString("period", doc.PeriodText);
            w.WriteBoolean("external", doc.External);
            if (doc.Note is not null) w.WriteString("note", doc.Note);
            if (doc.RepealedBy is { } by)
            {
                w.WriteStartObject("repealed_by");
                w.WriteString("alias", by.Alias);
                w.WriteString("number", by.Number);
                if (doc.RepealedBySection is not null) w.WriteString("section", doc.RepealedBySection);
                w.WriteEndObject();
            }
            w.WriteStartArray("repeals");
            foreach (var old in package.Documents.Where(o => o.RepealedBy == doc))
            {
                w.WriteStartObject();
                w.WriteString("alias", old.Alias);
                w.WriteString("number", old.Number);
                if (old.RepealedBySection is not null) w.WriteString("by_section", old.RepealedBySection);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (citers.TryGetValue((doc, null), out var whole)) CitedBy(w, whole);

            w.WriteStartArray("sections");
            var citedPaths = citers.Keys.Where(k => k.Item1 == doc && k.Item2 is not null).Select(k => k.Item2!).ToList();
            foreach (var s in doc.Sections)
            {
                w.WriteStartObject();
                w.WriteString("path", s.Path);
                if (s.Text is not null) w.WriteString("text", s.Text);
                w.WriteBoolean("cited", citedPaths.Any(p => p == s.Path || IsPartOf(s.Path, p) || IsPartOf(p, s.Path)));
                CitedBy(w, citers.TryGetValue((doc, s.Path), out var list) ? list : []);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Whether a section path is inside another: 一.一级地段 and 一(一) in 一, 二(一)6 in 二(一).</summary>
    private static bool IsPartOf(string path, string whole) =>
        path.Length > whole.Length && path.StartsWith(whole, StringComparison.Ordinal)
        && (path[whole.Length] is '.' or '(' or '（' || whole[^1] is ')' or '）');

    private static void CitedBy(Utf8JsonWriter w, List<(ModuleModel Module, DefinitionModel? Definition, RuleModel? Rule)> list)
    {
        w.WriteStartArray("cited_by");
        foreach (var (m, d, r) in list)
        {
            w.WriteStartObject();
            w.WriteString("module", m.Name);
            if (m.Label is not null) w.WriteString("module_label", m.Label);
            if (d is not null)
            {
                w.WriteString("definition", d.Name);
                if (d.Label is not null) w.WriteString("label", d.Label);
                w.WriteBoolean("output", d.IsOutput);
            }
            if (r is not null) w.WriteString("rule", r.Label);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
