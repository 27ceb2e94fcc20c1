using System;
using System.Globalization;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Model;

/// <summary>
/// Periods in force, computed once by the front end: a document's last day taking its repeal into account
/// (<see cref="DocumentModel.EffectiveTo"/>) and a module's period, the intersection of its documents' periods and its
/// own <c>in_force</c> clause (<see cref="ModuleModel.InForceFrom"/>, <see cref="ModuleModel.InForceTo"/>). The
/// interpreter, the bulk engine and generated modules (through <c>PolicyRules.Rules.ModuleInfo</c>, which receives those
/// periods) only test a day against them, and word the refusal with <see cref="NotInForceMessage"/>.
/// </summary>
public static class InForce
{
    /// <summary>Whether <paramref name="day"/> falls from <paramref name="from"/> to <paramref name="to"/>, both inclusive; a null <paramref name="to"/> is open-ended.</summary>
    public static bool Contains(DateTime from, DateTime? to, DateTime day) => day >= from && (to is not { } last || day <= last);

    /// <summary>The period as messages and the catalogue write it: <c>2017-06-15 to 2018-06-14</c> or <c>from 2017-08-16</c>.</summary>
    public static string PeriodText(DateTime from, DateTime? to) => Period(from, to).Render(Lang.En);

    /// <summary>
    /// The <c>not_in_force</c> message of every back end, in English. <paramref name="document"/> is the first of the
    /// module's documents not in force on <paramref name="day"/>, or null when the module's own period is what excludes it.
    /// </summary>
    public static string NotInForceMessage(string module, DateTime day, DateTime moduleFrom, DateTime? moduleTo, InForceDocument? document) =>
        NotInForceText(module, day, moduleFrom, moduleTo, document).Render(Lang.En);

    /// <summary>The <c>not_in_force</c> message in the catalogue's words: the one wording of the interpreter, the bulk
    /// engine and generated modules (<see cref="NotInForceMessage"/>), and the parts the SQL emitter assembles.</summary>
    internal static Msg NotInForceText(string module, DateTime day, DateTime moduleFrom, DateTime? moduleTo, InForceDocument? document) =>
        NotInForceText(module, Date(day), document is { } doc
            ? DocumentWhy(doc, repealed: doc.RepealedBy is not null && doc.EffectiveTo is { } end && day > end)
            : ModuleWhy(moduleFrom, moduleTo));

    /// <summary>The sentence around its two parts: the day and why (text, or placeholders the SQL emitter replaces).</summary>
    internal static Msg NotInForceText(string module, string day, object why) =>
        Msg.Of("eval.not_in_force", ("module", module), ("day", day), ("why", why));

    /// <summary>Why, when a document is not in force: its period, and who repealed it when the day is past its repeal.</summary>
    internal static Msg DocumentWhy(InForceDocument doc, bool repealed) => repealed
        ? Msg.Of("eval.document_repealed", ("document", doc.Number), ("period", Period(doc.From, doc.EffectiveTo)), ("by", doc.RepealedBy))
        : Msg.Of("eval.document_period", ("document", doc.Number), ("period", Period(doc.From, doc.EffectiveTo)));

    /// <summary>Why, when the module's own period excludes the day.</summary>
    internal static Msg ModuleWhy(DateTime from, DateTime? to) => to is { } last
        ? Msg.Of("eval.module_period_to", ("from", Date(from)), ("to", Date(last)))
        : Msg.Of("eval.module_period_from", ("from", Date(from)));

    private static Msg Period(DateTime from, DateTime? to) => to is { } last
        ? Msg.Of("period.from_to", ("from", Date(from)), ("to", Date(last)))
        : Msg.Of("period.from", ("from", Date(from)));

    private static string Date(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What a <c>not_in_force</c> message says of the document at fault: its number, its period and who repealed it.</summary>
public sealed class InForceDocument
{
    /// <summary>A document's number, first day, last day taking its repeal into account (null: open-ended) and the number of the document that repeals it.</summary>
    public InForceDocument(string number, DateTime from, DateTime? effectiveTo, string? repealedBy)
    {
        Number = number; From = from; EffectiveTo = effectiveTo; RepealedBy = repealedBy;
    }

    /// <summary>What the message says of <paramref name="doc"/>; null for null.</summary>
    internal static InForceDocument? Of(DocumentModel? doc) =>
        doc is null ? null : new InForceDocument(doc.Number, doc.InForceFrom, doc.EffectiveTo, doc.RepealedBy?.Number);

    /// <summary>The official number, as the message names the document.</summary>
    public string Number { get; }
    /// <summary>The first day in force.</summary>
    public DateTime From { get; }
    /// <summary>The last day in force taking a repeal into account; null when open-ended.</summary>
    public DateTime? EffectiveTo { get; }
    /// <summary>The number of the document that repeals this one, if any.</summary>
    public string? RepealedBy { get; }
}
