using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language.Binding;

/// <summary>
/// Turns the syntax of a whole package into the checked model: declarations are collected, names and
/// citations resolved against the registry, expressions typed, periods in force computed.
/// </summary>
internal sealed class Binder
{
    private readonly DiagnosticBag _diagnostics;
    private readonly PackageModel _package;

    internal Binder(DiagnosticBag diagnostics, PackageModel? package = null) { _diagnostics = diagnostics; _package = package ?? new PackageModel(); }

    public static PackageModel Bind(IReadOnlyList<RuleFileSyntax> files, DiagnosticBag diagnostics)
    {
        var binder = new Binder(diagnostics);
        binder.BindPackage(files.SelectMany(f => f.Declarations).ToList());
        return binder._package;
    }

    private void BindPackage(List<DeclarationSyntax> declarations)
    {
        CheckDuplicates(declarations.OfType<DocumentSyntax>(), Msg.Of("kind.document"));
        CheckDuplicates(declarations.OfType<ModuleSyntax>(), Msg.Of("kind.module"));
        CheckDuplicates(declarations.OfType<ParameterSyntax>(), Msg.Of("kind.parameter"));
        CheckDuplicates(declarations.Where(d => d is EnumSyntax or RecordSyntax or CalendarSyntax), Msg.Of("kind.type_or_calendar"));

        var documents = declarations.OfType<DocumentSyntax>().GroupBy(d => d.Name).Select(g => g.First()).ToList();
        // A citation or document_in_force by number must name one document, not whichever comes first.
        foreach (var group in documents.GroupBy(d => DocumentModel.Normalize(d.Number)).Where(g => g.Count() > 1))
            foreach (var dup in group.Skip(1))
                _diagnostics.Error(DiagnosticIds.DuplicateName, dup.Span,
                    Msg.Of("bind.same_number", ("name", dup.Name), ("number", dup.Number), ("other", group.First().Name), ("at", group.First().Span.ToString())));
        foreach (var d in documents) _package.AddDocument(BindDocument(d));
        foreach (var d in documents) BindRepeals(d);

        foreach (var e in declarations.OfType<EnumSyntax>().GroupBy(d => d.Name).Select(g => g.First()))
            _package.AddEnum(BindEnum(e));
        var records = declarations.OfType<RecordSyntax>().GroupBy(d => d.Name).Select(g => g.First()).ToList();
        foreach (var r in records) _package.AddRecord(new RecordModel(r.Name, r.Label, r.Span));
        foreach (var r in records) BindRecordFields(r);

        foreach (var c in declarations.OfType<CalendarSyntax>().GroupBy(d => d.Name).Select(g => g.First()))
        {
            var calendar = BindCalendar(c);
            if (calendar is not null) _package.AddCalendar(calendar);
        }

        foreach (var p in declarations.OfType<ParameterSyntax>().GroupBy(d => d.Name).Select(g => g.First()))
            _package.AddParameter(new ParameterBinder(this, p).Bind());

        foreach (var m in declarations.OfType<ModuleSyntax>().GroupBy(d => d.Name).Select(g => g.First()))
            _package.AddModule(new ModuleBinder(this, m).Bind());
    }

    private void CheckDuplicates(IEnumerable<DeclarationSyntax> declarations, Msg what)
    {
        foreach (var group in declarations.GroupBy(d => d.Name).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var dup in group.Skip(1))
                _diagnostics.Error(DiagnosticIds.DuplicateName, dup.Span,
                    Msg.Of("bind.declared_twice", ("what", what), ("name", dup.Name), ("first", first.Span.ToString())));
        }
    }

    // ---- registry ------------------------------------------------------------------------------

    internal DocumentModel BindDocument(DocumentSyntax d)
    {
        DateTime from;
        DateTime? to = null;
        if (d.InForce is { } f)
        {
            from = f.From;
            to = f.LastDay;
            if (f.Kind == InForceKind.Always)
                _diagnostics.Error(DiagnosticIds.InvalidDocument, f.Span, Msg.Of("bind.document_no_start", ("name", d.Name)), Msg.Of("hint.write_in_force_from"));
            if (to < from) _diagnostics.Error(DiagnosticIds.InvalidDocument, f.Span, Msg.Of("bind.document_ends_before", ("name", d.Name), ("to", Day(to!.Value)), ("from", Day(from))));
        }
        else if (d.Issued is { } issued) from = issued;
        else
        {
            _diagnostics.Error(DiagnosticIds.InvalidDocument, d.Span, Msg.Of("bind.document_no_dates", ("name", d.Name)), Msg.Of("hint.add_in_force_from"));
            from = DateTime.MinValue;
        }

        foreach (var dup in d.Sections.GroupBy(s => s.Path).Where(g => g.Count() > 1).Select(g => g.Skip(1).First()))
            _diagnostics.Error(DiagnosticIds.DuplicateName, dup.Span, Msg.Of("bind.section_twice", ("section", dup.Path), ("name", d.Name)));

        return new DocumentModel(d.Name, d.Number, d.Title, d.Issued, from, to, d.External, d.Note,
            d.Sections.Select(s => new SectionModel(s.Path, s.Text)).ToList(), d.Span);
    }

    private void BindRepeals(DocumentSyntax d)
    {
        var repealing = _package.Documents.First(x => x.Alias == d.Name);
        foreach (var r in d.Repeals)
        {
            var target = _package.FindDocument(r.Document);
            if (target is null)
            {
                _diagnostics.Error(DiagnosticIds.UnknownDocument, r.Span, Msg.Of("bind.unknown_document", ("document", r.Document)),
                    NameSuggester.DidYouMeanMsg(r.Document, _package.Documents.Select(x => x.Alias)));
                continue;
            }
            if (r.Section is not null && !repealing.SectionsByPath.ContainsKey(r.Section))
                _diagnostics.Error(DiagnosticIds.UnknownSection, r.Span, Msg.Of("bind.unknown_section", ("document", repealing.Number), ("section", r.Section)),
                    NameSuggester.DidYouMeanMsg(r.Section, repealing.SectionsByPath.Keys));
            target.RepealedBy = repealing;
            target.RepealedBySection = r.Section;
        }
    }

    internal CitationModel? BindCitation(CitationSyntax c, bool allowRepealed = false)
    {
        var doc = _package.FindDocument(c.Document);
        if (doc is null)
        {
            var candidates = c.ByNumber ? _package.Documents.Select(d => d.Number) : _package.Documents.Select(d => d.Alias);
            _diagnostics.Error(DiagnosticIds.UnknownDocument, c.Span, Msg.Of("bind.unknown_document", ("document", c.Document)),
                NameSuggester.DidYouMeanMsg(c.Document, candidates));
            return null;
        }
        if (c.Section is not null && !doc.SectionsByPath.ContainsKey(c.Section))
        {
            _diagnostics.Error(DiagnosticIds.UnknownSection, c.Span, Msg.Of("bind.unknown_section", ("document", doc.Number), ("section", c.Section)),
                SectionHintMsg(doc, c.Section));
            return null;
        }
        if (doc.RepealedBy is { } by && !allowRepealed)
            _diagnostics.Error(DiagnosticIds.RepealedDocument, c.Span,
                Msg.Of("bind.repealed", ("document", doc.Number), ("by", by.Number + (doc.RepealedBySection is null ? "" : " §" + doc.RepealedBySection))));
        return new CitationModel(doc, c.Section);
    }

    /// <summary>"did you mean '二'? (its sections are §一, §二, …)" for a section the document does not have.</summary>
    public static string SectionHint(DocumentModel doc, string section) => SectionHintMsg(doc, section).Render(Lang.En);

    public static Msg SectionHintMsg(DocumentModel doc, string section)
    {
        var listing = doc.Sections.Count == 0
            ? Msg.Of("hint.no_sections")
            : Msg.Of("hint.sections_are", ("sections", doc.Sections.Take(12).Select(s => "§" + s.Path).Concat(doc.Sections.Count > 12 ? new[] { "…" } : Array.Empty<string>()).ToList()));
        var nearest = NameSuggester.DidYouMeanMsg(section, doc.SectionsByPath.Keys);
        return nearest is null ? listing : Msg.Of("hint.with_listing", ("hint", nearest), ("listing", listing));
    }

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Binds a citation against an already checked package's registry, with the same diagnostics as a rule's citation
    /// (PR0103–PR0105). Scenario files cite the provision they check this way.
    /// </summary>
    public static CitationModel? BindCitation(PackageModel package, CitationSyntax citation, DiagnosticBag diagnostics) =>
        new Binder(diagnostics, package).BindCitation(citation);

    internal IReadOnlyList<CitationModel> BindCitations(IEnumerable<CitationSyntax> cites) =>
        cites.Select(c => BindCitation(c)).Where(c => c is not null).Select(c => c!).Distinct().ToList();

    private EnumModel BindEnum(EnumSyntax e)
    {
        foreach (var dup in e.Members.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Skip(1).First()))
            _diagnostics.Error(DiagnosticIds.DuplicateName, dup.Span, Msg.Of("bind.enum_member_twice", ("enum", e.Name), ("member", dup.Name)));
        return new EnumModel(e.Name, e.Label, e.Members.GroupBy(m => m.Name).Select(g => new EnumMemberModel(g.Key, g.First().Label)).ToList(), e.Span);
    }

    private void BindRecordFields(RecordSyntax r)
    {
        var model = _package.FindRecord(r.Name)!;
        foreach (var f in r.Fields)
        {
            if (model.Fields.Any(x => x.Name == f.Name))
            {
                _diagnostics.Error(DiagnosticIds.DuplicateName, f.Span, Msg.Of("bind.field_twice", ("record", r.Name), ("field", f.Name)));
                continue;
            }
            model.AddField(new FieldModel(f.Name, ResolveType(f.Type), f.Label));
        }
    }

    private CalendarModel? BindCalendar(CalendarSyntax c)
    {
        if (c.CoversFrom is not { } from || c.CoversTo is not { } to)
        {
            _diagnostics.Error(DiagnosticIds.InvalidDocument, c.Span, Msg.Of("bind.calendar_no_cover", ("name", c.Name)), Msg.Of("hint.add_covers"));
            return null;
        }
        var holidays = new List<DateTime>();
        var workdays = new List<DateTime>();
        foreach (var e in c.Entries)
        {
            if (e.From < from || e.To > to)
                _diagnostics.Error(DiagnosticIds.InvalidDocument, e.Span, Msg.Of(e.Holiday ? "bind.holiday_outside" : "bind.workday_outside", ("day", Day(e.From)), ("from", Day(from)), ("to", Day(to))));
            if (e.Cites.Count == 0 && c.Cites.Count == 0)
                _diagnostics.Error(DiagnosticIds.MissingCitation, e.Span, Msg.Of("bind.calendar_entry_uncited", ("day", Day(e.From))), Msg.Of("hint.add_cites_notice"));
            BindCitations(e.Cites);
            for (var day = e.From; day <= e.To; day = day.AddDays(1))
            {
                var list = e.Holiday ? holidays : workdays;
                var other = e.Holiday ? workdays : holidays;
                if (other.Contains(day))
                    _diagnostics.Error(DiagnosticIds.InvalidDocument, e.Span, Msg.Of("bind.holiday_and_workday", ("day", Day(day))));
                if (!list.Contains(day)) list.Add(day);
            }
        }
        return new CalendarModel(c.Name, c.Label, from, to, holidays, workdays, BindCitations(c.Cites), c.Span);
    }

    internal RuleType ResolveType(TypeSyntax t)
    {
        RuleType core;
        if (t.Element is not null) core = RuleType.ListOf(ResolveType(t.Element));
        else
        {
            core = t.Name switch
            {
                "int" => RuleType.Int,
                "decimal" => RuleType.Decimal,
                "money" => RuleType.Money,
                "rate" => RuleType.Rate,
                "bool" => RuleType.Bool,
                "date" => RuleType.Date,
                "datetime" => RuleType.DateTime,
                "string" => RuleType.String,
                _ when _package.FindEnum(t.Name) is not null => RuleType.EnumOf(t.Name),
                _ when _package.FindRecord(t.Name) is not null => RuleType.RecordOf(t.Name),
                _ => null!,
            };
            if (core is null)
            {
                var known = new[] { "int", "decimal", "money", "rate", "bool", "date", "datetime", "string" }
                    .Concat(_package.Enums.Select(e => e.Name)).Concat(_package.Records.Select(r => r.Name));
                _diagnostics.Error(DiagnosticIds.UnknownType, t.Span, Msg.Of("bind.unknown_type", ("name", t.Name)), NameSuggester.DidYouMeanMsg(t.Name, known));
                return RuleType.Error;
            }
        }
        return t.Optional ? core.AsOptional() : core;
    }

    /// <summary>
    /// A constant written in a declaration outside modules (a parameter's value or table key): a number, an amount, a
    /// rate, a negated number, or an enum value (<c>congtai</c> or <c>land_district.congtai</c> where an enum is expected).
    /// Null after a diagnostic.
    /// </summary>
    internal BoundLiteral? BindConstant(ExpressionSyntax e, RuleType expected)
    {
        switch (e)
        {
            case LiteralSyntax l:
                return l.Kind switch
                {
                    LiteralKind.Int when l.Number <= int.MaxValue => new BoundLiteral((int)l.Number, RuleType.Int, l.Span),
                    LiteralKind.Int => new BoundLiteral(l.Number, RuleType.Decimal, l.Span),
                    LiteralKind.Decimal => new BoundLiteral(l.Number, RuleType.Decimal, l.Span),
                    LiteralKind.Money => new BoundLiteral(l.Number, RuleType.Money, l.Span),
                    LiteralKind.Rate => new BoundLiteral(l.Number, RuleType.Rate, l.Span),
                    _ => NotConstant(e),
                };
            case UnarySyntax { Operator: "-" } u when BindConstant(u.Operand, expected) is { Value: int or decimal } inner:
                return new BoundLiteral(inner.Value is int whole ? -whole : -(decimal)inner.Value!, inner.Type, u.Span);
            case NameSyntax n when expected.Kind == TypeKind.Enum && _package.FindEnum(expected.Name!) is { } enumModel:
                if (enumModel.Members.Any(m => m.Name == n.Name)) return new BoundLiteral(n.Name, expected.AsRequired(), n.Span);
                _diagnostics.Error(DiagnosticIds.UnknownName, n.Span, Msg.Of("bind.no_member", ("enum", enumModel.Name), ("member", n.Name)),
                    NameSuggester.DidYouMeanMsg(n.Name, enumModel.Members.Select(m => m.Name)));
                return null;
            case MemberAccessSyntax { Target: NameSyntax owner } m when expected.Kind == TypeKind.Enum && owner.Name == expected.Name:
                return BindConstant(new NameSyntax(m.Member, m.Span), expected);
            default:
                return NotConstant(e);
        }
    }

    private BoundLiteral? NotConstant(ExpressionSyntax e)
    {
        _diagnostics.Error(DiagnosticIds.InvalidParameter, e.Span, Msg.Of("param.not_constant", ("expression", Printer.Print(e))));
        return null;
    }

    internal PackageModel Package => _package;
    internal DiagnosticBag Diagnostics => _diagnostics;
}
