using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Time;

namespace PolicyRules.Benchmarks;

/// <summary>left_behind_child (邯政发〔2017〕4号 二): children, all evaluated at one date.</summary>
public sealed class ChildData
{
    public const string Module = "left_behind_child";
    public static readonly DateOnly At = new(2018, 6, 1);
    public readonly int Count;
    public readonly DateOnly[] BirthDate;
    public readonly bool[] RuralHousehold, FatherMigrant, MotherMigrant, FatherCanGuard, MotherCanGuard;

    public ChildData(int count, int seed = 20170901)
    {
        Count = count;
        BirthDate = new DateOnly[count];
        RuralHousehold = new bool[count]; FatherMigrant = new bool[count]; MotherMigrant = new bool[count];
        FatherCanGuard = new bool[count]; MotherCanGuard = new bool[count];
        var r = new Seeded(seed);
        for (var i = 0; i < count; i++)
        {
            BirthDate[i] = r.Date(new DateOnly(2000, 1, 1), At);
            RuralHousehold[i] = r.Chance(0.7);
            FatherMigrant[i] = r.Chance(0.5);
            MotherMigrant[i] = r.Chance(0.4);
            FatherCanGuard[i] = r.Chance(0.8);
            MotherCanGuard[i] = r.Chance(0.8);
        }
    }
}

public sealed class ChildResults(int count)
{
    public readonly bool[] Ok = new bool[count];
    public readonly int[] Age = new int[count];
    public readonly bool[] IsLeftBehind = new bool[count];
    public readonly bool[] IsDoubleLeftBehind = new bool[count];
}

public static class ChildEngines
{
    private static readonly int FirstDay = new DateOnly(2017, 9, 1).DayNumber;

    public static void HandWritten(ChildData d, ChildResults r, int count)
    {
        var at = ChildData.At;
        var inForce = at.DayNumber >= FirstDay;
        for (var i = 0; i < count; i++)
        {
            var birth = d.BirthDate[i];
            if (!inForce || birth > at) { r.Ok[i] = false; continue; }
            var age = CivilDates.AgeInFullYears(birth, at);
            bool f = d.FatherMigrant[i], m = d.MotherMigrant[i];
            var away = f && m || f && !m && !d.MotherCanGuard[i] || m && !f && !d.FatherCanGuard[i];
            var leftBehind = d.RuralHousehold[i] && age < 16 && away;
            r.Ok[i] = true;
            r.Age[i] = age;
            r.IsLeftBehind[i] = leftBehind;
            r.IsDoubleLeftBehind[i] = leftBehind && f && m;
        }
    }

    public sealed class Compiled
    {
        public readonly CompiledModule Module = Handan.Compile(ChildData.Module);
        public readonly BulkBatch Batch;

        public Compiled(ChildData d)
        {
            Batch = Module.CreateBatch(d.Count);
            Batch.Count = d.Count;
            Batch.FixedAt = ChildData.At;   // a run at one date
            d.BirthDate.CopyTo(Batch.Input<DateOnly>("birth_date"), 0);
            d.RuralHousehold.CopyTo(Batch.Input<bool>("rural_household"), 0);
            d.FatherMigrant.CopyTo(Batch.Input<bool>("father_migrant"), 0);
            d.MotherMigrant.CopyTo(Batch.Input<bool>("mother_migrant"), 0);
            d.FatherCanGuard.CopyTo(Batch.Input<bool>("father_can_guard"), 0);
            d.MotherCanGuard.CopyTo(Batch.Input<bool>("mother_can_guard"), 0);
        }

        public void Run()
        {
            Batch.ResetStatus();
            Module.Evaluate(Batch);
        }

        public void CopyTo(ChildResults r)
        {
            var n = Batch.Count;
            for (var i = 0; i < n; i++) r.Ok[i] = Batch.StatusOf(i) == RowStatus.Ok;
            Batch.Output<int>("age").AsSpan(0, n).CopyTo(r.Age);
            Batch.Output<bool>("is_left_behind").AsSpan(0, n).CopyTo(r.IsLeftBehind);
            Batch.Output<bool>("is_double_left_behind").AsSpan(0, n).CopyTo(r.IsDoubleLeftBehind);
        }
    }

    public sealed class Generated(ChildData data)
    {
        /// <summary>TryEvaluate over the inputs as values (the overload of a total module): the same arrays the hand-written loop reads, no Input records.</summary>
        /// <remarks>The data in a local, as the hand-written loop has it in its parameter.</remarks>
        public void RunValues(ChildResults r, int count)
        {
            var d = data;
            for (var i = 0; i < count; i++)
            {
                if (!Handan2017.LeftBehindChild.TryEvaluate(d.BirthDate[i], d.RuralHousehold[i], d.FatherMigrant[i], d.MotherMigrant[i], d.FatherCanGuard[i],
                        d.MotherCanGuard[i], ChildData.At, out var o, out _)) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Age[i] = o.Age;
                r.IsLeftBehind[i] = o.IsLeftBehind;
                r.IsDoubleLeftBehind[i] = o.IsDoubleLeftBehind;
            }
        }

        private readonly Handan2017.LeftBehindChild.Input[] _inputs = Enumerable.Range(0, data.Count).Select(i => new Handan2017.LeftBehindChild.Input
        {
            BirthDate = data.BirthDate[i], RuralHousehold = data.RuralHousehold[i], FatherMigrant = data.FatherMigrant[i],
            MotherMigrant = data.MotherMigrant[i], FatherCanGuard = data.FatherCanGuard[i], MotherCanGuard = data.MotherCanGuard[i],
        }).ToArray();

        /// <summary>The fast entry point: TryEvaluate(input, at, out outputs, out error), the outputs as a value.</summary>
        public void Run(ChildResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (!Handan2017.LeftBehindChild.TryEvaluate(_inputs[i], ChildData.At, out var o, out _)) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Age[i] = o.Age;
                r.IsLeftBehind[i] = o.IsLeftBehind;
                r.IsDoubleLeftBehind[i] = o.IsDoubleLeftBehind;
            }
        }

        /// <summary>The object API: Evaluate(input, at, explain: false), a RuleResult with an Output record per call.</summary>
        public void RunEvaluate(ChildResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan2017.LeftBehindChild.Evaluate(_inputs[i], ChildData.At, explain: false);
                if (result.Output is not { } o) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Age[i] = o.Age;
                r.IsLeftBehind[i] = o.IsLeftBehind;
                r.IsDoubleLeftBehind[i] = o.IsDoubleLeftBehind;
            }
        }
    }

    public sealed class Interpreted(ChildData d, int count)
    {
        private readonly Language.Model.ModuleModel _module = Handan.Package.FindModule(ChildData.Module)!;
        private readonly Dictionary<string, object?>[] _inputs = Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
        {
            ["birth_date"] = d.BirthDate[i], ["rural_household"] = d.RuralHousehold[i], ["father_migrant"] = d.FatherMigrant[i],
            ["mother_migrant"] = d.MotherMigrant[i], ["father_can_guard"] = d.FatherCanGuard[i], ["mother_can_guard"] = d.MotherCanGuard[i],
        }).ToArray();

        public void Run(ChildResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan.Package.Evaluate(_module, ChildData.At, _inputs[i]);
                r.Ok[i] = result.Succeeded;
                if (!result.Succeeded) continue;
                r.Age[i] = (int)result.Output("age")!;
                r.IsLeftBehind[i] = (bool)result.Output("is_left_behind")!;
                r.IsDoubleLeftBehind[i] = (bool)result.Output("is_double_left_behind")!;
            }
        }
    }
}

[Config(typeof(BenchConfig))]
public class LeftBehindChildBenchmarks
{
    public const int Records = 1_000_000;
    public const int InterpreterRecords = 100_000;

    private ChildData _data = null!;
    private ChildResults _results = null!;
    private ChildEngines.Compiled _compiled = null!;
    private ChildEngines.Generated _generated = null!;
    private ChildEngines.Interpreted _interpreted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new ChildData(Records);
        _results = new ChildResults(Records);
        _compiled = new ChildEngines.Compiled(_data);
        _generated = new ChildEngines.Generated(_data);
        _interpreted = new ChildEngines.Interpreted(_data, InterpreterRecords);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "hand-written C#")]
    public void HandWritten() => ChildEngines.HandWritten(_data, _results, Records);

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
}
