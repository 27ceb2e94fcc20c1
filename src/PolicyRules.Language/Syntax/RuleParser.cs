using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
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
                diagnostics.Error(DiagnosticIds.InvalidLiteral, new TextSpan(_file, e.Position.Line, e.Position.Column, e.Position.Line, e.Position.Column + 1), e.Message);
                return null;
            }
            catch (SyntaxLimitException e)
            {
                diagnostics.Error(DiagnosticIds.SyntaxError, new TextSpan(_file, e.Line, e.Column, e.Line, e.Column + 1), e.Message, e.Suggestion);
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

    private Diagnostic SyntaxErrorOf<T>(IResult<T> result, DiagnosticDescriptor id)
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
}
