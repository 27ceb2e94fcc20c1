using System.Globalization;
using PolicyRules.Language.Model;
using PolicyRules.Time;

namespace PolicyRules.Rules;

/// <summary>A document of a rule package's registry, as generated code carries it.</summary>
public sealed class DocumentInfo
{
    /// <summary>A registry document as the front end checked it: its period, the last day taking a repeal into account, and who repeals it.</summary>
    public DocumentInfo(string alias, string number, string? title, DateOnly inForceFrom, DateOnly? inForceTo, DateOnly? effectiveTo,
        bool external, string? repealedBy)
    {
        Alias = alias; Number = number; Title = title; InForceFrom = inForceFrom; InForceTo = inForceTo; EffectiveTo = effectiveTo;
        External = external; RepealedBy = repealedBy;
    }

    /// <summary>The alias rules cite it by (<c>hz107</c>).</summary>
    public string Alias { get; }
    /// <summary>The official number (<c>邯政办字〔2017〕107号</c>).</summary>
    public string Number { get; }
    /// <summary>The document's title.</summary>
    public string? Title { get; }
    /// <summary>The first day in force.</summary>
    public DateOnly InForceFrom { get; }
    /// <summary>The last day in force by the document's own terms; null when open-ended.</summary>
    public DateOnly? InForceTo { get; }
    /// <summary>The last day in force taking a repeal into account; null when open-ended.</summary>
    public DateOnly? EffectiveTo { get; }
    /// <summary>Outside the gazette (民法典, holiday notices): does not bound a module's period.</summary>
    public bool External { get; }
    /// <summary>The number of the document that repeals this one, if any.</summary>
    public string? RepealedBy { get; }

    /// <summary>Whether the document is in force on <paramref name="day"/>, its repeal taken into account.</summary>
    public bool IsInForce(DateOnly day) => InForce.Contains(Day(InForceFrom), Day(EffectiveTo), Day(day));

    /// <summary>The period in force as messages write it (<see cref="InForce.PeriodText"/>).</summary>
    public string PeriodText => InForce.PeriodText(Day(InForceFrom), Day(EffectiveTo));

    internal static DateTime Day(DateOnly day) => day.ToDateTime(TimeOnly.MinValue);
    internal static DateTime? Day(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    /// <summary>The official number.</summary>
    public override string ToString() => Number;

    /// <summary>Finds a document by alias, else by number compared without spaces (as the registry does).</summary>
    public static DocumentInfo? Find(IReadOnlyList<DocumentInfo> registry, string aliasOrNumber)
    {
        foreach (var d in registry)
            if (d.Alias == aliasOrNumber) return d;
        var normalized = Normalize(aliasOrNumber);
        foreach (var d in registry)
            if (Normalize(d.Number) == normalized) return d;
        return null;
    }

    private static string Normalize(string number) => new(number.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

/// <summary>A provision: a registry document and a section path (null for the whole document), with the quoted text.</summary>
public sealed class Citation : IEquatable<Citation>
{
    /// <summary>A citation of <paramref name="section"/> of <paramref name="document"/> (null: the whole document), with its quote.</summary>
    public Citation(DocumentInfo document, string? section, string? quote)
    {
        Document = document; Section = section; Quote = quote;
    }

    /// <summary>The cited document.</summary>
    public DocumentInfo Document { get; }
    /// <summary>The section path without '§', or null.</summary>
    public string? Section { get; }
    /// <summary>The section's text as the registry quotes it (the document's title when no section is named).</summary>
    public string? Quote { get; }

    /// <summary><c>邯政办字〔2017〕107号 §二</c></summary>
    public override string ToString() => Section is null ? Document.Number : $"{Document.Number} §{Section}";

    /// <summary>Citations are equal when they cite the same section of the same document.</summary>
    public bool Equals(Citation? other) => other is not null && other.Document.Number == Document.Number && other.Section == Section;
    /// <summary>Whether <paramref name="obj"/> is an equal <see cref="Citation"/>.</summary>
    public override bool Equals(object? obj) => Equals(obj as Citation);
    /// <summary>A hash of the document's number and the section.</summary>
    public override int GetHashCode() => HashCode.Combine(Document.Number, Section);
}

/// <summary>A generated module's identity and period in force.</summary>
public sealed class ModuleInfo
{
    /// <summary>A module's identity and its period in force as the front end computed it (already intersected with its documents').</summary>
    public ModuleInfo(string name, string? label, string? note, DateOnly inForceFrom, DateOnly? inForceTo, IReadOnlyList<DocumentInfo> documents,
        bool alwaysInForce = false)
    {
        Name = name; Label = label; Note = note; InForceFrom = inForceFrom; InForceTo = inForceTo; Documents = documents; AlwaysInForce = alwaysInForce;
        DocumentCitations = documents.Select(d => new Citation(d, null, d.Title)).ToArray();
        // The period comes from the front end already intersected with the documents' (ModuleModel.InForceFrom/To):
        // IsInForce, run on every evaluation of a generated module, is two comparisons of day numbers.
        _firstDay = inForceFrom.DayNumber;
        _lastDay = inForceTo?.DayNumber ?? int.MaxValue;
    }

    private readonly int _firstDay;
    private readonly int _lastDay;

    /// <summary>The rule-language name (<c>land_use_tax</c>).</summary>
    public string Name { get; }
    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; }
    /// <summary>The module's note.</summary>
    public string? Note { get; }
    /// <summary>The first day the module answers.</summary>
    public DateOnly InForceFrom { get; }
    /// <summary>The last day the module answers; null when open-ended.</summary>
    public DateOnly? InForceTo { get; }
    /// <summary>The gazette documents the module's provisions come from.</summary>
    public IReadOnlyList<DocumentInfo> Documents { get; }
    /// <summary>Declared <c>in_force always</c>: answers at every date, whatever its documents' periods.</summary>
    public bool AlwaysInForce { get; }
    /// <summary>Each of <see cref="Documents"/> cited as a whole.</summary>
    public IReadOnlyList<Citation> DocumentCitations { get; }

    /// <summary>The first of the module's documents not in force on <paramref name="day"/>, or null.</summary>
    public DocumentInfo? DocumentNotInForce(DateOnly day) => AlwaysInForce ? null : Documents.FirstOrDefault(d => !d.IsInForce(day));

    /// <summary>Whether the module answers on <paramref name="day"/>: two comparisons with the period the front end computed.</summary>
    public bool IsInForce(DateOnly day) => AlwaysInForce || day.DayNumber >= _firstDay && day.DayNumber <= _lastDay;

    /// <summary>The interpreter's <c>not_in_force</c> error on <paramref name="day"/>, in its words (either language), citing the module's documents.</summary>
    public RuleError NotInForceError(DateOnly day) => RuleError.Of(Evaluation.ErrorCodes.NotInForce,
        InForce.NotInForceText(Name, DocumentInfo.Day(day), DocumentInfo.Day(InForceFrom), DocumentInfo.Day(InForceTo), DocumentNotInForce(day) is { } doc
            ? new InForceDocument(doc.Number, DocumentInfo.Day(doc.InForceFrom), DocumentInfo.Day(doc.EffectiveTo), doc.RepealedBy)
            : null),
        null, DocumentCitations);

    /// <c>name (label)</c>.
    public override string ToString() => Label is null ? Name : $"{Name} ({Label})";
}

/// <summary>A labelled rule of a definition given by rules (default logic), for traces and conflict messages.</summary>
public sealed class RuleInfo
{
    /// <summary>A labelled rule: its label, where it is written, its citations and note, and how it gives its value.</summary>
    public RuleInfo(string label, string source, IReadOnlyList<Citation> citations, string? note, Language.Core.Derivation? how = null)
    {
        Label = label; Source = source; Citations = citations; Note = note; How = how;
    }

    /// <summary>How the rule gives its value (its condition and formula), for explanations.</summary>
    public Language.Core.Derivation? How { get; }

    /// <summary>The rule's label.</summary>
    public string Label { get; }
    /// <summary>Where the rule is written: <c>hz107.rules(105,5)</c>.</summary>
    public string Source { get; }
    /// <summary>The provisions the rule cites.</summary>
    public IReadOnlyList<Citation> Citations { get; }
    /// <summary>The rule's note.</summary>
    public string? Note { get; }
}

/// <summary>A working-day calendar declared in a rule package, with the notices it cites.</summary>
/// <remarks>It is the calendar itself (sharing the data of the one it is made from), so that a generated module's fast
/// evaluation reads the data from the registry's field without a second object in between.</remarks>
public sealed class RuleCalendar : WorkingCalendar
{
    /// <summary>A calendar with the notices its data comes from.</summary>
    public RuleCalendar(WorkingCalendar calendar, IReadOnlyList<Citation> citations) : base(calendar)
    {
        Citations = citations;
    }

    /// <summary>The working-day calendar (this one).</summary>
    public WorkingCalendar Calendar => this;
    /// <summary>The notices the calendar data comes from, cited by a <c>not_determinable</c> outside its coverage.</summary>
    public IReadOnlyList<Citation> Citations { get; }
}
