using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Model;

/// <summary>
/// A type in words, as messages say it ("expected an amount of money in yuan", "expected a date (yyyy-mm-dd) or none"):
/// the one wording of input errors (the interpreter, SQL and generated modules, so that all report a bad input
/// identically) and of scenario errors.
/// </summary>
internal static class TypeWords
{
    public static string Describe(RuleType type) => DescribeMsg(type).Render(Lang.En);

    public static Msg DescribeMsg(RuleType type)
    {
        var words = type.Kind switch
        {
            TypeKind.Int => Msg.Of("typeword.int"),
            TypeKind.Decimal => Msg.Of("typeword.decimal"),
            TypeKind.Money => Msg.Of("typeword.money"),
            TypeKind.Rate => Msg.Of("typeword.rate"),
            TypeKind.Bool => Msg.Of("typeword.bool"),
            TypeKind.Date => Msg.Of("typeword.date"),
            TypeKind.DateTime => Msg.Of("typeword.datetime"),
            TypeKind.String => Msg.Of("typeword.string"),
            TypeKind.Enum => Msg.Of("typeword.enum", ("name", type.Name)),
            TypeKind.Record => Msg.Of("typeword.record", ("name", type.Name)),
            TypeKind.List => Msg.Of("typeword.list", ("element", DescribeMsg(type.Element!))),
            _ => Msg.Of("typeword.other", ("name", type.ToString())),
        };
        return type.Optional ? Msg.Of("typeword.optional", ("type", words)) : words;
    }
}
