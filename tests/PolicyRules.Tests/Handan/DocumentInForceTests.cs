using PolicyRules.Evaluation;

namespace PolicyRules.Tests.Handan;

/// <summary>
/// <c>document_in_force</c> cites the sentence that fixes the period of the document asked about (issue #11, item 2),
/// and answers not_determinable where the gazette does not settle the period (item 1).
/// </summary>
public class DocumentInForceTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(TestPaths.Package));

    private static EvaluationResult Eval(string document, string at) =>
        Package.Value.Evaluate("document_in_force", DateOnly.Parse(at), new Dictionary<string, object?> { ["document"] = document }, explain: true);

    [Theory]
    // 26号 §有效期 (gazette line 317): “本方案有效期一年，自公布之日起施行”.
    [InlineData("邯政字〔2017〕26号", "2017-09-01", "邯政字〔2017〕26号 §有效期")]
    // 99号 第二十七条 (line 569): “本办法自2017年8月4日起施行，有效期5年”.
    [InlineData("邯政办字〔2017〕99号", "2017-09-01", "邯政办字〔2017〕99号 §第二十七条")]
    // 116号 (line 1013): “本意见自2017年1月1日起执行，政策实施期限截至2020年底”.
    [InlineData("邯政办字〔2017〕116号", "2017-09-01", "邯政办字〔2017〕116号 §施行")]
    // 107号 §三 (lines 735–737): its start, by 冀财税〔2017〕11号, and the repeal of 〔2014〕26号.
    [InlineData("邯政办字〔2017〕107号", "2017-09-01", "邯政办字〔2017〕107号 §三")]
    [InlineData("〔2014〕26号", "2017-09-01", "邯政办字〔2017〕107号 §三")]
    // No stated start: the issue date (lines 37, 145, 341, 575, 747).
    [InlineData("邯政字〔2017〕24号", "2017-09-01", "邯政字〔2017〕24号 §成文日期")]
    [InlineData("邯政字〔2017〕25号", "2017-09-01", "邯政字〔2017〕25号 §成文日期")]
    [InlineData("邯政发〔2017〕4号", "2017-09-01", "邯政发〔2017〕4号 §成文日期")]
    [InlineData("邯政办字〔2017〕106号", "2017-09-01", "邯政办字〔2017〕106号 §成文日期")]
    [InlineData("邯政办字〔2017〕111号", "2017-09-01", "邯政办字〔2017〕111号 §成文日期")]
    public void The_answer_cites_the_sentence_that_fixes_that_documents_period(string document, string at, string citation)
    {
        var r = Eval(document, at);
        Assert.True(r.Succeeded, r.Error?.Message);
        var step = r.Trace.Single(s => s.Name == "in_force");
        var cited = step.Citations.Select(c => c.ToString()).ToList();
        Assert.Contains(citation, cited);
        Assert.DoesNotContain(cited, c => c.StartsWith("邯政办字〔2017〕99号", StringComparison.Ordinal) && !document.Contains("99号", StringComparison.Ordinal));
    }

    [Theory]
    // 107号 §三: the gazette gives 〔2014〕26号 no start, only its repeal from 107号's start (2017-08-16).
    [InlineData("〔2014〕26号", "2017-08-15", "〔2014〕26号")]
    [InlineData("〔2014〕26号", "2014-01-01", "〔2014〕26号")]
    // 冀财税〔2017〕11号: neither its text nor its dates are in the gazette.
    [InlineData("冀财税〔2017〕11号", "2017-08-16", "冀财税〔2017〕11号")]
    [InlineData("冀财税〔2017〕11号", "2018-01-01", "冀财税〔2017〕11号")]
    public void A_period_the_gazette_does_not_settle_is_not_determinable_naming_the_document(string document, string at, string named)
    {
        var r = Eval(document, at);
        Assert.False(r.Succeeded);
        Assert.Equal(ErrorCodes.NotDeterminable, r.Error!.Code);
        Assert.Contains(named, r.Error.Message);
        Assert.Contains(r.Error.Citations!, c => c.ToString() == "邯政办字〔2017〕107号 §三");
    }
}
