using System;

namespace PolicyRules.Language.Model;

public enum TypeKind { Int, Decimal, Money, Rate, Bool, Date, DateTime, String, Enum, Record, List, Calendar, None, Never, Error }

/// <summary>A checked type. Value-equatable, so it can travel through an incremental generator pipeline.</summary>
public sealed class RuleType : IEquatable<RuleType>
{
    public TypeKind Kind { get; }
    /// <summary>The enum or record name.</summary>
    public string? Name { get; }
    /// <summary>The element type of a list.</summary>
    public RuleType? Element { get; }
    public bool Optional { get; }

    private RuleType(TypeKind kind, string? name = null, RuleType? element = null, bool optional = false)
    {
        Kind = kind; Name = name; Element = element; Optional = optional;
    }

    public static readonly RuleType Int = new(TypeKind.Int);
    public static readonly RuleType Decimal = new(TypeKind.Decimal);
    public static readonly RuleType Money = new(TypeKind.Money);
    public static readonly RuleType Rate = new(TypeKind.Rate);
    public static readonly RuleType Bool = new(TypeKind.Bool);
    public static readonly RuleType Date = new(TypeKind.Date);
    public static readonly RuleType DateTime = new(TypeKind.DateTime);
    public static readonly RuleType String = new(TypeKind.String);
    public static readonly RuleType Calendar = new(TypeKind.Calendar);
    /// <summary>The type of the literal <c>none</c> before it meets a type.</summary>
    public static readonly RuleType None = new(TypeKind.None);
    /// <summary>The type of <c>not_determinable</c>: it never produces a value, so it fits anywhere.</summary>
    public static readonly RuleType Never = new(TypeKind.Never);
    /// <summary>The type of an expression that already has an error; suppresses follow-on errors.</summary>
    public static readonly RuleType Error = new(TypeKind.Error);

    public static RuleType EnumOf(string name) => new(TypeKind.Enum, name);
    public static RuleType RecordOf(string name) => new(TypeKind.Record, name);
    public static RuleType ListOf(RuleType element) => new(TypeKind.List, element: element);

    public RuleType AsOptional() => Optional || Kind is TypeKind.Never or TypeKind.Error ? this : new(Kind, Name, Element, true);
    public RuleType AsRequired() => Optional ? new(Kind, Name, Element, false) : this;

    public bool IsNumeric => !Optional && Kind is TypeKind.Int or TypeKind.Decimal;
    public bool IsBad => Kind is TypeKind.Error;

    public bool Equals(RuleType? other) =>
        other is not null && Kind == other.Kind && Name == other.Name && Optional == other.Optional && Equals(Element, other.Element);

    public override bool Equals(object? obj) => Equals(obj as RuleType);
    public override int GetHashCode() => ((int)Kind * 397) ^ (Name?.GetHashCode() ?? 0) ^ (Element?.GetHashCode() ?? 0) ^ (Optional ? 1 : 0);
    public static bool operator ==(RuleType? a, RuleType? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(RuleType? a, RuleType? b) => !(a == b);

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
