using System;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Syntax;

/// <summary>
/// Refuses expressions and scenario values nested deeper than <see cref="MaxDepth"/> (brackets, or a long chain
/// such as <c>a + b + … + z</c>, which nests to the left). Every later phase — binder, interpreter, bulk compiler,
/// generated C# — walks expressions recursively; the limit keeps them all far from the end of the stack, and a rule
/// that deep is better written as named definitions anyway. The parsers enforce it while they read (see
/// <see cref="Tokens.Nested{T}"/> and <see cref="ExpressionSyntax.Depth"/>), so no deeper tree is ever built.
/// </summary>
internal static class NestingLimit
{
    public const int MaxDepth = 200;

    public static int Depth(ExpressionSyntax e) => e.Depth;

    internal static SyntaxLimitException TooDeep(int line, int column) =>
        new(line, column, Msg.Of("syntax.too_deep", ("max", MaxDepth)), Msg.Of("hint.split_into_definitions"));

    /// <summary>A node built by the parser: refused when it makes the tree too deep.</summary>
    internal static T Checked<T>(T e) where T : ExpressionSyntax =>
        e.Depth > MaxDepth ? throw TooDeep(e.Span.Line, e.Span.Column) : e;
}

/// <summary>A limit of the language reached while parsing (PR0001 at the place it was reached); the parse stops there.</summary>
internal sealed class SyntaxLimitException : Exception
{
    public SyntaxLimitException(int line, int column, Msg text, Msg hint) : base(text.Render(Lang.En))
    {
        Line = line; Column = column; Text = text; Hint = hint;
    }

    public int Line { get; }
    public int Column { get; }
    public Msg Text { get; }
    public Msg Hint { get; }
}
