using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Tests.Core;

namespace PolicyRules.Tests.Evaluation;

/// <summary>The interpreter on the golden good files and small inline packages.</summary>
public class EvaluatorTests
{
    private static readonly DateOnly Day = new(2017, 9, 1);

    [Fact]
    public void Money_times_area_is_exact_and_rounded_where_written()
    {
        var r = InlineModule.Golden("001-arithmetic.rules").Evaluate("tax", Day, new Dictionary<string, object?> { ["area_m2"] = 10.5m });
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(262.50m), r.Output("annual_tax"));
        Assert.Equal(new Rate(0.08m), r.Output("share"));   // 7.9% + 0.1%, exactly
        Assert.Equal(6, r.Output("doubled"));
    }

    [Theory]
    [InlineData("rural", 5, "general")]
    [InlineData("city", 3, "city")]
    [InlineData("centre", 1, "centre")]   // an exception of an exception
    public void The_most_specific_applicable_rule_wins(string zone, int grade, string rule)
    {
        var r = InlineModule.Golden("002-exceptions.rules").Evaluate("grade", Day, new Dictionary<string, object?> { ["where"] = zone }, explain: true);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(grade, r.Output("grade"));
        Assert.Equal(rule, r.Trace.Single(t => t.Name == "grade").Rule);
    }

    [Fact]
    public void Enum_inputs_accept_the_chinese_label()
    {
        var r = InlineModule.Golden("002-exceptions.rules").Evaluate("grade", Day, new Dictionary<string, object?> { ["where"] = "中心区" });
        Assert.Equal(1, r.Output("grade"));
    }

    [Fact]
    public void A_module_outside_its_documents_period_is_not_in_force()
    {
        var r = InlineModule.Golden("002-exceptions.rules").Evaluate("grade", new DateOnly(2018, 1, 1), new Dictionary<string, object?> { ["where"] = "city" });
        Assert.Equal(ErrorCodes.NotInForce, r.Error?.Code);
        Assert.Contains("测试〔2017〕2号 is in force 2017-01-01 to 2017-12-31", r.Error!.Message);
    }

    [Fact]
    public void Lists_of_records_aggregate()
    {
        var parcels = new List<object?>
        {
            new RecordValue("parcel", new Dictionary<string, object?> { ["grades"] = new List<object?> { 1, 2 }, ["area_m2"] = 100m }),
            new RecordValue("parcel", new Dictionary<string, object?> { ["grades"] = new List<object?> { 3 }, ["area_m2"] = 1000m }),
        };
        var r = InlineModule.Golden("003-lists-records.rules").Evaluate("parcels", Day, new Dictionary<string, object?> { ["items"] = parcels });
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(25m * 100 + 3m * 1000), r.Output("total"));
        Assert.Equal(1, r.Output("count_large"));
        Assert.Equal(true, r.Output("any_first"));
        Assert.Equal(1000m, r.Output("largest"));
    }

    private static Dictionary<string, object?> DateInputs(string issued, string born = "2001-09-01") => new()
    {
        ["issued"] = issued, ["born"] = born, ["reported"] = "2017-09-01T08:00",
    };

    [Fact]
    public void Twenty_working_days_across_national_day()
    {
        // reference.md, 国办发明电〔2016〕17号: 10-01..10-08 off, Saturday 09-30 a working day.
        // After Wednesday 2017-09-20: 09-21, 22, 25, 26, 27, 28, 29, 30 (8); 10-09..13 (13); 10-16..20 (18); 10-23 (19), 10-24 (20).
        var r = InlineModule.Golden("004-dates.rules").Evaluate("deadlines", new DateOnly(2017, 9, 20), DateInputs("2017-09-20"));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new DateOnly(2017, 10, 24), r.Output("publish_by"));
    }

    [Fact]
    public void A_deadline_that_needs_a_year_the_calendar_lacks_is_not_determinable()
    {
        // The golden calendar covers 2017 only; 20 working days after 2017-12-20 reach into 2018.
        var r = InlineModule.Golden("004-dates.rules").Evaluate("deadlines", new DateOnly(2017, 12, 20), DateInputs("2017-12-20"));
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Contains("2018", r.Error!.Message);
        Assert.Contains("workdays", r.Error.Message);
    }

    [Theory]
    // reference.md (法释〔2006〕1号 第二条): born 2001-09-01 is 15 on 2017-09-01 and 16 from 2017-09-02.
    [InlineData("2017-09-01", 15, true)]
    [InlineData("2017-09-02", 16, false)]
    public void Age_in_full_years_begins_the_day_after_the_birthday(string at, int age, bool minor)
    {
        var day = DateOnly.Parse(at);
        var r = InlineModule.Golden("004-dates.rules").Evaluate("deadlines", day, DateInputs("2017-03-01"));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(age, r.Output("age_now"));
        Assert.Equal(minor, r.Output("minor"));
        Assert.Equal(minor ? new DateTime(2017, 9, 3, 8, 0, 0) : null, r.Output("respond_by"));
    }

    [Fact]
    public void A_month_from_january_31_ends_on_the_last_day_of_february()
    {
        // 民法典 第202条 (reference.md): received 2017-01-31, "1个月内" → 2017-02-28.
        var r = InlineModule.Golden("004-dates.rules").Evaluate("deadlines", new DateOnly(2017, 9, 1), DateInputs("2017-01-31"));
        Assert.Equal(new DateOnly(2017, 2, 28), r.Output("month_end"));
    }

    private const string Registry = """
        document law "测试〔2017〕9号" {
          issued 2017-01-01
          § 一 "一般规定。"
          § 二 "特别规定。"
          § 三 "另行规定。"
        }
        """;

    [Fact]
    public void Two_applicable_rules_without_priority_are_a_conflict_naming_both()
    {
        var package = InlineModule.Package(Registry + "\n" + """
            module m {
              input x: int
              output y: int
                rule a when x > 0 cites law §一 = 1
                rule b when x > 5 cites law §二 = 2
            }
            """);
        Assert.Equal(1, package.Evaluate("m", Day, new Dictionary<string, object?> { ["x"] = 3 }).Output("y"));
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["x"] = 6 });
        Assert.Equal(ErrorCodes.Conflict, r.Error?.Code);
        Assert.Contains("rule 'a' (inline.rules(10,", r.Error!.Message);
        Assert.Contains("rule 'b' (inline.rules(11,", r.Error.Message);
        var none = package.Evaluate("m", Day, new Dictionary<string, object?> { ["x"] = 0 });
        Assert.Equal(ErrorCodes.NoRuleApplies, none.Error?.Code);
    }

    [Fact]
    public void Not_determinable_fires_only_on_the_branch_that_needs_it()
    {
        var package = InlineModule.Package(Registry + """
            module m {
              input flexible: bool
              def other_rate: rate cites law §三 = not_determinable "另行规定的费率" cites law §三
              output rate: rate cites law §一 = if flexible then other_rate else 8%
            }
            """);
        Assert.Equal(new Rate(0.08m), package.Evaluate("m", Day, new Dictionary<string, object?> { ["flexible"] = false }).Output("rate"));
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["flexible"] = true });
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Contains("另行规定的费率", r.Error!.Message);
        Assert.Equal("测试〔2017〕9号 §三", r.Error.Citations!.Single().ToString());
    }

    [Fact]
    public void Missing_and_malformed_inputs_are_invalid_input_naming_the_field()
    {
        var package = InlineModule.Package(Registry + """
            module m {
              input wage: money label "工资"
              input day: date
              output half: money cites law §一 = wage / 2
            }
            """);
        var missing = package.Evaluate("m", Day, new Dictionary<string, object?> { ["wage"] = "100" });
        Assert.Equal(ErrorCodes.InvalidInput, missing.Error?.Code);
        Assert.Equal("day", missing.Error!.Field);
        var malformed = package.Evaluate("m", Day, new Dictionary<string, object?> { ["工资"] = "abc", ["day"] = "2017-01-01" });
        Assert.Equal("wage", malformed.Error!.Field);
        Assert.Contains("expected an amount of money", malformed.Error.Message);
    }

    [Theory]
    [InlineData("3037000500")]
    [InlineData("-2147483649")]
    public void A_whole_number_too_large_for_int_says_so_instead_of_not_whole(string text)
    {
        var package = InlineModule.Package(Registry + """
            module m {
              input n: int
              output twice: int cites law §一 = n * 2
            }
            """);
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = text });
        Assert.Equal(ErrorCodes.InvalidInput, r.Error?.Code);
        Assert.Equal("n", r.Error!.Field);
        Assert.Equal($"n: \"{text}\" is outside the range of a whole number (-2147483648 to 2147483647)", r.Error.Message);
    }

    [Fact]
    public void Negating_the_smallest_int_is_an_overflow_error_not_a_crash()
    {
        var package = InlineModule.Package(Registry + """
            module m {
              input n: int
              output minus: int cites law §一 = -n
            }
            """);
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = int.MinValue });
        Assert.Equal(ErrorCodes.EvaluationFailed, r.Error?.Code);
        Assert.StartsWith("arithmetic overflow at inline.rules(", r.Error!.Message);
        Assert.Equal(-5, package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = 5 }).Output("minus"));
    }

    [Fact]
    public void Working_days_after_a_count_below_one_says_so_not_date_out_of_range()
    {
        var package = InlineModule.Package(Registry + """
            calendar cal {
              covers 2017-01-01 to 2017-12-31
              cites law
            }
            module m {
              input n: int
              output due: date cites law §一 = working_days_after(2017-09-01, n, cal)
            }
            """);
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = 0 });
        Assert.Equal(ErrorCodes.EvaluationFailed, r.Error?.Code);
        Assert.Matches(@"^working_days_after at inline\.rules\(\d+,\d+\): the number of working days must be at least 1, got 0$", r.Error!.Message);
        Assert.Equal(new DateOnly(2017, 9, 4), package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = 1 }).Output("due"));
    }

    [Fact]
    public void Division_by_zero_is_an_evaluation_error_not_a_crash()
    {
        var package = InlineModule.Package(Registry + """
            module m {
              input n: int
              output share: decimal cites law §一 = 10 / n
            }
            """);
        var r = package.Evaluate("m", Day, new Dictionary<string, object?> { ["n"] = 0 });
        Assert.Equal(ErrorCodes.EvaluationFailed, r.Error?.Code);
        Assert.Contains("division by zero", r.Error!.Message);
    }
}
