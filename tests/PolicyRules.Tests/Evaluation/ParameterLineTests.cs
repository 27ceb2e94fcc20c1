using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;
using PolicyRules.Tests.Cli;

namespace PolicyRules.Tests.Evaluation;

/// <summary>
/// The parameter lines of an explanation reach ExplanationText as data (<see cref="ParameterRead"/>: the parameter, how
/// it was read, the value in force and its provision) and each language writes them from the message catalogue. The
/// package is golden/good/006-parameters.rules (its documents and figures are made up for the test, not law).
/// </summary>
public class ParameterLineTests
{
    private static readonly Lazy<RulePackage> Package = new(() =>
        RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("006-parameters.rules",
            File.ReadAllText(TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden", "good", "006-parameters.rules")))])));

    private static IReadOnlyList<ParameterRead> Reads() =>
        Package.Value.Evaluate("parameters", new DateOnly(2018, 3, 1), new Dictionary<string, object?>
        {
            ["grade"] = 1, ["where"] = "city", ["area_m2"] = 100m, ["income"] = new Money(2000m),
        }, explain: true).Trace.SelectMany(t => t.Parameters).ToList();

    [Fact]
    public void Every_shape_of_read_is_written_in_English_and_in_Chinese_from_the_catalogue()
    {
        var reads = Reads();
        Assert.Equal(
        [
            "parameter rate_by_grade by grade, value from 2018-01-01 by 测试〔2018〕1号 §一",
            "parameter zone_factor by where, value from 2017-01-01 by 测试〔2017〕6号 §二",
            "parameter surcharge, value from 2017-01-01 by 测试〔2017〕6号 §二",
            "parameter progressive (marginal scale) of income, value from 2017-01-01 by 测试〔2017〕6号 §三",
            "parameter flat_bracket (single-rate scale) of income, value from 2017-01-01 by 测试〔2017〕6号 §三",
            "parameter flat_bracket_over (single-rate scale) of income, value from 2017-01-01 by 测试〔2017〕6号 §三",
        ], reads.Select(r => r.ToString()));
        Assert.Equal(
        [
            "参数 rate_by_grade（按 grade），自 2018-01-01 起的取值，依据 测试〔2018〕1号 §一",
            "参数 zone_factor（按 where），自 2017-01-01 起的取值，依据 测试〔2017〕6号 §二",
            "参数 surcharge，自 2017-01-01 起的取值，依据 测试〔2017〕6号 §二",
            "参数 progressive（超额累进，按 income），自 2017-01-01 起的取值，依据 测试〔2017〕6号 §三",
            "参数 flat_bracket（全额累进，按 income），自 2017-01-01 起的取值，依据 测试〔2017〕6号 §三",
            "参数 flat_bracket_over（全额累进，按 income），自 2017-01-01 起的取值，依据 测试〔2017〕6号 §三",
        ], reads.Select(r => r.Text.Render(Lang.Zh)));
    }

    [Fact]
    public void The_explanation_writes_the_reads_in_its_language_and_the_JSON_trace_keeps_the_English_lines()
    {
        var result = Package.Value.Evaluate("parameters", new DateOnly(2018, 3, 1), new Dictionary<string, object?>
        {
            ["grade"] = 1, ["where"] = "city", ["area_m2"] = 100m, ["income"] = new Money(2000m),
        }, explain: true);
        Assert.Contains("\n           参数 progressive（超额累进，按 income），自 2017-01-01 起的取值，依据 测试〔2017〕6号 §三\n", ExplanationText.Write(result, "", "zh"));
        Assert.Contains("\n           parameter progressive (marginal scale) of income, value from 2017-01-01 by 测试〔2017〕6号 §三\n", ExplanationText.Write(result));
        Assert.Contains("\"parameter progressive (marginal scale) of income, value from 2017-01-01 by 测试〔2017〕6号 §三\"", ResultJson.Write(result, includeTrace: true));
    }

    /// <summary>A grade-1 parcel of 1000 m² as an input file, and the package's hypothetical draft reform
    /// (land-tax-2019-draft.reform: 107号 §二's 25 元 × 1.2 = 30 元 from 2019-01-01).</summary>
    private static (string Input, string Draft) GradeOneParcelAndDraft()
    {
        var input = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.WriteAllText(input, """{"grade": 1, "area_m2": 1000}""");
        return (input, Path.Combine(TestPaths.Package, "reforms", "land-tax-2019-draft.reform"));
    }

    [Fact]
    public void A_reforms_draft_is_named_in_Chinese_in_a_Chinese_explanation()
    {
        var (input, draft) = GradeOneParcelAndDraft();
        var (exit, output, err) = CliRunner.Run("", "explain", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01",
            "--input", input, "--reform", draft, "--lang", "zh");
        Assert.True(exit == 0, err);
        // The hypothetical draft: 107号 §二's 25 元 × 1.2 = 30 元 from 2019-01-01 (land-tax-2019-draft.reform).
        Assert.Contains("  结果 rate_per_m2 (每平方米年税额) = 30 元\n           参数 land_tax_rate（按 grade），自 2019-01-01 起的取值，依据 （假设）邯政办字〔2018〕征求意见稿 §一（草案，改革 land_tax_2019_draft）\n", output);
    }

    [Fact]
    public void Eval_json_writes_the_parameter_lines_and_the_drafts_mark_in_the_requests_language()
    {
        var (input, draft) = GradeOneParcelAndDraft();
        string Eval(string lang)
        {
            var (exit, output, err) = CliRunner.Run("", "eval", "--rules", TestPaths.Package, "--module", "land_use_tax_parcel", "--at", "2019-06-01",
                "--input", input, "--reform", draft, "--explain", "--lang", lang);
            Assert.True(exit == 0, err);
            return output;
        }
        // The hypothetical draft: 107号 §二's 25 元 × 1.2 = 30 元 from 2019-01-01 (land-tax-2019-draft.reform).
        Assert.Contains("\"参数 land_tax_rate（按 grade），自 2019-01-01 起的取值，依据 （假设）邯政办字〔2018〕征求意见稿 §一（草案，改革 land_tax_2019_draft）\"", Eval("zh"));
        Assert.Contains("\"parameter land_tax_rate by grade, value from 2019-01-01 by （假设）邯政办字〔2018〕征求意见稿 §一 (draft, reform land_tax_2019_draft)\"", Eval("en"));
    }

    [Fact]
    public void A_draft_in_the_legend_is_marked_in_the_explanations_language()
    {
        // The hypothetical draft of land-tax-2019-draft.reform (its § 一 sets the 30 元 first-grade rate); no rule cites a
        // draft today, so the legend's line is shown through a result whose step and error cite it.
        var reformed = RulePackage.Load(TestPaths.Package).WithReform(Path.Combine(TestPaths.Package, "reforms", "land-tax-2019-draft.reform"));
        var draft = reformed.Model.Documents.Single(d => d.DraftOf is not null);
        var citation = new global::PolicyRules.Language.Model.CitationModel(draft, "一");
        var module = reformed.FindModule("land_use_tax_parcel")!;
        var result = new EvaluationResult
        {
            Module = module, At = new DateOnly(2019, 6, 1),
            Trace = [new TraceStep("rate_per_m2", null, TraceKind.Output, new Money(30m), null, [citation], null, global::PolicyRules.Language.Diagnostics.TextSpan.None("land_use_tax.rules"))],
            Error = new EvaluationError(ErrorCodes.NotDeterminable, "x", null, [citation]),
        };
        Assert.Contains("  [1] （假设）邯政办字〔2018〕征求意见稿 §一（草案，改革 land_tax_2019_draft）: “（假设）自2019年1月1日起", ExplanationText.Write(result, "", "zh"));
        Assert.Contains("  [1] （假设）邯政办字〔2018〕征求意见稿 §一 (draft, reform land_tax_2019_draft): “（假设）自2019年1月1日起", ExplanationText.Write(result, "", "en"));
        Assert.DoesNotContain("(draft", ExplanationText.Write(result, "", "zh"));
    }
}
