using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;

namespace PolicyRules.Language.Model;

// The checked model: every name resolved, every citation bound to the registry, every expression typed.
// Produced by the binder; consumed by the evaluator, the bulk compiler, the source generator and `doc`.

public sealed class SectionModel
{
    public SectionModel(string path, string? text) { Path = path; Text = text; }
    public string Path { get; }
    public string? Text { get; }
}

public sealed class DocumentModel
{
    public DocumentModel(string alias, string number, string? title, DateTime? issued, DateTime inForceFrom, DateTime? inForceTo,
        bool external, string? note, IReadOnlyList<SectionModel> sections, TextSpan span)
    {
        Alias = alias; Number = number; Title = title; Issued = issued; InForceFrom = inForceFrom; InForceTo = inForceTo;
        External = external; Note = note; Sections = sections; Span = span;
        SectionsByPath = sections.GroupBy(s => s.Path).ToDictionary(g => g.Key, g => g.First());
    }

    public string Alias { get; }
    public string Number { get; }
    public string? Title { get; }
    public DateTime? Issued { get; }
    public DateTime InForceFrom { get; }
    /// <summary>Last day in force (inclusive) by the document's own terms; null when open-ended.</summary>
    public DateTime? InForceTo { get; }
    public bool External { get; }
    public string? Note { get; }
    public IReadOnlyList<SectionModel> Sections { get; }
    public IReadOnlyDictionary<string, SectionModel> SectionsByPath { get; }
    public TextSpan Span { get; }

    /// <summary>The document that repeals this one, and the provision that does it.</summary>
    public DocumentModel? RepealedBy { get; internal set; }
    public string? RepealedBySection { get; internal set; }

    /// <summary>The last day in force, taking a repeal into account.</summary>
    public DateTime? EffectiveTo
    {
        get
        {
            if (RepealedBy is null) return InForceTo;
            var dayBefore = RepealedBy.InForceFrom.AddDays(-1);
            return InForceTo is { } to && to < dayBefore ? to : dayBefore;
        }
    }

    /// <summary>Whether the document is in force on <paramref name="day"/>, its repeal taken into account.</summary>
    public bool IsInForce(DateTime day) => InForce.Contains(InForceFrom, EffectiveTo, day);

    /// <summary>The period in force as messages write it (<see cref="InForce.PeriodText"/>).</summary>
    public string PeriodText => InForce.PeriodText(InForceFrom, EffectiveTo);

    /// <summary>Document numbers are compared without spaces (the gazette's OCR writes "111 号").</summary>
    public static string Normalize(string number) => new string(number.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

public sealed class CitationModel : IEquatable<CitationModel>
{
    public CitationModel(DocumentModel document, string? section) { Document = document; Section = section; }
    public DocumentModel Document { get; }
    public string? Section { get; }
    public string? Quote => Section is not null && Document.SectionsByPath.TryGetValue(Section, out var s) ? s.Text : Document.Title;
    public override string ToString() => Section is null ? Document.Number : $"{Document.Number} §{Section}";
    public bool Equals(CitationModel? other) => other is not null && other.Document == Document && other.Section == Section;
    public override bool Equals(object? obj) => Equals(obj as CitationModel);
    public override int GetHashCode() => Document.Number.GetHashCode() ^ (Section?.GetHashCode() ?? 0);
}

public sealed class CalendarModel
{
    public CalendarModel(string name, string? label, DateTime coversFrom, DateTime coversTo, IReadOnlyList<DateTime> holidays,
        IReadOnlyList<DateTime> workdays, IReadOnlyList<CitationModel> citations, TextSpan span)
    {
        Name = name; Label = label; CoversFrom = coversFrom; CoversTo = coversTo; Holidays = holidays; Workdays = workdays;
        Citations = citations; Span = span;
    }
    public string Name { get; }
    public string? Label { get; }
    public DateTime CoversFrom { get; }
    public DateTime CoversTo { get; }
    public IReadOnlyList<DateTime> Holidays { get; }
    public IReadOnlyList<DateTime> Workdays { get; }
    public IReadOnlyList<CitationModel> Citations { get; }
    public TextSpan Span { get; }
}

public sealed class EnumMemberModel
{
    public EnumMemberModel(string name, string? label) { Name = name; Label = label; }
    public string Name { get; }
    public string? Label { get; }
}

public sealed class EnumModel
{
    public EnumModel(string name, string? label, IReadOnlyList<EnumMemberModel> members, TextSpan span)
    { Name = name; Label = label; Members = members; Span = span; }
    public string Name { get; }
    public string? Label { get; }
    public IReadOnlyList<EnumMemberModel> Members { get; }
    public TextSpan Span { get; }
    public EnumMemberModel? Find(string nameOrLabel) =>
        Members.FirstOrDefault(m => m.Name == nameOrLabel) ?? Members.FirstOrDefault(m => m.Label == nameOrLabel);
}

public sealed class FieldModel
{
    public FieldModel(string name, RuleType type, string? label) { Name = name; Type = type; Label = label; }
    public string Name { get; }
    public RuleType Type { get; }
    public string? Label { get; }
}

public sealed class RecordModel
{
    public RecordModel(string name, string? label, TextSpan span) { Name = name; Label = label; Span = span; }
    public string Name { get; }
    public string? Label { get; }
    private readonly List<FieldModel> _fields = new();
    public IReadOnlyList<FieldModel> Fields => _fields;
    internal void AddField(FieldModel field) => _fields.Add(field);
    public TextSpan Span { get; }
    public FieldModel? Find(string nameOrLabel) =>
        Fields.FirstOrDefault(f => f.Name == nameOrLabel) ?? Fields.FirstOrDefault(f => f.Label == nameOrLabel);
}

public sealed class InputModel
{
    public InputModel(string name, string? label, RuleType type, int index, TextSpan span)
    { Name = name; Label = label; Type = type; Index = index; Span = span; }
    public string Name { get; }
    public string? Label { get; }
    public RuleType Type { get; }
    /// <summary>Position among the module's inputs.</summary>
    public int Index { get; }
    internal BoundExpression? Requires { get; set; }
    /// <summary>The requirement as written, for error messages.</summary>
    public string? RequiresText { get; internal set; }
    /// <summary>The text values the law names (<c>known</c>, <c>variant</c>), or null when the input takes any value.</summary>
    public KnownText? Known { get; internal set; }
    /// <summary>The declared unit (<c>unit "平方米"</c>), as written, or null when the input declares none.</summary>
    public string? Unit { get; internal set; }
    public TextSpan Span { get; }
}

public sealed class RuleModel
{
    public RuleModel(string label, IReadOnlyList<CitationModel> citations, string? note, TextSpan span)
    { Label = label; Citations = citations; Note = note; Span = span; }
    public string Label { get; }
    public RuleModel? ExceptionOf { get; internal set; }
    private readonly List<RuleModel> _exceptions = new();
    /// <summary>The rules declared <c>exception of</c> this one.</summary>
    public IReadOnlyList<RuleModel> Exceptions => _exceptions;
    internal void AddException(RuleModel rule) => _exceptions.Add(rule);
    internal void RemoveException(RuleModel rule) => _exceptions.Remove(rule);
    internal BoundExpression? When { get; set; }
    internal BoundExpression Value { get; set; } = null!;
    public IReadOnlyList<CitationModel> Citations { get; }
    public string? Note { get; }
    public TextSpan Span { get; }
}

public sealed class DefinitionModel
{
    public DefinitionModel(string name, string? label, RuleType type, bool isOutput, IReadOnlyList<CitationModel> citations,
        string? note, int index, TextSpan span)
    {
        Name = name; Label = label; Type = type; IsOutput = isOutput; Citations = citations; Note = note; Index = index; Span = span;
    }
    public string Name { get; }
    public string? Label { get; }
    public RuleType Type { get; }
    public bool IsOutput { get; }
    public IReadOnlyList<CitationModel> Citations { get; }
    public string? Note { get; }
    /// <summary>Position among the module's definitions, in source order.</summary>
    public int Index { get; }
    /// <summary>The declared unit (<c>unit "元"</c>), as written, or null when the output declares none.</summary>
    public string? Unit { get; internal set; }
    public TextSpan Span { get; }
    /// <summary>The expression, for a definition written <c>= EXPR</c>.</summary>
    internal BoundExpression? Value { get; set; }
    /// <summary>The labelled rules, for a definition given by rules; the roots are the rules that are no exception.</summary>
    public IReadOnlyList<RuleModel> Rules => _rules;
    private readonly List<RuleModel> _rules = new();
    internal void AddRule(RuleModel rule) => _rules.Add(rule);
    public IEnumerable<RuleModel> RootRules => Rules.Where(r => r.ExceptionOf is null);
    /// <summary>Every citation of the definition and of its rules.</summary>
    public IEnumerable<CitationModel> AllCitations => Citations.Concat(Rules.SelectMany(r => r.Citations)).Distinct();
}

public sealed class ModuleModel
{
    public ModuleModel(string name, string? label, string? note, TextSpan span) { Name = name; Label = label; Note = note; Span = span; }
    public string Name { get; }
    public string? Label { get; }
    public string? Note { get; }
    public TextSpan Span { get; }
    private readonly List<InputModel> _inputs = new();
    private readonly List<DefinitionModel> _definitions = new();
    private readonly List<DefinitionModel> _evaluationOrder = new();
    private readonly List<CitationModel> _moduleCitations = new();
    private readonly List<DocumentModel> _documents = new();

    public IReadOnlyList<InputModel> Inputs => _inputs;
    /// <summary>Definitions in source order.</summary>
    public IReadOnlyList<DefinitionModel> Definitions => _definitions;
    /// <summary>Definitions in an order where each comes after everything it uses.</summary>
    public IReadOnlyList<DefinitionModel> EvaluationOrder => _evaluationOrder;
    public IEnumerable<DefinitionModel> Outputs => Definitions.Where(d => d.IsOutput);
    public IReadOnlyList<CitationModel> ModuleCitations => _moduleCitations;
    /// <summary>The gazette documents (not external references) this module's provisions come from.</summary>
    public IReadOnlyList<DocumentModel> Documents => _documents;

    internal void AddInput(InputModel input) => _inputs.Add(input);
    internal void AddDefinition(DefinitionModel definition) => _definitions.Add(definition);
    internal void AddToEvaluationOrder(DefinitionModel definition) => _evaluationOrder.Add(definition);
    internal void AddModuleCitations(IEnumerable<CitationModel> citations) => _moduleCitations.AddRange(citations);
    internal void AddDocuments(IEnumerable<DocumentModel> documents) => _documents.AddRange(documents);
    public DateTime InForceFrom { get; internal set; }
    public DateTime? InForceTo { get; internal set; }
    /// <summary>Declared <c>in_force always</c>: answers at every date, whatever its documents' periods.</summary>
    public bool AlwaysInForce { get; internal set; }

    public InputModel? FindInput(string nameOrLabel) =>
        Inputs.FirstOrDefault(i => i.Name == nameOrLabel) ?? Inputs.FirstOrDefault(i => i.Label == nameOrLabel);
    public DefinitionModel? FindDefinition(string nameOrLabel) =>
        Definitions.FirstOrDefault(d => d.Name == nameOrLabel) ?? Definitions.FirstOrDefault(d => d.Label == nameOrLabel);

    /// <summary>The first document of this module not in force on <paramref name="day"/>, or null when all are.</summary>
    public DocumentModel? DocumentNotInForce(DateTime day) => AlwaysInForce ? null : Documents.FirstOrDefault(d => !d.IsInForce(day));

    /// <summary>
    /// Whether the module answers on <paramref name="day"/>. Its period is already the intersection of its documents'
    /// periods and its own, computed by the binder.
    /// </summary>
    public bool IsInForce(DateTime day) => AlwaysInForce || InForce.Contains(InForceFrom, InForceTo, day);

    /// <summary>The <c>not_in_force</c> message for <paramref name="day"/>, naming the document at fault.</summary>
    public string NotInForceMessage(DateTime day) => InForce.NotInForceMessage(Name, day, InForceFrom, InForceTo,
        DocumentNotInForce(day) is { } doc ? new InForceDocument(doc.Number, doc.InForceFrom, doc.EffectiveTo, doc.RepealedBy?.Number) : null);
}

/// <summary>A whole rule package, checked.</summary>
public sealed class PackageModel
{
    private readonly List<DocumentModel> _documents = new();
    private readonly List<CalendarModel> _calendars = new();
    private readonly List<EnumModel> _enums = new();
    private readonly List<RecordModel> _records = new();
    private readonly List<ModuleModel> _modules = new();

    public IReadOnlyList<DocumentModel> Documents => _documents;
    public IReadOnlyList<CalendarModel> Calendars => _calendars;
    public IReadOnlyList<EnumModel> Enums => _enums;
    public IReadOnlyList<RecordModel> Records => _records;
    public IReadOnlyList<ModuleModel> Modules => _modules;

    internal void AddDocument(DocumentModel document) => _documents.Add(document);
    internal void AddCalendar(CalendarModel calendar) => _calendars.Add(calendar);
    internal void AddEnum(EnumModel model) => _enums.Add(model);
    internal void AddRecord(RecordModel record) => _records.Add(record);
    internal void AddModule(ModuleModel module) => _modules.Add(module);

    public ModuleModel? FindModule(string nameOrLabel) =>
        Modules.FirstOrDefault(m => m.Name == nameOrLabel) ?? Modules.FirstOrDefault(m => m.Label == nameOrLabel);
    public EnumModel? FindEnum(string name) => Enums.FirstOrDefault(e => e.Name == name);
    public RecordModel? FindRecord(string name) => Records.FirstOrDefault(r => r.Name == name);

    public DocumentModel? FindDocument(string aliasOrNumber)
    {
        var normalized = DocumentModel.Normalize(aliasOrNumber);
        return Documents.FirstOrDefault(d => d.Alias == aliasOrNumber)
            ?? Documents.FirstOrDefault(d => DocumentModel.Normalize(d.Number) == normalized);
    }
}
