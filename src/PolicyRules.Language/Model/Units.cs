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

    /// <summary>A unit's name and its other spellings. A class, not a value tuple: ReadyToRun cannot precompile generic
    /// code (the LINQ below) over value tuples, which would be compiled by the JIT at every start of the tool.</summary>
    private sealed record Unit(string Name, string[] Spellings);

    private static readonly Unit[] Catalogue =
    {
        new("平方米", new[] { "平米", "m²", "m2", "㎡" }),
        new("立方米/吨", new[] { "m³/t" }),
        new("亩", Array.Empty<string>()),
        new("米", new[] { "m" }),
        new("公里", new[] { "km" }),
        new("周岁", new[] { "岁" }),
        new("年", Array.Empty<string>()),
        new("个月", new[] { "月" }),
        new("天", new[] { "日" }),
        new("小时", Array.Empty<string>()),
        new("分钟", Array.Empty<string>()),
        new("课时", Array.Empty<string>()),
        new("人", new[] { "名" }),
        new("个", Array.Empty<string>()),
        new("所", Array.Empty<string>()),
        new("班", Array.Empty<string>()),
        new("轨", Array.Empty<string>()),
        new("次", Array.Empty<string>()),
        new("Mbps", Array.Empty<string>()),
        new(Yuan, new[] { "yuan" }),
        new(Percent, new[] { "％" }),
    };

    private static readonly Dictionary<string, string> NameOf = NamesBySpelling();

    private static Dictionary<string, string> NamesBySpelling()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in Catalogue)
        {
            foreach (var spelling in unit.Spellings) names.Add(spelling, unit.Name);
            names.Add(unit.Name, unit.Name);
        }
        return names;
    }

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
