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
    public async Task A_batch_line_in_error_is_named_in_the_requests_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/batch?lang=zh")
        {
            Content = new StringContent("""{"module": "land_use_tax_parcel", "at": "2017-09-01", "input": {"grade": 7, "area_m2": 1000}}""" + "\n", Encoding.UTF8, "application/x-ndjson"),
        };
        var text = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("第1行：地段等级（grade） = 7 不满足输入条件：(grade >= 1) and (grade <= 5)", text);
    }
}
