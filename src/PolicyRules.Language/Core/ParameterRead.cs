using System;
using System.Globalization;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Core;

/// <summary>How a definition read a parameter: its single value, a table by a key, or a scale of a base amount.</summary>
public enum ParameterReadShape
{
    /// <summary>A single value.</summary>
    Value,
    /// <summary>A table read with a key.</summary>
    Table,
    /// <summary>A marginal scale (超额累进) applied to a base amount.</summary>
    MarginalScale,
    /// <summary>A single-rate scale (全额累进) applied to a base amount.</summary>
    SingleRateScale,
}

/// <summary>
/// A parameter a definition read, for its explanation: the parameter, how it was read (the key or base amount as the rule
/// writes it), and the dated value in force with the provision that set it. Kept as data so that each language writes it
/// from the message catalogue (<see cref="Text"/>); <see cref="ToString"/> is the English line
/// ("parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二"). Computed once from the core
/// (<see cref="ParameterReads"/>); generated modules construct it from constants.
/// </summary>
public sealed class ParameterRead : IEquatable<ParameterRead>
{
    /// <summary>A read of parameter <paramref name="name"/>, its value from <paramref name="from"/> set by <paramref name="citation"/>
    /// (<c>邯政办字〔2017〕107号 §二</c>); <paramref name="reform"/> names the reform when the citation is a reform's draft.</summary>
    public ParameterRead(string name, ParameterReadShape shape, string? key, DateTime from, string citation, string? reform)
    {
        Name = name; Shape = shape; Key = key; From = from; Citation = citation; Reform = reform;
    }

    /// <summary>The parameter's name.</summary>
    public string Name { get; }
    /// <summary>How it was read.</summary>
    public ParameterReadShape Shape { get; }
    /// <summary>A table's key or a scale's base amount, as written in the rule; null for a single value.</summary>
    public string? Key { get; }
    /// <summary>The first day of the value in force.</summary>
    public DateTime From { get; }
    /// <summary>The provision that set the value: document number and section.</summary>
    public string Citation { get; }
    /// <summary>The reform whose draft set the value, or null.</summary>
    public string? Reform { get; }

    /// <summary>The line in words, to be rendered in a language.</summary>
    public Msg Text
    {
        get
        {
            var from = From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            object citation = Reform is null ? Citation : Msg.Of("explain.draft_citation", ("citation", Citation), ("reform", Reform));
            return Shape switch
            {
                ParameterReadShape.Table => Msg.Of("explain.parameter_table", ("name", Name), ("key", Key), ("from", from), ("citation", citation)),
                ParameterReadShape.MarginalScale or ParameterReadShape.SingleRateScale => Msg.Of("explain.parameter_scale", ("name", Name),
                    ("method", Msg.Of(Shape == ParameterReadShape.MarginalScale ? "explain.scale_marginal" : "explain.scale_single_rate")),
                    ("key", Key), ("from", from), ("citation", citation)),
                _ => Msg.Of("explain.parameter_value", ("name", Name), ("from", from), ("citation", citation)),
            };
        }
    }

    /// <summary>The English line.</summary>
    public override string ToString() => Text.Render(Lang.En);

    /// <summary>Same parameter, read the same way, same value.</summary>
    public bool Equals(ParameterRead? other) =>
        other is not null && Name == other.Name && Shape == other.Shape && Key == other.Key && From == other.From
        && Citation == other.Citation && Reform == other.Reform;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ParameterRead);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ From.GetHashCode();
}
