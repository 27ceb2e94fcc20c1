using PolicyRules.Evaluation;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// The explanation layout (<see cref="ExplanationText"/>) on the Handan package: each value once, how it came about (the
/// formula with the values put in, or the rule or branch taken with its condition), and a numbered legend quoting each
/// provision once. Every figure comes from the gazette, cited beside it.
/// </summary>
public class ExplanationTextTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(TestPaths.Package));

    private static EvaluationResult Explain(string module, params (string Name, object? Value)[] inputs) =>
        Package.Value.Evaluate(module, new DateOnly(2017, 9, 1), inputs.ToDictionary(i => i.Name, i => i.Value), explain: true);

    private static string Text(EvaluationResult r, string language = "en") => ExplanationText.Write(r, language: language).Replace("\r\n", "\n");

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    [Fact]
    public void Not_eligible_shows_the_rule_taken_not_the_80_percent_note()
    {
        // 邯政办字〔2017〕116号 二(二): the allowance is 80 % of the county minimum wage, but not once the employment has ended
        // (“发放期限最长不超过职工与企业解除或终止劳动关系之日”): employment ended → not eligible → 0 元.
        var r = Explain("living_allowance", ("county_min_wage_monthly", new Money(1590m)), ("enterprise_recognized_difficult", true),
            ("employment_terminated", true), ("receives_specific_policy_subsidy", false));
        Assert.True(r.Succeeded, r.Error?.Message);
        var text = Text(r);
        Assert.Contains(
            "  result eligible (可发放基本生活费) = false\n" +
            "           rule excluded (exception of recognized): condition 已解除或终止劳动关系 or 享受特定政策补助（“4050”人员社保补助） holds (true or false)\n" +
            "           value: false   [1]\n", text);
        Assert.Contains(
            "  result monthly_allowance (每月基本生活费) = 0 元\n" +
            "           rule not_eligible: condition not 可发放基本生活费 holds (not false)\n" +
            "           value: 0 元   [1]\n", text);
        Assert.DoesNotContain(text.Split('\n'), line => line.TrimStart().StartsWith("note:", StringComparison.Ordinal) && line.Contains("80%"));
        Assert.DoesNotContain("rule standard", text);
    }

    [Fact]
    public void Eligible_shows_the_80_percent_formula_with_its_values()
    {
        // 邯政办字〔2017〕116号 二(二): 基本生活费标准按…最低工资的80%计算; 1590 元 × 80 % = 1272 元.
        var r = Explain("living_allowance", ("county_min_wage_monthly", new Money(1590m)), ("enterprise_recognized_difficult", true),
            ("employment_terminated", false), ("receives_specific_policy_subsidy", false));
        Assert.Contains(
            "  result monthly_allowance (每月基本生活费) = 1272 元\n" +
            "           rule standard: condition 可发放基本生活费 holds (true)\n" +
            "           formula: 企业所在地县（市、区）最低工资（月） × 80% = 1590 元 × 80%   [1]\n" +
            "           note: “基本生活费标准按企业所在地县（市、区）最低工资的80%计算”.\n", Text(r));
    }

    [Fact]
    public void A_formula_step_shows_its_formula_and_a_parameter_read_its_value_in_force()
    {
        // 邯政办字〔2017〕107号 §二: 一级地段 25 元 per m² per year (the parameter land_tax_rate, from 2017-08-16); 25 元 × 1000 m² = 25000 元.
        var text = Text(Explain("land_use_tax_parcel", ("grade", 1), ("area_m2", 1000m)));
        Assert.Contains(
            "  result rate_per_m2 (每平方米年税额) = 25 元\n" +
            "           parameter land_tax_rate by grade, value from 2017-08-16 by 邯政办字〔2017〕107号 §二\n" +
            "           formula: 城镇土地使用税每平方米年税额(地段等级) = 城镇土地使用税每平方米年税额(1)   [1]\n" +
            "  result annual_tax (年应纳税额) = 25000 元\n" +
            "           formula: 每平方米年税额 × 面积（平方米） = 25 元 × 1000   [1]\n", text);
    }

    [Fact]
    public void A_provision_quoted_by_two_steps_is_in_the_legend_once()
    {
        // Both outputs of land_use_tax_parcel cite 邯政办字〔2017〕107号 §二 (二级地段 18 元).
        var text = Text(Explain("land_use_tax_parcel", ("grade", 2), ("area_m2", 10m)));
        Assert.Equal(2, Count(text, "   [1]\n"));
        Assert.Equal(1, Count(text, "税额标准。调整后邯郸市城区城镇土地使用税的地段等级和每平方米年税额标准为"));
        Assert.EndsWith("  sources\n  [1] 邯政办字〔2017〕107号 §二: “税额标准。调整后邯郸市城区城镇土地使用税的地段等级和每平方米年税额标准为：" +
                        "一级地段 25 元，二级地段 18 元，三级地段 10 元，四级地段 6 元，五级地段 3 元。”\n", text);
        Assert.DoesNotContain("[2]", text);
    }

    [Fact]
    public void Nested_branches_show_every_condition_that_chose_the_value()
    {
        // 邯政字〔2017〕26号 三(二)2: 党政机关和全额拨款事业单位缴费比例为7.9%.
        var text = Text(Explain("medical_insurance_contribution", ("insured_category", "employee"), ("employer_type", "government_agency"),
            ("annual_wage", new Money(50000m)), ("city_average_wage", new Money(60000m))));
        Assert.Contains(
            "  result employer_rate (用人单位缴费比例) = 7.9%\n" +
            "           branch: condition 参保人员类别 = employee holds (employee = employee); " +
            "condition 用人单位类型 in [government_agency, full_funded_institution] holds (government_agency in [government_agency, full_funded_institution])\n" +
            "           value: 7.9%   [2]\n", text);
    }

    [Fact]
    public void An_error_refers_to_the_legend_too()
    {
        // 邯政字〔2017〕26号 三(二)2: the flexible workers' rate is set by 〔2014〕91号, which the gazette does not carry.
        var text = Text(Explain("medical_insurance_contribution", ("insured_category", "flexible"), ("employer_type", "other"),
            ("annual_wage", new Money(50000m)), ("city_average_wage", new Money(60000m))));
        Assert.Matches(@"\n  error  not_determinable: [^\n]*〔2014〕91号[^\n]*   \[2\]\n  sources\n", text);
        Assert.Equal(1, Count(text, "] 邯政字〔2017〕26号 §三(二)2: “"));
    }

    [Fact]
    public void Every_fixed_word_has_its_Chinese()
    {
        // 邯政办字〔2017〕107号 §二: 一级地段 25 元 × 1000 m² = 25000 元.
        var r = Explain("land_use_tax_parcel", ("grade", 1), ("area_m2", 1000m));
        var text = Text(r, "zh");
        Assert.StartsWith("land_use_tax_parcel 城镇土地使用税（单宗地） 日期 2017-09-01\n  已知 grade (地段等级) = 1\n", text);
        Assert.Contains(
            "  结果 rate_per_m2 (每平方米年税额) = 25 元\n" +
            "           参数 land_tax_rate（按 grade），自 2017-08-16 起的取值，依据 邯政办字〔2017〕107号 §二\n" +
            "           公式: 城镇土地使用税每平方米年税额(地段等级) = 城镇土地使用税每平方米年税额(1)   [1]\n" +
            "  结果 annual_tax (年应纳税额) = 25000 元\n" +
            "           公式: 每平方米年税额 × 面积（平方米） = 25 元 × 1000   [1]\n", text);
        Assert.Contains("\n  依据\n  [1] 邯政办字〔2017〕107号 §二: “", text);
        Assert.Contains("  分支: 条件 参保人员类别 = employee 成立 (employee = employee)\n",
            Text(Explain("medical_insurance_contribution", ("insured_category", "employee"), ("employer_type", "other"),
                ("annual_wage", new Money(50000m)), ("city_average_wage", new Money(60000m))), "zh"));
        // The rule's own note is the author's (English here); every word of the layout itself, the parameter line's too, is Chinese.
        var layout = string.Join("\n", text.Split('\n').Where(line => !line.TrimStart().StartsWith("说明:", StringComparison.Ordinal)));
        foreach (var english in new[] { "given", "result", "then", "branch", "condition", "holds", "formula", "value", "note", "sources", " at ", "parameter", " by ", "from" })
            Assert.DoesNotContain(english, layout);
        Assert.Equal(Text(r), Text(r, "en-GB"));
    }
}
