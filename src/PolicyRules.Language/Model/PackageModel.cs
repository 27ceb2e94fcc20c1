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

    /// <summary>The reform that declares this document as its draft (<c>draft</c> in a <c>.reform</c> file); null for a
    /// document of the package's own registry.</summary>
    public string? DraftOf { get; internal set; }

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

    public bool IsInForce(DateTime day) => day >= InForceFrom && (EffectiveTo is not { } to || day <= to);

    public string PeriodText => EffectiveTo is { } to
        ? $"{InForceFrom:yyyy-MM-dd} to {to:yyyy-MM-dd}"
        : $"from {InForceFrom:yyyy-MM-dd}";

    /// <summary>Document numbers are compared without spaces (the gazette's OCR writes "111 号").</summary>
    public static string Normalize(string number) => new string(number.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

public sealed class CitationModel : IEquatable<CitationModel>
{
    public CitationModel(DocumentModel document, string? section) { Document = document; Section = section; }
    public DocumentModel Document { get; }
    public string? Section { get; }
    public string? Quote => Section is not null && Document.SectionsByPath.TryGetValue(Section, out var s) ? s.Text : Document.Title;
    public override string ToString() => (Section is null ? Document.Number : $"{Document.Number} §{Section}")
        + (Document.DraftOf is { } reform ? $" (draft, reform {reform})" : "");
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
    public List<FieldModel> Fields { get; } = new();
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
    public BoundExpression? Requires { get; internal set; }
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
    public List<RuleModel> Exceptions { get; } = new();
    public BoundExpression? When { get; internal set; }
    public BoundExpression Value { get; internal set; } = null!;
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
    public BoundExpression? Value { get; internal set; }
    /// <summary>The labelled rules, for a definition given by rules; the roots are the rules that are no exception.</summary>
    public List<RuleModel> Rules { get; } = new();
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
    public List<InputModel> Inputs { get; } = new();
    /// <summary>Definitions in source order.</summary>
    public List<DefinitionModel> Definitions { get; } = new();
    /// <summary>Definitions in an order where each comes after everything it uses.</summary>
    public List<DefinitionModel> EvaluationOrder { get; } = new();
    public IEnumerable<DefinitionModel> Outputs => Definitions.Where(d => d.IsOutput);
    public List<CitationModel> ModuleCitations { get; } = new();
    /// <summary>The gazette documents (not external references) this module's provisions come from.</summary>
    public List<DocumentModel> Documents { get; } = new();
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
    public bool IsInForce(DateTime day) => AlwaysInForce || day >= InForceFrom && (InForceTo is not { } to || day <= to) && DocumentNotInForce(day) is null;
}

public enum ParameterShape { Value, Table, Scale }

public enum ScaleMethod { Marginal, SingleRate }

/// <summary>A boundary between two brackets of a scale: <see cref="Amount"/> lies in the upper bracket when
/// <see cref="UpperIncludes"/> (以上, 不满, 低于), in the lower one otherwise (以下, 不超过, 超过).</summary>
public sealed class ScaleBoundary
{
    public ScaleBoundary(decimal amount, bool upperIncludes) { Amount = amount; UpperIncludes = upperIncludes; }
    public decimal Amount { get; }
    public bool UpperIncludes { get; }
}

/// <summary>
/// One dated value of a parameter, in force from <see cref="From"/> until the next value's date, with the provision that
/// set it. Values are in the model's language-neutral form (see <see cref="BoundLiteral"/>): <see cref="Value"/> for a
/// single value; <see cref="Keys"/>/<see cref="Entries"/> for a table; <see cref="Boundaries"/> and one rate (a decimal
/// fraction) per bracket in <see cref="Entries"/> for a scale (brackets in ascending order, one more than boundaries).
/// </summary>
public sealed class ParameterValueModel
{
    public ParameterValueModel(DateTime from, CitationModel citation, object? value, IReadOnlyList<object> keys, IReadOnlyList<object?> entries,
        IReadOnlyList<ScaleBoundary> boundaries, TextSpan span)
    {
        From = from; Citation = citation; Value = value; Keys = keys; Entries = entries; Boundaries = boundaries; Span = span;
    }
    public DateTime From { get; }
    public CitationModel Citation { get; }
    public object? Value { get; }
    public IReadOnlyList<object> Keys { get; }
    public IReadOnlyList<object?> Entries { get; }
    public IReadOnlyList<ScaleBoundary> Boundaries { get; }
    public TextSpan Span { get; }

    /// <summary>The table's value for <paramref name="key"/> (an int or an enum member name), or false when it has none.</summary>
    public bool TryGet(object key, out object? value)
    {
        for (var k = 0; k < Keys.Count; k++)
            if (Equals(Keys[k], key)) { value = Entries[k]; return true; }
        value = null;
        return false;
    }
}

/// <summary>
/// A parameter: a figure the law sets, declared once for the package, with its dated values. Back ends read the values
/// from here (never from copies in a module's core), so a reform can replace <see cref="Values"/> when a package is loaded
/// (<see cref="ReplaceValues"/>) before any module is compiled or evaluated.
/// </summary>
public sealed class ParameterModel
{
    public ParameterModel(string name, string? label, string? note, ParameterShape shape, RuleType type, RuleType? keyType, ScaleMethod method, TextSpan span)
    {
        Name = name; Label = label; Note = note; Shape = shape; Type = type; KeyType = keyType; Method = method; Span = span;
    }
    public string Name { get; }
    public string? Label { get; }
    public string? Note { get; }
    public ParameterShape Shape { get; }
    /// <summary>The type of a value, of a table entry, or of a scale's rates (rate).</summary>
    public RuleType Type { get; }
    /// <summary>A table's key type (int or an enum).</summary>
    public RuleType? KeyType { get; }
    public ScaleMethod Method { get; }
    public TextSpan Span { get; }
    /// <summary>The dated values, in ascending order of <see cref="ParameterValueModel.From"/>.</summary>
    public IReadOnlyList<ParameterValueModel> Values { get; private set; } = new List<ParameterValueModel>();

    /// <summary>The value in force on <paramref name="day"/>, or null before the first.</summary>
    public ParameterValueModel? At(DateTime day)
    {
        ParameterValueModel? found = null;
        foreach (var v in Values) { if (v.From <= day) found = v; else break; }
        return found;
    }

    /// <summary>Replaces the dated values (given in ascending order of date); for the binder and for a reform applied at load time.</summary>
    public void ReplaceValues(IReadOnlyList<ParameterValueModel> values) => Values = values.OrderBy(v => v.From).ToList();

    /// <summary>The <c>not_in_force</c> message for a read before the first value; the same words in every back end.</summary>
    public string NotInForceMessage() => $"parameter '{Name}' has no value before {Values[0].From:yyyy-MM-dd}, its first value";

    /// <summary>The message for a table key the value in force does not list. It names the keys listed, not the one
    /// asked for (the explanation gives the inputs): a constant, which SQL need not build row by row.</summary>
    public string NoEntryMessage(ParameterValueModel value) =>
        $"parameter '{Name}' has no value for this key: its value from {value.From:yyyy-MM-dd} lists {string.Join(", ", value.Keys)}";

    /// <summary>"parameter land_tax_rate by grade": how an explanation names a read of this parameter, with the key
    /// (or a scale's base) as written.</summary>
    public string Describe(string? keyText) => Shape switch
    {
        ParameterShape.Table => $"parameter {Name} by {keyText}",
        ParameterShape.Scale => $"parameter {Name} ({(Method == ScaleMethod.Marginal ? "marginal" : "single-rate")} scale) of {keyText}",
        _ => $"parameter {Name}",
    };
}

/// <summary>A reform applied to a package: its name, title and file (<see cref="PackageModel.Reform"/>).</summary>
public sealed class ReformModel
{
    public ReformModel(string name, string title, string? note, string path) { Name = name; Title = title; Note = note; Path = path; }
    public string Name { get; }
    public string Title { get; }
    public string? Note { get; }
    public string Path { get; }
}

/// <summary>A whole rule package, checked.</summary>
public sealed class PackageModel
{
    public List<DocumentModel> Documents { get; } = new();
    public List<CalendarModel> Calendars { get; } = new();
    public List<EnumModel> Enums { get; } = new();
    public List<RecordModel> Records { get; } = new();
    public List<ModuleModel> Modules { get; } = new();
    public List<ParameterModel> Parameters { get; } = new();
    public ParameterModel? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
    /// <summary>The reform applied to this package at load time, if any; its drafts are in <see cref="Documents"/>.</summary>
    public ReformModel? Reform { get; internal set; }

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
