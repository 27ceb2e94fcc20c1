using System;

namespace PolicyRules.Language.Model;

/// <summary>What kind of type a <see cref="RuleType"/> is.</summary>
public enum TypeKind
{
    /// <summary><c>int</c>: a whole number.</summary>
    Int,
    /// <summary><c>decimal</c>: an exact decimal number.</summary>
    Decimal,
    /// <summary><c>money</c>: an amount in yuan, exact.</summary>
    Money,
    /// <summary><c>rate</c>: a fraction (0.045 is 4.5 %).</summary>
    Rate,
    /// <summary><c>bool</c>.</summary>
    Bool,
    /// <summary><c>date</c>: a calendar day.</summary>
    Date,
    /// <summary><c>datetime</c>: a day and a time of day.</summary>
    DateTime,
    /// <summary><c>string</c>: text.</summary>
    String,
    /// <summary>An enum declared in the package (<see cref="RuleType.Name"/>).</summary>
    Enum,
    /// <summary>A record declared in the package (<see cref="RuleType.Name"/>).</summary>
    Record,
    /// <summary><c>list&lt;T&gt;</c> (<see cref="RuleType.Element"/>).</summary>
    List,
    /// <summary>A working-day calendar, passed to the working-day functions.</summary>
    Calendar,
    /// <summary>The literal <c>none</c> before it meets a type.</summary>
    None,
    /// <summary><c>not_determinable</c>, which never produces a value.</summary>
    Never,
    /// <summary>An expression that already has an error.</summary>
    Error,
}

/// <summary>A checked type. Value-equatable, so it can travel through an incremental generator pipeline.</summary>
public sealed class RuleType : IEquatable<RuleType>
{
    /// <summary>What kind of type this is.</summary>
    public TypeKind Kind { get; }
    /// <summary>The enum or record name.</summary>
    public string? Name { get; }
    /// <summary>The element type of a list.</summary>
    public RuleType? Element { get; }
    /// <summary>Written with <c>?</c>: the value may be <c>none</c>.</summary>
    public bool Optional { get; }

    private RuleType(TypeKind kind, string? name = null, RuleType? element = null, bool optional = false)
    {
        Kind = kind; Name = name; Element = element; Optional = optional;
    }

    /// <summary>The type <c>int</c>.</summary>
    public static readonly RuleType Int = new(TypeKind.Int);
    /// <summary>The type <c>decimal</c>.</summary>
    public static readonly RuleType Decimal = new(TypeKind.Decimal);
    /// <summary>The type <c>money</c>.</summary>
    public static readonly RuleType Money = new(TypeKind.Money);
    /// <summary>The type <c>rate</c>.</summary>
    public static readonly RuleType Rate = new(TypeKind.Rate);
    /// <summary>The type <c>bool</c>.</summary>
    public static readonly RuleType Bool = new(TypeKind.Bool);
    /// <summary>The type <c>date</c>.</summary>
    public static readonly RuleType Date = new(TypeKind.Date);
    /// <summary>The type <c>datetime</c>.</summary>
    public static readonly RuleType DateTime = new(TypeKind.DateTime);
    /// <summary>The type <c>string</c>.</summary>
    public static readonly RuleType String = new(TypeKind.String);
    /// <summary>The type of a working-day calendar.</summary>
    public static readonly RuleType Calendar = new(TypeKind.Calendar);
    /// <summary>The type of the literal <c>none</c> before it meets a type.</summary>
    public static readonly RuleType None = new(TypeKind.None);
    /// <summary>The type of <c>not_determinable</c>: it never produces a value, so it fits anywhere.</summary>
    public static readonly RuleType Never = new(TypeKind.Never);
    /// <summary>The type of an expression that already has an error; suppresses follow-on errors.</summary>
    public static readonly RuleType Error = new(TypeKind.Error);

    /// <summary>The enum type declared as <paramref name="name"/>.</summary>
    public static RuleType EnumOf(string name) => new(TypeKind.Enum, name);
    /// <summary>The record type declared as <paramref name="name"/>.</summary>
    public static RuleType RecordOf(string name) => new(TypeKind.Record, name);
    /// <summary>The type of a list of <paramref name="element"/>.</summary>
    public static RuleType ListOf(RuleType element) => new(TypeKind.List, element: element);

    /// <summary>This type, optional (<c>T?</c>); <c>not_determinable</c> and error types stay as they are.</summary>
    public RuleType AsOptional() => Optional || Kind is TypeKind.Never or TypeKind.Error ? this : new(Kind, Name, Element, true);
    /// <summary>This type, not optional.</summary>
    public RuleType AsRequired() => Optional ? new(Kind, Name, Element, false) : this;

    /// <summary>A required <c>int</c> or <c>decimal</c>: a plain number, without a unit.</summary>
    public bool IsNumeric => !Optional && Kind is TypeKind.Int or TypeKind.Decimal;
    /// <summary>The type of an expression that already has an error.</summary>
    public bool IsBad => Kind is TypeKind.Error;

    /// <summary>Types are equal when kind, name, element type and optionality are.</summary>
    public bool Equals(RuleType? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && Optional == other.Optional && Equals(Element, other.Element);

    /// <inheritdoc cref="Equals(RuleType?)"/>
    public override bool Equals(object? obj) => Equals(obj as RuleType);
    /// <summary>A hash consistent with <see cref="Equals(RuleType?)"/>.</summary>
    public override int GetHashCode() => ((int)Kind * 397) ^ (Name?.GetHashCode() ?? 0) ^ (Element?.GetHashCode() ?? 0) ^ (Optional ? 1 : 0);
    /// <summary>Whether two types are equal (<see cref="Equals(RuleType?)"/>); two nulls are.</summary>
    public static bool operator ==(RuleType? a, RuleType? b) => a is null ? b is null : a.Equals(b);
    /// <summary>Whether two types differ.</summary>
    public static bool operator !=(RuleType? a, RuleType? b) => !(a == b);

    /// <summary>The type as the rule language writes it: <c>list&lt;money&gt;?</c>.</summary>
    public override string ToString()
    {
        var core = Kind switch
        {
            TypeKind.Enum or TypeKind.Record => Name!,
            TypeKind.List => $"list<{Element}>",
            TypeKind.DateTime => "datetime",
            TypeKind.Never => "not_determinable",
            _ => Kind.ToString().ToLowerInvariant(),
        };
        return Optional ? core + "?" : core;
    }

    /// <summary>Whether a value of type <paramref name="source"/> may be stored where <paramref name="target"/> is expected.</summary>
    public static bool IsAssignable(RuleType source, RuleType target)
    {
        if (source.IsBad || target.IsBad || source.Kind == TypeKind.Never) return true;
        if (source.Kind == TypeKind.None) return target.Optional;
        if (source.Optional && !target.Optional) return false;
        var s = source.AsRequired();
        var t = target.AsRequired();
        if (s == t) return true;
        if (s.Kind == TypeKind.Int && t.Kind == TypeKind.Decimal) return true;
        if (s.Kind == TypeKind.List && t.Kind == TypeKind.List) return IsAssignable(s.Element!, t.Element!);
        return false;
    }

    /// <summary>The common type of two branches (if/match), or null when they have none.</summary>
    public static RuleType? Unify(RuleType a, RuleType b)
    {
        if (a.IsBad || b.IsBad) return Error;
        if (a.Kind == TypeKind.Never) return b;
        if (b.Kind == TypeKind.Never) return a;
        if (a.Kind == TypeKind.None) return b.Kind == TypeKind.None ? a : b.AsOptional();
        if (b.Kind == TypeKind.None) return a.AsOptional();
        var optional = a.Optional || b.Optional;
        var ra = a.AsRequired();
        var rb = b.AsRequired();
        RuleType? result = null;
        if (ra == rb) result = ra;
        else if (ra.IsNumeric && rb.IsNumeric) result = Decimal;
        else if (ra.Kind == TypeKind.List && rb.Kind == TypeKind.List)
        {
            var e = Unify(ra.Element!, rb.Element!);
            if (e is not null) result = ListOf(e);
        }
        if (result is null) return null;
        return optional ? result.AsOptional() : result;
    }
}
