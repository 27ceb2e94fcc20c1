using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Model;

// The checked model: every name resolved, every citation bound to the registry, every expression typed.
// Produced by the binder; consumed by the evaluator, the bulk compiler, the source generator and `doc`.

/// <summary>A numbered section of a registry document (一, (一), 1, …), with its quoted text.</summary>
public sealed class SectionModel
{
    internal SectionModel(string path, string? text) { Path = path; Text = text; }
    /// <summary>The section's path in the document's own numbering, as citations write it after §.</summary>
    public string Path { get; }
    /// <summary>The section's text as the registry quotes it; null when the registry holds no quote.</summary>
    public string? Text { get; }
}

/// <summary>A gazette document of the package's registry, or an outside one (民法典, a holiday notice) marked external.</summary>
public sealed class DocumentModel
{
    internal DocumentModel(string alias, string number, string? title, DateTime? issued, DateTime inForceFrom, DateTime? inForceTo,
        bool external, string? note, IReadOnlyList<SectionModel> sections, TextSpan span)
    {
        Alias = alias; Number = number; Title = title; Issued = issued; InForceFrom = inForceFrom; InForceTo = inForceTo;
        External = external; Note = note; Sections = sections; Span = span;
        SectionsByPath = sections.GroupBy(s => s.Path).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The short name rules cite it by (<c>hz107</c>).</summary>
    public string Alias { get; }
    /// <summary>The official number (<c>邯政办字〔2017〕107号</c>).</summary>
    public string Number { get; }
    /// <summary>The document's title, quoted for a citation of the whole document.</summary>
    public string? Title { get; }
    /// <summary>The date of issue, when the registry gives it.</summary>
    public DateTime? Issued { get; }
    /// <summary>The first day in force.</summary>
    public DateTime InForceFrom { get; }
    /// <summary>Last day in force (inclusive) by the document's own terms; null when open-ended.</summary>
    public DateTime? InForceTo { get; }
    /// <summary>Outside the gazette (民法典, holiday notices): citable, but it does not bound a module's period.</summary>
    public bool External { get; }
    /// <summary>The registry's note on the document (how its period was read, …).</summary>
    public string? Note { get; }
    /// <summary>The sections the registry declares, in source order.</summary>
    public IReadOnlyList<SectionModel> Sections { get; }
    /// <summary>The sections by path (the first, for a path declared twice).</summary>
    public IReadOnlyDictionary<string, SectionModel> SectionsByPath { get; }
    /// <summary>Where the document is declared.</summary>
    public TextSpan Span { get; }

    /// <summary>The document that repeals this one, and the provision that does it.</summary>
    public DocumentModel? RepealedBy { get; internal set; }
    /// <summary>The section of <see cref="RepealedBy"/> that repeals this document, if it names one.</summary>
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

    /// <summary>Whether the document is in force on <paramref name="day"/>, its repeal taken into account.</summary>
    public bool IsInForce(DateTime day) => InForce.Contains(InForceFrom, EffectiveTo, day);

    /// <summary>The period in force as messages write it (<see cref="InForce.PeriodText"/>).</summary>
    public string PeriodText => InForce.PeriodText(InForceFrom, EffectiveTo);

    /// <summary>Document numbers are compared without spaces (the gazette's OCR writes "111 号").</summary>
    public static string Normalize(string number) => new string(number.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

/// <summary>A provision cited by a rule: a document and a section path (null for the whole document).</summary>
public sealed class CitationModel : IEquatable<CitationModel>
{
    internal CitationModel(DocumentModel document, string? section) { Document = document; Section = section; }
    /// <summary>The cited document.</summary>
    public DocumentModel Document { get; }
    /// <summary>The cited section's path; null when the whole document is cited.</summary>
    public string? Section { get; }
    /// <summary>The text an explanation quotes: the section's, or the document's title for a whole-document citation.</summary>
    public string? Quote => Section is not null && Document.SectionsByPath.TryGetValue(Section, out var s) ? s.Text : Document.Title;
    /// <summary>The citation as messages write it: <c>邯政办字〔2017〕107号 §二</c>, and for a reform's draft
    /// <c>… §一 (draft, reform NAME)</c>.</summary>
    public override string ToString() => (Section is null ? Document.Number : $"{Document.Number} §{Section}")
        + (Document.DraftOf is { } reform ? $" (draft, reform {reform})" : "");
    /// <summary>Two citations are equal when they cite the same section of the same document.</summary>
    public bool Equals(CitationModel? other) => other is not null && other.Document == Document && other.Section == Section;
    /// <inheritdoc cref="Equals(CitationModel?)"/>
    public override bool Equals(object? obj) => Equals(obj as CitationModel);
    /// <summary>A hash of the document's number and the section.</summary>
    public override int GetHashCode() => Document.Number.GetHashCode() ^ (Section?.GetHashCode() ?? 0);
}

/// <summary>A working-day calendar declared in the package: the days it covers, its holidays and its adjusted working days, with the notices that set them.</summary>
public sealed class CalendarModel
{
    internal CalendarModel(string name, string? label, DateTime coversFrom, DateTime coversTo, IReadOnlyList<DateTime> holidays,
        IReadOnlyList<DateTime> workdays, IReadOnlyList<CitationModel> citations, TextSpan span)
    {
        Name = name; Label = label; CoversFrom = coversFrom; CoversTo = coversTo; Holidays = holidays; Workdays = workdays;
        Citations = citations; Span = span;
    }
    /// <summary>The name rules pass to the working-day functions.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The first day the calendar data covers.</summary>
    public DateTime CoversFrom { get; }
    /// <summary>The last day the calendar data covers; past it a working-day question is <c>not_determinable</c>.</summary>
    public DateTime CoversTo { get; }
    /// <summary>Weekdays that are days off.</summary>
    public IReadOnlyList<DateTime> Holidays { get; }
    /// <summary>Weekend days that are working days (调休).</summary>
    public IReadOnlyList<DateTime> Workdays { get; }
    /// <summary>The notices the calendar data comes from.</summary>
    public IReadOnlyList<CitationModel> Citations { get; }
    /// <summary>Where the calendar is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>One value of an enum.</summary>
public sealed class EnumMemberModel
{
    internal EnumMemberModel(string name, string? label) { Name = name; Label = label; }
    /// <summary>The value's name, as rules and inputs write it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, which inputs and scenarios may use instead of the name.</summary>
    public string? Label { get; }
}

/// <summary>An enum declared in the package.</summary>
public sealed class EnumModel
{
    internal EnumModel(string name, string? label, IReadOnlyList<EnumMemberModel> members, TextSpan span)
    { Name = name; Label = label; Members = members; Span = span; }
    /// <summary>The enum's name, as types write it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The values, in declaration order.</summary>
    public IReadOnlyList<EnumMemberModel> Members { get; }
    /// <summary>Where the enum is declared.</summary>
    public TextSpan Span { get; }
    /// <summary>The value with this name, else with this label, or null.</summary>
    public EnumMemberModel? Find(string nameOrLabel) =>
        Members.FirstOrDefault(m => m.Name == nameOrLabel) ?? Members.FirstOrDefault(m => m.Label == nameOrLabel);
}

/// <summary>A field of a record.</summary>
public sealed class FieldModel
{
    internal FieldModel(string name, RuleType type, string? label) { Name = name; Type = type; Label = label; }
    /// <summary>The field's name.</summary>
    public string Name { get; }
    /// <summary>The field's type.</summary>
    public RuleType Type { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
}

/// <summary>A record type declared in the package.</summary>
public sealed class RecordModel
{
    internal RecordModel(string name, string? label, TextSpan span) { Name = name; Label = label; Span = span; }
    /// <summary>The record's name, as types write it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    private readonly List<FieldModel> _fields = new();
    /// <summary>The fields, in declaration order.</summary>
    public IReadOnlyList<FieldModel> Fields => _fields;
    internal void AddField(FieldModel field) => _fields.Add(field);
    /// <summary>Where the record is declared.</summary>
    public TextSpan Span { get; }
    /// <summary>The field with this name, else with this label, or null.</summary>
    public FieldModel? Find(string nameOrLabel) =>
        Fields.FirstOrDefault(f => f.Name == nameOrLabel) ?? Fields.FirstOrDefault(f => f.Label == nameOrLabel);
}

/// <summary>An input of a module.</summary>
public sealed class InputModel
{
    internal InputModel(string name, string? label, RuleType type, int index, TextSpan span)
    { Name = name; Label = label; Type = type; Index = index; Span = span; }
    /// <summary>The input's name, as rules, JSON and CSV headers write it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, which inputs and scenarios may use instead of the name.</summary>
    public string? Label { get; }
    /// <summary>The input's type; an optional type accepts none.</summary>
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
    /// <summary>Where the input is declared.</summary>
    public TextSpan Span { get; }
}

/// <summary>A labelled rule of a definition given by rules: when it applies, its value, and the rules that are exceptions to it.</summary>
public sealed class RuleModel
{
    internal RuleModel(string label, IReadOnlyList<CitationModel> citations, string? note, TextSpan span)
    { Label = label; Citations = citations; Note = note; Span = span; }
    /// <summary>The rule's label, which <c>exception of</c> names and explanations show.</summary>
    public string Label { get; }
    /// <summary>The rule this one is an exception of; null for a root rule.</summary>
    public RuleModel? ExceptionOf { get; internal set; }
    private readonly List<RuleModel> _exceptions = new();
    /// <summary>The rules declared <c>exception of</c> this one.</summary>
    public IReadOnlyList<RuleModel> Exceptions => _exceptions;
    internal void AddException(RuleModel rule) => _exceptions.Add(rule);
    internal void RemoveException(RuleModel rule) => _exceptions.Remove(rule);
    internal BoundExpression? When { get; set; }
    internal BoundExpression Value { get; set; } = null!;
    /// <summary>The provisions the rule cites.</summary>
    public IReadOnlyList<CitationModel> Citations { get; }
    /// <summary>The rule's note on how it reads the text.</summary>
    public string? Note { get; }
    /// <summary>Where the rule is written.</summary>
    public TextSpan Span { get; }
}

/// <summary>A definition or output of a module: an expression, or labelled rules with exceptions.</summary>
public sealed class DefinitionModel
{
    internal DefinitionModel(string name, string? label, RuleType type, bool isOutput, IReadOnlyList<CitationModel> citations,
        string? note, int index, TextSpan span)
    {
        Name = name; Label = label; Type = type; IsOutput = isOutput; Citations = citations; Note = note; Index = index; Span = span;
    }
    /// <summary>The definition's name.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The definition's type.</summary>
    public RuleType Type { get; }
    /// <summary>Declared <c>output</c>: part of the module's answer, not only a step towards it.</summary>
    public bool IsOutput { get; }
    /// <summary>The provisions the definition cites (its rules cite their own).</summary>
    public IReadOnlyList<CitationModel> Citations { get; }
    /// <summary>The definition's note on how it reads the text.</summary>
    public string? Note { get; }
    /// <summary>Position among the module's definitions, in source order.</summary>
    public int Index { get; }
    /// <summary>The declared unit (<c>unit "元"</c>), as written, or null when the output declares none.</summary>
    public string? Unit { get; internal set; }
    /// <summary>Where the definition is written.</summary>
    public TextSpan Span { get; }
    /// <summary>The expression, for a definition written <c>= EXPR</c>.</summary>
    internal BoundExpression? Value { get; set; }
    /// <summary>The labelled rules, for a definition given by rules; the roots are the rules that are no exception.</summary>
    public IReadOnlyList<RuleModel> Rules => _rules;
    private readonly List<RuleModel> _rules = new();
    internal void AddRule(RuleModel rule) => _rules.Add(rule);
    /// <summary>The rules that are no exception of another.</summary>
    public IEnumerable<RuleModel> RootRules => Rules.Where(r => r.ExceptionOf is null);
    /// <summary>Every citation of the definition and of its rules.</summary>
    public IEnumerable<CitationModel> AllCitations => Citations.Concat(Rules.SelectMany(r => r.Citations)).Distinct();
}

/// <summary>A checked module: inputs, definitions in source and evaluation order, citations, and its period in force.</summary>
public sealed class ModuleModel
{
    internal ModuleModel(string name, string? label, string? note, TextSpan span) { Name = name; Label = label; Note = note; Span = span; }
    /// <summary>The module's id, as PROVISIONS.md and the CLI name it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The module's note.</summary>
    public string? Note { get; }
    /// <summary>Where the module is declared.</summary>
    public TextSpan Span { get; }
    private readonly List<InputModel> _inputs = new();
    private readonly List<DefinitionModel> _definitions = new();
    private readonly List<DefinitionModel> _evaluationOrder = new();
    private readonly List<CitationModel> _moduleCitations = new();
    private readonly List<DocumentModel> _documents = new();

    /// <summary>The inputs, in declaration order (<see cref="InputModel.Index"/>).</summary>
    public IReadOnlyList<InputModel> Inputs => _inputs;
    /// <summary>Definitions in source order.</summary>
    public IReadOnlyList<DefinitionModel> Definitions => _definitions;
    /// <summary>Definitions in an order where each comes after everything it uses.</summary>
    public IReadOnlyList<DefinitionModel> EvaluationOrder => _evaluationOrder;
    /// <summary>The definitions declared <c>output</c>, in source order.</summary>
    public IEnumerable<DefinitionModel> Outputs => Definitions.Where(d => d.IsOutput);
    /// <summary>The citations of the module itself (<c>cites</c> on the module).</summary>
    public IReadOnlyList<CitationModel> ModuleCitations => _moduleCitations;
    /// <summary>The gazette documents (not external references) this module's provisions come from.</summary>
    public IReadOnlyList<DocumentModel> Documents => _documents;

    internal void AddInput(InputModel input) => _inputs.Add(input);
    internal void AddDefinition(DefinitionModel definition) => _definitions.Add(definition);
    internal void AddToEvaluationOrder(DefinitionModel definition) => _evaluationOrder.Add(definition);
    internal void AddModuleCitations(IEnumerable<CitationModel> citations) => _moduleCitations.AddRange(citations);
    internal void AddDocuments(IEnumerable<DocumentModel> documents) => _documents.AddRange(documents);
    /// <summary>The first day the module answers: the latest start of its documents and of its own <c>in_force</c> clause.</summary>
    public DateTime InForceFrom { get; internal set; }
    /// <summary>The last day the module answers (null: open-ended): the earliest end of its documents, repeals included, and of its own clause.</summary>
    public DateTime? InForceTo { get; internal set; }
    /// <summary>Declared <c>in_force always</c>: answers at every date, whatever its documents' periods.</summary>
    public bool AlwaysInForce { get; internal set; }

    /// <summary>The input with this name, else with this label, or null.</summary>
    public InputModel? FindInput(string nameOrLabel) =>
        Inputs.FirstOrDefault(i => i.Name == nameOrLabel) ?? Inputs.FirstOrDefault(i => i.Label == nameOrLabel);
    /// <summary>The definition with this name, else with this label, or null.</summary>
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
    public string NotInForceMessage(DateTime day) => InForce.NotInForceMessage(Name, day, InForceFrom, InForceTo, InForceDocument.Of(DocumentNotInForce(day)));
}

/// <summary>What a parameter holds.</summary>
public enum ParameterShape
{
    /// <summary>One value.</summary>
    Value,
    /// <summary>A value per key (an int or an enum member).</summary>
    Table,
    /// <summary>Rates by brackets of an amount.</summary>
    Scale,
}

/// <summary>How a scale's rates apply to an amount.</summary>
public enum ScaleMethod
{
    /// <summary>Each bracket's rate on the part of the amount inside it (超额累进).</summary>
    Marginal,
    /// <summary>The rate of the bracket the whole amount falls in.</summary>
    SingleRate,
}

/// <summary>A boundary between two brackets of a scale: <see cref="Amount"/> lies in the upper bracket when
/// <see cref="UpperIncludes"/> (以上, 不满, 低于), in the lower one otherwise (以下, 不超过, 超过).</summary>
public sealed class ScaleBoundary
{
    /// <summary>A boundary at <paramref name="amount"/>, in the upper bracket when <paramref name="upperIncludes"/>.</summary>
    public ScaleBoundary(decimal amount, bool upperIncludes) { Amount = amount; UpperIncludes = upperIncludes; }
    /// <summary>The amount where one bracket ends and the next begins.</summary>
    public decimal Amount { get; }
    /// <summary>Whether <see cref="Amount"/> itself belongs to the upper bracket.</summary>
    public bool UpperIncludes { get; }
}

/// <summary>
/// A key range of a table keyed by ranges (<c>by range of int</c>): from <see cref="Lower"/> to <see cref="Upper"/>, each
/// end included or not as its bound word says (以上/at_least and 以下/up_to include it; 超过/over, 不满/below, 低于 do not);
/// a missing end is unbounded.
/// </summary>
public sealed class ParameterRange
{
    internal ParameterRange(decimal? lower, bool lowerIncludes, decimal? upper, bool upperIncludes, string text)
    {
        Lower = lower; LowerIncludes = lowerIncludes; Upper = upper; UpperIncludes = upperIncludes; Text = text;
    }
    /// <summary>The lower end, or null when the range has none.</summary>
    public decimal? Lower { get; }
    /// <summary>Whether a key equal to <see cref="Lower"/> lies in the range.</summary>
    public bool LowerIncludes { get; }
    /// <summary>The upper end, or null when the range has none.</summary>
    public decimal? Upper { get; }
    /// <summary>Whether a key equal to <see cref="Upper"/> lies in the range.</summary>
    public bool UpperIncludes { get; }
    /// <summary>The bounds as written, e.g. "6 以上 不满 18".</summary>
    public string Text { get; }

    /// <summary>Whether <paramref name="key"/> lies in the range.</summary>
    public bool Contains(decimal key) =>
        (Lower is not { } lo || key > lo || key == lo && LowerIncludes) && (Upper is not { } hi || key < hi || key == hi && UpperIncludes);

    /// <summary>The bounds as written.</summary>
    public override string ToString() => Text;
}

/// <summary>
/// One dated value of a parameter, in force from <see cref="From"/> until the next value's date, with the provision that
/// set it. Values are in the model's language-neutral form (see <see cref="BoundLiteral"/>): <see cref="Value"/> for a
/// single value; <see cref="Keys"/>/<see cref="Entries"/> for a table; <see cref="Boundaries"/> and one rate (a decimal
/// fraction) per bracket in <see cref="Entries"/> for a scale (brackets in ascending order, one more than boundaries).
/// </summary>
public sealed class ParameterValueModel
{
    /// <summary>A dated value from <paramref name="from"/>, set by <paramref name="citation"/>, in the shape described above.</summary>
    public ParameterValueModel(DateTime from, CitationModel citation, object? value, IReadOnlyList<object> keys, IReadOnlyList<object?> entries,
        IReadOnlyList<ScaleBoundary> boundaries, TextSpan span)
    {
        From = from; Citation = citation; Value = value; Keys = keys; Entries = entries; Boundaries = boundaries; Span = span;
    }
    /// <summary>The first day the value is in force.</summary>
    public DateTime From { get; }
    /// <summary>The provision that set the value.</summary>
    public CitationModel Citation { get; }
    /// <summary>The value of a single-value parameter.</summary>
    public object? Value { get; }
    /// <summary>A table's keys, in declaration order (<see cref="ParameterRange"/>s for a table keyed by ranges).</summary>
    public IReadOnlyList<object> Keys { get; }
    /// <summary>A table's values (one per key), or a scale's rates (one per bracket).</summary>
    public IReadOnlyList<object?> Entries { get; }
    /// <summary>A scale's boundaries, in ascending order.</summary>
    public IReadOnlyList<ScaleBoundary> Boundaries { get; }
    /// <summary>Where the value is written.</summary>
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
    internal ParameterModel(string name, string? label, string? note, ParameterShape shape, RuleType type, RuleType? keyType, ScaleMethod method, TextSpan span)
    {
        Name = name; Label = label; Note = note; Shape = shape; Type = type; KeyType = keyType; Method = method; Span = span;
    }
    /// <summary>The parameter's name, as rules read it.</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The parameter's note.</summary>
    public string? Note { get; }
    /// <summary>A single value, a table or a scale.</summary>
    public ParameterShape Shape { get; }
    /// <summary>The type of a value, of a table entry, or of a scale's rates (rate).</summary>
    public RuleType Type { get; }
    /// <summary>A table's key type (int or an enum).</summary>
    public RuleType? KeyType { get; }
    /// <summary>How a scale's rates apply (marginal or single-rate).</summary>
    public ScaleMethod Method { get; }
    /// <summary>Where the parameter is declared.</summary>
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
    public string NotInForceMessage() => NotInForceText(Name, Day(Values[0].From)).Render(Lang.En);

    /// <summary>The <c>not_in_force</c> message for a read before the first value, in words (<see cref="NotInForceMessage"/>).</summary>
    public Msg NotInForceText() => NotInForceText(Name, Day(Values[0].From));

    internal static Msg NotInForceText(string name, string first) => Msg.Of("param.before_first", ("name", name), ("first", first));

    internal static Msg BeforeFirstText(string name, string first, string reason, string? citation) =>
        Msg.Of("param.before_first_reason", ("name", name), ("first", first), ("reason", reason),
            ("citation", citation is null ? "" : Msg.Of("param.reason_citation", ("citation", citation))));

    internal static Msg NoEntryText(string name, string from, IReadOnlyList<string> keys) =>
        Msg.Of("param.no_entry", ("name", name), ("from", from), ("keys", keys));

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A table keyed by ranges of its <see cref="KeyType"/> (int, decimal or money): its keys are <see cref="ParameterRange"/>s.</summary>
    public bool ByRange { get; internal set; }

    /// <summary>Why a read before the first value is <c>not_determinable</c> (another document decides), or null: then it is <c>not_in_force</c>.</summary>
    public string? BeforeFirstReason { get; internal set; }

    /// <summary>The provision <see cref="BeforeFirstReason"/> cites.</summary>
    public CitationModel? BeforeFirstCitation { get; internal set; }

    /// <summary>The <c>not_determinable</c> message for a read before the first value when <see cref="BeforeFirstReason"/> is set.</summary>
    public string BeforeFirstMessage() => BeforeFirstText().Render(Lang.En);

    /// <summary>The <c>not_determinable</c> message in words (<see cref="BeforeFirstMessage"/>).</summary>
    public Msg BeforeFirstText() => BeforeFirstText(Name, Day(Values[0].From), BeforeFirstReason ?? "", BeforeFirstCitation?.ToString());

    /// <summary>The message for a table key the value in force does not list. It names the keys listed, not the one
    /// asked for (the explanation gives the inputs): a constant, which SQL need not build row by row.</summary>
    public string NoEntryMessage(ParameterValueModel value) => NoEntryText(value).Render(Lang.En);

    /// <summary>The message for a key the value in force does not list, in words (<see cref="NoEntryMessage"/>).</summary>
    public Msg NoEntryText(ParameterValueModel value) => NoEntryText(Name, Day(value.From), value.Keys.Select(k => k.ToString() ?? "").ToList());
}

/// <summary>A reform applied to a package: its name, title and file (<see cref="PackageModel.Reform"/>).</summary>
public sealed class ReformModel
{
    internal ReformModel(string name, string title, string? note, string path) { Name = name; Title = title; Note = note; Path = path; }
    /// <summary>The reform's name (<c>reform NAME "TITLE"</c>).</summary>
    public string Name { get; }
    /// <summary>The reform's title.</summary>
    public string Title { get; }
    /// <summary>Its <c>note</c>, if any.</summary>
    public string? Note { get; }
    /// <summary>The reform file, as given.</summary>
    public string Path { get; }
}

/// <summary>A whole rule package, checked.</summary>
public sealed class PackageModel
{
    internal PackageModel() { }

    private readonly List<DocumentModel> _documents = new();
    private readonly List<CalendarModel> _calendars = new();
    private readonly List<EnumModel> _enums = new();
    private readonly List<RecordModel> _records = new();
    private readonly List<ModuleModel> _modules = new();
    private readonly List<ParameterModel> _parameters = new();

    /// <summary>The registry's documents, in source order.</summary>
    public IReadOnlyList<DocumentModel> Documents => _documents;
    /// <summary>The working-day calendars.</summary>
    public IReadOnlyList<CalendarModel> Calendars => _calendars;
    /// <summary>The enums.</summary>
    public IReadOnlyList<EnumModel> Enums => _enums;
    /// <summary>The record types.</summary>
    public IReadOnlyList<RecordModel> Records => _records;
    /// <summary>The modules, in source order.</summary>
    public IReadOnlyList<ModuleModel> Modules => _modules;
    /// <summary>The parameters: figures the law sets, with their dated values.</summary>
    public IReadOnlyList<ParameterModel> Parameters => _parameters;
    /// <summary>The parameter with this name, or null.</summary>
    public ParameterModel? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
    /// <summary>The reform applied to this package at load time, if any; its drafts are in <see cref="Documents"/>.</summary>
    public ReformModel? Reform { get; internal set; }

    internal void AddDocument(DocumentModel document) => _documents.Add(document);
    internal void AddCalendar(CalendarModel calendar) => _calendars.Add(calendar);
    internal void AddEnum(EnumModel model) => _enums.Add(model);
    internal void AddRecord(RecordModel record) => _records.Add(record);
    internal void AddModule(ModuleModel module) => _modules.Add(module);
    internal void AddParameter(ParameterModel parameter) => _parameters.Add(parameter);

    /// <summary>The module with this name, else with this label, or null.</summary>
    public ModuleModel? FindModule(string nameOrLabel) =>
        Modules.FirstOrDefault(m => m.Name == nameOrLabel) ?? Modules.FirstOrDefault(m => m.Label == nameOrLabel);
    /// <summary>The enum with this name, or null.</summary>
    public EnumModel? FindEnum(string name) => Enums.FirstOrDefault(e => e.Name == name);
    /// <summary>The record type with this name, or null.</summary>
    public RecordModel? FindRecord(string name) => Records.FirstOrDefault(r => r.Name == name);

    /// <summary>The document with this alias, else with this number compared without spaces, or null.</summary>
    public DocumentModel? FindDocument(string aliasOrNumber)
    {
        var normalized = DocumentModel.Normalize(aliasOrNumber);
        return Documents.FirstOrDefault(d => d.Alias == aliasOrNumber)
            ?? Documents.FirstOrDefault(d => DocumentModel.Normalize(d.Number) == normalized);
    }
}
