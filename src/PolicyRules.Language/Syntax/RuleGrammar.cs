using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using Sprache;
using static PolicyRules.Language.Syntax.Tokens;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// The Sprache grammar of .rules files: static parsers composed bottom-up, built once per process. Tokens consume
/// trailing trivia (spaces, newlines, <c>#</c> comments) only, so a parser that fails on its first token has consumed
/// nothing; sequences use <c>XOr</c>/<c>XMany</c>/<c>XOptional</c>, so a clause that fails after its first token
/// reports its own error at its own position instead of being skipped and blamed on what follows.
/// </summary>
internal static class RuleGrammar
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "match", "case", "and", "or", "not", "in", "true", "false", "none",
        "not_determinable", "yuan", "input", "def", "output", "rule", "cites", "label", "note", "requires",
        "when", "exception",
    };

    // ---- lexical -------------------------------------------------------------------------------

    /// <summary>Spaces, newlines and <c>#</c> comments, read in one pass.</summary>
    internal static readonly Parser<int> Trivia = input =>
    {
        var source = input.Source;
        var k = input.Position;
        while (k < source.Length)
        {
            if (char.IsWhiteSpace(source[k])) k++;
            else if (source[k] == '#') { while (k < source.Length && source[k] != '\n') k++; }
            else break;
        }
        return Result.Success(0, k == input.Position ? input : AdvanceBy(input, k - input.Position));
    };

    private static Position At(TextSpan span) => new(0, span.Line, span.Column);

    /// <summary>A token: the parser, its span, then trailing trivia (written out: this runs at every token).</summary>
    private static Parser<Token<T>> Tok<T>(Parser<T> p) => input =>
    {
        var result = p(input);
        if (!result.WasSuccessful) return Result.Failure<Token<T>>(result.Remainder, result.Message, result.Expectations);
        var end = result.Remainder;
        var span = new TextSpan(StateOf(input).File, input.Line, input.Column, end.Line, end.Column);
        return Result.Success(new Token<T>(result.Value, span), Trivia(end).Remainder);
    };

    private static bool IsIdentStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';
    private static bool IsIdentChar(char c) => IsIdentStart(c) || c is >= '0' and <= '9';

    private static readonly string[] Letter = { "letter" };

    private static readonly Parser<string> IdentText = input =>
    {
        if (input.AtEnd || !IsIdentStart(input.Current)) return Result.Failure<string>(input, Unexpected, Letter);
        var source = input.Source;
        var k = input.Position + 1;
        while (k < source.Length && IsIdentChar(source[k])) k++;
        return Result.Success(source.Substring(input.Position, k - input.Position), AdvanceBy(input, k - input.Position));
    };

    // A query's clauses after its first run again each time the query does (Sprache's SelectMany), so a keyword or symbol
    // written there would be a new parser at every use: each is built once and kept.
    private static readonly ConcurrentDictionary<string, Parser<string>> Keywords = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Parser<TextSpan>> KeywordSpans = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Parser<string>> Symbols = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Parser<TextSpan>> SymbolSpans = new(StringComparer.Ordinal);

    private static Parser<string> Kw(string word) => Keywords.GetOrAdd(word, w => Tok(Atomic(w, word: true)).Select(t => t.Value));

    private static Parser<TextSpan> KwAt(string word) => KeywordSpans.GetOrAdd(word, w => Tok(Atomic(w, word: true)).Select(t => t.Span));

    private static Parser<string> Sym(string symbol) => Symbols.GetOrAdd(symbol, x => Tok(Atomic(x, word: false)).Select(t => t.Value));

    private static Parser<TextSpan> SymAt(string symbol) => SymbolSpans.GetOrAdd(symbol, x => Tok(Atomic(x, word: false)).Select(t => t.Span));

    private static readonly Parser<Token<string>> Ident =
        Tok(IdentText).Where(t => !Reserved.Contains(t.Value)).Named("name");

    /// <summary>Where the next token starts, as an empty span (consumes nothing but trivia).</summary>
    private static readonly Parser<TextSpan> Here = Tok<string>(input => Result.Success("", input)).Select(t => t.Span);

    private static readonly Parser<Token<string>> StringTok = Tok(QuotedText).Named("quoted text");

    private static readonly Parser<string> StringLit = StringTok.Select(t => t.Value);

    private static readonly Parser<string> TwoDigits = AsciiDigit.Repeat(2).Text();

    /// <summary>yyyy-mm-dd as written, before it is checked to be a day.</summary>
    private sealed record RawDay(string Y, string M, string D);

    private static readonly Parser<RawDay> RawDate =
        from y in AsciiDigit.Repeat(4).Text()
        from d1 in Char('-')
        from m in TwoDigits
        from d2 in Char('-')
        from d in TwoDigits
        select new RawDay(y, m, d);

    private static DateTime MakeDate(RawDay raw, TextSpan span) =>
        CalendarDate(raw.Y, raw.M, raw.D, $"{raw.Y}-{raw.M}-{raw.D}", At(span));

    private static readonly Parser<Token<DateTime>> DateLit =
        Tok(RawDate).Select(t => new Token<DateTime>(MakeDate(t.Value, t.Span), t.Span)).Named("date (yyyy-mm-dd)");

    private static readonly Parser<Token<string>> Section = Tok(SectionPath).Named("section path (§…)");

    private static readonly Parser<CitationSyntax> Citation =
        from doc in Ident.Select(i => new CitationSyntax(i.Value, false, null, i.Span))
            .Or(StringTok.Select(s => new CitationSyntax(s.Value, true, null, s.Span)))
            .Named("document (alias or \"number\")")
        from section in Section.XOptional()
        select section.IsDefined ? doc with { Section = section.Get().Value, Span = Join(doc.Span, section.Get().Span) } : doc;

    private static readonly Parser<CitesClause> Cites =
        from kw in KwAt("cites")
        // Not XDelimitedBy: in add_days(not_determinable "…" cites law §三, 1) the comma belongs to the call.
        from list in Citation.DelimitedBy(Sym(","))
        let cites = (IReadOnlyList<CitationSyntax>)list.ToList()
        select new CitesClause(cites, Join(kw, cites[cites.Count - 1].Span));

    private static readonly Parser<TypeSyntax> Type = Nested(
        from start in Here
        from core in (from l in Kw("list").Or(Kw("列表"))
                      from lt in Sym("<")
                      from el in Ref(() => Type!)
                      from gt in Sym(">")
                      select new TypeSyntax("list", el, false, start))
                     .XOr(Ident.Select(i => new TypeSyntax(i.Value, null, false, i.Span)))
        from q in Sym("?").Optional()
        select core with { Optional = q.IsDefined }).Named("type");

    // ---- expressions ---------------------------------------------------------------------------

    private static readonly Parser<ExpressionSyntax> Expr = Nested(Ref(() => Expression!));

    /// <summary>A date and, when written, a time of day (hh and mm as written).</summary>
    private sealed record RawDateTime(RawDay Day, string? Hours, string? Minutes);

    private static readonly Parser<ExpressionSyntax> DateLiteral = Tok(
            from date in RawDate
            from time in (from t in Char('T')
                          from hh in TwoDigits
                          from colon in Char(':')
                          from mm in TwoDigits
                          select new RawDateTime(date, hh, mm)).Optional()
            select time.GetOrElse(new RawDateTime(date, null, null)))
        .Select(t =>
        {
            var date = t.Value.Day;
            var day = MakeDate(date, t.Span);
            if (t.Value is not { Hours: { } hh, Minutes: { } mm }) return (ExpressionSyntax)new LiteralSyntax(LiteralKind.Date, 0, false, day, null, t.Span);
            var hours = int.Parse(hh, CultureInfo.InvariantCulture);
            var minutes = int.Parse(mm, CultureInfo.InvariantCulture);
            if (hours > 23 || minutes > 59)
                throw new ParseException($"{date.Y}-{date.M}-{date.D}T{hh}:{mm} is not a time of day (hours 00–23, minutes 00–59)", At(t.Span));
            return new LiteralSyntax(LiteralKind.DateTime, 0, false, day.AddHours(hours).AddMinutes(minutes), null, t.Span);
        });

    /// <summary>A number's digits and its suffix (<c>%</c>, <c>元</c>) as written.</summary>
    private sealed record RawNumber(string Digits, string? Suffix);

    private static readonly Parser<ExpressionSyntax> NumberLiteral =
        from n in Tok(from digits in Number
                      from suffix in Char('%').Return("%").Or(Char('元').Return("元")).Optional()
                      select new RawNumber(digits, suffix.GetOrDefault()))
        from yuan in Kw("yuan").Optional()
        select (ExpressionSyntax)MakeNumber(n.Value.Digits, n.Value.Suffix ?? (yuan.IsDefined ? "元" : null), n.Span);

    private static LiteralSyntax MakeNumber(string digits, string? suffix, TextSpan span)
    {
        var value = ExactDecimal(digits, At(span));
        return suffix switch
        {
            "%" => new LiteralSyntax(LiteralKind.Rate, value / 100m, false, default, digits + "%", span),
            "元" => new LiteralSyntax(LiteralKind.Money, value, false, default, digits, span),
            _ => new LiteralSyntax(digits.Contains('.') ? LiteralKind.Decimal : LiteralKind.Int, value, false, default, digits, span),
        };
    }

    private static readonly Parser<ExpressionSyntax> Literal =
        DateLiteral
            .Or(NumberLiteral)
            .Or(StringTok.Select(s => (ExpressionSyntax)new LiteralSyntax(LiteralKind.String, 0, false, default, s.Value, s.Span)))
            .Or(KwAt("true").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.Bool, 0, true, default, null, span)))
            .Or(KwAt("false").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.Bool, 0, false, default, null, span)))
            .Or(KwAt("none").Select(span => (ExpressionSyntax)new LiteralSyntax(LiteralKind.None, 0, false, default, null, span)))
            .Named("value");

    private static readonly Parser<ExpressionSyntax> Parenthesised =
        from open in Sym("(") from e in Expr from close in Sym(")").Named("')'") select e;

    private static readonly Parser<ExpressionSyntax> ListLiteral =
        from open in SymAt("[")
        from items in Expr.XDelimitedBy(Sym(",")).XOptional()
        from close in SymAt("]").Named("']'")
        select (ExpressionSyntax)NestingLimit.Checked(new ListSyntax(items.GetOrElse(Array.Empty<ExpressionSyntax>()).ToList(), Join(open, close)));

    private static readonly Parser<ExpressionSyntax> NotDeterminable =
        from kw in KwAt("not_determinable")
        from reason in StringLit
        from cites in Cites
        select (ExpressionSyntax)new NotDeterminableSyntax(reason, cites.Cites, Join(kw, cites.Span));

    /// <summary>
    /// A name, a call <c>f(a, b)</c>, or a comprehension <c>map(x in L: E)</c>. The name is read once and what follows
    /// decides; a comprehension is recognised by <c>NAME in</c> after its parenthesis, so nothing is parsed twice
    /// (re-parsing the arguments of every call that is not a comprehension doubled the work at every level).
    /// </summary>
    private static readonly Parser<ExpressionSyntax> NameOrCall =
        from fn in Ident
        from rest in (
            from open in Sym("(")
            from body in Attempt(
                    from v in Ident
                    from inKw in Kw("in")
                    select v)
                .Where(_ => fn.Value is "map" or "filter" or "any" or "all")
                .Then(v => from source in Expr
                           from colon in Sym(":")
                           from body in Expr
                           from close in SymAt(")").Named("')'")
                           select (ExpressionSyntax)NestingLimit.Checked(new ComprehensionSyntax(fn.Value, v.Value, source, body, Join(fn.Span, close))))
                .XOr(from args in Expr.XDelimitedBy(Sym(",")).XOptional()
                    from close in SymAt(")").Named("')'")
                    select (ExpressionSyntax)NestingLimit.Checked(new CallSyntax(fn.Value, args.GetOrElse(Array.Empty<ExpressionSyntax>()).ToList(), Join(fn.Span, close))))
            select body).XOptional()
        select rest.GetOrElse(new NameSyntax(fn.Value, fn.Span));

    private static readonly Parser<ExpressionSyntax> IfExpr =
        from kw in KwAt("if")
        from c in Expr
        from then in Kw("then")
        from a in Expr
        from els in Kw("else")
        from b in Expr
        select (ExpressionSyntax)NestingLimit.Checked(new IfSyntax(c, a, b, Join(kw, b.Span)));

    private static readonly Parser<MatchCaseSyntax> MatchCase =
        from kw in KwAt("case")
        from pats in Nested(Ref(() => Unary!)).Named("case value").XDelimitedBy(Sym(","))
        from arrow in Sym("=>")
        from value in Expr
        select new MatchCaseSyntax(pats.ToList(), value, Join(kw, value.Span));

    private static readonly Parser<ExpressionSyntax> MatchExpr =
        from kw in KwAt("match")
        from subject in Expr
        from open in Sym("{")
        from cases in MatchCase.XMany()
        from otherwise in (from e in Kw("else") from arrow in Sym("=>") from value in Expr select value).XOptional()
        from close in SymAt("}").Named("'}'")
        select (ExpressionSyntax)NestingLimit.Checked(new MatchSyntax(subject, cases.ToList(), otherwise.GetOrDefault(), Join(kw, close)));

    private static readonly Parser<ExpressionSyntax> PrimaryAlternatives =
        Parenthesised
            .XOr(ListLiteral)
            .XOr(IfExpr)
            .XOr(MatchExpr)
            .XOr(NotDeterminable)
            .XOr(Literal)
            .XOr(NameOrCall)
            .Named("expression");

    /// <summary>
    /// The alternatives of <see cref="PrimaryAlternatives"/>, chosen by the first character where it decides (a name
    /// or a number), so the common case does not fail through six alternatives first. Anything else, errors
    /// included, goes through the full list, so the messages are the same.
    /// </summary>
    private static readonly Parser<ExpressionSyntax> Primary = input =>
    {
        if (input.AtEnd) return PrimaryAlternatives(input);
        var c = input.Current;
        if (c is >= '0' and <= '9') return Literal(input);
        if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_')
        {
            var word = IdentText(input);
            if (word.WasSuccessful && !Reserved.Contains(word.Value)) return NameOrCall(input);
        }
        return PrimaryAlternatives(input);
    };

    private static readonly Parser<ExpressionSyntax> Postfix =
        from head in Primary
        from members in (from dot in Sym(".") from m in Ident select m).XMany()
        select members.Aggregate(head, (target, m) => (ExpressionSyntax)NestingLimit.Checked(new MemberAccessSyntax(target, m.Value, Join(target.Span, m.Span))));

    private static readonly Parser<ExpressionSyntax> Unary =
        (from minus in SymAt("-")
         from operand in Nested(Ref(() => Unary!))
         select (ExpressionSyntax)NestingLimit.Checked(new UnarySyntax("-", operand, Join(minus, operand.Span))))
        .XOr(Postfix).Named("expression");

    private static readonly string[] EqualsExpected = { "'='" };

    /// <summary>'=' as a comparison: not the '=&gt;' of a match case, and consuming nothing when it is.</summary>
    private static readonly Parser<string> EqualsSign = input =>
        !input.AtEnd && input.Current == '=' && (input.Advance() is var next && (next.AtEnd || next.Current != '>'))
            ? Result.Success("=", input.Advance())
            : Result.Failure<string>(input, Unexpected, EqualsExpected);

    private static Parser<string> Op(params string[] ops) =>
        ops.Select(o => Tok(o == "=" ? EqualsSign : Atomic(o, false)).Select(t => t.Value))
           .Aggregate((a, b) => a.Or(b));

    private static ExpressionSyntax MakeBinary(string op, ExpressionSyntax l, ExpressionSyntax r) =>
        NestingLimit.Checked(new BinarySyntax(op, l, r, Join(l.Span, r.Span)));

    private static readonly Parser<ExpressionSyntax> Multiplicative = Parse.XChainOperator(Op("*", "/", "×", "÷"), Unary, MakeBinary);

    private static readonly Parser<ExpressionSyntax> Additive = Parse.XChainOperator(Op("+", "-"), Multiplicative, MakeBinary);

    private static readonly Parser<string> ComparisonOp = Op("<=", ">=", "!=", "<", ">", "=");

    /// <summary>What may follow the left operand of a comparison: an operator or <c>in</c>, and the right operand.</summary>
    private static readonly Parser<IOption<Func<ExpressionSyntax, ExpressionSyntax>>> ComparisonRest =
        (from op in ComparisonOp from right in Additive
         select (Func<ExpressionSyntax, ExpressionSyntax>)(l => MakeBinary(op, l, right)))
        .XOr(from kw in Kw("in") from right in Additive
             select (Func<ExpressionSyntax, ExpressionSyntax>)(l => NestingLimit.Checked(new InListSyntax(l, right, Join(l.Span, right.Span)))))
        .XOptional();

    private static readonly Parser<ExpressionSyntax> Comparison =
        from left in Additive
        from rest in ComparisonRest
        select rest.IsDefined ? rest.Get()(left) : left;

    private static readonly Parser<ExpressionSyntax> Negation =
        (from kw in KwAt("not")
         from operand in Nested(Ref(() => Negation!))
         select (ExpressionSyntax)NestingLimit.Checked(new UnarySyntax("not", operand, Join(kw, operand.Span))))
        .XOr(Comparison);

    private static readonly Parser<ExpressionSyntax> Conjunction = Parse.XChainOperator(Kw("and"), Negation, MakeBinary);

    private static readonly Parser<ExpressionSyntax> Disjunction = Parse.XChainOperator(Kw("or"), Conjunction, MakeBinary);

    internal static readonly Parser<ExpressionSyntax> Expression = Disjunction.Named("expression");

    // ---- declarations --------------------------------------------------------------------------

    private static Parser<Clause> TextClause(string keyword) =>
        from kw in KwAt(keyword) from text in StringTok select (Clause)new TextClause(keyword, text.Value, Join(kw, text.Span));

    private static readonly Parser<Clause> Label = TextClause("label");
    private static readonly Parser<Clause> Note = TextClause("note");
    /// <summary><c>unit "平方米"</c> on an input or output.</summary>
    private static readonly Parser<Clause> Unit = TextClause("unit");

    /// <summary>An optional <c>label "…"</c> written right after a name.</summary>
    private static readonly Parser<string?> OptionalLabel =
        (from kw in Kw("label") from text in StringLit select text).XOptional().Select(o => o.GetOrDefault());

    private static readonly Parser<int> WholeNumber =
        Tok(AsciiDigit.AtLeastOnce().Text()).Select(t => int.TryParse(t.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ParseException($"{t.Value} is too large for a whole number", At(t.Span))).Named("whole number");

    /// <summary>A <c>for N years|months</c> period whose end the calendar can hold (at most 9999-12-31).</summary>
    private static InForceSyntax ForPeriod(InForceSyntax period)
    {
        var months = period.Unit == "year" ? 12L * period.Count : period.Count;
        if ((period.From.Year - 1) * 12L + period.From.Month - 1 + months > 9999L * 12 - 1)
            throw new ParseException($"from {period.From:yyyy-MM-dd} for {period.Count} {period.Unit}(s) ends after 9999-12-31", At(period.Span));
        return period;
    }

    private static readonly Parser<Clause> InForce =
        from kw in KwAt("in_force")
        from period in (from always in KwAt("always")
                        select new InForceSyntax(InForceKind.Always, DateTime.MinValue, null, 0, "", Join(kw, always)))
            .XOr(from fromKw in Kw("from")
                 from start in DateLit
                 from tail in (from toKw in Kw("to") from end in DateLit select new InForceSyntax(InForceKind.FromTo, start.Value, end.Value, 0, "", Join(kw, end.Span)))
                     .XOr(from forKw in Kw("for")
                          from n in WholeNumber
                          from unit in Tok(Atomic("years", true).Or(Atomic("year", true)).Or(Atomic("months", true)).Or(Atomic("month", true))).Named("'years' or 'months'")
                          select ForPeriod(new InForceSyntax(InForceKind.FromFor, start.Value, null, n, unit.Value.TrimEnd('s'), Join(kw, unit.Span))))
                     .XOptional()
                 select tail.GetOrElse(new InForceSyntax(InForceKind.FromOpenEnded, start.Value, null, 0, "", Join(kw, start.Span))))
            .Named("'always' or 'from' and a date")
        select (Clause)new InForceClause(period);

    private static readonly Parser<Clause> DocumentClause =
        TextClause("title")
            .XOr(from kw in KwAt("issued") from d in DateLit select (Clause)new IssuedClause(d.Value, Join(kw, d.Span)))
            .XOr(InForce)
            .XOr(Note)
            .XOr(from kw in KwAt("repeals")
                 from doc in Ident
                 from sec in Section.XOptional()
                 select (Clause)new RepealsClause(new RepealSyntax(doc.Value, sec.IsDefined ? sec.Get().Value : null, Join(kw, doc.Span))))
            .XOr(KwAt("external").Select(span => (Clause)new ExternalClause(span)))
            .XOr(from path in Section
                 from text in StringLit.XOptional()
                 select (Clause)new SectionClause(new SectionSyntax(path.Value, text.GetOrDefault(), path.Span)))
            .Named("document clause (title, issued, in_force, note, repeals, external, §)");

    private static readonly Parser<DeclarationSyntax> Document =
        from kw in KwAt("document")
        from alias in Ident
        from number in StringLit.Named("document number in quotes")
        from open in Sym("{")
        from clauses in DocumentClause.XMany()
        from close in SymAt("}")
        select (DeclarationSyntax)MakeDocument(alias.Value, number, new ClauseList(clauses, $"document {alias.Value}"), Join(kw, close));

    private static DocumentSyntax MakeDocument(string alias, string number, ClauseList clauses, TextSpan span) => new(
        alias, number,
        clauses.Text("title"),
        clauses.Single<IssuedClause>("issued")?.Date,
        clauses.Single<InForceClause>("in_force")?.Period,
        clauses.Text("note"),
        clauses.Single<ExternalClause>("external") is not null,
        clauses.All<RepealsClause>().Select(r => r.Repeal).ToList(),
        clauses.All<SectionClause>().Select(s => s.Section).ToList(),
        span);

    private static readonly Parser<Clause> CalendarEntry =
        from kind in Tok(Atomic("holiday", true).Or(Atomic("workday", true)))
        from start in DateLit
        from end in (from toKw in Kw("to") from d in DateLit select d).XOptional()
        from cites in Cites.XOptional()
        select (Clause)new EntryClause(new CalendarEntrySyntax(kind.Value == "holiday", start.Value, end.IsDefined ? end.Get().Value : start.Value,
            cites.IsDefined ? cites.Get().Cites : Array.Empty<CitationSyntax>(), Join(kind.Span, end.IsDefined ? end.Get().Span : start.Span)));

    private static readonly Parser<Clause> CalendarClause =
        (from kw in KwAt("covers") from a in DateLit from toKw in Kw("to") from b in DateLit select (Clause)new CoversClause(a.Value, b.Value, Join(kw, b.Span)))
            .XOr(Cites.Select(c => (Clause)c))
            .XOr(CalendarEntry)
            .Named("calendar clause (covers, cites, holiday, workday)");

    private static readonly Parser<DeclarationSyntax> Calendar =
        from kw in KwAt("calendar")
        from name in Ident
        from label in OptionalLabel
        from open in Sym("{")
        from list in CalendarClause.XMany()
        from close in SymAt("}")
        let clauses = new ClauseList(list, $"calendar {name.Value}")
        let covers = clauses.Single<CoversClause>("covers")
        select (DeclarationSyntax)new CalendarSyntax(name.Value, label, covers?.From, covers?.To, clauses.Cites(),
            clauses.All<EntryClause>().Select(e => e.Entry).ToList(), Join(kw, close));

    private static readonly Parser<EnumMemberSyntax> EnumMember =
        from name in Ident
        from label in OptionalLabel
        from comma in Sym(",").Optional()
        select new EnumMemberSyntax(name.Value, label, name.Span);

    private static readonly Parser<DeclarationSyntax> Enum =
        from kw in KwAt("enum")
        from name in Ident
        from label in OptionalLabel
        from open in Sym("{")
        from members in EnumMember.XMany()
        from close in SymAt("}")
        select (DeclarationSyntax)new EnumSyntax(name.Value, label, members.ToList(), Join(kw, close));

    private static readonly Parser<FieldSyntax> Field =
        from name in Ident
        from colon in Sym(":")
        from type in Type
        from label in OptionalLabel
        from comma in Sym(",").Optional()
        select new FieldSyntax(name.Value, type, label, name.Span);

    private static readonly Parser<DeclarationSyntax> Record =
        from kw in KwAt("record")
        from name in Ident
        from label in OptionalLabel
        from open in Sym("{")
        from fields in Field.XMany()
        from close in SymAt("}")
        select (DeclarationSyntax)new RecordSyntax(name.Value, label, fields.ToList(), Join(kw, close));

    private static readonly Parser<Clause> Input =
        from kw in KwAt("input")
        from name in Ident
        from colon in Sym(":")
        from type in Type
        from list in Label
            .XOr(Unit)
            .XOr(from r in KwAt("requires") from e in Expression select (Clause)new ConditionClause("requires", e, Join(r, e.Span)))
            .XOr(from k in KwAt("known")
                 from values in StringTok.DelimitedBy(Sym(","))
                 let all = values.ToList()
                 select (Clause)new KnownClause(all.Select(v => v.Value).ToList(), Join(k, all[all.Count - 1].Span)))
            .XOr(from v in KwAt("variant")
                 from text in StringLit
                 from arrow in Sym("=>")
                 from known in StringLit
                 from noteKw in Kw("note")
                 from note in StringTok
                 select (Clause)new VariantClause(new VariantSyntax(text, known, note.Value, v)))
            .XMany()
        let clauses = new ClauseList(list, $"input {name.Value}")
        select (Clause)new InputClause(new InputSyntax(name.Value, type, clauses.Text("label"),
            clauses.Single<ConditionClause>("requires")?.Condition, Join(kw, type.Span))
        {
            Known = clauses.Single<KnownClause>("known")?.Values,
            Variants = clauses.All<VariantClause>().Select(c => c.Variant).ToList(),
            Unit = UnitOf(clauses),
        });

    private static UnitSyntax? UnitOf(ClauseList clauses) =>
        clauses.Single<TextClause>("unit") is { } u ? new UnitSyntax(u.Text, u.Span) : null;

    private static readonly Parser<RuleSyntax> Rule =
        from kw in KwAt("rule")
        from label in Ident
        from exception in (from e in Kw("exception") from of in Kw("of") from target in Ident select target).XOptional()
        from list in (from w in KwAt("when") from e in Expression select (Clause)new ConditionClause("when", e, Join(w, e.Span)))
            .XOr(Cites.Select(c => (Clause)c))
            .XOr(Note)
            .XMany()
        from eq in Sym("=").Named("'=' and the rule's value")
        from value in Expression
        let clauses = new ClauseList(list, $"rule {label.Value}")
        select new RuleSyntax(label.Value, exception.IsDefined ? exception.Get().Value : null, exception.IsDefined ? exception.Get().Span : null,
            clauses.Single<ConditionClause>("when")?.Condition, clauses.Cites(), clauses.Text("note"), value, Join(kw, value.Span));

    private static readonly Parser<Clause> Definition =
        from kw in Tok(Atomic("def", true).Or(Atomic("output", true)))
        from name in Ident
        from colon in Sym(":")
        from type in Type
        from list in Label.XOr(Unit).XOr(Note).XOr(Cites.Select(c => (Clause)c)).XMany()
        from body in (from eq in Sym("=") from e in Expression select (object)e)
            .XOr(Rule.XAtLeastOnce().Select(rs => (object)rs.ToList()))
            .Named("'=' and an expression, or labelled rules")
        let clauses = new ClauseList(list, $"{kw.Value} {name.Value}")
        select (Clause)new DefinitionClause(new DefinitionSyntax(name.Value, type, kw.Value == "output", clauses.Text("label"), clauses.Cites(),
            clauses.Text("note"), body as ExpressionSyntax, body as List<RuleSyntax> ?? new List<RuleSyntax>(), Join(kw.Span, name.Span))
        {
            Unit = UnitOf(clauses),
        });

    private static readonly Parser<Clause> ModuleItem =
        Input
            .XOr(Definition)
            .XOr(Note)
            .XOr(InForce)
            .XOr(Cites.Select(c => (Clause)c))
            .Named("module item (input, def, output, note, in_force, cites)");

    private static readonly Parser<DeclarationSyntax> Module =
        from kw in KwAt("module")
        from name in Ident
        from label in OptionalLabel
        from open in Sym("{")
        from items in ModuleItem.XMany()
        from close in SymAt("}")
        let clauses = new ClauseList(items, $"module {name.Value}")
        select (DeclarationSyntax)new ModuleSyntax(name.Value, label, clauses.Text("note"), clauses.Single<InForceClause>("in_force")?.Period,
            clauses.Cites(), clauses.All<InputClause>().Select(i => i.Input).ToList(),
            clauses.All<DefinitionClause>().Select(d => d.Definition).ToList(), Join(kw, close));

    // ---- parameters ----------------------------------------------------------------------------

    /// <summary>A keyword written in English or in Chinese (<c>parameter</c> or <c>参数</c>); the English word is what the tree keeps.</summary>
    private static Parser<TextSpan> KwEither(string english, params string[] chinese) =>
        KeywordSpans.GetOrAdd(english + "|" + string.Join("|", chinese), _ => chinese.Aggregate(KwAt(english), (p, c) => p.Or(KwAt(c))));

    private static readonly Parser<LiteralSyntax> BoundAmount = NumberLiteral.Select(n => (LiteralSyntax)n);

    /// <summary>
    /// A bracket bound, read by 民法典 第1259条: <c>X 以上</c> (X and above) and <c>X 以下</c>/<c>不超过 X</c> (up to and
    /// including X) include X; <c>超过 X</c> (over X), <c>不满 X</c> and <c>低于 X</c> (below X) do not. English:
    /// <c>at_least</c>, <c>over</c>, <c>up_to</c>, <c>below</c>.
    /// </summary>
    private static readonly Parser<BoundSyntax> Bound =
        (from amount in BoundAmount
         from word in Tok(Atomic("以上", true).Or(Atomic("以下", true))).Named("'以上' or '以下'")
         select new BoundSyntax(word.Value == "以上", true, amount.Number, word.Value, Join(amount.Span, word.Span)))
        .XOr(from word in Tok(Atomic("at_least", true).Or(Atomic("over", true)).Or(Atomic("超过", true))
                 .Or(Atomic("up_to", true)).Or(Atomic("below", true)).Or(Atomic("不超过", true)).Or(Atomic("不满", true)).Or(Atomic("低于", true)))
             from amount in BoundAmount
             select new BoundSyntax(word.Value is "at_least" or "over" or "超过", word.Value is "at_least" or "up_to" or "不超过",
                 amount.Number, word.Value, Join(word.Span, amount.Span)))
        .Named("bracket bound (X 以上, 超过 X, 不满 X, X 以下, …)");

    private static readonly Parser<BracketSyntax> Bracket =
        from bounds in Bound.XMany()
        from arrow in SymAt("=>").Named("'=>' and the bracket's rate")
        from value in Expr
        from comma in Sym(",").Optional()
        let list = bounds.ToList()
        select new BracketSyntax(list, value, list.Count > 0 ? Join(list[0].Span, value.Span) : Join(arrow, value.Span));

    private static readonly Parser<TableEntrySyntax> TableEntry =
        from key in Nested(Ref(() => Unary!)).Named("table key")
        from arrow in Sym("=>")
        from value in Expr
        from comma in Sym(",").Optional()
        select new TableEntrySyntax(key, value, Join(key.Span, value.Span));

    /// <summary>A parameter value as written: one expression, table entries or brackets, and where it ends.</summary>
    private sealed record ValueBodySyntax(ExpressionSyntax? Value, List<TableEntrySyntax> Entries, List<BracketSyntax> Brackets, TextSpan End);

    /// <summary><c>{ ITEM ITEM … }</c>: one or more items in braces, made into a body with the closing brace.</summary>
    private static Parser<ShapedValueBody> Braced<T>(Parser<T> item, Func<List<T>, TextSpan, ShapedValueBody> body) =>
        from open in Sym("{")
        from items in item.XAtLeastOnce()
        from close in SymAt("}").Named("'}'")
        select body(items.ToList(), close);

    /// <summary>The value's form with its body: <c>table</c>, <c>scale</c> (brackets; a <c>range</c> is written the same) or <c>value</c>.</summary>
    private sealed record ShapedValueBody(string Shape, ValueBodySyntax Body);

    private static readonly Parser<ShapedValueBody> TableBody =
        Braced(TableEntry, (entries, close) => new ShapedValueBody("table", new ValueBodySyntax(null, entries, new List<BracketSyntax>(), close)));
    private static readonly Parser<ShapedValueBody> BracketBody =
        Braced(Bracket, (brackets, close) => new ShapedValueBody("scale", new ValueBodySyntax(null, new List<TableEntrySyntax>(), brackets, close)));
    private static readonly Parser<ShapedValueBody> PlainBody =
        Expression.Select(e => new ShapedValueBody("value", new ValueBodySyntax(e, new List<TableEntrySyntax>(), new List<BracketSyntax>(), e.Span)));

    /// <summary><c>from DATE = BODY cites …</c> (<c>自</c>): a dated value, and the span of its <c>from</c>.</summary>
    private sealed record DatedValue(TextSpan From, DateTime Date, ShapedValueBody Body, CitesClause? Cites)
    {
        /// <summary>The value as the tree keeps it, its span from <paramref name="start"/> to its citations or its body.</summary>
        public ParameterValueSyntax At(TextSpan start) => new(Date, Body.Body.Value, Body.Body.Entries, Body.Body.Brackets,
            Cites?.Cites ?? Array.Empty<CitationSyntax>(), Join(start, Cites?.Span ?? Body.Body.End));
    }

    private static Parser<DatedValue> Dated(Parser<ShapedValueBody> body) =>
        from kw in KwEither("from", "自")
        from date in DateLit
        from eq in Sym("=").Named("'=' and the value")
        from b in body
        from cites in Cites.XOptional()
        select new DatedValue(kw, date.Value, b, cites.GetOrDefault());

    /// <summary>A parameter's form: <c>value</c>, <c>table</c> or <c>range</c> (by a key type), or <c>scale</c> (by a method).</summary>
    private sealed record ParameterShapeSyntax(string Shape, TypeSyntax? Key, string? Method);

    private static readonly Parser<ParameterShapeSyntax> ParameterShape =
        (from byKw in KwEither("by", "按")
         from range in (from r in KwEither("range", "区间") from of in KwAt("of") select "range").Or(Parse.Return("table"))
         from key in Type
         select new ParameterShapeSyntax(range, key, null))
        .XOr(from scale in KwEither("scale", "分档")
             from method in KwEither("marginal", "超额累进").Return("marginal").XOr(KwEither("single_rate", "全额累进").Return("single_rate"))
                 .Named("'marginal' (超额累进) or 'single_rate' (全额累进)")
             select new ParameterShapeSyntax("scale", null, method))
        .XOptional()
        .Select(o => o.GetOrElse(new ParameterShapeSyntax("value", null, null)));

    /// <summary><c>parameter NAME: TYPE label "…"</c> and its form, up to the brace.</summary>
    private sealed record ParameterHead(TextSpan Start, string Name, TypeSyntax Type, string? Label, ParameterShapeSyntax Shape);

    // Separate from Parameter: one query with all its clauses nests anonymous types deeper than ReadyToRun precompiles,
    // and the grammar's whole static constructor was then compiled by the JIT at every start.
    private static readonly Parser<ParameterHead> ParameterHeader =
        from kw in KwEither("parameter", "参数")
        from name in Ident
        from colon in Sym(":")
        from type in Type
        from label in OptionalLabel
        from shape in ParameterShape
        select new ParameterHead(kw, name.Value, type, label, shape);

    private static Parser<IEnumerable<ParameterValueSyntax>> Values(Parser<ShapedValueBody> body) => Dated(body).Select(d => d.At(d.From)).XMany();

    private static readonly Parser<IEnumerable<ParameterValueSyntax>> TableValues = Values(TableBody);
    private static readonly Parser<IEnumerable<ParameterValueSyntax>> BracketValues = Values(BracketBody);
    private static readonly Parser<IEnumerable<ParameterValueSyntax>> PlainValues = Values(PlainBody);

    private static Parser<IEnumerable<ParameterValueSyntax>> ValuesOf(string shape) =>
        shape switch { "table" => TableValues, "scale" or "range" => BracketValues, _ => PlainValues };

    private static readonly Parser<DeclarationSyntax> Parameter =
        from head in ParameterHeader
        from open in Sym("{")
        from note in Note.XOptional()
        from before in BeforeFirst.XOptional()
        from values in ValuesOf(head.Shape.Shape)
        from close in SymAt("}").Named("'from DATE = …' or '}'")
        select (DeclarationSyntax)new ParameterSyntax(head.Name, head.Type, head.Label, note.IsDefined ? ((TextClause)note.Get()).Text : null,
            head.Shape.Key, head.Shape.Shape == "range", head.Shape.Method, before.GetOrDefault(), values.ToList(), Join(head.Start, close));

    /// <summary><c>before_first = not_determinable "REASON" cites DOC §SEC</c>: a read before the first value is
    /// <c>not_determinable</c> (another document decides) instead of <c>not_in_force</c>.</summary>
    private static readonly Parser<NotDeterminableSyntax> BeforeFirst =
        from kw in KwAt("before_first")
        from eq in Sym("=").Named("'=' and 'not_determinable \"REASON\" cites …'")
        from nd in KwAt("not_determinable").Named("'not_determinable'")
        from reason in StringLit.Named("the reason in quotes")
        from cites in Cites.XOptional()
        select new NotDeterminableSyntax(reason, cites.IsDefined ? cites.Get().Cites : Array.Empty<CitationSyntax>(), Join(kw, cites.IsDefined ? cites.Get().Span : nd));

    // ---- reforms (.reform files) -----------------------------------------------------------------

    /// <summary><c>draft ALIAS "NUMBER" { … }</c> (<c>草案</c>): a document block, declared as a draft the reform comes from.</summary>
    private static readonly Parser<DocumentSyntax> Draft =
        from kw in KwEither("draft", "草案")
        from alias in Ident
        from number in StringLit.Named("document number in quotes")
        from open in Sym("{")
        from clauses in DocumentClause.XMany()
        from close in SymAt("}")
        select MakeDocument(alias.Value, number, new ClauseList(clauses, $"draft {alias.Value}"), Join(kw, close));

    /// <summary><c>parameter NAME from DATE = … cites …</c> (<c>参数 NAME 自 DATE = …</c>): one overridden value. Its form
    /// is not known until the parameter is looked up: a table, brackets, or one constant.</summary>
    private static readonly Parser<ReformValueSyntax> ReformValue =
        from kw in KwEither("parameter", "参数")
        from name in Ident
        from value in Dated(TableBody.Or(BracketBody).Or(PlainBody))
        select new ReformValueSyntax(name.Value, name.Span, value.Body.Shape, value.At(kw));

    private static readonly Parser<object> ReformItem =
        Draft.Select(d => (object)d)
            .XOr(ReformValue.Select(v => (object)v))
            .XOr(Note.Select(n => (object)n))
            .Named("reform item (draft, parameter, note)");

    internal static readonly Parser<ReformSyntax> ReformFile =
        from leading in Trivia
        from kw in KwEither("reform", "改革")
        from name in Ident
        from title in StringLit.Named("the reform's title in quotes")
        from open in Sym("{")
        from items in ReformItem.XMany()
        from close in SymAt("}").Named("'draft', 'parameter' or '}'")
        from end in Parse.Return(0).End()
        let list = items.ToList()
        select new ReformSyntax(name.Value, title, list.OfType<TextClause>().Select(t => t.Text).FirstOrDefault(),
            list.OfType<DocumentSyntax>().ToList(), list.OfType<ReformValueSyntax>().ToList(), Join(kw, close));

    private static readonly Parser<DeclarationSyntax> Declaration =
        Document.XOr(Calendar).XOr(Enum).XOr(Record).XOr(Module).XOr(Parameter)
            .Named("declaration (document, calendar, enum, record, module, parameter)");

    internal static readonly Parser<IEnumerable<DeclarationSyntax>> File =
        from leading in Trivia
        from declarations in Declaration.XMany().End()
        select declarations;

    internal static readonly Parser<ExpressionSyntax> SingleExpression =
        from leading in Trivia
        from e in Expression.End()
        select e;
}
