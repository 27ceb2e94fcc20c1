using BenchmarkDotNet.Attributes;
using PolicyRules.Bulk;
using PolicyRules.Handan2017;
using RulesEngine.Models;

namespace PolicyRules.Benchmarks;

/// <summary>stable_post_subsidy (邯政办字〔2017〕116号 三(一)): enterprises applying for the 稳岗补贴.</summary>
public sealed class SubsidyData
{
    public const string Module = "stable_post_subsidy";
    public static readonly DateOnly At = new(2018, 6, 30);
    public readonly int Count;
    public readonly bool[] InScope, UiArrears, CapacityTaskThisYear, DesignatedExtension, ReceivedBefore, ReapprovalGranted;
    public readonly decimal[] UiContributionYears;
    public readonly Rate[] PriorYearLayoffRate;
    public readonly int[] InsuredCount, Months;
    public readonly Money[] MinUiBenefitMonthly;

    public SubsidyData(int count, int seed = 20170116)
    {
        Count = count;
        InScope = new bool[count]; UiArrears = new bool[count]; CapacityTaskThisYear = new bool[count];
        DesignatedExtension = new bool[count]; ReceivedBefore = new bool[count]; ReapprovalGranted = new bool[count];
        UiContributionYears = new decimal[count]; PriorYearLayoffRate = new Rate[count];
        InsuredCount = new int[count]; Months = new int[count]; MinUiBenefitMonthly = new Money[count];
        var r = new Seeded(seed);
        for (var i = 0; i < count; i++)
        {
            InScope[i] = r.Chance(0.8);
            UiContributionYears[i] = r.Decimal(0m, 12m, 1);
            UiArrears[i] = r.Chance(0.1);
            PriorYearLayoffRate[i] = new Rate(r.Decimal(0m, 0.08m, 3));
            InsuredCount[i] = r.Int(0, 5000);
            MinUiBenefitMonthly[i] = new Money(r.Decimal(1000m, 1500m, 1));
            CapacityTaskThisYear[i] = r.Chance(0.5);
            DesignatedExtension[i] = r.Chance(0.1);
            Months[i] = r.Int(1, 12);
            ReceivedBefore[i] = r.Chance(0.2);
            ReapprovalGranted[i] = r.Chance(0.3);
        }
    }
}

public sealed class SubsidyResults(int count)
{
    public readonly bool[] Ok = new bool[count];
    public readonly bool[] Eligible = new bool[count];
    public readonly Rate[] CoverageRatio = new Rate[count];
    public readonly int[] MaxMonths = new int[count];
    public readonly int[] GrantedMonths = new int[count];
    public readonly Money[] MonthlyAmount = new Money[count];
    public readonly Money[] SubsidyAmount = new Money[count];
}

public static class SubsidyEngines
{
    private static readonly int FirstDay = new DateOnly(2017, 1, 1).DayNumber, LastDay = new DateOnly(2020, 12, 31).DayNumber;

    /// <summary>The same logic by hand, same types: requires, the period in force, 三(一)1–4.</summary>
    public static void HandWritten(SubsidyData d, SubsidyResults r, int count)
    {
        var day = SubsidyData.At.DayNumber;
        var inForce = day >= FirstDay && day <= LastDay;
        var half = new Rate(0.5m);
        var full = new Rate(1m);
        var layoffCeiling = new Rate(0.045m);
        var zeroRate = new Rate(0m);
        var hundred = new Rate(1m);
        for (var i = 0; i < count; i++)
        {
            var years = d.UiContributionYears[i];
            var layoff = d.PriorYearLayoffRate[i];
            var insured = d.InsuredCount[i];
            var benefit = d.MinUiBenefitMonthly[i];
            var months = d.Months[i];
            if (!inForce || years < 0m || layoff < zeroRate || layoff > hundred || insured < 0 || benefit < Money.Zero || months < 0)
            {
                r.Ok[i] = false;
                continue;
            }
            var received = d.ReceivedBefore[i];
            var once = received && d.ReapprovalGranted[i] || !received;
            var eligible = d.InScope[i] && years >= 1m && !d.UiArrears[i] && layoff <= layoffCeiling && once;
            var ratio = years >= 5m && d.CapacityTaskThisYear[i] ? full : half;
            var maxMonths = d.DesignatedExtension[i] ? 12 : 6;
            var granted = eligible ? Math.Min(months, maxMonths) : 0;
            var monthly = eligible ? benefit * insured * ratio : Money.Zero;
            r.Ok[i] = true;
            r.Eligible[i] = eligible;
            r.CoverageRatio[i] = ratio;
            r.MaxMonths[i] = maxMonths;
            r.GrantedMonths[i] = granted;
            r.MonthlyAmount[i] = monthly;
            r.SubsidyAmount[i] = monthly * granted;
        }
    }

    public sealed class Compiled
    {
        public readonly CompiledModule Module = Handan.Compile(SubsidyData.Module);
        public readonly BulkBatch Batch;

        public Compiled(SubsidyData d)
        {
            Batch = Module.CreateBatch(d.Count);
            Batch.Count = d.Count;
            Batch.FixedAt = SubsidyData.At;   // a run at one date
            d.InScope.CopyTo(Batch.Input<bool>("in_scope"), 0);
            d.UiContributionYears.CopyTo(Batch.Input<decimal>("ui_contribution_years"), 0);
            d.UiArrears.CopyTo(Batch.Input<bool>("ui_arrears"), 0);
            d.PriorYearLayoffRate.CopyTo(Batch.Input<Rate>("prior_year_layoff_rate"), 0);
            d.InsuredCount.CopyTo(Batch.Input<int>("insured_count"), 0);
            d.MinUiBenefitMonthly.CopyTo(Batch.Input<Money>("min_ui_benefit_monthly"), 0);
            d.CapacityTaskThisYear.CopyTo(Batch.Input<bool>("capacity_task_this_year"), 0);
            d.DesignatedExtension.CopyTo(Batch.Input<bool>("designated_extension"), 0);
            d.Months.CopyTo(Batch.Input<int>("months"), 0);
            d.ReceivedBefore.CopyTo(Batch.Input<bool>("received_before"), 0);
            d.ReapprovalGranted.CopyTo(Batch.Input<bool>("reapproval_granted"), 0);
        }

        public void Run()
        {
            Batch.ResetStatus();
            Module.Evaluate(Batch);
        }

        public void CopyTo(SubsidyResults r)
        {
            var n = Batch.Count;
            for (var i = 0; i < n; i++) r.Ok[i] = Batch.StatusOf(i) == RowStatus.Ok;
            Batch.Output<bool>("eligible").AsSpan(0, n).CopyTo(r.Eligible);
            Batch.Output<Rate>("coverage_ratio").AsSpan(0, n).CopyTo(r.CoverageRatio);
            Batch.Output<int>("max_months").AsSpan(0, n).CopyTo(r.MaxMonths);
            Batch.Output<int>("granted_months").AsSpan(0, n).CopyTo(r.GrantedMonths);
            Batch.Output<Money>("monthly_amount").AsSpan(0, n).CopyTo(r.MonthlyAmount);
            Batch.Output<Money>("subsidy_amount").AsSpan(0, n).CopyTo(r.SubsidyAmount);
        }
    }

    public sealed class Generated(SubsidyData data)
    {
        /// <summary>TryEvaluate over the inputs as values (the overload of a total module): the same arrays the hand-written loop reads, no Input records.</summary>
        /// <remarks>The data in a local, as the hand-written loop has it in its parameter.</remarks>
        public void RunValues(SubsidyResults r, int count)
        {
            var d = data;
            for (var i = 0; i < count; i++)
            {
                if (!StablePostSubsidy.TryEvaluate(d.InScope[i], d.UiContributionYears[i], d.UiArrears[i], d.PriorYearLayoffRate[i], d.InsuredCount[i],
                        d.MinUiBenefitMonthly[i], d.CapacityTaskThisYear[i], d.DesignatedExtension[i], d.Months[i], d.ReceivedBefore[i], d.ReapprovalGranted[i],
                        SubsidyData.At, out var o, out _)) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Eligible[i] = o.Eligible;
                r.CoverageRatio[i] = o.CoverageRatio;
                r.MaxMonths[i] = o.MaxMonths;
                r.GrantedMonths[i] = o.GrantedMonths;
                r.MonthlyAmount[i] = o.MonthlyAmount;
                r.SubsidyAmount[i] = o.SubsidyAmount;
            }
        }

        private readonly StablePostSubsidy.Input[] _inputs = Enumerable.Range(0, data.Count).Select(i => new StablePostSubsidy.Input
        {
            InScope = data.InScope[i], UiContributionYears = data.UiContributionYears[i], UiArrears = data.UiArrears[i],
            PriorYearLayoffRate = data.PriorYearLayoffRate[i], InsuredCount = data.InsuredCount[i], MinUiBenefitMonthly = data.MinUiBenefitMonthly[i],
            CapacityTaskThisYear = data.CapacityTaskThisYear[i], DesignatedExtension = data.DesignatedExtension[i], Months = data.Months[i],
            ReceivedBefore = data.ReceivedBefore[i], ReapprovalGranted = data.ReapprovalGranted[i],
        }).ToArray();

        /// <summary>The fast entry point: TryEvaluate(input, at, out outputs, out error), the outputs as a value.</summary>
        public void Run(SubsidyResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (!StablePostSubsidy.TryEvaluate(_inputs[i], SubsidyData.At, out var o, out _)) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Eligible[i] = o.Eligible;
                r.CoverageRatio[i] = o.CoverageRatio;
                r.MaxMonths[i] = o.MaxMonths;
                r.GrantedMonths[i] = o.GrantedMonths;
                r.MonthlyAmount[i] = o.MonthlyAmount;
                r.SubsidyAmount[i] = o.SubsidyAmount;
            }
        }

        /// <summary>The object API: Evaluate(input, at, explain: false), a RuleResult with an Output record per call.</summary>
        public void RunEvaluate(SubsidyResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = StablePostSubsidy.Evaluate(_inputs[i], SubsidyData.At, explain: false);
                if (result.Output is not { } o) { r.Ok[i] = false; continue; }
                r.Ok[i] = true;
                r.Eligible[i] = o.Eligible;
                r.CoverageRatio[i] = o.CoverageRatio;
                r.MaxMonths[i] = o.MaxMonths;
                r.GrantedMonths[i] = o.GrantedMonths;
                r.MonthlyAmount[i] = o.MonthlyAmount;
                r.SubsidyAmount[i] = o.SubsidyAmount;
            }
        }
    }

    public sealed class Interpreted(SubsidyData d, int count)
    {
        private readonly Language.Model.ModuleModel _module = Handan.Package.FindModule(SubsidyData.Module)!;
        private readonly Dictionary<string, object?>[] _inputs = Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
        {
            ["in_scope"] = d.InScope[i], ["ui_contribution_years"] = d.UiContributionYears[i], ["ui_arrears"] = d.UiArrears[i],
            ["prior_year_layoff_rate"] = d.PriorYearLayoffRate[i], ["insured_count"] = d.InsuredCount[i],
            ["min_ui_benefit_monthly"] = d.MinUiBenefitMonthly[i], ["capacity_task_this_year"] = d.CapacityTaskThisYear[i],
            ["designated_extension"] = d.DesignatedExtension[i], ["months"] = d.Months[i], ["received_before"] = d.ReceivedBefore[i],
            ["reapproval_granted"] = d.ReapprovalGranted[i],
        }).ToArray();

        public void Run(SubsidyResults r, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = Handan.Package.Evaluate(_module, SubsidyData.At, _inputs[i]);
                r.Ok[i] = result.Succeeded;
                if (!result.Succeeded) continue;
                r.Eligible[i] = (bool)result.Output("eligible")!;
                r.CoverageRatio[i] = (Rate)result.Output("coverage_ratio")!;
                r.MaxMonths[i] = (int)result.Output("max_months")!;
                r.GrantedMonths[i] = (int)result.Output("granted_months")!;
                r.MonthlyAmount[i] = (Money)result.Output("monthly_amount")!;
                r.SubsidyAmount[i] = (Money)result.Output("subsidy_amount")!;
            }
        }
    }

    /// <summary>Microsoft RulesEngine: the definitions as global parameters, one rule per output (money and rates as decimals).</summary>
    public sealed class RulesEngineRun(SubsidyData d, int count)
    {
        public const string Workflow = """
            [{
              "WorkflowName": "stable_post_subsidy",
              "GlobalParams": [
                { "Name": "valid", "Expression": "input1.UiContributionYears >= 0m && input1.PriorYearLayoffRate >= 0m && input1.PriorYearLayoffRate <= 1m && input1.InsuredCount >= 0 && input1.MinUiBenefitMonthly >= 0m && input1.Months >= 0" },
                { "Name": "once", "Expression": "(input1.ReceivedBefore && input1.ReapprovalGranted) || !input1.ReceivedBefore" },
                { "Name": "eligible", "Expression": "input1.InScope && input1.UiContributionYears >= 1m && !input1.UiArrears && input1.PriorYearLayoffRate <= 0.045m && once" },
                { "Name": "ratio", "Expression": "input1.UiContributionYears >= 5m && input1.CapacityTaskThisYear ? 1m : 0.5m" },
                { "Name": "maxMonths", "Expression": "input1.DesignatedExtension ? 12 : 6" },
                { "Name": "granted", "Expression": "eligible ? (input1.Months <= maxMonths ? input1.Months : maxMonths) : 0" },
                { "Name": "monthly", "Expression": "eligible ? input1.MinUiBenefitMonthly * input1.InsuredCount * ratio : 0m" }
              ],
              "Rules": [
                { "RuleName": "eligible", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "eligible" } } } },
                { "RuleName": "coverage_ratio", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "ratio" } } } },
                { "RuleName": "max_months", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "maxMonths" } } } },
                { "RuleName": "granted_months", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "granted" } } } },
                { "RuleName": "monthly_amount", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "monthly" } } } },
                { "RuleName": "subsidy_amount", "Expression": "valid", "Actions": { "OnSuccess": { "Name": "OutputExpression", "Context": { "Expression": "monthly * granted" } } } }
              ]
            }]
            """;

        public sealed class Enterprise
        {
            public bool InScope { get; set; }
            public decimal UiContributionYears { get; set; }
            public bool UiArrears { get; set; }
            public decimal PriorYearLayoffRate { get; set; }
            public int InsuredCount { get; set; }
            public decimal MinUiBenefitMonthly { get; set; }
            public bool CapacityTaskThisYear { get; set; }
            public bool DesignatedExtension { get; set; }
            public int Months { get; set; }
            public bool ReceivedBefore { get; set; }
            public bool ReapprovalGranted { get; set; }
        }

        private readonly RulesEngine.RulesEngine _engine = Handan.RulesEngineFor(Workflow);
        private readonly Enterprise[] _inputs = Enumerable.Range(0, count).Select(i => new Enterprise
        {
            InScope = d.InScope[i], UiContributionYears = d.UiContributionYears[i], UiArrears = d.UiArrears[i],
            PriorYearLayoffRate = d.PriorYearLayoffRate[i].Value, InsuredCount = d.InsuredCount[i], MinUiBenefitMonthly = d.MinUiBenefitMonthly[i].Amount,
            CapacityTaskThisYear = d.CapacityTaskThisYear[i], DesignatedExtension = d.DesignatedExtension[i], Months = d.Months[i],
            ReceivedBefore = d.ReceivedBefore[i], ReapprovalGranted = d.ReapprovalGranted[i],
        }).ToArray();

        public void Run(SubsidyResults r, int count)
        {
            var day = SubsidyData.At.DayNumber;
            for (var i = 0; i < count; i++)
            {
                var results = _engine.ExecuteAllRulesAsync("stable_post_subsidy", new RuleParameter("input1", _inputs[i])).AsTask().GetAwaiter().GetResult();
                var ok = day >= FirstDay && day <= LastDay && results[0].IsSuccess;
                r.Ok[i] = ok;
                if (!ok) continue;
                r.Eligible[i] = (bool)results[0].ActionResult.Output;
                r.CoverageRatio[i] = new Rate((decimal)results[1].ActionResult.Output);
                r.MaxMonths[i] = (int)results[2].ActionResult.Output;
                r.GrantedMonths[i] = (int)results[3].ActionResult.Output;
                r.MonthlyAmount[i] = new Money((decimal)results[4].ActionResult.Output);
                r.SubsidyAmount[i] = new Money((decimal)results[5].ActionResult.Output);
            }
        }
    }
}

[Config(typeof(BenchConfig))]
public class SubsidyBenchmarks
{
    public const int Records = 1_000_000;
    public const int InterpreterRecords = 100_000;
    public const int RulesEngineRecords = 10_000;

    private SubsidyData _data = null!;
    private SubsidyResults _results = null!;
    private SubsidyEngines.Compiled _compiled = null!;
    private SubsidyEngines.Generated _generated = null!;
    private SubsidyEngines.Interpreted _interpreted = null!;
    private SubsidyEngines.RulesEngineRun _rulesEngine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = new SubsidyData(Records);
        _results = new SubsidyResults(Records);
        _compiled = new SubsidyEngines.Compiled(_data);
        _generated = new SubsidyEngines.Generated(_data);
        _interpreted = new SubsidyEngines.Interpreted(_data, InterpreterRecords);
        _rulesEngine = new SubsidyEngines.RulesEngineRun(_data, RulesEngineRecords);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "hand-written C#")]
    public void HandWritten() => SubsidyEngines.HandWritten(_data, _results, Records);

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
