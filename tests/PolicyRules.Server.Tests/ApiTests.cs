using System.Net;
using System.Text;
using System.Text.Json;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;
using PolicyRules.Scenarios;

namespace PolicyRules.Server.Tests;

// Figures: 邯政办字〔2017〕107号 §二 sets 一级地段 25 元 and 二级地段 18 元 a square metre a year, and is in force from
// 2017-08-16 (rules/handan-2017-04/registry/hz107.rules; ../shared/gazette/reference.md).
public sealed class ApiTests(ServerFactoryFixture fixture) : IClassFixture<ServerFactoryFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string body)
    {
        var response = await _client.PostAsync(path, Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> Get(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Modules_lists_every_module_with_its_documents_and_period()
    {
        var modules = (await Get("/api/modules")).GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(RulePackage.Load(TestPaths.Package).Model.Modules.Count, modules.Count);
        var parcel = modules.Single(m => m.GetProperty("id").GetString() == "land_use_tax_parcel");
        Assert.Equal("城镇土地使用税（单宗地）", parcel.GetProperty("label").GetString());
        Assert.Equal("邯政办字〔2017〕107号", parcel.GetProperty("documents")[0].GetProperty("number").GetString());
        Assert.Equal("2017-08-16", parcel.GetProperty("in_force").GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_module_describes_inputs_outputs_units_requires_citations_scenarios_and_a_schema()
    {
        var m = await Get("/api/modules/land_use_tax_parcel");
        var grade = m.GetProperty("inputs")[0];
        Assert.Equal(("grade", "地段等级", "int"), (grade.GetProperty("name").GetString(), grade.GetProperty("label").GetString(), grade.GetProperty("type").GetString()));
        Assert.Contains("grade <= 5", grade.GetProperty("requires").GetString());
        var tax = m.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "annual_tax");
        Assert.Equal("元", tax.GetProperty("unit").GetString());
        var cite = tax.GetProperty("citations")[0];
        Assert.Equal(("hz107", "二"), (cite.GetProperty("alias").GetString(), cite.GetProperty("section").GetString()));
        Assert.Contains("一级地段 25 元", cite.GetProperty("quote").GetString());
        Assert.Contains(m.GetProperty("scenarios").EnumerateArray(), s => s.GetProperty("name").GetString() == "一级地段 1000 平方米，年税额 25000 元");
        var schema = m.GetProperty("input_schema");
        Assert.Equal(["grade", "area_m2"], schema.GetProperty("required").EnumerateArray().Select(x => x.GetString()));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());

        var classes = await Get("/api/modules/class_size_category");
        var members = classes.GetProperty("enums").GetProperty("compulsory_level").GetProperty("members").EnumerateArray().ToList();
        Assert.Contains(members, x => x.GetProperty("label").GetString() == "小学");
        Assert.Equal("#/$defs/compulsory_level", classes.GetProperty("input_schema").GetProperty("properties").GetProperty("level").GetProperty("$ref").GetString());

        var taxpayer = await Get("/api/modules/land_use_tax");
        Assert.Equal("宗地", taxpayer.GetProperty("records").GetProperty("parcel").GetProperty("label").GetString());
    }

    [Fact]
    public async Task Evaluate_answers_as_eval_writes_it_with_the_trace_quoting_the_provision()
    {
        var (status, body) = await Post("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01&explain=true", """{"地段等级": 1, "area_m2": 1000}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(25000, body.GetProperty("outputs").GetProperty("annual_tax").GetDecimal());
        var step = body.GetProperty("trace").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "rate_per_m2");
        Assert.Contains("一级地段 25 元", step.GetProperty("citations")[0].GetProperty("quote").GetString());

        var text = await (await _client.PostAsync("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01&explain=true", Json("""{"grade": 2, "area_m2": 10.5}"""))).Content.ReadAsStringAsync();
        var direct = RulePackage.Load(TestPaths.Package).Evaluate("land_use_tax_parcel", new DateOnly(2017, 9, 1),
            new Dictionary<string, object?> { ["grade"] = 2, ["area_m2"] = 10.5m }, explain: true);
        Assert.Equal(ResultJson.Write(direct, includeTrace: true), text);
        Assert.Contains("\"annual_tax\":189", text); // 18 元 × 10.5 m²
    }

    [Theory]
    [InlineData("""{"grade": 7, "area_m2": 1000}""", "at=2017-09-01", HttpStatusCode.BadRequest, "invalid_input", "grade")]
    [InlineData("""{"grade": 1, "area_m2": "much"}""", "at=2017-09-01", HttpStatusCode.BadRequest, "invalid_input", "area_m2")]
    [InlineData("""{"grade": 1, "area": 1000}""", "at=2017-09-01", HttpStatusCode.BadRequest, "invalid_input", "area")]
    [InlineData("""{"grade": 1, "area_m2": 1000}""", "", HttpStatusCode.BadRequest, "invalid_input", "at")]
    [InlineData("""{"grade": 1, "area_m2": 1000}""", "at=2017-9-1", HttpStatusCode.BadRequest, "invalid_input", "at")]
    [InlineData("""{"grade": 1, "area_m2": 1000}""", "at=2017-09-01&explain=yes", HttpStatusCode.BadRequest, "invalid_input", "explain")]
    [InlineData("""{"grade": 1, "area_m2": 1000}""", "at=2017-08-15", (HttpStatusCode)422, "not_in_force", null)]
    public async Task Evaluate_errors_have_their_status_code_and_name_the_field(string body, string query, HttpStatusCode expected, string code, string? field)
    {
        var (status, json) = await Post("/api/modules/land_use_tax_parcel/evaluate?" + query, body);
        Assert.Equal(expected, status);
        var error = json.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(field, error.TryGetProperty("field", out var f) ? f.GetString() : null);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_a_clear_400()
    {
        var response = await _client.PostAsync("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01", new ByteArrayContent([0x7B, 0xC4, 0xE3, 0x7D]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the body is not UTF-8 text", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_read()
    {
        var body = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"grade": 1, "area_m2": 1000}""")]);
        var response = await _client.PostAsync("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"annual_tax\":25000", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"grade\": 1,", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"grade\": 1, \"area_m2\": \"\\ud800\"}", "lone UTF-16 surrogate")]
    [InlineData("{\"grade\": 1, \"grade\": 2, \"area_m2\": 5}", "not valid JSON")]
    public async Task Malformed_json_is_a_clear_400(string body, string message)
    {
        var (status, json) = await Post("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_input", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(message, json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_module_is_404_with_the_nearest_name()
    {
        var (status, json) = await Post("/api/modules/land_use_tax_parcl/evaluate?at=2017-09-01", "{}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("unknown_module", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("did you mean 'land_use_tax_parcel'", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/modules/nothing")).StatusCode);
    }

    [Fact]
    public async Task Batch_answers_ndjson_in_order_as_eval_batch_does()
    {
        var lines = string.Join("\n",
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":1,"area_m2":1000}}""",
            "",
            "not json",
            """{"module":"land_use_tax_parcel","at":"2017-08-15","input":{"grade":1,"area_m2":1000}}""",
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":2,"area_m2":10}}""") + "\n";
        var response = await _client.PostAsync("/api/batch", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/x-ndjson", response.Content.Headers.ContentType!.ToString());
        var answers = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            """{"outputs":{"rate_per_m2":25,"annual_tax":25000}}""",
            """{"error":{"code":"invalid_input","message":"line 2: empty line; expected {\"module\":…,\"at\":…,\"input\":{…}}"}}""",
            "line 3",
            """{"error":{"code":"not_in_force","message":"line 4: module 'land_use_tax_parcel' is not in force on 2017-08-15: 邯政办字〔2017〕107号 is in force from 2017-08-16","citations":["邯政办字〔2017〕107号"]}}""",
            """{"outputs":{"rate_per_m2":18,"annual_tax":180}}""",
        ], answers.Select(a => a.Contains("\"line 3: the input is not valid JSON (") ? "line 3" : a));
    }

    [Fact]
    public async Task The_documents_name_what_cites_each_section_and_the_sections_nothing_cites()
    {
        var docs = (await Get("/api/documents")).GetProperty("documents").EnumerateArray().ToList();
        var hz107 = docs.Single(d => d.GetProperty("alias").GetString() == "hz107");
        var two = hz107.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("path").GetString() == "二");
        Assert.Contains("一级地段 25 元", two.GetProperty("text").GetString());
        Assert.True(two.GetProperty("cited").GetBoolean());
        Assert.Contains(two.GetProperty("cited_by").EnumerateArray(), c =>
            c.GetProperty("module").GetString() == "land_use_tax_parcel" && c.GetProperty("definition").GetString() == "annual_tax");
        Assert.Equal("hz2014_26", hz107.GetProperty("repeals")[0].GetProperty("alias").GetString());
        var old = docs.Single(d => d.GetProperty("alias").GetString() == "hz2014_26");
        Assert.Equal("hz107", old.GetProperty("repealed_by").GetProperty("alias").GetString());
        var uncited = docs.SelectMany(d => d.GetProperty("sections").EnumerateArray()).Where(s => !s.GetProperty("cited").GetBoolean()).ToList();
        Assert.NotEmpty(uncited);
        Assert.All(uncited, s => Assert.Empty(s.GetProperty("cited_by").EnumerateArray()));
    }

    [Fact]
    public async Task The_openapi_document_has_one_path_per_endpoint()
    {
        var paths = (await Get("/openapi/v1.json")).GetProperty("paths");
        foreach (var path in new[] { "/api/modules", "/api/modules/{id}", "/api/modules/{id}/evaluate", "/api/batch", "/api/documents", "/healthz" })
            Assert.True(paths.TryGetProperty(path, out _), $"no {path} in the OpenAPI document");
        Assert.False(paths.TryGetProperty("/", out _), "the pages are not part of the API");
        var evaluate = paths.GetProperty("/api/modules/{id}/evaluate").GetProperty("post");
        Assert.Equal(["id", "at", "explain"], evaluate.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.True(evaluate.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(["200", "400", "404", "413", "422", "503"], evaluate.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.Equal("ok", (await Get("/healthz")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Copy_as_scenario_writes_a_block_that_the_scenario_runner_passes()
    {
        var package = RulePackage.Load(TestPaths.Package);
        foreach (var (query, body, expect) in new[]
        {
            ("at=2017-09-01", """{"grade": 1, "area_m2": 1000}""", "年应纳税额 = 25000 元"),
            ("at=2017-08-15", """{"grade": 1, "area_m2": 1000}""", "不在施行期"),
            ("at=2017-09-01", """{"grade": 6, "area_m2": 1000}""", "输入无效"),
            ("at=2017-09-01", """{"level": "primary", "class_size": 46}""", "班额类别 = "),
            ("at=2018-01-01", """{"parcels": [{"grades": [2, 3], "area_m2": 500}]}""", "年应纳税额 = "),
        })
        {
            var module = body.Contains("level") ? "class_size_category" : body.Contains("parcels") ? "land_use_tax" : "land_use_tax_parcel";
            var response = await _client.PostAsync($"/api/modules/{module}/scenario?{query}", Json(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.StartsWith("场景 \"", text);
            Assert.Contains(expect, text);
            // The provisions are listed with the Chinese enumeration comma (land_use_tax cites three), which the parser reads back.
            var cites = text.Split('\n').Single(l => l.StartsWith("  依据 ", StringComparison.Ordinal));
            Assert.DoesNotContain(",", cites);
            if (module == "land_use_tax") Assert.Matches(@"^  依据 hz107 §\S+(、hz107 §\S+){2}$", cites);
            var compiled = ScenarioCompilation.Compile(package.Model, [new SourceText("copied.scenario", text)]);
            Assert.Empty(compiled.Diagnostics);
            var result = new ScenarioRunner(package).Run(Assert.Single(compiled.Cases));
            Assert.True(result.Outcome == ScenarioOutcome.Passed, result.Report() + "\n" + text);
        }
        var (status, json) = await Post("/api/modules/land_use_tax_parcel/scenario?at=2017-09-01", """{"grade": "one", "area_m2": 1}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("grade", json.GetProperty("error").GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/app.js/../../../../etc/passwd")]
    [InlineData("/rules/handan-2017-04/hz107.rules")]
    [InlineData("/hz107.rules")]
    [InlineData("/PolicyRules.Server.dll")]
    public async Task No_request_reads_a_file(string path)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", text);
        Assert.DoesNotContain("module land_use_tax_parcel", text);
    }

    [Fact]
    public async Task No_request_changes_the_package()
    {
        var before = await Get("/api/status");
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.SendAsync(new HttpRequestMessage(method, "/api/modules/land_use_tax_parcel") { Content = Json("{}") })).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _client.PostAsync("/api/documents", Json("{}"))).StatusCode);
        var after = await Get("/api/status");
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        Assert.False(after.GetProperty("watching").GetBoolean());
    }

    [Fact]
    public async Task The_pages_are_served_chinese_first_and_need_nothing_from_outside()
    {
        foreach (var path in new[] { "/", "/modules/land_use_tax_parcel" })
        {
            var html = await _client.GetStringAsync(path);
            Assert.Contains("<html lang=\"zh-CN\">", html);
            Assert.DoesNotContain("http://", html);
            Assert.DoesNotContain("https://", html);
        }
        var script = await _client.GetStringAsync("/app.js");
        Assert.DoesNotContain("http://", script);
        Assert.DoesNotContain("https://", script);
        Assert.Contains("法规浏览", script);
    }
}

public sealed class ServerFactoryFixture : IDisposable
{
    public ServerFactory Factory { get; } = new();
    public void Dispose() => Factory.Dispose();
}
