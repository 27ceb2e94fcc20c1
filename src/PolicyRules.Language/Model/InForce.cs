using System;
using System.Globalization;

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
    public static string PeriodText(DateTime from, DateTime? to) => to is { } last
        ? $"{Date(from)} to {Date(last)}"
        : $"from {Date(from)}";

    /// <summary>
    /// The <c>not_in_force</c> message of every back end. <paramref name="document"/> is the first of the module's
    /// documents not in force on <paramref name="day"/>, or null when the module's own period is what excludes it.
    /// </summary>
    public static string NotInForceMessage(string module, DateTime day, DateTime moduleFrom, DateTime? moduleTo, InForceDocument? document)
    {
        var why = document is { } doc
            ? $"{doc.Number} is in force {PeriodText(doc.From, doc.EffectiveTo)}"
              + (doc.RepealedBy is { } by && doc.EffectiveTo is { } end && day > end ? $" (repealed by {by})" : "")
            : $"the module applies {Date(moduleFrom)}" + (moduleTo is { } to ? $" to {Date(to)}" : " onwards");
        return $"module '{module}' is not in force on {Date(day)}: {why}";
    }

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

    /// <summary>The official number, as the message names the document.</summary>
    public string Number { get; }
    /// <summary>The first day in force.</summary>
    public DateTime From { get; }
    /// <summary>The last day in force taking a repeal into account; null when open-ended.</summary>
    public DateTime? EffectiveTo { get; }
    /// <summary>The number of the document that repeals this one, if any.</summary>
    public string? RepealedBy { get; }
}
