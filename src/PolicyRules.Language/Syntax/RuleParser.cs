using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using Sprache;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// Parses .rules files with <see cref="RuleGrammar"/> (built once per process). One instance per file, so that
/// every span carries the file's path.
/// </summary>
internal sealed class RuleParser
{
    private readonly string _file;

    public RuleParser(string file) { _file = file; }

    /// <summary>Parses one file; on a syntax error returns null and adds a PR0001 (or PR0003) diagnostic.</summary>
    public RuleFileSyntax? ParseFile(string text, DiagnosticBag diagnostics)
    {
        var declarations = Run(RuleGrammar.File, text.Replace("\r\n", "\n"), diagnostics);
        return declarations is null ? null : new RuleFileSyntax(_file, declarations.ToList());
    }

    /// <summary>Parses a reform file (<c>.reform</c>); on a syntax error returns null and adds a PR0001 (or PR0003) diagnostic.</summary>
    public ReformSyntax? ParseReform(string text, DiagnosticBag diagnostics) =>
        Run(RuleGrammar.ReformFile, text.Replace("\r\n", "\n"), diagnostics);

    /// <summary>Parses a single expression (used by tests and by scenario files).</summary>
    public ExpressionSyntax? ParseExpression(string text, DiagnosticBag diagnostics) =>
        Run(RuleGrammar.SingleExpression, text, diagnostics);

    private T? Run<T>(Parser<T> parser, string text, DiagnosticBag diagnostics) where T : class
    {
        var state = new ParseState(_file);
        return Tokens.With(state, () =>
        {
            IResult<T> result;
            try { result = parser(Tokens.Input(text)); }
            catch (ParseException e)
            {
                var span = new TextSpan(_file, e.Position.Line, e.Position.Column, e.Position.Line, e.Position.Column + 1);
                if (e is MsgParseException m) diagnostics.Error(DiagnosticIds.InvalidLiteral, span, m.Text);
                else diagnostics.Error(DiagnosticIds.InvalidLiteral, span, e.Message);
                return null;
            }
            catch (SyntaxLimitException e)
            {
                diagnostics.Error(DiagnosticIds.SyntaxError, new TextSpan(_file, e.Line, e.Column, e.Line, e.Column + 1), e.Text, e.Hint);
                return null;
            }
            if (!result.WasSuccessful)
            {
                diagnostics.Add(SyntaxErrorOf(result, DiagnosticIds.SyntaxError));
                return null;
            }
            diagnostics.AddRange(state.Diagnostics.Distinct());
            return result.Value;
        });
    }

    /// <summary>The catalogue key of each production's name (<c>.Named(…)</c>), so that what was expected is said in the reader's language.</summary>
    private static readonly Dictionary<string, string> ExpectationKeys = new()
    {
        ["name"] = "grammar.name",
        ["quoted text"] = "grammar.quoted_text",
        ["date (yyyy-mm-dd)"] = "grammar.date",
        ["section path (§…)"] = "grammar.section",
        ["document (alias or \"number\")"] = "grammar.document",
        ["type"] = "grammar.type",
        ["value"] = "grammar.value",
        ["expression"] = "grammar.expression",
        ["case value"] = "grammar.case_value",
        ["whole number"] = "grammar.whole_number",
        ["'years' or 'months'"] = "grammar.years_months",
        ["'always' or 'from' and a date"] = "grammar.always_from",
        ["document clause (title, issued, in_force, note, repeals, external, §)"] = "grammar.document_clause",
        ["document number in quotes"] = "grammar.document_number",
        ["calendar clause (covers, cites, holiday, workday)"] = "grammar.calendar_clause",
        ["'=' and the rule's value"] = "grammar.rule_value",
        ["'=' and an expression, or labelled rules"] = "grammar.definition_value",
        ["module item (input, def, output, note, in_force, cites)"] = "grammar.module_item",
        ["declaration (document, calendar, enum, record, module, parameter)"] = "grammar.declaration",
        ["'=' and 'not_determinable \"REASON\" cites …'"] = "grammar.before_first_value",
        ["'=' and the value"] = "grammar.equals_value",
        ["'=>' and the bracket's rate"] = "grammar.bracket_rate",
        ["'draft', 'parameter' or '}'"] = "grammar.reform_item_or_end",
        ["'from DATE = …' or '}'"] = "grammar.from_or_end",
        ["'marginal' (超额累进) or 'single_rate' (全额累进)"] = "grammar.scale_method",
        ["'以上' or '以下'"] = "grammar.above_below",
        ["bracket bound (X 以上, 超过 X, 不满 X, X 以下, …)"] = "grammar.bracket_bound",
        ["reform item (draft, parameter, note)"] = "grammar.reform_item",
        ["table key"] = "grammar.table_key",
        ["the reason in quotes"] = "grammar.reason",
        ["the reform's title in quotes"] = "grammar.reform_title",
        ["'\"' to close the quoted text"] = "grammar.close_quote",
        ["digit"] = "grammar.digit",
        // Sprache's own wording (Parse.WhiteSpace, Parse.CharExcept), should a failure reach one
        ["whitespace"] = "grammar.whitespace",
    };

    /// <summary>
    /// What was expected, in the catalogue: a production's name (<c>.Named(…)</c>) by its key; a token (<c>'}'</c>, or
    /// Sprache's bare characters <c>§</c>, <c>a|b</c>) as the token; Sprache's "any character except …" by its key. Only
    /// a name nobody has given a key falls back to the text itself (a test keeps every name in the grammar keyed).
    /// </summary>
    internal static Msg Expectation(string name) => Tokens.Expectation(name, ExpectationKeys);

    private Diagnostic SyntaxErrorOf<T>(IResult<T> result, DiagnosticDescriptor id)
    {
        var rest = result.Remainder;
        Msg found;
        if (rest.AtEnd) found = Msg.Of("found.end_of_file");
        else
        {
            var snippet = new string(rest.Source.Skip(rest.Position).TakeWhile(c => !char.IsWhiteSpace(c)).Take(12).ToArray());
            found = Msg.Of("found.text", ("text", snippet.Length == 0 ? rest.Current.ToString() : snippet));
        }
        var expected = result.Expectations.Distinct().ToList();
        var message = expected.Count == 0 ? Msg.Of("syntax.unexpected", ("found", found))
            : Msg.Of("syntax.unexpected_expected", ("found", found), ("expected", expected.Select(Expectation).Aggregate((a, b) => Msg.Of("expect.or", ("a", a), ("b", b)))));
        var span = new TextSpan(_file, rest.Line, rest.Column, rest.Line, rest.Column + 1);
        return Diagnostic.Error(id, span, message);
    }
}
