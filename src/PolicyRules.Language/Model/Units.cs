using System;
using System.Collections.Generic;
using System.Linq;

using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Model;

/// <summary>
/// The units an input or output may declare (<c>unit "平方米"</c>) and a scenario may write after a number. A unit names
/// what is counted; apart from 万/亿 before it (10⁴, 10⁸) it never changes the number. Each unit has one name and
/// the other spellings people use for it (平米 and m² are 平方米).
/// </summary>
internal static class Units
{
    /// <summary>Money is held in 元.</summary>
    public const string Yuan = "元";
    public const string Percent = "%";

    private static readonly (string Name, string[] Spellings)[] Catalogue =
    {
        ("平方米", new[] { "平米", "m²", "m2", "㎡" }),
        ("立方米/吨", new[] { "m³/t" }),
        ("亩", Array.Empty<string>()),
        ("米", new[] { "m" }),
        ("公里", new[] { "km" }),
        ("周岁", new[] { "岁" }),
        ("年", Array.Empty<string>()),
        ("个月", new[] { "月" }),
        ("天", new[] { "日" }),
        ("小时", Array.Empty<string>()),
        ("分钟", Array.Empty<string>()),
        ("课时", Array.Empty<string>()),
        ("人", new[] { "名" }),
        ("个", Array.Empty<string>()),
        ("所", Array.Empty<string>()),
        ("班", Array.Empty<string>()),
        ("轨", Array.Empty<string>()),
        ("次", Array.Empty<string>()),
        ("Mbps", Array.Empty<string>()),
        (Yuan, new[] { "yuan" }),
        (Percent, new[] { "％" }),
    };

    private static readonly Dictionary<string, string> NameOf = Catalogue
        .SelectMany(u => u.Spellings.Append(u.Name).Select(s => (Spelling: s, u.Name)))
        .ToDictionary(x => x.Spelling, x => x.Name, StringComparer.Ordinal);

    /// <summary>Units of a counted or measured number (int or decimal), by their names.</summary>
    public static IReadOnlyList<string> Plain { get; } = Catalogue.Select(u => u.Name).Where(n => n != Yuan && n != Percent).ToList();

    /// <summary>Every spelling of every unit, names first.</summary>
    public static IReadOnlyList<string> AllSpellings { get; } = Catalogue.Select(u => u.Name).Concat(Catalogue.SelectMany(u => u.Spellings)).ToList();

    /// <summary>The unit's name for any of its spellings (平米 → 平方米), or null for a word that is not a unit.</summary>
    public static string? Name(string spelling) => NameOf.TryGetValue(spelling, out var name) ? name : null;

    public static bool IsMoney(string spelling) => Name(spelling) == Yuan;
    public static bool IsRate(string spelling) => Name(spelling) == Percent;
    public static bool IsPlain(string spelling) => Name(spelling) is { } n && n != Yuan && n != Percent;

    /// <summary>Splits a leading 万 (10⁴) or 亿 (10⁸) off a unit: <c>万元</c> is 10000 × 元, <c>万</c> alone is 10000.</summary>
    public static (decimal Factor, string? Unit) Scale(string? unit)
    {
        if (unit is null || unit.Length == 0) return (1m, null);
        if (unit[0] == '万') return (10000m, unit.Length == 1 ? null : unit.Substring(1));
        if (unit[0] == '亿') return (100000000m, unit.Length == 1 ? null : unit.Substring(1));
        return (1m, unit);
    }

    /// <summary>
    /// Why <paramref name="unit"/> cannot be declared on a value of <paramref name="type"/>, or null when it can:
    /// 元 on money only, % on rates only, the others on int and decimal (a list's unit is its items').
    /// </summary>
    public static Msg? CheckDeclared(string unit, RuleType type, string owner)
    {
        var element = type.Kind == TypeKind.List ? type.Element! : type;
        var name = Name(unit);
        if (name is null)
        {
            var (factor, scaled) = Scale(unit);
            if (factor != 1m && scaled is not null && Name(scaled) == Yuan)
                return Msg.Of("unit.declare_yuan", ("owner", owner), ("unit", unit));
            return Msg.Of("unit.unknown_declared", ("unit", unit), ("units", Catalogue.Select(u => u.Name).ToList()));
        }
        switch (element.Kind)
        {
            case TypeKind.Money:
                return name == Yuan ? null : Msg.Of("unit.money_in_yuan", ("owner", owner), ("unit", unit));
            case TypeKind.Rate:
                return name == Percent ? null : Msg.Of("unit.rate_in_percent", ("owner", owner), ("unit", unit));
            case TypeKind.Int:
            case TypeKind.Decimal:
                if (name == Yuan) return Msg.Of("unit.yuan_on_number", ("owner", owner), ("type", element.ToString()), ("unit", unit));
                if (name == Percent) return Msg.Of("unit.percent_on_number", ("owner", owner), ("type", element.ToString()));
                return null;
            default:
                return Msg.Of("unit.not_numeric", ("owner", owner), ("type", type.ToString()));
        }
    }
}
