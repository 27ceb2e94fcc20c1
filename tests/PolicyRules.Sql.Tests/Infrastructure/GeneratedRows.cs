using PolicyRules.Evaluation;
using PolicyRules.TestSupport;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>
/// The rows of the generator every back end's tests share (tests/Shared/ModuleInputs.cs: the extremes of each input
/// type, the boundaries of every <c>requires</c>, comparison and <c>match</c> case, then random rows), as CLR values a
/// table of the module's input types holds: int, decimal, bool, DateOnly, string (an enum member's name), or null, and
/// the row's date as <c>at</c>.
/// </summary>
public static class GeneratedRows
{
    /// <summary>
    /// The largest magnitude used: 10^18 − 1. A table column holds up to 10^28, but beyond about 10^18 the back ends part:
    /// C# decimal rounds a sum or product that needs more than 28–29 significant digits, which the SQL keeps exact (and
    /// then reports as not fitting DECIMAL(38,10)), and DuckDB's DECIMAL(38) arithmetic, which keeps each operation's own
    /// scale, overflows where C# does not. A known limit, listed in docs/sql.md. Values
    /// up to here are the range the SQL tests always covered.
    /// </summary>
    private const decimal Largest = 999999999999999999m;
    private const decimal Finest = 0.0000000001m;

    public static List<Dictionary<string, object?>> For(ModuleModel module, int randomRows, RulePackage? package = null)
    {
        package ??= TestPackage.Package;
        var rows = new List<Dictionary<string, object?>>();
        foreach (var row in ModuleInputs.Cases(package, module, randomRows, r => package.Evaluate(module, r.At, r.ToDictionary(module)).Succeeded))
        {
            var values = new Dictionary<string, object?>();
            foreach (var input in module.Inputs)
                values[input.Name] = Value(row.Values[input.Index]);
            values["at"] = row.At;
            rows.Add(values);
        }
        return rows;
    }

    private static object? Value(object? v) => v switch
    {
        List<object?> list => list.Select(Value).ToList(),
        RecordValue r => new RecordValue(r.Record, r.Fields.ToDictionary(f => f.Key, f => Value(f.Value))),
        Money m => Storable(m.Amount),
        Rate r => Storable(r.Value),
        decimal d => Storable(d),
        _ => v,
    };

    /// <summary>
    /// A decimal beyond what the SQL tests cover (decimal.MaxValue) or with more than the 10 decimals a DECIMAL(38,10)
    /// column holds (28 decimals) becomes the extreme within it — the largest magnitude, or the value cut to 10 decimals
    /// (the finest step when that is 0), sign kept.
    /// </summary>
    private static decimal Storable(decimal d)
    {
        if (Math.Abs(d) > Largest) return Math.Sign(d) * Largest;
        var rounded = Math.Round(d, SqlTypes.Scale, MidpointRounding.ToZero);
        return rounded == 0 && d != 0 ? Math.Sign(d) * Finest : rounded;
    }
}
