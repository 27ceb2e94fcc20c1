using System.Globalization;
using PolicyRules.Time;

namespace PolicyRules.Rules;

/// <summary>A document of a rule package's registry, as generated code carries it.</summary>
public sealed class DocumentInfo
{
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
    public string? Title { get; }
    public DateOnly InForceFrom { get; }
    /// <summary>The last day in force by the document's own terms; null when open-ended.</summary>
    public DateOnly? InForceTo { get; }
    /// <summary>The last day in force taking a repeal into account; null when open-ended.</summary>
    public DateOnly? EffectiveTo { get; }
    /// <summary>Outside the gazette (民法典, holiday notices): does not bound a module's period.</summary>
    public bool External { get; }
    /// <summary>The number of the document that repeals this one, if any.</summary>
    public string? RepealedBy { get; }

    public bool IsInForce(DateOnly day) => day >= InForceFrom && (EffectiveTo is not { } to || day <= to);

    public string PeriodText => EffectiveTo is { } to
        ? $"{InForceFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        : $"from {InForceFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

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
    public Citation(DocumentInfo document, string? section, string? quote)
    {
        Document = document; Section = section; Quote = quote;
    }

    public DocumentInfo Document { get; }
    /// <summary>The section path without '§', or null.</summary>
    public string? Section { get; }
    /// <summary>The section's text as the registry quotes it (the document's title when no section is named).</summary>
    public string? Quote { get; }

    /// <summary><c>邯政办字〔2017〕107号 §二</c></summary>
    public override string ToString() => Section is null ? Document.Number : $"{Document.Number} §{Section}";

    public bool Equals(Citation? other) => other is not null && other.Document.Number == Document.Number && other.Section == Section;
    public override bool Equals(object? obj) => Equals(obj as Citation);
    public override int GetHashCode() => HashCode.Combine(Document.Number, Section);
}

/// <summary>A generated module's identity and period in force.</summary>
public sealed class ModuleInfo
{
    public ModuleInfo(string name, string? label, string? note, DateOnly inForceFrom, DateOnly? inForceTo, IReadOnlyList<DocumentInfo> documents,
        bool alwaysInForce = false)
    {
        Name = name; Label = label; Note = note; InForceFrom = inForceFrom; InForceTo = inForceTo; Documents = documents; AlwaysInForce = alwaysInForce;
        DocumentCitations = documents.Select(d => new Citation(d, null, d.Title)).ToArray();
        // The module's period and its documents' periods, intersected once: IsInForce is then two comparisons
        // (it runs on every evaluation of a generated module).
        _firstDay = inForceFrom.DayNumber;
        _lastDay = inForceTo?.DayNumber ?? int.MaxValue;
        foreach (var d in documents)
        {
            _firstDay = Math.Max(_firstDay, d.InForceFrom.DayNumber);
            if (d.EffectiveTo is { } to) _lastDay = Math.Min(_lastDay, to.DayNumber);
        }
    }

    private readonly int _firstDay;
    private readonly int _lastDay;

    /// <summary>The rule-language name (<c>land_use_tax</c>).</summary>
    public string Name { get; }
    public string? Label { get; }
    public string? Note { get; }
    public DateOnly InForceFrom { get; }
    public DateOnly? InForceTo { get; }
    /// <summary>The gazette documents the module's provisions come from.</summary>
    public IReadOnlyList<DocumentInfo> Documents { get; }
    /// <summary>Declared <c>in_force always</c>: answers at every date, whatever its documents' periods.</summary>
    public bool AlwaysInForce { get; }
    /// <summary>Each of <see cref="Documents"/> cited as a whole.</summary>
    public IReadOnlyList<Citation> DocumentCitations { get; }

    /// <summary>The first of the module's documents not in force on <paramref name="day"/>, or null.</summary>
    public DocumentInfo? DocumentNotInForce(DateOnly day) => AlwaysInForce ? null : Documents.FirstOrDefault(d => !d.IsInForce(day));

    public bool IsInForce(DateOnly day) => AlwaysInForce || day.DayNumber >= _firstDay && day.DayNumber <= _lastDay;

    /// <summary>The same words as the interpreter's <c>not_in_force</c> error.</summary>
    public string NotInForceMessage(DateOnly day)
    {
        var doc = DocumentNotInForce(day);
        var why = doc is not null
            ? $"{doc.Number} is in force {doc.PeriodText}" + (doc.RepealedBy is { } by && day > doc.EffectiveTo ? $" (repealed by {by})" : "")
            : $"the module applies {Date(InForceFrom)}" + (InForceTo is { } to ? $" to {Date(to)}" : " onwards");
        return $"module '{Name}' is not in force on {Date(day)}: {why}";
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string ToString() => Label is null ? Name : $"{Name} ({Label})";
}

/// <summary>A labelled rule of a definition given by rules (default logic), for traces and conflict messages.</summary>
public sealed class RuleInfo
{
    public RuleInfo(string label, string source, IReadOnlyList<Citation> citations, string? note, Language.Core.Derivation? how = null)
    {
        Label = label; Source = source; Citations = citations; Note = note; How = how;
    }

    /// <summary>How the rule gives its value (its condition and formula), for explanations.</summary>
    public Language.Core.Derivation? How { get; }

    public string Label { get; }
    /// <summary>Where the rule is written: <c>hz107.rules(105,5)</c>.</summary>
    public string Source { get; }
    public IReadOnlyList<Citation> Citations { get; }
    public string? Note { get; }
}

/// <summary>A working-day calendar declared in a rule package, with the notices it cites.</summary>
public sealed class RuleCalendar
{
    public RuleCalendar(WorkingCalendar calendar, IReadOnlyList<Citation> citations)
    {
        Calendar = calendar; Citations = citations;
    }

    public WorkingCalendar Calendar { get; }
    public IReadOnlyList<Citation> Citations { get; }
    public override string ToString() => Calendar.ToString();
}
