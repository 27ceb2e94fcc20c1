using System.Net;
using System.Text;
using System.Text.Json;

namespace PolicyRules.Server.Tests;

/// <summary>
/// The service answers errors in the request's language: <c>?lang=zh|en</c>, else Accept-Language, else the service's
/// (<c>serve --lang</c>, default English here). Keys and codes are the same in every language. Figures: 邯政办字〔2017〕107号
/// §二 has five grades (rules/handan-2017-04/registry/hz107.rules), so grade 7 fails the input's requires.
/// </summary>
public sealed class LanguageTests(ServerFactoryFixture fixture) : IClassFixture<ServerFactoryFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    private async Task<(HttpStatusCode Status, string Message)> Ask(string query, string? acceptLanguage, string path = "/api/modules/land_use_tax_parcel/evaluate")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path + "?at=2017-09-01" + query)
        {
            Content = new StringContent("""{"grade": 7, "area_m2": 1000}""", Encoding.UTF8, "application/json"),
        };
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var response = await _client.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_input", body.GetProperty("error").GetProperty("code").GetString());
        return (response.StatusCode, body.GetProperty("error").GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task Accept_Language_zh_gets_the_error_in_Chinese_and_lang_in_the_query_wins()
    {
        var english = await Ask("", null);
        Assert.Equal("grade (地段等级) = 7 does not satisfy: (grade >= 1) and (grade <= 5)", english.Message);
        var chinese = await Ask("", "zh-CN,zh;q=0.9,en;q=0.8");
        Assert.Equal(english.Status, chinese.Status);
        Assert.Equal("地段等级（grade） = 7 不满足输入条件：(grade >= 1) and (grade <= 5)", chinese.Message);
        Assert.Equal(english.Message, (await Ask("&lang=en", "zh-CN")).Message);
        Assert.Equal(chinese.Message, (await Ask("&lang=zh", null)).Message);
        Assert.Equal(english.Message, (await Ask("", "fr-FR, en;q=0.5")).Message);
    }

    [Fact]
    public async Task A_language_refused_with_q_0_is_not_chosen()
    {
        // q=0 means "not acceptable" (RFC 9110 §12.4.2): the service's own language (English here) answers.
        var english = await Ask("", null);
        Assert.Equal(english.Message, (await Ask("", "zh;q=0")).Message);
        Assert.Equal(english.Message, (await Ask("", "zh-CN;q=0, fr")).Message);
        Assert.NotEqual(english.Message, (await Ask("", "en;q=0, zh;q=0.1")).Message);
    }

    [Fact]
    public async Task A_batch_line_in_error_is_named_in_the_requests_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batch?lang=zh")
        {
            Content = new StringContent("""{"module": "land_use_tax_parcel", "at": "2017-09-01", "input": {"grade": 7, "area_m2": 1000}}""" + "\n", Encoding.UTF8, "application/x-ndjson"),
        };
        var text = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("第1行：地段等级（grade） = 7 不满足输入条件：(grade >= 1) and (grade <= 5)", text);
    }
    private async Task<string> ErrorMessage(HttpMethod method, string pathAndQuery, string body = """{"grade": 1, "area_m2": 1000}""")
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (method == HttpMethod.Post) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;
    }

    [Theory]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?lang=zh", "查询需要 at：适用法规的日期（年-月-日，例如 at=2017-09-01）")]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?lang=en", "the query needs at=yyyy-mm-dd, the date the law is applied at")]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?at=2017-13-01&lang=zh", "at 应为日期（年-月-日，例如 2017-09-01），实际为“2017-13-01”")]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?at=2017-13-01&lang=en", "at must be a date as yyyy-mm-dd, got '2017-13-01'")]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01&explain=yes&lang=zh", "explain 应为 true 或 false，实际为“yes”")]
    [InlineData("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01&explain=yes&lang=en", "explain must be true or false, got 'yes'")]
    [InlineData("/api/modules/land_use_tax_parcl/evaluate?at=2017-09-01&lang=zh", "规则包里没有模块“land_use_tax_parcl”；是不是要写“land_use_tax_parcel”？")]
    [InlineData("/api/modules/land_use_tax_parcl/evaluate?at=2017-09-01&lang=en", "no module 'land_use_tax_parcl' in this package; did you mean 'land_use_tax_parcel'?")]
    [InlineData("/api/modules/land_use_tax_parcel/scenario?lang=zh", "查询需要 at：适用法规的日期（年-月-日，例如 at=2017-09-01）")]
    public async Task Query_string_errors_answer_in_the_requests_language(string pathAndQuery, string expected) =>
        Assert.Equal(expected, await ErrorMessage(HttpMethod.Post, pathAndQuery));

    [Fact]
    public async Task The_scenario_endpoints_input_errors_are_the_evaluators_in_the_requests_language()
    {
        const string path = "/api/modules/land_use_tax_parcel/scenario?at=2017-09-01";
        var twice = """{"grade": 1, "地段等级": 2, "area_m2": 1000}""";
        Assert.Equal("grade: input 'grade' is given twice, as 'grade' and as '地段等级'; give it once",
            await ErrorMessage(HttpMethod.Post, path + "&lang=en", twice));
        var chinese = await ErrorMessage(HttpMethod.Post, path + "&lang=zh", twice);
        Assert.DoesNotContain("given", chinese);
        Assert.Contains("地段等级", chinese);
        var unknown = await ErrorMessage(HttpMethod.Post, path + "&lang=zh", """{"grad": 1, "area_m2": 1000}""");
        Assert.Equal(await ErrorMessage(HttpMethod.Post, "/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01&lang=zh", """{"grad": 1, "area_m2": 1000}"""), unknown);
        Assert.DoesNotContain("has no input", unknown);
    }

    [Fact]
    public async Task A_bad_batch_line_is_worded_as_eval_batch_words_it_in_the_requests_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batch?lang=zh")
        {
            Content = new StringContent("""{"module": 7, "at": "2017-09-01", "input": {}}""" + "\n", Encoding.UTF8, "application/x-ndjson"),
        };
        var line = JsonDocument.Parse(await (await _client.SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("第1行：缺少 \"module\"，或它不是文字", line.GetProperty("error").GetProperty("message").GetString());
    }
}
