using System.Net;
using System.Text;
using System.Text.Json;

namespace PolicyRules.Server.Tests;

// The timeout test needs the thread pool free to fire its 1 ms timer; run alone, after the parallel tests.
[CollectionDefinition("Limits", DisableParallelization = true)]
public sealed class LimitsCollection;

[Collection("Limits")]
public sealed class LimitTests
{
    private static async Task<(HttpStatusCode, JsonElement)> Post(HttpClient client, string path, string body, string type = "application/json")
    {
        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, type));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Bodies_and_batches_over_their_limits_are_413_and_say_the_limit()
    {
        using var factory = new ServerFactory(new ServeOptions(TestPaths.Package) { MaxBodyBytes = 1024, MaxBatchBytes = 4096, MaxBatchLines = 3 });
        var client = factory.CreateClient();
        var big = "{\"grade\": 1, \"area_m2\": 1000, \"pad\": \"" + new string('x', 2000) + "\"}";
        var (status, json) = await Post(client, "/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("the request body is larger than 1 KiB", json.GetProperty("error").GetProperty("message").GetString());

        var line = """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":1,"area_m2":1000}}""";
        (status, json) = await Post(client, "/api/batch", string.Join("\n", Enumerable.Repeat(line, 4)), "application/x-ndjson");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("the batch has 4 lines; at most 3", json.GetProperty("error").GetProperty("message").GetString());

        (status, json) = await Post(client, "/api/batch", string.Join("\n", Enumerable.Repeat(line, 60)), "application/x-ndjson");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("the batch is larger than 4 KiB", json.GetProperty("error").GetProperty("message").GetString());

        var ok = await client.PostAsync("/api/batch", new StringContent(string.Join("\n", Enumerable.Repeat(line, 3)), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_evaluation_over_the_timeout_is_503_timeout()
    {
        using var factory = new ServerFactory(new ServeOptions(TestPaths.Package) { EvaluationTimeout = TimeSpan.FromMilliseconds(1), MaxBodyBytes = 64 * 1024 * 1024 });
        var client = factory.CreateClient();
        // 500,000 parcels with the explanation: far more than a millisecond of work. (With 50,000 and the faster
        // interpreter, the evaluation could finish before a late-running timer fired while other tests filled the pool.)
        var parcels = string.Join(",", Enumerable.Repeat("""{"grades":[2,3],"area_m2":500}""", 500_000));
        var (status, json) = await Post(client, "/api/modules/land_use_tax/evaluate?at=2018-01-01&explain=true", $$"""{"parcels":[{{parcels}}]}""");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("timeout", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("did not finish within 0.001 s", json.GetProperty("error").GetProperty("message").GetString());
    }
}
