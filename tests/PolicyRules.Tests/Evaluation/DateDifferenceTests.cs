using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// days_between and working_days_between, added through the builtin catalogue only, on the package's own calendar
/// (rules/handan-2017-04/calendar.rules: the State Council holiday notices for 2017 and 2018, as in reference.md).
/// </summary>
public class DateDifferenceTests
{
    private const string Module = """
        module date_difference_check {
          input a: date
          input b: date
          output days: int cites hz107 §二 = days_between(a, b)
          output working: int cites hz107 §二 = working_days_between(a, b, cn_workdays)
        }
        """;

    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.Compile(
        RuleCompilation.ReadDirectory(TestPaths.Package).Append(new SourceText("date-difference.rules", Module)).ToList())));

    private static EvaluationResult Eval(string a, string b) =>
        Package.Value.Evaluate("date_difference_check", new DateOnly(2017, 9, 1),
            new Dictionary<string, object?> { ["a"] = a, ["b"] = b });

    [Theory]
    // reference.md, 2017 (国办发明电〔2016〕17号): 中秋节、国庆节 10月1日至8日放假, 9月30日(星期六)上班.
    // After Friday 2017-09-29: Saturday 09-30 works (1), 10-01..10-08 off, 10-09..10-13 Monday–Friday (5): 6 working days in 14.
    [InlineData("2017-09-29", "2017-10-13", 14, 6)]
    // reference.md, 2017: 春节 1月27日至2月2日放假; 2月4日(星期六)上班. After Thursday 01-26: 02-03 (Fri), 02-04 (Sat, works), 02-06 (Mon): 3.
    [InlineData("2017-01-26", "2017-02-06", 11, 3)]
    // reference.md, 2018 (国办发明电〔2017〕12号): 国庆节 10月1日至7日放假; 9月29日(星期六)、9月30日(星期日)上班.
    // After Friday 2018-09-28: 09-29 and 09-30 (2), 10-08 (Monday) (1): 3 working days in 10.
    [InlineData("2018-09-28", "2018-10-08", 10, 3)]
    // The start day is not counted (民法典 第201条): the same day gives 0.
    [InlineData("2017-10-13", "2017-10-13", 0, 0)]
    // B before A: the negative of the count from B to A (the 国庆 2017 example reversed).
    [InlineData("2017-10-13", "2017-09-29", -14, -6)]
    public void Counts_days_after_a_up_to_and_including_b(string a, string b, int days, int working)
    {
        var r = Eval(a, b);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(days, r.Output("days"));
        Assert.Equal(working, r.Output("working"));
    }

    [Fact]
    public void Agrees_with_working_days_after()
    {
        // reference.md, 2017 国庆: the 6th working day after 2017-09-29 is 2017-10-13 (the first row above).
        var package = Package.Value;
        var calendar = package.Calendar(package.Model.Calendars.Single(c => c.Name == "cn_workdays"));
        Assert.Equal(new DateOnly(2017, 10, 13), calendar.WorkingDaysAfter(new DateOnly(2017, 9, 29), 6));
    }

    [Fact]
    public void A_day_outside_the_calendar_is_not_determinable_naming_the_year()
    {
        // reference.md: the calendar data is complete for 2017-01-01 to 2018-12-31 only.
        var r = Eval("2018-12-28", "2019-01-04");
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Contains("2019", r.Error!.Message);
        Assert.Contains("cn_workdays", r.Error.Message);
    }

    [Fact]
    public void The_bulk_engine_compiles_them_and_gives_the_same_answers()
    {
        var compiled = CompiledModule.Compile(Package.Value, "date_difference_check");
        Assert.True(compiled.IsCompiled, compiled.NotCompiledReason?.ToString());
        var batch = compiled.CreateBatch(3);
        batch.Count = 3;
        batch.FixedAt = new DateOnly(2017, 9, 1);
        // The first and third rows of the theory above (reference.md, 2017 and 2018 国庆), and a day outside the calendar.
        (DateOnly A, DateOnly B)[] rows = [(new(2017, 9, 29), new(2017, 10, 13)), (new(2018, 9, 28), new(2018, 10, 8)), (new(2018, 12, 28), new(2019, 1, 4))];
        for (var i = 0; i < rows.Length; i++) { batch.Input<DateOnly>("a")[i] = rows[i].A; batch.Input<DateOnly>("b")[i] = rows[i].B; }

        // The compiled code alone finishes the covered rows and leaves the third to the interpreter.
        Assert.True(compiled.RunCompiledOnly(batch, 0, 3));
        Assert.Equal([RowStatus.Ok, RowStatus.Ok, RowStatus.Fallback], Enumerable.Range(0, 3).Select(batch.StatusOf));
        Assert.Equal([14, 10], batch.Output<int>("days")[..2]);
        Assert.Equal([6, 3], batch.Output<int>("working")[..2]);

        batch.ResetStatus();
        compiled.Evaluate(batch);
        Assert.Equal(RowStatus.Error, batch.StatusOf(2));
        Assert.Equal(Eval("2018-12-28", "2019-01-04").Error!.Message, batch.Errors[2]!.Message);
    }

    [Fact]
    public void Wrong_arguments_are_a_located_diagnostic()
    {
        var compilation = RuleCompilation.Compile(
            RuleCompilation.ReadDirectory(TestPaths.Package).Append(new SourceText("bad.rules", Module.Replace("days_between(a, b)", "days_between(a, 3)"))).ToList());
        var error = Assert.Single(compilation.Diagnostics, d => d.IsError);
        Assert.Equal("PR0203", error.Id);
        Assert.Equal("days_between takes (date, date); got (date, int)", error.Message);
        Assert.Equal("bad.rules", error.Span.File);
    }
}
