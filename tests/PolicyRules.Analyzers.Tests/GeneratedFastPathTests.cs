using System.Reflection;
using PolicyRules.Handan2017;
using PolicyRules.Rules;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// The generated modules' fast path: TryEvaluate answers what Evaluate(explain: false) answers (checked on every
/// module with extreme, boundary and random inputs in <see cref="Differential.DifferentialTests"/>), and a module without list
/// comprehensions keeps its evaluation state in a struct and allocates nothing on success.
/// </summary>
public sealed class GeneratedFastPathTests
{
    private static readonly Type[] Modules = typeof(LandUseTax).Assembly.GetTypes()
        .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRuleModule<,>)))
        .ToArray();

    [Fact]
    public void The_evaluation_state_is_a_struct_unless_a_comprehension_needs_an_object()
    {
        var evaluation = (Type t) => t.GetNestedType("Evaluation`1", BindingFlags.NonPublic)!;
        Assert.True(evaluation(typeof(LandUseTaxParcel)).IsValueType);
        Assert.True(evaluation(typeof(StablePostSubsidy)).IsValueType);
        Assert.True(evaluation(typeof(LeftBehindChild)).IsValueType);
        Assert.True(evaluation(typeof(PublicationDeadline)).IsValueType);
        Assert.False(evaluation(typeof(LandUseTax)).IsValueType);   // map/sum over parcels: lambdas read the evaluation
        Assert.Contains(Modules, t => evaluation(t).IsValueType);
    }

    [Fact]
    public void TryEvaluate_allocates_nothing_on_success()
    {
        var inputs = Enumerable.Range(0, 1000).Select(i => new LandUseTaxParcel.Input { Grade = 1 + i % 5, AreaM2 = 10.25m * i }).ToArray();
        var at = new DateOnly(2018, 1, 1);
        var total = Money.Zero;
        foreach (var input in inputs) Assert.True(LandUseTaxParcel.TryEvaluate(input, at, out _, out _));   // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var input in inputs)
            if (LandUseTaxParcel.TryEvaluate(input, at, out var o, out _)) total += o.AnnualTax;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(inputs.Sum(i => (i.Grade switch { 1 => 25m, 2 => 18m, 3 => 10m, 4 => 6m, _ => 3m }) * i.AreaM2), total.Amount);
    }

    [Fact]
    public void TryEvaluate_fails_with_the_error_of_Evaluate()
    {
        var bad = new LandUseTaxParcel.Input { Grade = 6, AreaM2 = 1m };
        Assert.False(LandUseTaxParcel.TryEvaluate(bad, new DateOnly(2018, 1, 1), out var outputs, out var error));
        Assert.Equal(default, outputs.AnnualTax);
        Assert.Equal(LandUseTaxParcel.Evaluate(bad, new DateOnly(2018, 1, 1), explain: false).Error, error);

        Assert.False(LandUseTaxParcel.TryEvaluate(bad with { Grade = 1 }, new DateOnly(2017, 1, 1), out _, out error));
        Assert.Equal(Evaluation.ErrorCodes.NotInForce, error.Code);
        Assert.Equal(LandUseTaxParcel.Evaluate(bad with { Grade = 1 }, new DateOnly(2017, 1, 1)).Error!.Message, error.Message);
    }

    /// <summary>
    /// A total module (scalar values and operations with a total form) evaluates inside TryEvaluate: no Fast method and
    /// no handler anywhere on the path, so the whole evaluation can inline into the caller's loop. Any other module keeps
    /// the handler in its Fast method. TryEvaluate itself never has one.
    /// </summary>
    [Fact]
    public void TryEvaluate_has_no_protected_region_and_a_total_module_has_none_on_its_path()
    {
        const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var total = 0;
        foreach (var module in Modules)
        {
            var overloads = module.GetMethods(Static).Where(m => m.Name == "TryEvaluate").ToList();
            foreach (var tryEvaluate in overloads) Assert.Empty(tryEvaluate.GetMethodBody()!.ExceptionHandlingClauses);
            if (module.GetMethod("Fast", Static) is { } fast)
            {
                // catch (RuleErrorException) when (!evaluation.Failed) (a filter), then catch (Exception)
                var clauses = fast.GetMethodBody()!.ExceptionHandlingClauses;
                Assert.Equal([ExceptionHandlingClauseOptions.Filter, ExceptionHandlingClauseOptions.Clause], clauses.Select(h => h.Flags));
                Assert.Equal(typeof(Exception), clauses[1].CatchType);
                Assert.Single(overloads);
                continue;
            }
            total++;
            // A total module has TryEvaluate over the Input record and over the inputs as values.
            Assert.Equal(2, overloads.Count);
            var evaluation = module.GetNestedType("Evaluation`1", BindingFlags.NonPublic)!;
            Assert.True(evaluation.IsValueType, module.Name);
            foreach (var method in evaluation.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                Assert.Empty(method.GetMethodBody()!.ExceptionHandlingClauses);
        }
        // The four benchmark workloads are total; LandUseTax (a list of parcels) is not.
        foreach (var module in new[] { typeof(LandUseTaxParcel), typeof(StablePostSubsidy), typeof(LeftBehindChild), typeof(PublicationDeadline) })
            Assert.Null(module.GetMethod("Fast", Static));
        Assert.NotNull(typeof(LandUseTax).GetMethod("Fast", Static));
        Assert.Equal(47, total);
    }

    /// <summary>
    /// The benchmark workloads are total modules: where their fast evaluation fails (a day beyond the calendar's data, an
    /// overflow) TryEvaluate and Evaluate(explain: false) answer the checked evaluation's error, the one Evaluate gives
    /// with the explanation.
    /// </summary>
    [Fact]
    public void A_failing_fast_evaluation_answers_the_error_of_the_checked_one()
    {
        // cn_workdays covers 2017-01-01 to 2018-12-31 (reference.md): 20 working days after 2018-12-20 need 2019.
        var late = new PublicationDeadline.Input { IssuedDate = new DateOnly(2018, 12, 20) };
        var at = new DateOnly(2019, 1, 1);
        Assert.False(PublicationDeadline.TryEvaluate(late, at, out _, out var error));
        var explained = PublicationDeadline.Evaluate(late, at).Error!;
        Assert.Equal(Evaluation.ErrorCodes.NotDeterminable, error.Code);
        Assert.Equal((explained.Code, explained.Message), (error.Code, error.Message));
        Assert.Equal((explained.Code, explained.Message), (PublicationDeadline.Evaluate(late, at, explain: false).Error!.Code, PublicationDeadline.Evaluate(late, at, explain: false).Error!.Message));
        // Inside the data: 20 working days after 2017-09-20 is 2017-10-24 (reference.md: 10月1日至8日放假, 9月30日上班;
        // derived day by hand in WorkingCalendarTests).
        Assert.True(PublicationDeadline.TryEvaluate(new PublicationDeadline.Input { IssuedDate = new DateOnly(2017, 9, 20) }, at, out var deadline, out _));
        Assert.Equal(new DateOnly(2017, 10, 24), deadline.PublishBy);

        // A monthly amount times the insured count beyond decimal: an overflow at its place.
        var huge = new StablePostSubsidy.Input
        {
            InScope = true, UiContributionYears = 6m, UiArrears = false, PriorYearLayoffRate = new Rate(0.01m), InsuredCount = int.MaxValue,
            MinUiBenefitMonthly = new Money(decimal.MaxValue), CapacityTaskThisYear = true, DesignatedExtension = false, Months = 6,
            ReceivedBefore = false, ReapprovalGranted = false,
        };
        var when = new DateOnly(2018, 1, 1);
        Assert.False(StablePostSubsidy.TryEvaluate(huge, when, out _, out error));
        explained = StablePostSubsidy.Evaluate(huge, when).Error!;
        Assert.Equal(Evaluation.ErrorCodes.EvaluationFailed, error.Code);
        Assert.Equal((explained.Code, explained.Message), (error.Code, error.Message));
        Assert.Equal(explained.Message, StablePostSubsidy.Evaluate(huge, when, explain: false).Error!.Message);
    }

    /// <summary>The period in force is compiled to day-number constants: the same answer as ModuleInfo.IsInForce on the days around its ends.</summary>
    [Fact]
    public void TryEvaluate_answers_not_in_force_exactly_outside_the_period_of_Info()
    {
        Check(StablePostSubsidy.Info, at => StablePostSubsidy.TryEvaluate(new StablePostSubsidy.Input
        {
            InScope = true, UiContributionYears = 6m, UiArrears = false, PriorYearLayoffRate = new Rate(0.01m), InsuredCount = 100,
            MinUiBenefitMonthly = new Money(1200m), CapacityTaskThisYear = true, DesignatedExtension = false, Months = 6,
            ReceivedBefore = false, ReapprovalGranted = false,
        }, at, out _, out var error) ? null : error.Code);
        Check(LandUseTaxParcel.Info, at => LandUseTaxParcel.TryEvaluate(new LandUseTaxParcel.Input { Grade = 2, AreaM2 = 10m }, at, out _, out var error) ? null : error.Code);
        Check(PublicationDeadline.Info, at => PublicationDeadline.TryEvaluate(new PublicationDeadline.Input { IssuedDate = new DateOnly(2017, 9, 1) }, at, out _, out var error) ? null : error.Code);

        static void Check(ModuleInfo info, Func<DateOnly, string?> codeAt)
        {
            var days = new List<DateOnly> { info.InForceFrom.AddDays(-1), info.InForceFrom, info.InForceFrom.AddDays(1), DateOnly.MaxValue };
            if (info.InForceTo is { } to) days.AddRange([to.AddDays(-1), to, to.AddDays(1)]);
            foreach (var day in days)
                Assert.Equal(info.IsInForce(day) ? null : Evaluation.ErrorCodes.NotInForce, codeAt(day));
        }
    }
    [Fact]
    public void The_calendar_tables_compiled_into_the_package_answer_as_its_calendar()
    {
        // The fast working-day operations read RuleRegistry.CnWorkdaysTables (constant data the generator writes); the checked
        // ones and the interpreter read RuleRegistry.CnWorkdays. Every day it covers (2017-01-01 to 2018-12-31, reference.md)
        // and ten days around each end: the same day, or a failure where the calendar has no data.
        var calendar = RuleRegistry.CnWorkdays;
        for (var d = calendar.CoversFrom.AddDays(-10); d <= calendar.CoversTo.AddDays(10); d = d.AddDays(1))
        {
            foreach (var n in new[] { 1, 5, 20, 250 })
            {
                var failed = false;
                var fast = RuleOps.WorkingDaysAfter<RuleRegistry.CnWorkdaysTables>(d, n, calendar, "t", false, ref failed);
                var known = calendar.TryWorkingDaysAfter(d, n, out var expected);
                Assert.True(known != failed, $"working_days_after({d}, {n})");
                Assert.Equal(expected, fast);
            }
            var nextFailed = false;
            var next = RuleOps.NextWorkingDay<RuleRegistry.CnWorkdaysTables>(d, calendar, "t", false, ref nextFailed);
            Assert.Equal(calendar.TryNextWorkingDay(d, out var expectedNext), !nextFailed);
            Assert.Equal(expectedNext, next);
            var isFailed = false;
            var isWorking = RuleOps.IsWorkingDay<RuleRegistry.CnWorkdaysTables>(d, calendar, "t", false, ref isFailed);
            Assert.Equal(calendar.TryIsWorkingDay(d, out var expectedWorking), !isFailed);
            Assert.Equal(expectedWorking, isWorking);
        }

        // reference.md, 2017 (国办发明电〔2016〕17号): 10月1日至8日放假; 9月30日(星期六)上班. So the first working day after
        // 2017-09-29 (a Friday) is Saturday 9-30, and the next one after that is 10-09.
        var f = false;
        Assert.Equal(new DateOnly(2017, 9, 30), RuleOps.WorkingDaysAfter<RuleRegistry.CnWorkdaysTables>(new DateOnly(2017, 9, 29), 1, calendar, "t", false, ref f));
        Assert.Equal(new DateOnly(2017, 10, 9), RuleOps.WorkingDaysAfter<RuleRegistry.CnWorkdaysTables>(new DateOnly(2017, 9, 29), 2, calendar, "t", false, ref f));
        Assert.False(f);
    }
}
