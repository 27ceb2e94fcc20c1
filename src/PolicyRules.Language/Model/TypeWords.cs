namespace PolicyRules.Language.Model;

/// <summary>
/// A type in words, as input errors say it ("expected an amount of money in yuan"). One wording for the
/// interpreter and for generated modules, so that both report a bad input identically.
/// </summary>
internal static class TypeWords
{
    public static string Describe(RuleType type) => type.Kind switch
    {
        TypeKind.Int => "a whole number",
        TypeKind.Decimal => "a number",
        TypeKind.Money => "an amount of money in yuan",
        TypeKind.Rate => "a rate such as \"7.9%\"",
        TypeKind.Bool => "true or false",
        TypeKind.Date => "a date (yyyy-mm-dd)",
        TypeKind.DateTime => "a date-time (yyyy-mm-ddThh:mm)",
        TypeKind.String => "text",
        TypeKind.Enum => $"a {type.Name} value",
        TypeKind.Record => $"a {type.Name} record",
        TypeKind.List => $"a list of {type.Element}",
        _ => type.ToString(),
    };
}
