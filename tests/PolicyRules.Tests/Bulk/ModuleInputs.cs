using CsCheck;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Bulk;

/// <summary>One row of inputs (held the interpreter's way) and the date it is evaluated at.</summary>
public sealed record InputRow(DateOnly At, object?[] Values)
{
    public Dictionary<string, object?> ToDictionary(ModuleModel module) =>
        module.Inputs.ToDictionary(i => i.Name, i => Values[i.Index]);

    public override string ToString() => $"at {At:yyyy-MM-dd}: " + string.Join(", ", Values.Select(ValueText.Format));
}

/// <summary>
/// Random inputs for any module, drawn near the numbers, dates and texts the module itself mentions (its thresholds),
/// so that every branch and every boundary is exercised, plus wide values and, for optional inputs, none.
/// </summary>
public static class ModuleInputs
{
    public static Gen<InputRow> Row(RulePackage package, ModuleModel module)
    {
        var literals = CollectLiterals(module);
        // Document numbers and aliases, for document_in_force.
        literals.Texts.AddRange(package.Model.Documents.SelectMany(d => new[] { d.Number, d.Alias }));
        var at = AtDates(module);
        var gens = module.Inputs.Select(i => ForType(i.Type, package, literals)).ToList();
        Gen<List<object?>> values = Gen.Const(new List<object?>());
        foreach (var g in gens)
            values = values.SelectMany(list => g.Select(v => new List<object?>(list) { v }));
        return at.SelectMany(a => values.Select(v => new InputRow(a, v.ToArray())));
    }

    /// <summary>Dates around the module's period in force, and the years the gazette is about.</summary>
    private static Gen<DateOnly> AtDates(ModuleModel module)
    {
        var from = DateOnly.FromDateTime(module.InForceFrom);
        if (from.Year < 2000) from = new DateOnly(2017, 1, 1);   // in force always
        var edges = new List<DateOnly> { from, from.AddDays(-1), from.AddDays(1) };
        if (module.InForceTo is { } to && to.Year < 9999) edges.AddRange([DateOnly.FromDateTime(to), DateOnly.FromDateTime(to).AddDays(1)]);
        var wide = Gen.Int[new DateOnly(2016, 1, 1).DayNumber, new DateOnly(2021, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);
        var inForce = Gen.Int[0, 500].Select(d => from.AddDays(d));
        return Gen.Frequency((1, Gen.OneOf(edges.ToArray())), (2, wide), (4, inForce));
    }

    private sealed record Literals(List<int> Ints, List<decimal> Decimals, List<DateOnly> Dates, List<string> Texts);

    private static Literals CollectLiterals(ModuleModel module)
    {
        var found = new Literals([0, 1, 5], [0m, 1m], [], ["", "x"]);
        foreach (var l in BoundWalker.Roots(module).SelectMany(BoundWalker.DescendantsAndSelf).OfType<BoundLiteral>())
            switch (l.Value)
            {
                case int i: found.Ints.Add(i); found.Decimals.Add(i); break;
                case decimal d: found.Decimals.Add(d); found.Ints.Add((int)Math.Clamp(Math.Round(d), -100000, 100000)); break;
                case DateTime t: found.Dates.Add(DateOnly.FromDateTime(t)); break;
                case string s: found.Texts.Add(s); break;
            }
        return found;
    }

    private static Gen<object?> ForType(RuleType type, RulePackage package, Literals lits)
    {
        var required = ForRequired(type.AsRequired(), package, lits);
        return type.Optional ? Gen.Frequency((1, Gen.Const(() => (object?)null)), (6, required)) : required;
    }

    private static Gen<decimal> Decimals(Literals lits)
    {
        var near = Gen.OneOf(lits.Decimals.Distinct().ToArray())
            .SelectMany(d => Gen.OneOf(-1m, -0.01m, 0m, 0m, 0.01m, 1m).Select(delta => d + delta));
        var cents = Gen.Int[-1000, 2_000_000].Select(c => c / 100m);
        var small = Gen.Int[-5, 40].Select(c => (decimal)c);
        var fine = Gen.Int[0, 100_000].Select(c => c / 1000m);
        return Gen.Frequency((4, near), (3, cents), (2, small), (1, fine));
    }

    private static Gen<object?> ForRequired(RuleType type, RulePackage package, Literals lits)
    {
        switch (type.Kind)
        {
            case TypeKind.Int:
                var nearInt = Gen.OneOf(lits.Ints.Distinct().ToArray()).SelectMany(i => Gen.Int[-1, 1].Select(d => i + d));
                return Gen.Frequency((4, nearInt), (3, Gen.Int[-3, 40]), (2, Gen.Int[0, 200_000])).Select(i => (object?)i);
            case TypeKind.Decimal:
                return Decimals(lits).Select(d => (object?)d);
            case TypeKind.Money:
                return Decimals(lits).Select(d => (object?)new Money(d));
            case TypeKind.Rate:
                var rates = Gen.Frequency((3, Gen.Int[-20, 1200].Select(x => x / 1000m)), (2, Decimals(lits)));
                return rates.Select(d => (object?)new Rate(d));
            case TypeKind.Bool:
                return Gen.Bool.Select(b => (object?)b);
            case TypeKind.Date:
                var wide = Gen.Int[new DateOnly(1950, 1, 1).DayNumber, new DateOnly(2025, 12, 31).DayNumber];
                var recent = Gen.Int[new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2019, 12, 31).DayNumber];
                // The years the package's working-day calendar covers, where the gazette's deadlines fall.
                var gazette = Gen.Int[new DateOnly(2016, 10, 1).DayNumber, new DateOnly(2018, 12, 31).DayNumber];
                var dates = lits.Dates.Count == 0
                    ? Gen.Frequency((1, wide), (2, recent), (2, gazette))
                    : Gen.Frequency((1, wide), (2, recent), (2, gazette), (1, Gen.OneOf(lits.Dates.Select(d => d.DayNumber).ToArray()).SelectMany(d => Gen.Int[-2, 2].Select(x => d + x))));
                return dates.Select(d => (object?)DateOnly.FromDayNumber(d));
            case TypeKind.DateTime:
                return Gen.Int[new DateOnly(2016, 1, 1).DayNumber, new DateOnly(2019, 12, 31).DayNumber]
                    .SelectMany(d => Gen.Int[0, 24 * 60 - 1].Select(m => (object?)DateOnly.FromDayNumber(d).ToDateTime(new TimeOnly(m / 60, m % 60))));
            case TypeKind.String:
                return Gen.Frequency((3, Gen.OneOf(lits.Texts.Distinct().ToArray())), (1, Gen.String[0, 6]))
                    .Select(s => (object?)s);
            case TypeKind.Enum:
                var members = package.Model.FindEnum(type.Name!)!.Members.Select(m => m.Name).ToArray();
                return Gen.OneOf(members).Select(s => (object?)s);
            case TypeKind.List:
                var element = ForType(type.Element!, package, lits);
                return Gen.Frequency((1, element.List[0, 0]), (6, element.List[1, 3]), (1, element.List[4, 6])).Select(l => (object?)l);
            case TypeKind.Record:
                var record = package.Model.FindRecord(type.Name!)!;
                Gen<Dictionary<string, object?>> fields = Gen.Const(new Dictionary<string, object?>());
                foreach (var f in record.Fields)
                {
                    var g = ForType(f.Type, package, lits);
                    fields = fields.SelectMany(d => g.Select(v => new Dictionary<string, object?>(d) { [f.Name] = v }));
                }
                return fields.Select(d => (object?)new RecordValue(record.Name, d));
            default:
                throw new NotSupportedException(type.ToString());
        }
    }
}
