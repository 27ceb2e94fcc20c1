using PolicyRules.Language.Core;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>
/// Random rows for a module, with the extremes mixed in: int.MinValue/MaxValue, 0 and ±1, every constant of the module
/// and its neighbours (so every comparison and every <c>requires</c> is tried on both sides of its boundary), the largest
/// and smallest values of the SQL decimal (DECIMAL(38,10)), 0001-01-01 and 9999-12-31, the calendar's first and last
/// days, none for optional inputs, and evaluation dates on both sides of the module's period in force.
/// Values are CLR values: int, decimal, bool, DateOnly, string (enum member name), or null.
/// </summary>
public sealed class InputGenerator
{
    private readonly Random _random;
    private readonly ModuleModel _module;
    private readonly List<int> _ints = [0, 1, -1, 2, int.MinValue, int.MaxValue, int.MinValue + 1, int.MaxValue - 1];
    private readonly List<decimal> _decimals =
        [0m, 1m, -1m, 0.5m, 0.0000000001m, -0.0000000001m, 9999999999999999999999999999.9999999999m, -9999999999999999999999999999.9999999999m,
         1000000000000000000m, 123456789012345678.25m];
    private readonly List<DateOnly> _dates = [DateOnly.MinValue, DateOnly.MaxValue, new(2000, 2, 29), new(2017, 1, 31), new(2016, 12, 31), new(2019, 1, 1)];
    private readonly List<string> _strings = ["", " ", "x", "其他"];

    public InputGenerator(ModuleModel module, PackageModel package, int seed)
    {
        _module = module;
        _random = new Random(seed);
        foreach (var c in package.Calendars)
        {
            var from = DateOnly.FromDateTime(c.CoversFrom);
            var to = DateOnly.FromDateTime(c.CoversTo);
            _dates.AddRange([from, from.AddDays(-1), from.AddDays(1), to, to.AddDays(1), to.AddDays(-1)]);
        }
        var core = Lowering.Lower(module);
        var literals = new List<CoreLiteral>();
        foreach (var r in core.Requirements) Collect(r.Condition, literals);
        foreach (var d in core.Definitions)
        {
            if (d.Value is not null) Collect(d.Value, literals);
            if (d.Rules is not null) CollectRules(d.Rules, literals);
        }
        foreach (var l in literals)
            switch (l.Value)
            {
                case int i: _ints.AddRange([i, i - 1, i + 1]); break;
                case decimal m: _decimals.AddRange([m, m - 0.01m, m + 0.01m, m - 1m, m + 1m]); break;
                case DateTime t: var d = DateOnly.FromDateTime(t); _dates.AddRange([d, d.AddDays(-1), d.AddDays(1)]); break;
                case string s: _strings.Add(s); break;
            }
        // A table column holds DECIMAL(38,10): values beyond it cannot be stored (SqlTypes); the loaders' tests cover them.
        _decimals.RemoveAll(d => Math.Abs(d) >= 10000000000000000000000000000m || d.Scale > 10 && d != Math.Round(d, 10));
    }

    private static void CollectRules(CoreDefault rules, List<CoreLiteral> into)
    {
        foreach (var r in rules.Candidates)
        {
            if (r.When is not null) Collect(r.When, into);
            Collect(r.Value, into);
            CollectRules(r.Exceptions, into);
        }
    }

    private static void Collect(CoreExpr e, List<CoreLiteral> into) => new LiteralCollector(into).Visit(e);

    public Dictionary<string, object?> Row(PackageModel package)
    {
        var row = new Dictionary<string, object?>();
        foreach (var input in _module.Inputs) row[input.Name] = Value(input.Type, package);
        row["at"] = At();
        return row;
    }

    private DateOnly At()
    {
        var from = DateOnly.FromDateTime(_module.InForceFrom);
        return _random.Next(12) switch
        {
            0 => from.AddDays(-1),
            1 => from,
            _ => from.AddDays(_random.Next(0, 700)),
        };
    }

    private object? Value(RuleType type, PackageModel package)
    {
        if (type.Optional && _random.Next(6) == 0) return null;
        var extreme = _random.Next(4) == 0;
        switch (type.Kind)
        {
            case TypeKind.Int:
                return extreme ? Pick(_ints) : _random.Next(4) == 0 ? _random.Next(0, 100_000) : _random.Next(-5, 120);
            case TypeKind.Decimal:
            case TypeKind.Money:
                return extreme ? Pick(_decimals) : Math.Round((decimal)_random.Next(0, 10_000_000) / 100m * (_random.Next(5) == 0 ? -1 : 1), _random.Next(0, 3));
            case TypeKind.Rate:
                return extreme ? Pick(_decimals) : _random.Next(0, 1200) / 1000m;
            case TypeKind.Bool:
                return _random.Next(2) == 0;
            case TypeKind.Date:
                return extreme ? Pick(_dates) : new DateOnly(2016, 6, 1).AddDays(_random.Next(0, 1000));
            case TypeKind.Enum:
                var members = package.FindEnum(type.Name!)!.Members;
                return members[_random.Next(members.Count)].Name;
            case TypeKind.String:
                return Pick(_strings);
            default:
                throw new InvalidOperationException($"no SQL column holds {type}");
        }
    }

    private T Pick<T>(List<T> values) => values[_random.Next(values.Count)];

    private sealed class LiteralCollector(List<CoreLiteral> into) : CoreVisitor<bool>
    {
        private bool All(params CoreExpr?[] es) { foreach (var e in es) if (e is not null) Visit(e); return true; }
        public override bool VisitLiteral(CoreLiteral e) { into.Add(e); return true; }
        public override bool VisitInput(CoreInput e) => true;
        public override bool VisitForce(CoreForce e) => true;
        public override bool VisitVariable(CoreVariable e) => true;
        public override bool VisitEvaluationDate(CoreEvaluationDate e) => true;
        public override bool VisitCalendar(CoreCalendar e) => true;
        public override bool VisitConvert(CoreConvert e) => All(e.Operand);
        public override bool VisitUnary(CoreUnary e) => All(e.Operand);
        public override bool VisitBinary(CoreBinary e) => All(e.Left, e.Right);
        public override bool VisitIf(CoreIf e) => All(e.Condition, e.Then, e.Else);
        public override bool VisitMatch(CoreMatch e)
        {
            All(e.Subject, e.Else);
            foreach (var c in e.Cases) { foreach (var p in c.Patterns) Visit(p); Visit(c.Value); }
            return true;
        }
        public override bool VisitCall(CoreCall e) => All([.. e.Arguments]);
        public override bool VisitComprehension(CoreComprehension e) => All(e.Source, e.Body);
        public override bool VisitList(CoreList e) => All([.. e.Items]);
        public override bool VisitInList(CoreInList e) => All(e.Value, e.List);
        public override bool VisitField(CoreField e) => All(e.Target);
        public override bool VisitNotDeterminable(CoreNotDeterminable e) => true;
        /// <summary>A table's keys and a scale's boundaries are the values worth trying, like a match's cases.</summary>
        public override bool VisitParameter(CoreParameter e)
        {
            if (e.Key is null) return true;
            foreach (var value in e.Parameter.Values)
            {
                foreach (var k in value.Keys) into.Add(new CoreLiteral(k, e.Parameter.KeyType!, e.Span));
                foreach (var b in value.Boundaries) into.Add(new CoreLiteral(b.Amount, e.Key.Type, e.Span));
            }
            return Visit(e.Key);
        }
    }
}
