using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using Sprache;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// The tokens both languages (.rules and .scenario) share — quoted text and its escapes, dates, numbers, § section
/// paths — and the plumbing both grammars run on: a cheap input, a reference without memo, the nesting budget and the
/// state of the parse in progress. The grammars are static and built once; what differs per file (its path, the
/// depth reached, the clauses found repeated) lives in <see cref="ParseState"/>, one per thread.
/// </summary>
internal static class Tokens
{
    /// <summary>
    /// What a grammar expected, in the catalogue: a production's name (<c>.Named(…)</c>) by its key in
    /// <paramref name="keys"/>; a token (<c>'}'</c>, or Sprache's bare characters <c>§</c>, <c>a|b</c>) as the token;
    /// Sprache's "any character except …" by its key. Only a name nobody has given a key falls back to the text itself.
    /// </summary>
    public static Msg Expectation(string name, IReadOnlyDictionary<string, string> keys)
    {
        if (keys.TryGetValue(name, out var key)) return Msg.Of(key);
        if (name.Length >= 3 && name[0] == '\'' && name[name.Length - 1] == '\'' && name.IndexOf('\'', 1) == name.Length - 1)
            return Msg.Of("grammar.token", ("token", name.Substring(1, name.Length - 2)));
        const string except = "any character except ";
        if (name.StartsWith(except, StringComparison.Ordinal))
            return Msg.Of("grammar.any_except", ("chars", name.Substring(except.Length)));
        if (name.Length > 0 && name.Split('|').All(c => c.Length == 1))
            return name.Split('|').Select(c => Msg.Of("grammar.token", ("token", c == "\t" ? "\\t" : c)))
                .Aggregate((a, b) => Msg.Of("expect.or", ("a", a), ("b", b)));
        return Msg.Of("expect.text", ("text", name));
    }

    [ThreadStatic] private static ParseState? _state;

    /// <summary>The parse running on this thread.</summary>
    public static ParseState State => _state ?? throw new InvalidOperationException("no parse is running on this thread");

    /// <summary>Runs <paramref name="parse"/> with <paramref name="state"/> as this thread's parse state (parses may nest: a scenario reads a rule expression).</summary>
    public static T With<T>(ParseState state, Func<T> parse)
    {
        var outer = _state;
        _state = state;
        try { return parse(); }
        finally { _state = outer; }
    }

    /// <summary>The input of a parse with this thread's <see cref="State"/>, which every position carries along.</summary>
    public static IInput Input(string text) => new SourceInput(State, text, 0, 1, 1);

    /// <summary>
    /// The state of the parse <paramref name="input"/> belongs to. Parsers that run at every token read it here:
    /// reading a thread-static field that often cost more than the parsing itself.
    /// </summary>
    public static ParseState StateOf(IInput input) => input is SourceInput source ? source.State : State;

    /// <summary>
    /// Sprache's own input allocates a dictionary at every character (for <c>Parse.Ref</c>'s memo). This one keeps the
    /// position only; our grammars use <see cref="Ref{T}"/>, which needs no memo.
    /// </summary>
    private sealed class SourceInput : IInput
    {
        private IDictionary<object, object>? _memos;

        public SourceInput(ParseState state, string source, int position, int line, int column)
        {
            State = state; Source = source; Position = position; Line = line; Column = column;
        }

        public ParseState State { get; }
        public string Source { get; }
        public int Position { get; }
        public int Line { get; }
        public int Column { get; }
        public char Current => Source[Position];
        public bool AtEnd => Position == Source.Length;
        public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();

        public IInput Advance()
        {
            if (AtEnd) throw new InvalidOperationException("The input is already at the end of the source.");
            return Current == '\n'
                ? new SourceInput(State, Source, Position + 1, Line + 1, 1)
                : new SourceInput(State, Source, Position + 1, Line, Column + 1);
        }

        public bool Equals(IInput? other) => other is not null && ReferenceEquals(Source, other.Source) && Position == other.Position;
        public override bool Equals(object? obj) => obj is IInput other && Equals(other);
        public override int GetHashCode() => Position;
        public override string ToString() => $"Line {Line}, Column {Column}";
    }

    /// <summary>
    /// The input <paramref name="count"/> characters on, built once (not one object per character) when it is ours.
    /// For the loops that scan text directly: trivia, names, quoted text.
    /// </summary>
    public static IInput AdvanceBy(IInput input, int count)
    {
        if (input is not SourceInput source)
        {
            var rest = input;
            for (var k = 0; k < count; k++) rest = rest.Advance();
            return rest;
        }
        int line = source.Line, column = source.Column, end = source.Position + count;
        var text = source.Source;
        for (var k = source.Position; k < end; k++)
        {
            if (text[k] == '\n') { line++; column = 1; }
            else column++;
        }
        return new SourceInput(source.State, text, end, line, column);
    }

    /// <summary>A forward reference to a parser defined later (for recursion). Unlike <c>Parse.Ref</c> it keeps no memo.</summary>
    public static Parser<T> Ref<T>(Func<Parser<T>> reference)
    {
        Parser<T>? parser = null;
        return i => (parser ??= reference())(i);
    }

    /// <summary>
    /// One level of nesting (a bracket, <c>if</c>, <c>match</c>, a call, a list, a unary operator). The budget is spent
    /// while parsing, so input nested thousands deep stops at level <see cref="NestingLimit.MaxDepth"/> + 1 with a
    /// diagnostic there, in time proportional to what was read.
    /// </summary>
    public static Parser<T> Nested<T>(Parser<T> parser) => i =>
    {
        var state = StateOf(i);
        if (state.Depth >= NestingLimit.MaxDepth) throw NestingLimit.TooDeep(i.Line, i.Column);
        state.Depth++;
        try { return parser(i); }
        finally { state.Depth--; }
    };

    /// <summary>
    /// Matches <paramref name="text"/> as a whole, or fails without consuming anything (Sprache's <c>Parse.String</c>
    /// consumes the matching prefix, which would stop <c>XOr</c> from trying the next alternative). With
    /// <paramref name="word"/>, the text must not run on into a name (<c>in</c> is not <c>in_force</c>).
    /// </summary>
    public static Parser<string> Atomic(string text, bool word)
    {
        var expected = new[] { $"'{text}'" };
        return input =>
        {
            // Compared in the text itself: keywords are tried at nearly every token, most of them in vain.
            var source = input.Source;
            var end = input.Position + text.Length;
            if (end > source.Length || string.CompareOrdinal(source, input.Position, text, 0, text.Length) != 0)
                return Result.Failure<string>(input, Unexpected, expected);
            if (word && end < source.Length && (char.IsLetterOrDigit(source[end]) || source[end] == '_') && source[end] < 128)
                return Result.Failure<string>(input, Unexpected, expected);
            return Result.Success(text, AdvanceBy(input, text.Length));
        };
    }

    /// <summary>
    /// The message of a failure. Both grammars build their diagnostics from the failure's position and expectations
    /// (never from this text), and alternatives fail at nearly every token, so it is one constant string.
    /// </summary>
    public const string Unexpected = "unexpected character";

    /// <summary>One character that satisfies <paramref name="predicate"/> (Sprache's <c>Parse.Char</c> formats a message at every failure).</summary>
    public static Parser<char> Char(Func<char, bool> predicate, string name)
    {
        var expected = new[] { name };
        return input => !input.AtEnd && predicate(input.Current)
            ? Result.Success(input.Current, input.Advance())
            : Result.Failure<char>(input, Unexpected, expected);
    }

    public static Parser<char> Char(char c) => Char(x => x == c, $"'{c}'");

    // ---- quoted text ------------------------------------------------------------------------------

    private static readonly string[] CloseQuote = { "'\"' to close the quoted text" };
    private static readonly string[] OpenQuote = { "'\"'" };

    /// <summary>
    /// <c>"…"</c> with <c>\"</c> and <c>\\</c>, on one line or (in rule files) over several. Only those two escapes:
    /// any other backslash is refused rather than silently dropped ("\t" is not "t"). Written as a loop, since the
    /// § texts of a registry are long.
    /// </summary>
    public static Parser<string> Quoted(bool multiLine) => input =>
    {
        if (input.AtEnd || input.Current != '"') return Result.Failure<string>(input, Unexpected, OpenQuote);
        var source = input.Source;
        var k = input.Position + 1;
        StringBuilder? escaped = null;
        var from = k;
        while (k < source.Length && source[k] != '"' && (multiLine || source[k] != '\n'))
        {
            if (source[k] == '\\' && k + 1 < source.Length)
            {
                if (source[k + 1] is not ('"' or '\\'))
                {
                    var at = AdvanceBy(input, k - input.Position);
                    throw new MsgParseException(Msg.Of("syntax.bad_escape", ("escape", "\\" + source[k + 1])),
                        new Position(at.Position, at.Line, at.Column));
                }
                escaped ??= new StringBuilder();
                escaped.Append(source, from, k - from).Append(source[k + 1]);
                k += 2;
                from = k;
                continue;
            }
            k++;
        }
        if (k >= source.Length || source[k] != '"') return Result.Failure<string>(AdvanceBy(input, k - input.Position), Unexpected, CloseQuote);
        var text = escaped is null ? source.Substring(from, k - from) : escaped.Append(source, from, k - from).ToString();
        return Result.Success(text, AdvanceBy(input, k + 1 - input.Position));
    };

    public static readonly Parser<string> QuotedLine = Quoted(multiLine: false);
    public static readonly Parser<string> QuotedText = Quoted(multiLine: true);

    // ---- numbers ----------------------------------------------------------------------------------

    public static readonly Parser<char> AsciiDigit = Char(c => c is >= '0' and <= '9', "digit");

    /// <summary>A digit as a person types it: ASCII or full-width (others, such as Arabic-Indic digits, are not digits here).</summary>
    public static readonly Parser<char> PersonDigit = Char(PersonText.IsDigit, "digit");

    /// <summary>Digits with an optional fraction (<c>25</c>, <c>0.079</c>), as written; see <see cref="ExactDecimal"/>.</summary>
    public static Parser<string> NumberText(Parser<char> digit, Parser<char> point) =>
        from whole in digit.AtLeastOnce().Text()
        from frac in (from dot in point from ds in digit.AtLeastOnce().Text() select ds).Optional()
        select frac.IsDefined ? whole + "." + frac.Get() : whole;

    /// <summary>A number in a rule file: ASCII digits and '.'.</summary>
    public static readonly Parser<string> Number = NumberText(AsciiDigit, Char('.'));

    /// <summary>A parser that fails without consuming anything when <paramref name="parser"/> fails (a lookahead that backs off).</summary>
    public static Parser<T> Attempt<T>(Parser<T> parser) => input =>
    {
        var result = parser(input);
        return result.WasSuccessful ? result : Result.Failure<T>(input, result.Message, result.Expectations);
    };

    /// <summary>The most decimal places a value can hold exactly (System.Decimal's scale).</summary>
    public const int MaxScale = 28;

    /// <summary>
    /// The exact value of <paramref name="written"/> (digits, an optional point, an optional leading '-'); a number too
    /// large, or with more decimal places than a decimal holds, is a located error, never silently rounded.
    /// </summary>
    public static decimal ExactDecimal(string written, Position at)
    {
        var text = PersonText.Normalize(written);
        var point = text.IndexOf('.');
        if (point >= 0 && text.Length - point - 1 > MaxScale)
            throw new MsgParseException(Msg.Of("syntax.too_many_places", ("number", written.Trim()), ("places", text.Length - point - 1), ("max", MaxScale)), at);
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new MsgParseException(Msg.Of("syntax.number_too_large", ("number", written.Trim())), at);
        return value;
    }

    // ---- dates ------------------------------------------------------------------------------------

    /// <summary>The day <paramref name="y"/>-<paramref name="m"/>-<paramref name="d"/>, or a located error naming <paramref name="text"/>.</summary>
    public static DateTime CalendarDate(string y, string m, string d, string text, Position at)
    {
        if (PersonText.TryMakeDate(y, m, d, out var date)) return date;
        throw new MsgParseException(Msg.Of("syntax.no_such_date", ("date", text.Trim())), at);
    }

    // ---- citations --------------------------------------------------------------------------------

    /// <summary><c>§ 二(一)4</c>: the section mark, then the path up to a space, a separator or a quote.</summary>
    public static readonly Parser<string> SectionPath =
        from mark in Parse.Char('§')
        from sp in Parse.Chars(' ', '\t').Many()
        from path in Parse.CharExcept(" \t\r\n,，、;；\"{}=").AtLeastOnce().Text()
        select path;

    public static TextSpan Join(TextSpan a, TextSpan b) => new(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);
}

/// <summary>
/// A token's value and where it was written. A class rather than a value tuple: ReadyToRun cannot precompile generic
/// code instantiated over value tuples (they belong to the runtime's own version bubble), so every parser over a tuple
/// was compiled by the JIT at each start of the tool; parsers over classes share one precompiled body.
/// </summary>
internal sealed class Token<T>
{
    public Token(T value, TextSpan span) { Value = value; Span = span; }
    public T Value { get; }
    public TextSpan Span { get; }
}

/// <summary>What one parse keeps while it runs: the file's path for spans, the nesting depth, and clause diagnostics.</summary>
internal sealed class ParseState
{
    public ParseState(string file) { File = file; }

    public string File { get; }
    public int Depth { get; set; }
    /// <summary>Scenario files: where the text being parsed starts (line, column), and the text.</summary>
    public int Line { get; set; } = 1;
    public int Column { get; set; } = 1;
    public string Text { get; set; } = "";
    public List<Diagnostic> Diagnostics { get; } = new();
}
