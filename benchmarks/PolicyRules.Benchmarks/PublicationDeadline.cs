using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Time;

namespace PolicyRules.Benchmarks;

/// <summary>publication_deadline (邯政办字〔2017〕106号 一(一)): the 20th working day after each issue date.</summary>
public sealed class DeadlineData
{
    public const string Module = "publication_deadline";
    public static readonly DateOnly At = new(2018, 12, 1);
    public readonly int Count;
    public readonly DateOnly[] IssuedDate;

    public DeadlineData(int count, int seed = 20170817)
    {
        Count = count;
        IssuedDate = new DateOnly[count];
        var r = new Seeded(seed);
        // Issue dates whose 20th working day falls within the calendar data (2017–2018).
        for (var i = 0; i < count; i++) IssuedDate[i] = r.Date(new DateOnly(2017, 1, 1), new DateOnly(2018, 11, 30));
    }
}

public sealed class DeadlineResults(int count)
{
    public readonly bool[] Ok = new bool[count];
    public readonly DateOnly[] PublishBy = new DateOnly[count];
}

public static class DeadlineEngines
{
    private static readonly int FirstDay = new DateOnly(2017, 8, 17).DayNumber;

    /// <summary>By hand with the same calendar object (WorkingCalendar over the package's cn_workdays data).</summary>
    public static void HandWritten(WorkingCalendar calendar, DeadlineData d, DeadlineResults r, int count)
    {
        var inForce = DeadlineData.At.DayNumber >= FirstDay;
        var issued = d.IssuedDate;
        var ok = r.Ok;
        var publishBy = r.PublishBy;
        for (var i = 0; i < count; i++)
        {
            if (!inForce) { ok[i] = false; continue; }
            publishBy[i] = calendar.WorkingDaysAfter(issued[i], 20);
            ok[i] = true;
        }
    }

    /// <summary><see cref="HandWritten"/> over the <c>Input</c> records the generated record form reads (the same objects): that form's baseline.</summary>
    public static void HandWrittenRecords(WorkingCalendar calendar, Handan2017.PublicationDeadline.Input[] inputs, DeadlineResults r, int count)
    {
        var inForce = DeadlineData.At.DayNumber >= FirstDay;
        var ok = r.Ok;
        var publishBy = r.PublishBy;
        for (var i = 0; i < count; i++)
        {
            if (!inForce) { ok[i] = false; continue; }
            publishBy[i] = calendar.WorkingDaysAfter(inputs[i].IssuedDate, 20);
            ok[i] = true;
        }
    }

    public static WorkingCalendar Calendar() => Handan.Package.Calendar(Handan.Package.Model.Calendars.Single(c => c.Name == "cn_workdays"));

    public sealed class Compiled
    {
        public readonly CompiledModule Module = Handan.Compile(DeadlineData.Module);
        public readonly BulkBatch Batch;

        public Compiled(DeadlineData d)
        {
            Batch = Module.CreateBatch(d.Count);
            Batch.Count = d.Count;
            Batch.FixedAt = DeadlineData.At;   // a run at one date
            d.IssuedDate.CopyTo(Batch.Input<DateOnly>("issued_date"), 0);
        }

        public void Run()
        {
            Batch.ResetStatus();
            Module.Evaluate(Batch);
        }

        public void CopyTo(DeadlineResults r)
        {
            for (var i = 0; i < Batch.Count; i++) r.Ok[i] = Batch.StatusOf(i) == RowStatus.Ok;
            Batch.Output<DateOnly>("publish_by").AsSpan(0, Batch.Count).CopyTo(r.PublishBy);
        }
    }

    public sealed class Generated(DeadlineData d)
    {
        /// <summary>TryEvaluate over the inputs as values (the overload of a total module): the same arrays the hand-written loop reads, no Input records.</summary>
        /// <remarks>The loop has the hand-written loop's shape (arrays in locals), so that the two differ only by what computes a row.</remarks>
        public void RunValues(DeadlineResults r, int count)
        {
            var issued = d.IssuedDate;
            var ok = r.Ok;
            var publishBy = r.PublishBy;
            for (var i = 0; i < count; i++)
            {
                if (!Handan2017.PublicationDeadline.TryEvaluate(issued[i], DeadlineData.At, out var o, out _)) { ok[i] = false; continue; }
                publishBy[i] = o.PublishBy;
                ok[i] = true;
            }
        }

        /// <summary>The data as Input records, in order (what Run reads).</summary>
        public readonly Handan2017.PublicationDeadline.Input[] Inputs = Enumerable.Range(0, d.Count)
            .Select(i => new Handan2017.PublicationDeadline.Input { IssuedDate = d.IssuedDate[i] }).ToArray();

        /// <summary>The fast entry point: TryEvaluate(input, at, out outputs, out error), the outputs as a value.</summary>
        public void Run(DeadlineResults r, int count)
        {
            var inputs = Inputs;
            var ok = r.Ok;
            var publishBy = r.PublishBy;
            for (var i = 0; i < count; i++)
            {
                if (!Handan2017.PublicationDeadline.TryEvaluate(inputs[i], DeadlineData.At, out var o, out _)) { ok[i] = false; continue; }
                publishBy[i] = o.PublishBy;
                ok[i] = true;
            }
        }

        /// <summary>The object API: Evaluate(input, at, explain: false), a RuleResult with an Output record per call.</summary>
        public void RunEvaluate(DeadlineResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan2017.PublicationDeadline.Evaluate(Inputs[i], DeadlineData.At, explain: false);
                if (result.Output is not { } o) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.PublishBy[i] = o.PublishBy;
            }
        }
    }

    public sealed class Interpreted(DeadlineData d, int count)
    {
        private readonly Language.Model.ModuleModel _module = Handan.Package.FindModule(DeadlineData.Module)!;
        private readonly Dictionary<string, object?>[] _inputs = Enumerable.Range(0, count)
            .Select(i => new Dictionary<string, object?> { ["issued_date"] = d.IssuedDate[i] }).ToArray();

        public void Run(DeadlineResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan.Package.Evaluate(_module, DeadlineData.At, _inputs[i]);
                r.Ok[i] = result.Succeeded;
                if (result.Succeeded) r.PublishBy[i] = (DateOnly)result.Output("publish_by")!;
            }
        }
    }
}

[Config(typeof(BenchConfig))]
public class PublicationDeadlineBenchmarks
{
    public const int Records = 100_000;

    private DeadlineData _data = null!;
    private DeadlineResults _results = null!;
    private WorkingCalendar _calendar = null!;
    private DeadlineEngines.Compiled _compiled = null!;
    private DeadlineEngines.Compiled _compiledPerRow = null!;
    private DeadlineEngines.Generated _generated = null!;
    private DeadlineEngines.Interpreted _interpreted = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new DeadlineData(Records);
        _results = new DeadlineResults(Records);
        _calendar = DeadlineEngines.Calendar();
        _compiled = new DeadlineEngines.Compiled(_data);
        _compiledPerRow = new DeadlineEngines.Compiled(_data);
        _compiledPerRow.Batch.FixedAt = null;
        Array.Fill(_compiledPerRow.Batch.At, DeadlineData.At);
        _generated = new DeadlineEngines.Generated(_data);
        _interpreted = new DeadlineEngines.Interpreted(_data, Records);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "hand-written C#")]
    public void HandWritten() => DeadlineEngines.HandWritten(_calendar, _data, _results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "hand-written C# over the Input records")]
    public void HandWrittenRecords() => DeadlineEngines.HandWrittenRecords(_calendar, _generated.Inputs, _results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (TryEvaluate, values)")]
    public void GeneratedValues() => _generated.RunValues(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (TryEvaluate)")]
    public void Generated() => _generated.Run(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "generated module (Evaluate)")]
    public void GeneratedEvaluate() => _generated.RunEvaluate(_results, Records);

    [Benchmark(OperationsPerInvoke = Records, Description = "compiled runtime (bulk)")]
    public void Compiled() => _compiled.Run();

    [Benchmark(OperationsPerInvoke = Records, Description = "compiled runtime (bulk, a date per row)")]
    public void CompiledPerRowDate() => _compiledPerRow.Run();

    [Benchmark(OperationsPerInvoke = Records, Description = "interpreter")]
    public void Interpreter() => _interpreted.Run(_results, Records);
}
