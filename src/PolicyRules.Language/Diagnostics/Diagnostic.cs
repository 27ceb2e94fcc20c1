using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Diagnostics;

/// <summary>A place in a source file: 1-based line and column, end exclusive.</summary>
public readonly record struct TextSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A span for a file as a whole (line 1, column 1), for a problem with no better place.</summary>
    public static TextSpan None(string file) => new(file, 1, 1, 1, 1);
    /// <summary>The place as MSBuild writes it: <c>file(line,col)</c>.</summary>
    public override string ToString() => $"{File}({Line},{Column})";
}

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    /// <summary>The rules or scenario cannot be used as written.</summary>
    Error,
    /// <summary>Usable, but probably not what was meant.</summary>
    Warning,
    /// <summary>A note.</summary>
    Info,
}

/// <summary>One problem found in a rule or scenario file. Diagnostics are collected, never thrown.</summary>
public sealed record Diagnostic(string Id, Severity Severity, TextSpan Span, string Message, string? Suggestion = null)
{
    /// <summary>Whether the diagnostic is an error, which stops the package from loading or the scenario from running.</summary>
    public bool IsError => Severity == Severity.Error;

    /// <summary>The message before it is put into words, when it comes from <see cref="MessageCatalogue"/>.</summary>
    public Msg? Text { get; init; }

    /// <summary>The suggestion before it is put into words, when it comes from <see cref="MessageCatalogue"/>.</summary>
    public Msg? Hint { get; init; }

    /// <summary>A diagnostic whose message and suggestion come from the catalogue; <see cref="Message"/> holds the English text.</summary>
    public static Diagnostic Of(DiagnosticDescriptor descriptor, Severity severity, TextSpan span, Msg message, Msg? hint = null) =>
        new(descriptor.Id, severity, span, message.Render(Lang.En), hint?.Render(Lang.En)) { Text = message, Hint = hint };

    /// <summary>An error whose message and suggestion come from the catalogue.</summary>
    public static Diagnostic Error(DiagnosticDescriptor descriptor, TextSpan span, Msg message, Msg? hint = null) =>
        Of(descriptor, Severity.Error, span, message, hint);

    /// <summary>The message in <paramref name="lang"/> (as written, for a message that is not in the catalogue).</summary>
    public string MessageIn(Lang lang) => Text?.Render(lang) ?? Message;

    /// <summary>The suggestion in <paramref name="lang"/>, or null.</summary>
    public string? SuggestionIn(Lang lang) => Hint?.Render(lang) ?? Suggestion;

    /// <summary>MSBuild-style: <c>file(line,col): error PR0101: message; did you mean 'x'?</c></summary>
    public override string ToString() => ToString(Lang.En);

    /// <summary>
    /// In English MSBuild-style (<c>file(line,col): error PR0101: message; did you mean 'x'?</c>); in Chinese
    /// <c>file 第3行第5列：错误 PR0101：…；…</c>.
    /// </summary>
    public string ToString(Lang lang)
    {
        var level = Msg.Of(Severity switch { Severity.Error => "severity.error", Severity.Warning => "severity.warning", _ => "severity.info" });
        var suggestion = SuggestionIn(lang);
        return Msg.Of(suggestion is null ? "diagnostic.line" : "diagnostic.line_hint",
            ("file", Span.File), ("line", Span.Line), ("column", Span.Column), ("level", level), ("id", Id),
            ("message", MessageIn(lang)), ("hint", suggestion)).Render(lang);
    }
}

/// <summary>Collects diagnostics in the order they were found.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();
    public IReadOnlyList<Diagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.IsError);

    public void Add(Diagnostic d) => _items.Add(d);
    public void AddRange(IEnumerable<Diagnostic> ds) => _items.AddRange(ds);

    public void Error(DiagnosticDescriptor descriptor, TextSpan span, string message, string? suggestion = null) =>
        _items.Add(new Diagnostic(descriptor.Id, Severity.Error, span, message, suggestion));

    public void Warning(DiagnosticDescriptor descriptor, TextSpan span, string message, string? suggestion = null) =>
        _items.Add(new Diagnostic(descriptor.Id, Severity.Warning, span, message, suggestion));

    public void Error(DiagnosticDescriptor descriptor, TextSpan span, Msg message, Msg? hint = null) =>
        _items.Add(Diagnostic.Of(descriptor, Severity.Error, span, message, hint));

    public void Warning(DiagnosticDescriptor descriptor, TextSpan span, Msg message, Msg? hint = null) =>
        _items.Add(Diagnostic.Of(descriptor, Severity.Warning, span, message, hint));
}

/// <summary>Suggests the nearest known name for an unknown one.</summary>
internal static class NameSuggester
{
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = Distance(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        if (best is null) return null;
        var limit = Math.Max(2, Math.Min(name.Length, best.Length) / 3);
        if (bestDistance <= limit) return best;
        return ByWords(name, candidates);
    }

    /// <summary>
    /// A name written with fewer words than the real one ("land_tax" for "land_use_tax"): the shortest candidate
    /// that holds every word of the name, in order.
    /// </summary>
    private static string? ByWords(string name, IEnumerable<string> candidates)
    {
        var words = name.ToLowerInvariant().Split(new[] { '_' }, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2) return null;
        string? best = null;
        foreach (var c in candidates)
        {
            var parts = c.ToLowerInvariant().Split('_');
            var next = 0;
            foreach (var part in parts)
                if (next < words.Length && part == words[next]) next++;
            if (next == words.Length && (best is null || c.Length < best.Length)) best = c;
        }
        return best;
    }

    public static string? DidYouMean(string name, IEnumerable<string> candidates)
    {
        var nearest = Nearest(name, candidates);
        return nearest is null ? null : $"did you mean '{nearest}'?";
    }

    /// <summary><c>did you mean 'x'?</c> as a catalogue message, or null when no candidate is near.</summary>
    public static Msg? DidYouMeanMsg(string name, IEnumerable<string> candidates) =>
        Nearest(name, candidates) is { } nearest ? Msg.Of("hint.did_you_mean", ("name", nearest)) : null;

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    cur[j] = Math.Min(cur[j], prev[j - 1]); // adjacent transposition, approximated
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
