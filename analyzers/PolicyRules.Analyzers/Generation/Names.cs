using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace PolicyRules.Analyzers.Generation;

/// <summary>C# names for rule-language names: <c>land_use_tax</c> → <c>LandUseTax</c>, unique within a scope.</summary>
internal static class Names
{
    public static string Pascal(string name)
    {
        var sb = new StringBuilder();
        foreach (var part in name.Split('_').Where(p => p.Length > 0))
            sb.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        if (sb.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(sb[0])) sb.Insert(0, "N");
        return sb.ToString();
    }

    /// <summary>A simple C# identifier for a local or lambda parameter (keywords escaped).</summary>
    public static string Local(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Gives each name a C# identifier that none of <paramref name="taken"/> has, adding <paramref name="suffix"/> and a number when needed.</summary>
    public static string Unique(string candidate, ISet<string> taken, string suffix = "Value")
    {
        var name = candidate;
        if (taken.Contains(name)) name = candidate + suffix;
        for (var i = 2; taken.Contains(name); i++) name = candidate + suffix + i;
        taken.Add(name);
        return name;
    }

    /// <summary>A C# string literal (null → <c>null</c>).</summary>
    public static string Literal(string? text) => text is null ? "null" : SymbolDisplay.FormatLiteral(text, quote: true);
}
