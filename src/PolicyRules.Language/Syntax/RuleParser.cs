using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using Sprache;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// The Sprache grammar of .rules files. One instance per file, so that every span carries the file's path.
/// Tokens consume trailing trivia (spaces, newlines, <c>#</c> comments) only, so a parser that fails on its
/// first token has consumed nothing and <c>XOr</c>/<c>XMany</c> report the deepest real error.
/// </summary>
public sealed class RuleParser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "match", "case", "and", "or", "not", "in", "true", "false", "none",
        "not_determinable", "yuan", "input", "def", "output", "rule", "cites", "label", "note", "requires",
        "when", "exception",
    };

    private readonly string _file;

    public RuleParser(string file)
    {
        _file = file;
        BuildGrammar();
    }

    /// <summary>Parses one file; on a syntax error returns null and adds a PR0001 diagnostic.</summary>
    public RuleFileSyntax? ParseFile(string text, DiagnosticBag diagnostics)
    {
        IResult<IEnumerable<DeclarationSyntax>> result;
        try { result = _file_.TryParse(text.Replace("\r\n", "\n")); }
        catch (ParseException e)
        {
            diagnostics.Error(DiagnosticIds.InvalidLiteral, new TextSpan(_file, e.Position.Line, e.Position.Column, e.Position.Line, e.Position.Column + 1), e.Message);
            return null;
        }
        if (result.WasSuccessful) return new RuleFileSyntax(_file, result.Value.ToList());
        diagnostics.Add(SyntaxErrorOf(result, DiagnosticIds.SyntaxError));
        return null;
    }

    /// <summary>Parses a single expression (used by tests and by scenario files).</summary>
    public ExpressionSyntax? ParseExpression(string text, DiagnosticBag diagnostics)
    {
        IResult<ExpressionSyntax> result;
        try { result = Trivia.Then(_ => Expression).End().TryParse(text); }
        catch (ParseException e)
        {
            diagnostics.Error(DiagnosticIds.InvalidLiteral, new TextSpan(_file, e.Position.Line, e.Position.Column, e.Position.Line, e.Position.Column + 1), e.Message);
            return null;
        }
        if (result.WasSuccessful) return result.Value;
        diagnostics.Add(SyntaxErrorOf(result, DiagnosticIds.SyntaxError));
        return null;
    }

    internal Diagnostic SyntaxErrorOf<T>(IResult<T> result, DiagnosticDescriptor id)
    {
        var rest = result.Remainder;
        string found;
        if (rest.AtEnd) found = "end of file";
        else
        {
            var snippet = new string(rest.Source.Skip(rest.Position).TakeWhile(c => !char.IsWhiteSpace(c)).Take(12).ToArray());
            found = snippet.Length == 0 ? "'" + rest.Current + "'" : "'" + snippet + "'";
        }
        var expected = result.Expectations.Distinct().ToList();
        var message = expected.Count == 0 ? $"unexpected {found}" : $"unexpected {found}, expected {string.Join(" or ", expected)}";
        var span = new TextSpan(_file, rest.Line, rest.Column, rest.Line, rest.Column + 1);
        return new Diagnostic(id.Id, Severity.Error, span, message);
    }

    // ---- lexical -------------------------------------------------------------------------------

    private static readonly Parser<string> Comment =
        from hash in Parse.Char('#')
        from rest in Parse.CharExcept("\n").Many().Text()
        select rest;

    internal static readonly Parser<IEnumerable<object>> Trivia =
        Parse.WhiteSpace.Select(c => (object)c).Or(Comment.Select(s => (object)s)).Many();

    private TextSpan SpanOf<T>(ITextSpan<T> s) => new(_file, s.Start.Line, s.Start.Column, s.End.Line, s.End.Column);

    /// <summary>A token: the parser, its span, then trailing trivia.</summary>
    private Parser<(T Value, TextSpan Span)> Tok<T>(Parser<T> p) =>
        from s in p.Span()
        from trailing in Trivia
        select (s.Value, SpanOf(s));

    private static readonly Parser<char> IdentStart = Parse.Char(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_', "letter");
    private static readonly Parser<char> IdentChar = Parse.Char(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_', "letter or digit");

    /// <summary>
    /// Matches <paramref name="text"/> as a whole, or fails without consuming anything (Sprache's
    /// <c>Parse.String</c> consumes the matching prefix, which would stop <c>XOr</c> from trying the next keyword).
    /// With <paramref name="word"/>, the text must not run on into a name (<c>in</c> is not <c>in_force</c>).
    /// </summary>
    internal static Parser<string> Atomic(string text, bool word) => input =>
    {
        var rest = input;
        foreach (var c in text)
        {
            if (rest.AtEnd || rest.Current != c)
                return Result.Failure<string>(input, $"unexpected '{(input.AtEnd ? "end of input" : input.Current.ToString())}'", new[] { $"'{text}'" });
            rest = rest.Advance();
        }
        if (word && !rest.AtEnd && (char.IsLetterOrDigit(rest.Current) || rest.Current == '_') && rest.Current < 128)
            return Result.Failure<string>(input, $"unexpected '{input.Current}'", new[] { $"'{text}'" });
        return Result.Success(text, rest);
    };

    private Parser<string> Kw(string word) => Tok(Atomic(word, word: true)).Select(t => t.Value);

    private Parser<TextSpan> KwAt(string word) => Tok(Atomic(word, word: true)).Select(t => t.Span);

    private Parser<string> Sym(string symbol) => Tok(Atomic(symbol, word: false)).Select(t => t.Value);

    private Parser<(string Value, TextSpan Span)> Ident = null!;
    private Parser<string> StringLit = null!;
    private Parser<(string Value, TextSpan Span)> StringTok = null!;
    private Parser<(DateTime Value, TextSpan Span)> DateLit = null!;
    private Parser<(string Value, TextSpan Span)> SectionPath = null!;
    private Parser<CitationSyntax> Citation = null!;
    private Parser<IReadOnlyList<CitationSyntax>> Cites = null!;
    private Parser<TypeSyntax> Type = null!;
    private Parser<ExpressionSyntax> Expression = null!;
    private Parser<IEnumerable<DeclarationSyntax>> _file_ = null!;

    private void BuildGrammar()
    {
        Ident = Tok(from first in IdentStart
                    from rest in IdentChar.Many().Text()
                    select first + rest)
            .Where(t => !Reserved.Contains(t.Value))
            .Named("name");

        // Only \" and \\: any other backslash is refused rather than silently dropped ("\t" is not "t").
        var escape = from start in Parse.Return(0).Span()
                     from bs in Parse.Char('\\')
                     from c in Parse.AnyChar
                     select c is '"' or '\\' ? c
                         : throw new ParseException($"\\{c} is not an escape in quoted text: write \\\" for a quote and \\\\ for a backslash", start.Start);
        StringTok = Tok(from open in Parse.Char('"')
                        from chars in escape.Or(Parse.CharExcept("\"\\")).Many().Text()
                        from close in Parse.Char('"')
                        select chars).Named("quoted text");
        StringLit = StringTok.Select(t => t.Value);

        var twoDigits = Parse.Digit.Repeat(2).Text();
        var rawDate = from y in Parse.Digit.Repeat(4).Text()
                      from d1 in Parse.Char('-')
                      from m in twoDigits
                      from d2 in Parse.Char('-')
                      from d in twoDigits
                      select (y, m, d);
        var rawDateTime = from date in rawDate
                          from time in (from t in Parse.Char('T')
                                        from hh in twoDigits
                                        from colon in Parse.Char(':')
                                        from mm in twoDigits
                                        select (hh, mm)).Optional()
                          select (date, time);

        DateLit = Tok(rawDate).Select(t => (MakeDate(t.Value.y, t.Value.m, t.Value.d, t.Span), t.Span)).Named("date (yyyy-mm-dd)");

        SectionPath = Tok(from mark in Parse.Char('§')
                          from sp in Parse.Chars(' ', '\t').Many()
                          from path in Parse.CharExcept(" \t\r\n,;\"{}=").AtLeastOnce().Text()
                          select path).Named("section path (§…)");

        Citation =
            from doc in Ident.Select(i => (Text: i.Value, ByNumber: false, i.Span))
                .Or(StringTok.Select(s => (Text: s.Value, ByNumber: true, s.Span)))
                .Named("document (alias or \"number\")")
            from section in SectionPath.Optional()
            select new CitationSyntax(doc.Text, doc.ByNumber, section.IsDefined ? section.Get().Value : null,
                section.IsDefined ? Join(doc.Span, section.Get().Span) : doc.Span);

        Cites = from kw in Kw("cites")
                from list in Citation.DelimitedBy(Sym(","))
                select (IReadOnlyList<CitationSyntax>)list.ToList();

        Type = Parse.Ref(() =>
            from start in Tok(Parse.Return(0)).Select(t => t.Span)
            from core in (from l in Kw("list").Or(Kw("列表"))
                          from lt in Sym("<")
                          from el in Type
                          from gt in Sym(">")
                          select new TypeSyntax("list", el, false, start))
                         .Or(Ident.Select(i => new TypeSyntax(i.Value, null, false, i.Span)))
            from q in Sym("?").Optional()
            select core with { Optional = q.IsDefined }).Named("type");

        BuildExpressions(rawDateTime);
        BuildDeclarations();
    }

    private DateTime MakeDate(string y, string m, string d, TextSpan span)
    {
        if (DateTime.TryParseExact($"{y}-{m}-{d}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new ParseException($"{y}-{m}-{d} is not a calendar date", new Position(0, span.Line, span.Column));
    }

    /// <summary>A <c>for N years|months</c> period whose end the calendar can hold (at most 9999-12-31).</summary>
    private static InForceSyntax ForPeriod(InForceSyntax period)
    {
        var months = period.Unit == "year" ? 12L * period.Count : period.Count;
        if ((period.From.Year - 1) * 12L + period.From.Month - 1 + months > 9999L * 12 - 1)
            throw new ParseException($"from {period.From:yyyy-MM-dd} for {period.Count} {period.Unit}(s) ends after 9999-12-31",
                new Position(0, period.Span.Line, period.Span.Column));
        return period;
    }

    private static TextSpan Join(TextSpan a, TextSpan b) => new(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);

    // ---- expressions ---------------------------------------------------------------------------

    private void BuildExpressions(Parser<((string y, string m, string d) date, IOption<(string hh, string mm)> time)> rawDateTime)
    {
        var number = from whole in Parse.Digit.AtLeastOnce().Text()
                     from frac in (from dot in Parse.Char('.') from ds in Parse.Digit.AtLeastOnce().Text() select ds).Optional()
                     select frac.IsDefined ? whole + "." + frac.Get() : whole;

        var dateLiteral = Tok(rawDateTime).Select(t =>
        {
            var (date, time) = t.Value;
            var day = MakeDate(date.y, date.m, date.d, t.Span);
            if (!time.IsDefined) return (ExpressionSyntax)new LiteralSyntax(LiteralKind.Date, 0, false, day, null, t.Span);
            var (hh, mm) = time.Get();
            if (int.Parse(hh, CultureInfo.InvariantCulture) > 23 || int.Parse(mm, CultureInfo.InvariantCulture) > 59)
                throw new ParseException($"{date.y}-{date.m}-{date.d}T{hh}:{mm} is not a time of day (hours 00–23, minutes 00–59)", new Position(0, t.Span.Line, t.Span.Column));
            var at = day.AddHours(int.Parse(hh, CultureInfo.InvariantCulture)).AddMinutes(int.Parse(mm, CultureInfo.InvariantCulture));
            return new LiteralSyntax(LiteralKind.DateTime, 0, false, at, null, t.Span);
        });

        var numberLiteral =
            from n in Tok(from digits in number
                          from suffix in Parse.Char('%').Return("%").Or(Parse.Char('元').Return("元")).Optional()
                          select (digits, suffix))
            from yuan in Kw("yuan").Optional()
            select (ExpressionSyntax)MakeNumber(n.Value.digits, n.Value.suffix.GetOrDefault() ?? (yuan.IsDefined ? "元" : null), n.Span);

        var stringLiteral = StringTok.Select(s =>
            (ExpressionSyntax)new LiteralSyntax(LiteralKind.String, 0, false, default, s.Value, s.Span));

        var keywordLiteral =
            KwAt("true").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.Bool, 0, true, default, null, span))
            .Or(KwAt("false").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.Bool, 0, false, default, null, span)))
            .Or(KwAt("none").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.None, 0, false, default, null, span)));

        var literal = dateLiteral.Or(numberLiteral).Or(stringLiteral).Or(keywordLiteral).Named("value");

        Parser<ExpressionSyntax> expr = Parse.Ref(() => Expression);

        var parenthesised = from open in Sym("(") from e in expr from close in Sym(")") select e;

        var listLiteral = from open in Tok(Parse.Char('[')).Select(t => t.Span)
                          from items in expr.DelimitedBy(Sym(",")).Optional()
                          from close in Tok(Parse.Char(']')).Select(t => t.Span)
                          select (ExpressionSyntax)new ListSyntax(items.GetOrElse(Array.Empty<ExpressionSyntax>()).ToList(), Join(open, close));

        var notDeterminable = from kw in KwAt("not_determinable")
                              from reason in StringLit
                              from cites in Cites
                              select (ExpressionSyntax)new NotDeterminableSyntax(reason, cites, Join(kw, cites.Last().Span));

        var comprehension = from fn in Ident.Where(i => i.Value is "map" or "filter" or "any" or "all")
                            from open in Sym("(")
                            from v in Ident
                            from inKw in Kw("in")
                            from source in expr
                            from colon in Sym(":")
                            from body in expr
                            from close in Tok(Parse.Char(')')).Select(t => t.Span)
                            select (ExpressionSyntax)new ComprehensionSyntax(fn.Value, v.Value, source, body, Join(fn.Span, close));

        var call = from fn in Ident
                   from open in Sym("(")
                   from args in expr.DelimitedBy(Sym(",")).Optional()
                   from close in Tok(Parse.Char(')')).Select(t => t.Span)
                   select (ExpressionSyntax)new CallSyntax(fn.Value, args.GetOrElse(Array.Empty<ExpressionSyntax>()).ToList(), Join(fn.Span, close));

        var name = Ident.Select(i => (ExpressionSyntax)new NameSyntax(i.Value, i.Span));

        var ifExpr = from kw in KwAt("if")
                     from c in expr
                     from then in Kw("then")
                     from a in expr
                     from els in Kw("else")
                     from b in expr
                     select (ExpressionSyntax)new IfSyntax(c, a, b, Join(kw, b.Span));

        Parser<ExpressionSyntax> pattern = null!;
        var matchCase = from kw in KwAt("case")
                        from pats in Parse.Ref(() => pattern).DelimitedBy(Sym(","))
                        from arrow in Sym("=>")
                        from value in expr
                        select new MatchCaseSyntax(pats.ToList(), value, Join(kw, value.Span));
        var matchElse = from kw in Kw("else") from arrow in Sym("=>") from value in expr select value;
        var matchExpr = from kw in KwAt("match")
                        from subject in expr
                        from open in Sym("{")
                        from cases in matchCase.XMany()
                        from otherwise in matchElse.XOptional()
                        from close in Tok(Parse.Char('}')).Select(t => t.Span)
                        select (ExpressionSyntax)new MatchSyntax(subject, cases.ToList(), otherwise.GetOrDefault(), Join(kw, close));

        var primary = parenthesised
            .Or(listLiteral)
            .Or(ifExpr)
            .Or(matchExpr)
            .Or(notDeterminable)
            .Or(literal)
            .Or(comprehension)
            .Or(call)
            .Or(name)
            .Named("expression");

        var postfix = from head in primary
                      from members in (from dot in Sym(".") from m in Ident select m).Many()
                      select members.Aggregate(head, (target, m) => (ExpressionSyntax)new MemberAccessSyntax(target, m.Value, Join(target.Span, m.Span)));

        Parser<ExpressionSyntax> unary = null!;
        unary = Parse.Ref(() =>
            (from minus in Tok(Parse.Char('-')).Select(t => t.Span)
             from operand in unary
             select (ExpressionSyntax)new UnarySyntax("-", operand, Join(minus, operand.Span)))
            .Or(postfix).Named("expression"));
        pattern = unary.Named("case value");

        Parser<string> Op(params string[] ops) =>
            ops.Select(o => Tok(o == "=" ? Atomic("=", false).Where(_ => true).Then(_ => Parse.Char('>').Not().Return("=")) : Atomic(o, false))
                   .Select(t => t.Value))
               .Aggregate((a, b) => a.Or(b));

        ExpressionSyntax MakeBinary(string op, ExpressionSyntax l, ExpressionSyntax r) => new BinarySyntax(op, l, r, Join(l.Span, r.Span));

        var multiplicative = Parse.XChainOperator(Op("*", "/", "×", "÷"), unary, MakeBinary);
        var additive = Parse.XChainOperator(Op("+", "-"), multiplicative, MakeBinary);

        var comparison = from left in additive
                         from rest in (from op in Op("<=", ">=", "!=", "<", ">", "=") from right in additive select (op, right))
                                      .Or(from kw in Kw("in") from right in additive select ("in", right))
                                      .Optional()
                         select !rest.IsDefined ? left
                              : rest.Get().Item1 == "in" ? new InListSyntax(left, rest.Get().Item2, Join(left.Span, rest.Get().Item2.Span))
                              : MakeBinary(rest.Get().Item1, left, rest.Get().Item2);

        Parser<ExpressionSyntax> negation = null!;
        negation = Parse.Ref(() =>
            (from kw in KwAt("not")
             from operand in negation
             select (ExpressionSyntax)new UnarySyntax("not", operand, Join(kw, operand.Span)))
            .Or(comparison));

        var conjunction = Parse.XChainOperator(Kw("and"), negation, MakeBinary);
        var disjunction = Parse.XChainOperator(Kw("or"), conjunction, MakeBinary);

        Expression = disjunction.Named("expression");
    }

    private LiteralSyntax MakeNumber(string digits, string? suffix, TextSpan span)
    {
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw new ParseException($"{digits} is too large a number (the largest is 79228162514264337593543950335)", new Position(0, span.Line, span.Column));
        return suffix switch
        {
            "%" => new LiteralSyntax(LiteralKind.Rate, value / 100m, false, default, digits + "%", span),
            "元" => new LiteralSyntax(LiteralKind.Money, value, false, default, digits, span),
            _ => new LiteralSyntax(digits.Contains('.') ? LiteralKind.Decimal : LiteralKind.Int, value, false, default, digits, span),
        };
    }

    // ---- declarations --------------------------------------------------------------------------

    private void BuildDeclarations()
    {
        var label = from kw in Kw("label") from text in StringLit select text;
        var note = from kw in Kw("note") from text in StringLit select text;
        var intLit = Tok(Parse.Digit.AtLeastOnce().Text()).Select(t => int.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ParseException($"{t.Value} is too large for a whole number", new Position(0, t.Span.Line, t.Span.Column))).Named("whole number");

        var inForce =
            (from kw in KwAt("in_force")
             from always in KwAt("always")
             select new InForceSyntax(InForceKind.Always, DateTime.MinValue, null, 0, "", Join(kw, always)))
            .Or(
            from kw in KwAt("in_force")
            from fromKw in Kw("from")
            from start in DateLit
            from tail in (from toKw in Kw("to") from end in DateLit select new InForceSyntax(InForceKind.FromTo, start.Value, end.Value, 0, "", Join(kw, end.Span)))
                .Or(from forKw in Kw("for")
                    from n in intLit
                    from unit in Tok(Atomic("years", true).Or(Atomic("year", true)).Or(Atomic("months", true)).Or(Atomic("month", true)))
                    select ForPeriod(new InForceSyntax(InForceKind.FromFor, start.Value, null, n, unit.Value.TrimEnd('s'), Join(kw, unit.Span))))
                .Optional()
            select tail.GetOrElse(new InForceSyntax(InForceKind.FromOpenEnded, start.Value, null, 0, "", Join(kw, start.Span))));

        // document
        var docClause =
            (from kw in Kw("title") from t in StringLit select (object)("title", t))
            .XOr(from kw in Kw("issued") from d in DateLit select (object)("issued", d.Value))
            .XOr(inForce.Select(x => (object)x))
            .XOr(note.Select(n => (object)("note", n)))
            .XOr(from kw in KwAt("repeals")
                 from doc in Ident
                 from sec in SectionPath.Optional()
                 select (object)new RepealSyntax(doc.Value, sec.IsDefined ? sec.Get().Value : null, Join(kw, doc.Span)))
            .XOr(Kw("external").Select(_ => (object)"external"))
            .XOr(from path in SectionPath
                 from text in StringLit.Optional()
                 select (object)new SectionSyntax(path.Value, text.GetOrDefault(), path.Span))
            .Named("document clause (title, issued, in_force, note, repeals, external, §)");

        var document =
            from kw in KwAt("document")
            from alias in Ident
            from number in StringLit.Named("document number in quotes")
            from open in Sym("{")
            from clauses in docClause.XMany()
            from close in Tok(Parse.Char('}')).Select(t => t.Span)
            select (DeclarationSyntax)MakeDocument(alias.Value, number, clauses.ToList(), Join(kw, close));

        // calendar
        var calendarEntry =
            from kind in Tok(Kw("holiday").Or(Kw("workday")))
            from start in DateLit
            from end in (from toKw in Kw("to") from d in DateLit select d).Optional()
            from cites in Cites.Optional()
            select new CalendarEntrySyntax(kind.Value == "holiday", start.Value, end.IsDefined ? end.Get().Value : start.Value,
                cites.GetOrElse(Array.Empty<CitationSyntax>()), Join(kind.Span, end.IsDefined ? end.Get().Span : start.Span));
        var calendarClause =
            (from kw in Kw("covers") from a in DateLit from toKw in Kw("to") from b in DateLit select (object)(a.Value, b.Value))
            .XOr(Cites.Select(c => (object)c))
            .XOr(calendarEntry.Select(e => (object)e))
            .Named("calendar clause (covers, cites, holiday, workday)");
        var calendar =
            from kw in KwAt("calendar")
            from name in Ident
            from lbl in label.Optional()
            from open in Sym("{")
            from clauses in calendarClause.XMany()
            from close in Tok(Parse.Char('}')).Select(t => t.Span)
            select (DeclarationSyntax)MakeCalendar(name.Value, lbl.GetOrDefault(), clauses.ToList(), Join(kw, close));

        // enum and record
        var enumMember = from name in Ident
                         from lbl in label.Optional()
                         from comma in Sym(",").Optional()
                         select new EnumMemberSyntax(name.Value, lbl.GetOrDefault(), name.Span);
        var enumDecl = from kw in KwAt("enum")
                       from name in Ident
                       from lbl in label.Optional()
                       from open in Sym("{")
                       from members in enumMember.XMany()
                       from close in Tok(Parse.Char('}')).Select(t => t.Span)
                       select (DeclarationSyntax)new EnumSyntax(name.Value, lbl.GetOrDefault(), members.ToList(), Join(kw, close));

        var field = from name in Ident
                    from colon in Sym(":")
                    from type in Type
                    from lbl in label.Optional()
                    from comma in Sym(",").Optional()
                    select new FieldSyntax(name.Value, type, lbl.GetOrDefault(), name.Span);
        var recordDecl = from kw in KwAt("record")
                         from name in Ident
                         from lbl in label.Optional()
                         from open in Sym("{")
                         from fields in field.XMany()
                         from close in Tok(Parse.Char('}')).Select(t => t.Span)
                         select (DeclarationSyntax)new RecordSyntax(name.Value, lbl.GetOrDefault(), fields.ToList(), Join(kw, close));

        // module
        var input = from kw in KwAt("input")
                    from name in Ident
                    from colon in Sym(":")
                    from type in Type
                    from clauses in label.Select(l => (object)("label", l))
                        .XOr(from r in Kw("requires") from e in Expression select (object)e)
                        .XOr(from k in Kw("known") from first in StringLit
                             from rest in (from comma in Sym(",") from t in StringLit select t).Many()
                             select (object)new[] { first }.Concat(rest).ToList())
                        .XOr(from v in KwAt("variant") from text in StringLit from arrow in Sym("=>") from known in StringLit
                             from n in note
                             select (object)new VariantSyntax(text, known, n, v)).Many()
                    select (object)new InputSyntax(name.Value, type,
                        clauses.OfType<(string, string)>().Select(c => c.Item2).FirstOrDefault(),
                        clauses.OfType<ExpressionSyntax>().FirstOrDefault(), Join(kw, type.Span))
                    {
                        Known = clauses.OfType<List<string>>().FirstOrDefault(),
                        Variants = clauses.OfType<VariantSyntax>().ToList(),
                    };

        var ruleClause = (from kw in Kw("when") from e in Expression select (object)e)
            .XOr(Cites.Select(c => (object)c))
            .XOr(note.Select(n => (object)("note", n)));
        var rule = from kw in KwAt("rule")
                   from lbl in Ident
                   from exc in (from e in Kw("exception") from of in Kw("of") from target in Ident select target).Optional()
                   from clauses in ruleClause.Many()
                   from eq in Sym("=")
                   from value in Expression
                   select new RuleSyntax(lbl.Value, exc.IsDefined ? exc.Get().Value : null, exc.IsDefined ? exc.Get().Span : null,
                       clauses.OfType<ExpressionSyntax>().FirstOrDefault(),
                       clauses.OfType<IReadOnlyList<CitationSyntax>>().SelectMany(c => c).ToList(),
                       clauses.OfType<(string, string)>().Select(c => c.Item2).FirstOrDefault(), value, Join(kw, value.Span));

        var defClause = label.Select(l => (object)("label", l))
            .XOr(note.Select(n => (object)("note", n)))
            .XOr(Cites.Select(c => (object)c));
        var definition =
            from kw in Tok(Kw("def").Or(Kw("output")))
            from name in Ident
            from colon in Sym(":")
            from type in Type
            from clauses in defClause.Many()
            from body in (from eq in Sym("=") from e in Expression select (object)e)
                .XOr(rule.XAtLeastOnce().Select(rs => (object)rs.ToList()))
                .Named("'=' and an expression, or labelled rules")
            select (object)new DefinitionSyntax(name.Value, type, kw.Value == "output",
                clauses.OfType<(string, string)>().Where(c => c.Item1 == "label").Select(c => c.Item2).FirstOrDefault(),
                clauses.OfType<IReadOnlyList<CitationSyntax>>().SelectMany(c => c).ToList(),
                clauses.OfType<(string, string)>().Where(c => c.Item1 == "note").Select(c => c.Item2).FirstOrDefault(),
                body as ExpressionSyntax, body as List<RuleSyntax> ?? new List<RuleSyntax>(), Join(kw.Span, name.Span));

        var moduleItem = input
            .XOr(definition)
            .XOr(note.Select(n => (object)("note", n)))
            .XOr(inForce.Select(x => (object)x))
            .XOr(Cites.Select(c => (object)c))
            .Named("module item (input, def, output, note, in_force, cites)");

        var module = from kw in KwAt("module")
                     from name in Ident
                     from lbl in label.Optional()
                     from open in Sym("{")
                     from items in moduleItem.XMany()
                     from close in Tok(Parse.Char('}')).Select(t => t.Span)
                     select (DeclarationSyntax)new ModuleSyntax(name.Value, lbl.GetOrDefault(),
                         items.OfType<(string, string)>().Select(c => c.Item2).FirstOrDefault(),
                         items.OfType<InForceSyntax>().FirstOrDefault(),
                         items.OfType<IReadOnlyList<CitationSyntax>>().SelectMany(c => c).ToList(),
                         items.OfType<InputSyntax>().ToList(), items.OfType<DefinitionSyntax>().ToList(), Join(kw, close));

        var declaration = document.XOr(calendar).XOr(enumDecl).XOr(recordDecl).XOr(module)
            .Named("declaration (document, calendar, enum, record, module)");

        _file_ = from leading in Trivia
                 from decls in declaration.XMany().End()
                 select decls;
    }

    private static DocumentSyntax MakeDocument(string alias, string number, List<object> clauses, TextSpan span) => new(
        alias, number,
        clauses.OfType<(string, string)>().Where(c => c.Item1 == "title").Select(c => c.Item2).FirstOrDefault(),
        clauses.OfType<(string, DateTime)>().Select(c => (DateTime?)c.Item2).FirstOrDefault(),
        clauses.OfType<InForceSyntax>().FirstOrDefault(),
        clauses.OfType<(string, string)>().Where(c => c.Item1 == "note").Select(c => c.Item2).FirstOrDefault(),
        clauses.OfType<string>().Contains("external"),
        clauses.OfType<RepealSyntax>().ToList(),
        clauses.OfType<SectionSyntax>().ToList(),
        span);

    private static CalendarSyntax MakeCalendar(string name, string? label, List<object> clauses, TextSpan span)
    {
        var covers = clauses.OfType<(DateTime, DateTime)>().Select(c => ((DateTime, DateTime)?)c).FirstOrDefault();
        return new CalendarSyntax(name, label, covers?.Item1, covers?.Item2,
            clauses.OfType<IReadOnlyList<CitationSyntax>>().SelectMany(c => c).ToList(),
            clauses.OfType<CalendarEntrySyntax>().ToList(), span);
    }
}
