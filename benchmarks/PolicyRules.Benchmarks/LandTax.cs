using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Handan2017;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>land_use_tax_parcel (邯政办字〔2017〕107号 §二): parcels with a grade 1–5 and an area in m² with cents.</summary>
public sealed class LandTaxData
{
    public const string Module = "land_use_tax_parcel";
    public static readonly DateOnly At = new(2018, 1, 1);
    public readonly int Count;
    public readonly int[] Grade;
    public readonly decimal[] AreaM2;

    public LandTaxData(int count, int seed = 20170816)
    {
        Count = count;
        Grade = new int[count];
        AreaM2 = new decimal[count];
        var r = new Seeded(seed);
        for (var i = 0; i < count; i++)
        {
            Grade[i] = r.Int(1, 5);
            AreaM2[i] = r.Decimal(10m, 20000m, 2);
        }
    }
}

/// <summary>What every engine answers per parcel.</summary>
public sealed class LandTaxResults(int count)
{
    public readonly bool[] Ok = new bool[count];
    public readonly Money[] RatePerM2 = new Money[count];
    public readonly Money[] AnnualTax = new Money[count];
}

public static class LandTaxEngines
{
    private static readonly int FirstDay = new DateOnly(2017, 8, 16).DayNumber;   // hz107 in force from 2017-08-16, open-ended

    /// <summary>The same logic written by hand, with the same types: requires, the period in force, §二's rates.</summary>
    public static void HandWritten(LandTaxData d, LandTaxResults r, int count)
    {
        var inForce = LandTaxData.At.DayNumber >= FirstDay;
        var grades = d.Grade;
        var areas = d.AreaM2;
        var ok = r.Ok;
        var rates = r.RatePerM2;
        var taxes = r.AnnualTax;
        for (var i = 0; i < count; i++)
        {
            var grade = grades[i];
            var area = areas[i];
            if (!inForce || grade < 1 || grade > 5 || area < 0m) { ok[i] = false; continue; }
            var rate = grade switch
            {
                1 => new Money(25m),
                2 => new Money(18m),
                3 => new Money(10m),
                4 => new Money(6m),
                _ => new Money(3m),
            };
            rates[i] = rate;
            taxes[i] = rate * area;
            ok[i] = true;
        }
    }

    /// <summary>
    /// <see cref="HandWritten"/> over the <c>Input</c> records the generated record form reads (the same objects): the
    /// baseline of that form, for which reading 1M records instead of two arrays costs the same memory traffic.
    /// </summary>
    public static void HandWrittenRecords(LandUseTaxParcel.Input[] inputs, LandTaxResults r, int count)
    {
        var inForce = LandTaxData.At.DayNumber >= FirstDay;
        var ok = r.Ok;
        var rates = r.RatePerM2;
        var taxes = r.AnnualTax;
        for (var i = 0; i < count; i++)
        {
            var input = inputs[i];
            var grade = input.Grade;
            var area = input.AreaM2;
            if (!inForce || grade < 1 || grade > 5 || area < 0m) { ok[i] = false; continue; }
            var rate = grade switch
            {
                1 => new Money(25m),
                2 => new Money(18m),
                3 => new Money(10m),
                4 => new Money(6m),
                _ => new Money(3m),
            };
            rates[i] = rate;
            taxes[i] = rate * area;
            ok[i] = true;
        }
    }

    public sealed class Compiled
    {
        public readonly CompiledModule Module = Handan.Compile(LandTaxData.Module);
        public readonly BulkBatch Batch;

        public Compiled(LandTaxData d)
        {
            Batch = Module.CreateBatch(d.Count);
            Batch.Count = d.Count;
            Batch.FixedAt = LandTaxData.At;   // a run at one date
            d.Grade.CopyTo(Batch.Input<int>("grade"), 0);
            d.AreaM2.CopyTo(Batch.Input<decimal>("area_m2"), 0);
        }

        public void Run()
        {
            Batch.ResetStatus();
            Module.Evaluate(Batch);
        }

        public void CopyTo(LandTaxResults r)
        {
            for (var i = 0; i < Batch.Count; i++) r.Ok[i] = Batch.StatusOf(i) == RowStatus.Ok;
            Batch.Output<Money>("rate_per_m2").AsSpan(0, Batch.Count).CopyTo(r.RatePerM2);
            Batch.Output<Money>("annual_tax").AsSpan(0, Batch.Count).CopyTo(r.AnnualTax);
        }
    }

    /// <summary>The source generator's typed module (PolicyRules.Handan2017), one call per record, no explanation.</summary>
    public sealed class Generated(LandTaxData d)
    {
        /// <summary>TryEvaluate over the inputs as values (the overload of a total module): the same arrays the hand-written loop reads, no Input records.</summary>
        /// <remarks>The loop has the hand-written loop's shape (arrays in locals), so that the two differ only by what computes a row.</remarks>
        public void RunValues(LandTaxResults r, int count)
        {
            var grades = d.Grade;
            var areas = d.AreaM2;
            var ok = r.Ok;
            var rates = r.RatePerM2;
            var taxes = r.AnnualTax;
            for (var i = 0; i < count; i++)
            {
                if (!LandUseTaxParcel.TryEvaluate(grades[i], areas[i], LandTaxData.At, out var o, out _)) { ok[i] = false; continue; }
                rates[i] = o.RatePerM2;
                taxes[i] = o.AnnualTax;
                ok[i] = true;
            }
        }

        /// <summary>The data as Input records, in order (what Run reads).</summary>
        public readonly LandUseTaxParcel.Input[] Inputs = Enumerable.Range(0, d.Count)
            .Select(i => new LandUseTaxParcel.Input { Grade = d.Grade[i], AreaM2 = d.AreaM2[i] }).ToArray();

        /// <summary>The fast entry point: TryEvaluate(input, at, out outputs, out error), the outputs as a value.</summary>
        public void Run(LandTaxResults r, int count)
        {
            var inputs = Inputs;
            var ok = r.Ok;
            var rates = r.RatePerM2;
            var taxes = r.AnnualTax;
            for (var i = 0; i < count; i++)
            {
                if (!LandUseTaxParcel.TryEvaluate(inputs[i], LandTaxData.At, out var o, out _)) { ok[i] = false; continue; }
                rates[i] = o.RatePerM2;
                taxes[i] = o.AnnualTax;
                ok[i] = true;
            }
        }

        /// <summary>The object API: Evaluate(input, at, explain: false), a RuleResult with an Output record per call.</summary>
        public void RunEvaluate(LandTaxResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = LandUseTaxParcel.Evaluate(Inputs[i], LandTaxData.At, explain: false);
                if (result.Output is { } o)
                {
                    r.Ok[i] = true;
                    r.RatePerM2[i] = o.RatePerM2;
                    r.AnnualTax[i] = o.AnnualTax;
                }
                else r.Ok[i] = false;
            }
        }
    }

    /// <summary>The interpreter (RulePackage.Evaluate), one call per record, inputs as a dictionary.</summary>
    public sealed class Interpreted(LandTaxData d, int count)
    {
        private readonly Language.Model.ModuleModel _module = Handan.Package.FindModule(LandTaxData.Module)!;
        private readonly Dictionary<string, object?>[] _inputs = Enumerable.Range(0, count)
            .Select(i => new Dictionary<string, object?> { ["grade"] = d.Grade[i], ["area_m2"] = d.AreaM2[i] }).ToArray();

        public void Run(LandTaxResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan.Package.Evaluate(_module, LandTaxData.At, _inputs[i]);
                r.Ok[i] = result.Succeeded;
                if (!result.Succeeded) continue;
                r.RatePerM2[i] = (Money)result.Outputs[0].Value!;
                r.AnnualTax[i] = (Money)result.Outputs[1].Value!;
            }
        }
    }

    /// <summary>Microsoft RulesEngine with the same rules as a JSON workflow (amounts as decimals).</summary>
    public sealed class RulesEngineRun(LandTaxData d, int count)
    {
        public const string Workflow = """
            [{
              "WorkflowName": "land_use_tax_parcel",
              "GlobalParams": [
                { "Name": "valid", "Expression": "input1.Grade >= 1 && input1.Grade <= 5 && input1.AreaM2 >= 0m" },
                { "Name": "rate", "Expression": "input1.Grade == 1 ? 25m : input1.Grade == 2 ? 18m : input1.Grade == 3 ? 10m : input1.Grade == 4 ? 6m : 3m" }
              ],
              "Rules": [
                { "RuleName": "rate_per_m2", "Expression": "valid",
                  "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "rate" } } } },
                { "RuleName": "annual_tax", "Expression": "valid",
                  "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "rate * input1.AreaM2" } } } }
              ]
            }]
            """;

        public sealed class Parcel
        {
            public int Grade { get; set; }
            public decimal AreaM2 { get; set; }
        }

        private readonly RulesEngine.RulesEngine _engine = Handan.RulesEngineFor(Workflow);
        private readonly Parcel[] _inputs = Enumerable.Range(0, count).Select(i => new Parcel { Grade = d.Grade[i], AreaM2 = d.AreaM2[i] }).ToArray();

        public void Run(LandTaxResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var results = _engine.ExecuteAllRulesAsync("land_use_tax_parcel", new RuleParameter("input1", _inputs[i])).AsTask().GetAwaiter().GetResult();
                var ok = LandTaxData.At.DayNumber >= FirstDay && results[0].IsSuccess;
                r.Ok[i] = ok;
                if (!ok) continue;
                r.RatePerM2[i] = new Money((decimal)results[0].ActionResult.Output);
                r.AnnualTax[i] = new Money((decimal)results[1].ActionResult.Output);
            }
        }
    }
}

[Config(typeof(BenchConfig))]
public class LandTaxBenchmarks
{
    public const int Records = 1_000_000;
    public const int InterpreterRecords = 100_000;
    public const int RulesEngineRecords = 10_000;

    private LandTaxData _data = null!;
    private LandTaxResults _results = null!;
    private LandTaxEngines.Compiled _compiled = null!;
    private LandTaxEngines.Generated _generated = null!;
    private LandTaxEngines.Interpreted _interpreted = null!;
    private LandTaxEngines.RulesEngineRun _rulesEngine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new LandTaxData(Records);
        _results = new LandTaxResults(Records);
        _compiled = new LandTaxEngines.Compiled(_data);
        _generated = new LandTaxEngines.Generated(_data);
        _interpreted = new LandTaxEngines.Interpreted(_data, InterpreterRecords);
        _rulesEngine = new LandTaxEngines.RulesEngineRun(_data, RulesEngineRecords);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "hand-written C#")]
    public void HandWritten() => LandTaxEngines.HandWritten(_data, _results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "hand-written C# over the Input records")]
    public void HandWrittenRecords() => LandTaxEngines.HandWrittenRecords(_generated.Inputs, _results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (TryEvaluate, values)")]
    public void GeneratedValues() => _generated.RunValues(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (TryEvaluate)")]
    public void Generated() => _generated.Run(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (Evaluate)")]
    public void GeneratedEvaluate() => _generated.RunEvaluate(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "compiled runtime (bulk)")]
    public void Compiled() => _compiled.Run();

    [Benchmark(OperationsPerInvoke = InterpreterRecords, Description = "interpreter")]
    public void Interpreter() => _interpreted.Run(_results, InterpreterRecords);

    [Benchmark(OperationsPerInvoke = RulesEngineRecords, Description = "Microsoft RulesEngine")]
    public void RulesEngine() => _rulesEngine.Run(_results, RulesEngineRecords);
}
