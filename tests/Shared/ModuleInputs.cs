using CsCheck;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.TestSupport;

/// <summary>One row of inputs (held the interpreter's way) and the date it is evaluated at.</summary>
public sealed record InputRow(DateOnly At, object?[] Values)
{
    public Dictionary<string, object?> ToDictionary(ModuleModel module) =>
        module.Inputs.ToDictionary(i => i.Name, i => Values[i.Index]);

    public override string ToString() => $"at {At:yyyy-MM-dd}: " + string.Join(", ", Values.Select(ValueText.Format));
}

/// <summary>
/// The one input generator every back end's tests share (linked into each test project from tests/Shared):
/// for any module, the extremes of every input type (int.MinValue/MaxValue, the largest and smallest decimals,
/// 28-decimal values, 0001-01-01 and 9999-12-31, empty lists, none), the boundaries of every <c>requires</c>,
/// comparison and <c>match</c> case literal of the module (±1 and ±0.01 around each), and random rows drawn near
/// the module's own numbers, dates and texts (CsCheck, seeded: the same rows on every run).
/// </summary>
public static class ModuleInputs
{
    /// <summary>The extreme and boundary rows, then <paramref name="random"/> random rows, the same on every run.</summary>
    /// <param name="prefer">Rows to keep as the baselines the extremes are put into, one input at a time (e.g. rows
    /// the interpreter answers): an extreme then reaches the rules instead of failing on another input's check.</param>
    public static IReadOnlyList<InputRow> Cases(RulePackage package, ModuleModel module, int random, Func<InputRow, bool>? prefer = null)
    {
        var gen = Row(package, module);
        var pcg = new PCG(1, StableSeed(module.Name));
        var randomRows = Enumerable.Range(0, Math.Max(random, 60)).Select(_ => gen.Generate(pcg, null, out Size _)).ToList();
        var baselines = randomRows.Where(r => prefer?.Invoke(r) ?? true).Take(3).ToList();
        if (baselines.Count == 0) baselines.Add(randomRows[0]);

        var lits = CollectLiterals(module, package);
        var extremes = module.Inputs.Select(i => KnownTexts(i).Cast<object?>().Concat(Extremes(i.Type, package, lits)).Distinct().ToList()).ToList();
        var rows = new List<InputRow>();
        foreach (var baseline in baselines)
        {
            for (var k = 0; k < module.Inputs.Count; k++)
                foreach (var value in extremes[k])
                {
                    var values = (object?[])baseline.Values.Clone();
                    values[k] = value;
                    rows.Add(baseline with { Values = values });
                }
            foreach (var at in ExtremeDates(module)) rows.Add(baseline with { At = at });
        }
        // Every input at an extreme at once (overflowing products and sums of extremes).
        var widest = extremes.Count == 0 ? 0 : extremes.Max(e => e.Count);
        for (var n = 0; n < widest; n++)
            rows.Add(new InputRow(baselines[n % baselines.Count].At, extremes.Select(e => e[n % e.Count]).ToArray()));
        rows.AddRange(randomRows.Take(random));
        return rows;
    }

    /// <summary>Random rows: mostly near the module's literals and in its period in force, sometimes an extreme.</summary>
    public static Gen<InputRow> Row(RulePackage package, ModuleModel module)
    {
        var lits = CollectLiterals(module, package);
        var at = AtDates(module);
        var gens = module.Inputs.Select(i => i.Known is null
            ? ForType(i.Type, package, lits)
            : Gen.Frequency((3, Gen.OneOf(KnownTexts(i).ToArray()).Select(t => (object?)t)), (2, ForType(i.Type, package, lits)))).ToList();
        Gen<List<object?>> values = Gen.Const(new List<object?>());
        foreach (var g in gens)
            values = values.SelectMany(list => g.Select(v => new List<object?>(list) { v }));
        return at.SelectMany(a => values.Select(v => new InputRow(a, v.ToArray())));
    }

    /// <summary>The 28-decimal values and the range ends of decimal (money and rate hold a decimal too).</summary>
    public static readonly decimal[] ExtremeDecimals =
    [
        decimal.MaxValue, decimal.MinValue, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
        0.1234567890123456789012345678m, 7.9228162514264337593543950335m, 0.9999999999999999999999999999m,
    ];

    /// <summary>
    /// The same for rates, including decimal.MaxValue / 100, beyond which a rate's percent is no longer a decimal
    /// (its text is still exact: Rate.ToString moves the point in the text).
    /// </summary>
    public static readonly decimal[] ExtremeRates =
    [
        decimal.MaxValue, decimal.MinValue, decimal.MaxValue / 100m, decimal.MinValue / 100m, 0.0000000000000000000000000001m, -0.0000000000000000000000000001m,
        0.1234567890123456789012345678m, 7.9228162514264337593543950335m, 0.9999999999999999999999999999m,
    ];

    /// <summary>
    /// For a text input that lists its known values: each value, each noted variant, a value with spaces and
    /// full-width characters around it, and near misses (one character less, one more).
    /// </summary>
    private static IEnumerable<string> KnownTexts(InputModel input)
    {
        if (input.Known is not { } known) return [];
        return known.Values.SelectMany(v => new[] { v, "\u3000" + v + " ", v[..^1], v + "镇" })
            .Concat(known.Variants.Select(v => v.Text)).Concat(["ＡＢＣ１２", ""]).Distinct();
    }

    private static uint StableSeed(string name) => (uint)name.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    /// <summary>Dates around the module's period in force, and the years the gazette is about.</summary>
    private static Gen<DateOnly> AtDates(ModuleModel module)
    {
        var from = DateOnly.FromDateTime(module.InForceFrom);
        if (from.Year < 2000) from = new DateOnly(2017, 1, 1);   // in force always
        var edges = new List<DateOnly> { from, from.AddDays(-1), from.AddDays(1) };
        edges.AddRange(ParameterDates(module).SelectMany(d => new[] { d.AddDays(-1), d }));
        if (module.InForceTo is { } to && to.Year < 9999) edges.AddRange([DateOnly.FromDateTime(to), DateOnly.FromDateTime(to).AddDays(1)]);
        var wide = Gen.Int[new DateOnly(2016, 1, 1).DayNumber, new DateOnly(2021, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);
        var inForce = Gen.Int[0, 500].Select(d => from.AddDays(d));
        return Gen.Frequency((1, Gen.OneOf(edges.ToArray())), (2, wide), (4, inForce));
    }

    /// <summary>The first and last days a date can be, and the edges of the module's period in force.</summary>
    private static IEnumerable<DateOnly> ExtremeDates(ModuleModel module)
    {
        var dates = new List<DateOnly> { DateOnly.MinValue, DateOnly.MaxValue };
        var from = DateOnly.FromDateTime(module.InForceFrom);
        if (from > DateOnly.MinValue) dates.AddRange([from.AddDays(-1), from]);
        if (module.InForceTo is { } to && DateOnly.FromDateTime(to) < DateOnly.MaxValue)
            dates.AddRange([DateOnly.FromDateTime(to), DateOnly.FromDateTime(to).AddDays(1)]);
        // The day before and the first day of every dated value of a parameter the module reads.
        foreach (var first in ParameterDates(module)) dates.AddRange([first.AddDays(-1), first]);
        return dates.Distinct();
    }

    private static IEnumerable<DateOnly> ParameterDates(ModuleModel module) =>
        BoundWalker.Roots(module).SelectMany(BoundWalker.DescendantsAndSelf).OfType<BoundParameterRead>()
            .SelectMany(p => p.Parameter.Values).Select(v => DateOnly.FromDateTime(v.From)).Distinct();

    /// <summary>The module's literals: all of them (to draw near) and the boundaries (comparison, requires and match case operands).</summary>
    private sealed record Literals(List<int> Ints, List<decimal> Decimals, List<DateOnly> Dates, List<string> Texts,
        List<decimal> Boundaries, List<DateOnly> BoundaryDates);

    private static Literals CollectLiterals(ModuleModel module, RulePackage package)
    {
        var found = new Literals([0, 1, 5], [0m, 1m], [], ["", "x"], [], []);
        var all = BoundWalker.Roots(module).SelectMany(BoundWalker.DescendantsAndSelf).ToList();
        foreach (var l in all.OfType<BoundLiteral>())
            switch (l.Value)
            {
                case int i: found.Ints.Add(i); found.Decimals.Add(i); break;
                case decimal d: found.Decimals.Add(d); found.Ints.Add((int)Math.Clamp(Math.Round(d), -100000, 100000)); break;
                case DateTime t: found.Dates.Add(DateOnly.FromDateTime(t)); break;
                case string s: found.Texts.Add(s); break;
            }
        var boundaries = all.OfType<BoundBinary>()
            .Where(b => b.Operator is BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual
                or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual)
            .SelectMany(b => new[] { b.Left, b.Right }).OfType<BoundLiteral>()
            .Concat(all.OfType<BoundMatch>().SelectMany(m => m.Cases).SelectMany(c => c.Patterns));
        // A table's keys and a scale's boundaries are boundaries like a match's cases.
        foreach (var read in all.OfType<BoundParameterRead>())
            foreach (var value in read.Parameter.Values)
            {
                foreach (var key in value.Keys)
                    if (key is int k) found.Boundaries.Add(k);
                    else if (key is ParameterRange r)
                        foreach (var end in new[] { r.Lower, r.Upper }.OfType<decimal>()) { found.Boundaries.Add(end); found.Decimals.Add(end); }
                foreach (var b in value.Boundaries) { found.Boundaries.Add(b.Amount); found.Decimals.Add(b.Amount); }
            }
        foreach (var l in boundaries)
            switch (l.Value)
            {
                case int i: found.Boundaries.Add(i); break;
                case decimal d: found.Boundaries.Add(d); break;
                case DateTime t: found.BoundaryDates.Add(DateOnly.FromDateTime(t)); break;
            }
        // Document numbers and aliases, for document_in_force.
        found.Texts.AddRange(package.Model.Documents.SelectMany(d => new[] { d.Number, d.Alias }));
        return found;
    }

    /// <summary>The values of a type worth trying on their own: its extremes and the module's boundaries.</summary>
    private static List<object?> Extremes(RuleType type, RulePackage package, Literals lits)
    {
        var values = ExtremesOfRequired(type.AsRequired(), package, lits);
        if (type.Optional) values.Insert(0, null);
        return values;
    }

    private static List<object?> ExtremesOfRequired(RuleType type, RulePackage package, Literals lits)
    {
        IEnumerable<decimal> Numbers(params decimal[] steps) =>
            lits.Boundaries.SelectMany(b => steps.Select(s => b + s)).Concat([0m, -1m, 1m]).Distinct();
        switch (type.Kind)
        {
            case TypeKind.Int:
                return Numbers(-1m, 0m, 1m).Where(d => d >= int.MinValue && d <= int.MaxValue).Select(d => (int)d)
                    .Concat([int.MinValue, int.MinValue + 1, int.MaxValue - 1, int.MaxValue]).Distinct().Select(i => (object?)i).ToList();
            case TypeKind.Decimal:
                return Numbers(-1m, -0.01m, 0m, 0.01m, 1m).Concat(ExtremeDecimals).Distinct().Select(d => (object?)d).ToList();
            case TypeKind.Money:
                return Numbers(-1m, -0.01m, 0m, 0.01m, 1m).Concat(ExtremeDecimals).Distinct().Select(d => (object?)new Money(d)).ToList();
            case TypeKind.Rate:
                return Numbers(-0.01m, 0m, 0.01m).Concat(ExtremeRates).Distinct().Select(d => (object?)new Rate(d)).ToList();
            case TypeKind.Bool:
                return [false, true];
            case TypeKind.Date:
                return lits.BoundaryDates.SelectMany(d => new[] { d.AddDays(-1), d, d.AddDays(1) })
                    .Concat([DateOnly.MinValue, DateOnly.MaxValue]).Distinct().Select(d => (object?)d).ToList();
            case TypeKind.DateTime:
                return [DateTime.MinValue, new DateTime(9999, 12, 31, 23, 59, 0)];
            case TypeKind.String:
                return lits.Texts.Concat(["", new string('长', 300)]).Distinct().Select(s => (object?)s).ToList();
            case TypeKind.Enum:
                return package.Model.FindEnum(type.Name!)!.Members.Select(m => (object?)m.Name).ToList();
            case TypeKind.List:
                // Empty, one extreme item, and all the element's extremes in one list.
                var items = Extremes(type.Element!, package, lits);
                var lists = new List<object?> { new List<object?>() };
                lists.AddRange(items.Take(12).Select(x => (object?)new List<object?> { x }));
                lists.Add(items.ToList());
                return lists;
            case TypeKind.Record:
                var record = package.Model.FindRecord(type.Name!)!;
                var fields = record.Fields.Select(f => Extremes(f.Type, package, lits)).ToList();
                var widest = fields.Max(f => f.Count);
                return Enumerable.Range(0, widest).Select(n => (object?)new RecordValue(record.Name,
                    record.Fields.Select((f, k) => (f.Name, Value: fields[k][n % fields[k].Count])).ToDictionary(p => p.Name, p => p.Value))).ToList();
            default:
                throw new NotSupportedException(type.ToString());
        }
    }

    private static Gen<object?> ForType(RuleType type, RulePackage package, Literals lits)
    {
        var required = ForRequired(type.AsRequired(), package, lits);
        return type.Optional ? Gen.Frequency((1, Gen.Const(() => (object?)null)), (6, required)) : required;
    }

    private static Gen<decimal> Decimals(Literals lits, decimal[] extremes)
    {
        var near = Gen.OneOf(lits.Decimals.Distinct().ToArray())
            .SelectMany(d => Gen.OneOf(-1m, -0.01m, 0m, 0m, 0.01m, 1m).Select(delta => d + delta));
        var cents = Gen.Int[-1000, 2_000_000].Select(c => c / 100m);
        var small = Gen.Int[-5, 40].Select(c => (decimal)c);
        var fine = Gen.Int[0, 100_000].Select(c => c / 1000m);
        return Gen.Frequency((8, near), (6, cents), (4, small), (2, fine), (1, Gen.OneOf(extremes)));
    }

    private static Gen<object?> ForRequired(RuleType type, RulePackage package, Literals lits)
    {
        switch (type.Kind)
        {
            case TypeKind.Int:
                var nearInt = Gen.OneOf(lits.Ints.Distinct().ToArray()).SelectMany(i => Gen.Int[-1, 1].Select(d => i + d));
                return Gen.Frequency((8, nearInt), (6, Gen.Int[-3, 40]), (4, Gen.Int[0, 200_000]), (1, Gen.OneOf(int.MinValue, int.MaxValue)))
                    .Select(i => (object?)i);
            case TypeKind.Decimal:
                return Decimals(lits, ExtremeDecimals).Select(d => (object?)d);
            case TypeKind.Money:
                return Decimals(lits, ExtremeDecimals).Select(d => (object?)new Money(d));
            case TypeKind.Rate:
                var rates = Gen.Frequency((3, Gen.Int[-20, 1200].Select(x => x / 1000m)), (2, Decimals(lits, ExtremeRates)));
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
