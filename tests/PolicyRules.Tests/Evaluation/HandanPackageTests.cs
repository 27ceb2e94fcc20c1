using PolicyRules.Evaluation;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// The evaluator on the Handan 2017 No. 4 package at the boundaries that the rule-language issue names.
/// Every figure comes from the gazette or reference.md, cited beside it. (The scenario files cover the rest.)
/// </summary>
public class HandanPackageTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(TestPaths.Package));

    private static EvaluationResult Eval(string module, string at, params (string Name, object? Value)[] inputs) =>
        Package.Value.Evaluate(module, DateOnly.Parse(at), inputs.ToDictionary(i => i.Name, i => i.Value));

    [Fact]
    public void The_package_checks_without_errors()
    {
        var compilation = Package.Value.Compilation;
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError);
    }

    [Theory]
    // 邯政办字〔2017〕107号 §二: 一级地段 25 元 … 五级地段 3 元 (per m² per year).
    [InlineData(1, "1000", "25000")]
    [InlineData(2, "1000", "18000")]
    [InlineData(3, "1000", "10000")]
    [InlineData(4, "1000", "6000")]
    [InlineData(5, "1000", "3000")]
    [InlineData(1, "0.5", "12.5")]
    public void Land_use_tax_by_grade(int grade, string area, string tax)
    {
        var r = Eval("land_use_tax_parcel", "2017-09-01", ("grade", grade), ("area_m2", area));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(Money.Parse(tax), r.Output("annual_tax"));
    }

    [Theory]
    // 邯政字〔2017〕25号 二(一)6 with 民法典 第1259条: 56人以上 large (≥ 56), 66人以上 super-large (≥ 66);
    // standard class size: primary 45, junior 50 (PROVISIONS.md).
    [InlineData("primary", 45, "within_standard")]
    [InlineData("primary", 46, "above_standard")]
    [InlineData("primary", 55, "above_standard")]
    [InlineData("primary", 56, "large")]
    [InlineData("primary", 65, "large")]
    [InlineData("primary", 66, "super_large")]
    [InlineData("junior", 50, "within_standard")]
    [InlineData("junior", 51, "above_standard")]
    public void Class_size_thresholds_count_yishang_inclusively(string level, int size, string category)
    {
        var r = Eval("class_size_category", "2017-09-01", ("level", level), ("class_size", size));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(category, r.Output("category"));
    }

    [Theory]
    // 邯政发〔2017〕4号 二: 不满十六周岁; reference.md: born 2001-09-01 is 15 on 2017-09-01, 16 from 2017-09-02.
    [InlineData("2017-09-01", 15, true)]
    [InlineData("2017-09-02", 16, false)]
    public void Left_behind_child_age_on_the_sixteenth_birthday(string at, int age, bool leftBehind)
    {
        var r = Eval("left_behind_child", at, ("birth_date", "2001-09-01"), ("rural_household", true),
            ("father_migrant", true), ("mother_migrant", true), ("father_can_guard", true), ("mother_can_guard", true));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(age, r.Output("age"));
        Assert.Equal(leftBehind, r.Output("is_left_behind"));
        Assert.Equal(leftBehind, r.Output("is_double_left_behind"));
    }

    [Fact]
    public void Publication_deadline_across_the_2017_national_day_holiday()
    {
        // 邯政办字〔2017〕106号 一(一): 20 working days; reference.md (国办发明电〔2016〕17号): 10-01..10-08 off, Sat 09-30 worked.
        // After 2017-09-20: 21, 22, 25–29, 30 (8 days); 10-09..13 (13); 16..20 (18); 23 (19); 24 (20).
        var r = Eval("publication_deadline", "2017-09-20", ("issued_date", "2017-09-20"));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new DateOnly(2017, 10, 24), r.Output("publish_by"));
    }

    [Fact]
    public void A_deadline_past_the_calendar_data_is_not_determinable_naming_the_year()
    {
        // reference.md: the calendar data is complete for 2017-01-01 to 2018-12-31 only.
        var r = Eval("publication_deadline", "2018-12-10", ("issued_date", "2018-12-10"));
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Contains("2019", r.Error!.Message);
    }

    [Fact]
    public void Medical_insurance_base_is_floored_at_the_city_average()
    {
        // 邯政字〔2017〕26号 三(二)1: a wage below the city average uses the average as its base;
        // 三(二)2: other employers 8 %, the employee 2 %. 50000 × 8% = 4000; 50000 × 2% = 1000.
        var r = Eval("medical_insurance_contribution", "2017-09-01", ("insured_category", "employee"), ("employer_type", "other"),
            ("annual_wage", "40000"), ("city_average_wage", "50000"));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new Money(50000m), r.Output("contribution_base"));
        Assert.Equal(new Money(4000m), r.Output("employer_contribution"));
        Assert.Equal(new Money(1000m), r.Output("employee_contribution"));
    }

    [Fact]
    public void Medical_insurance_for_flexible_workers_is_set_by_another_document()
    {
        // 邯政字〔2017〕26号 三(二)2: flexible workers' rate follows 〔2014〕91号, not in the gazette.
        var r = Eval("medical_insurance_contribution", "2017-09-01", ("insured_category", "flexible"), ("employer_type", "other"),
            ("annual_wage", "40000"), ("city_average_wage", "50000"));
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error?.Code);
        Assert.Contains("〔2014〕91号", r.Error!.Message);
    }

    [Theory]
    // 邯政字〔2017〕26号: in force from 2017-06-15 for one year (民法典 第201–202条: to 2018-06-14).
    [InlineData("2017-06-14", false)]
    [InlineData("2017-06-15", true)]
    [InlineData("2018-06-14", true)]
    [InlineData("2018-06-15", false)]
    public void Medical_insurance_period_in_force(string at, bool inForce)
    {
        var r = Eval("medical_insurance_contribution", at, ("insured_category", "employee"), ("employer_type", "other"),
            ("annual_wage", "60000"), ("city_average_wage", "50000"));
        Assert.Equal(inForce, r.Succeeded);
        if (!inForce) Assert.Equal(ErrorCodes.NotInForce, r.Error!.Code);
    }
}
