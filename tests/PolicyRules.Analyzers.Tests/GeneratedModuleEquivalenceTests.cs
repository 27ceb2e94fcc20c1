using System.Reflection;
using PolicyRules.Analyzers.Tests.Infrastructure;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Model;
using PolicyRules.Rules;
using Xunit.Abstractions;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// Every generated module (compiled by the real build of rules/handan-2017-04) against the interpreter, on the
/// same inputs: the same outputs, the same error (code, message, field, citations), the same explanation
/// trace step by step, and the same explanation text. Inputs are drawn at random, seeded, from values the
/// module's own literals suggest (its thresholds, its township names, its dates) and a spread around them,
/// at dates around the module's period in force.
/// </summary>
public sealed class GeneratedModuleEquivalenceTests(ITestOutputHelper output)
{
    private const int CasesPerModule = 300;

    private static readonly RulePackage Interpreter = RulePackage.FromCompilation(RuleCompilation.Compile(Repository.HandanSources()));

    private static readonly IReadOnlyDictionary<string, Type> Generated = typeof(PolicyRules.Handan2017.LandUseTax).Assembly.GetTypes()
        .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRuleModule<,>)))
        .ToDictionary(t => ((ModuleInfo)t.GetProperty("Info")!.GetValue(null)!).Name);

    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var m in Interpreter.Model.Modules) data.Add(m.Name);
        return data;
    }

    [Fact]
    public void Every_module_has_a_generated_class_and_nothing_else_does()
    {
        Assert.Equal(Interpreter.Model.Modules.Select(m => m.Name).Order(), Generated.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Generated_module_computes_what_the_interpreter_computes(string moduleName)
    {
        var outcomes = Equivalence.Run(Interpreter, Interpreter.Model.FindModule(moduleName)!, Generated[moduleName], CasesPerModule);
        output.WriteLine($"{moduleName}: {string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))}");
        // The comparison is worth something only if the cases reach the rules, not just the input checks.
        Assert.True(outcomes.GetValueOrDefault("ok") > 0, $"{moduleName}: no case succeeded ({string.Join(", ", outcomes)})");
    }
}

/// <summary>Evaluates a generated module and the interpreter on the same random inputs and compares everything.</summary>
internal static class Equivalence
{
    public static Dictionary<string, int> Run(RulePackage interpreter, ModuleModel module, Type type, int cases)
    {
        var inputType = type.GetNestedType("Input")!;
        var evaluate = type.GetMethod("Evaluate", BindingFlags.Public | BindingFlags.Static)!;
        var tryEvaluate = type.GetMethod("TryEvaluate", BindingFlags.Public | BindingFlags.Static)!;
        var toOutput = type.GetNestedType("OutputValues")!.GetMethod("ToOutput")!;
        var random = new Random(StableSeed(module.Name));
        var values = new ValueSource(module, interpreter.Model, random);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < cases; i++)
        {
            var at = values.At();
            var ruleInputs = module.Inputs.ToDictionary(input => input.Name, input => values.Value(input.Type));
            var typedInput = Typed.Create(inputType, ruleInputs);

            var expected = interpreter.Evaluate(module, at, ruleInputs, explain: true);
            var actual = (RuleResult)evaluate.Invoke(null, [typedInput, at, true])!;

            var context = $"{module.Name} at {at:yyyy-MM-dd} with {string.Join(", ", ruleInputs.Select(p => $"{p.Key} = {ValueText.Format(p.Value)}"))}";
            Compare(expected, actual, context);
            var key = expected.Error?.Code ?? "ok";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

            // Without the trace the generated module answers the same.
            var quiet = (RuleResult)evaluate.Invoke(null, [typedInput, at, false])!;
            Assert.Equal(actual.Error?.Message, quiet.Error?.Message);
            Assert.Empty(quiet.Trace);

            // TryEvaluate (no explanation, outputs as a value) answers the same again.
            object?[] args = [typedInput, at, null, null];
            var ok = (bool)tryEvaluate.Invoke(null, args)!;
            Assert.Equal(quiet.Succeeded, ok);
            if (ok)
            {
                Assert.Null(args[3]);
                Assert.Equal(quiet.OutputObject, toOutput.Invoke(args[2], null));
            }
            else
            {
                var error = (RuleError)args[3]!;
                Assert.Equal((quiet.Error!.Code, quiet.Error.Message, quiet.Error.Field), (error.Code, error.Message, error.Field));
                Assert.Equal(quiet.Error.Citations.Select(c => $"{c} {c.Quote}"), error.Citations.Select(c => $"{c} {c.Quote}"));
            }
        }
        return outcomes;
    }

    public static void Compare(EvaluationResult expected, RuleResult actual, string context)
    {
        Assert.True(expected.Error?.Code == actual.Error?.Code, $"{context}: error {expected.Error?.Code} vs {actual.Error?.Code} ({expected.Error?.Message} | {actual.Error?.Message})");
        if (expected.Error is { } e)
        {
            Assert.Equal(e.Message, actual.Error!.Message);
            Assert.Equal(e.Field, actual.Error.Field);
            Assert.Equal((e.Citations ?? []).Select(c => $"{c} {c.Quote}"), actual.Error.Citations.Select(c => $"{c} {c.Quote}"));
        }
        else
        {
            var outputs = ((IRuleFields)actual.OutputObject!).GetFields().ToList();
            Assert.Equal(expected.Outputs.Select(o => o.Key), outputs.Select(o => o.Key));
            foreach (var (o, typed) in expected.Outputs.Zip(outputs))
                Assert.True(Values.AreEqual(o.Value, RuleValue.ToInterpreterValue(typed.Value)),
                    $"{context}: output {o.Key} = {ValueText.Format(o.Value)} vs {RuleValue.Format(typed.Value)}");
        }

        Assert.Equal(expected.Trace.Count, actual.Trace.Count);
        foreach (var (x, y) in expected.Trace.Zip(actual.Trace))
        {
            Assert.Equal((x.Name, x.Label, x.Kind, x.Rule, x.Note, x.Span.ToString()), (y.Name, y.Label, y.Kind, y.Rule, y.Note, y.Source));
            Assert.True(Values.AreEqual(x.Value, RuleValue.ToInterpreterValue(y.Value)), $"{context}: {x.Name} = {ValueText.Format(x.Value)} vs {y.ValueText}");
            Assert.Equal(x.Citations.Select(c => $"{c} {c.Quote}"), y.Citations.Select(c => $"{c} {c.Quote}"));
        }
        Assert.Equal(ExplanationText.Write(expected), actual.Explain());
    }

    private static int StableSeed(string name) => name.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    /// <summary>Rule-language values for a module's inputs: its own literals, values next to them, and a spread.</summary>
    private sealed class ValueSource
    {
        private readonly ModuleModel _module;
        private readonly PackageModel _package;
        private readonly Random _random;
        private readonly List<int> _ints = [0, 1, 2, 5, 10];
        private readonly List<decimal> _decimals = [0m, 0.5m, 1m, 100m];
        private readonly List<decimal> _money = [0m, 1000m, 25000.5m];
        private readonly List<decimal> _rates = [0m, 0.5m, 1m];
        private readonly List<DateOnly> _dates = [];
        private readonly List<string> _strings = ["", "其他"];

        public ValueSource(ModuleModel module, PackageModel package, Random random)
        {
            _module = module; _package = package; _random = random;
            foreach (var literal in Literals.Of(module))
            {
                switch (literal.Type.Kind)
                {
                    case TypeKind.Int: _ints.Add((int)literal.Value!); break;
                    case TypeKind.Decimal: _decimals.Add((decimal)literal.Value!); break;
                    case TypeKind.Money: _money.Add((decimal)literal.Value!); break;
                    case TypeKind.Rate: _rates.Add((decimal)literal.Value!); break;
                    case TypeKind.Date: _dates.Add(DateOnly.FromDateTime((DateTime)literal.Value!)); break;
                    case TypeKind.String: _strings.Add((string)literal.Value!); break;
                }
            }
            _strings.AddRange(package.Documents.Select(d => d.Number));
            if (module.InForceFrom.Year >= 2000) _dates.Add(DateOnly.FromDateTime(module.InForceFrom));
        }

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        public DateOnly At()
        {
            // A module in force always has no start: draw around the package's documents instead.
            var from = _module.InForceFrom.Year < 2000 ? new DateOnly(2014, 1, 1) : DateOnly.FromDateTime(_module.InForceFrom);
            return _random.Next(10) switch
            {
                0 => from.AddDays(-1),
                1 => from,
                2 when _module.InForceTo is { } to => DateOnly.FromDateTime(to).AddDays(_random.Next(2)),
                3 => new DateOnly(2019, 1, 1),
                4 => new DateOnly(2018, 12, 31),
                _ => from.AddDays(_random.Next(0, _module.InForceFrom.Year < 2000 ? 4000 : 900)),
            };
        }

        public object? Value(RuleType type)
        {
            if (type.Optional && _random.Next(5) == 0) return null;
            switch (type.Kind)
            {
                case TypeKind.Int:
                    return _random.Next(4) switch
                    {
                        0 => _random.Next(-2, 12),
                        1 => _random.Next(0, 5000),
                        _ => Pick(_ints) + _random.Next(-1, 2),
                    };
                case TypeKind.Decimal: return Number(_decimals, 2);
                case TypeKind.Money: return new Money(Number(_money, 2));
                case TypeKind.Rate: return new Rate(_random.Next(3) == 0 ? Math.Round((decimal)_random.NextDouble(), 3) : Pick(_rates) + _random.Next(-1, 2) * 0.001m);
                case TypeKind.Bool: return _random.Next(2) == 0;
                case TypeKind.Date: return Date();
                case TypeKind.DateTime: return Date().ToDateTime(new TimeOnly(_random.Next(24), _random.Next(4) * 15));
                case TypeKind.String: return _random.Next(6) == 0 ? "镇" + _random.Next(100) : Pick(_strings);
                case TypeKind.Enum: return Pick(_package.FindEnum(type.Name!)!.Members).Name;
                case TypeKind.Record:
                    var record = _package.FindRecord(type.Name!)!;
                    return new RecordValue(record.Name, record.Fields.ToDictionary(f => f.Name, f => Value(f.Type)));
                case TypeKind.List:
                    var count = _random.Next(6) == 0 ? 0 : _random.Next(1, 4);
                    return Enumerable.Range(0, count).Select(_ => Value(type.Element!)).ToList();
                default: throw new NotSupportedException(type.ToString());
            }
        }

        private decimal Number(IReadOnlyList<decimal> pool, int places) => _random.Next(3) switch
        {
            0 => Math.Round((decimal)_random.NextDouble() * 2000m, _random.Next(places + 1)),
            1 => Pick(pool) + _random.Next(-1, 2) * 0.01m,
            _ => Pick(pool),
        };

        private DateOnly Date()
        {
            if (_dates.Count > 0 && _random.Next(2) == 0) return Pick(_dates).AddDays(_random.Next(-2, 3));
            return new DateOnly(1995, 1, 1).AddDays(_random.Next(0, 9000));
        }
    }
}

/// <summary>The literals written in a module (its thresholds, names and dates).</summary>
internal static class Literals
{
    public static IEnumerable<BoundLiteral> Of(ModuleModel module) =>
        BoundWalker.Roots(module).SelectMany(BoundWalker.DescendantsAndSelf).OfType<BoundLiteral>();
}

/// <summary>Builds the generated input types from rule-language values, by reflection.</summary>
internal static class Typed
{
    public static object Create(Type type, IReadOnlyDictionary<string, object?> fields)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            var name = property.GetCustomAttribute<RuleNameAttribute>()?.Name;
            if (name is null || !fields.TryGetValue(name, out var value)) continue;
            property.SetValue(instance, Convert(value, property.PropertyType));
        }
        return instance;
    }

    private static object? Convert(object? value, Type type)
    {
        if (value is null) return null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
            return underlying.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Single(f => f.GetCustomAttribute<RuleNameAttribute>()!.Name == (string)value).GetValue(null);
        if (value is RecordValue record) return Create(underlying, record.Fields);
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var items = ((IEnumerable<object?>)value).Select(x => Convert(x, element)).ToList();
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
            return array;
        }
        if (underlying == typeof(decimal) && value is int n) return (decimal)n;
        return value;
    }
}
