using System.Net;
using System.Text;
using System.Text.Json;

namespace PolicyRules.Server.Tests;

// 邯政办字〔2017〕107号 §二: 一级地段 25 元 a square metre a year. The 26 元 below is a made-up edit, to see a reload.
public sealed class WatchTests
{
    private const string Rate = "\n  from 2017-08-16 = { 1 => 25 yuan"; // grade 1 in the land_tax_rate table of hz107.rules

    [Fact]
    public async Task A_broken_edit_keeps_the_last_good_package_serving_and_shows_its_diagnostics_until_fixed()
    {
        var dir = TestPaths.CopyOfRules();
        try
        {
            using var factory = new ServerFactory(new ServeOptions(dir) { Watch = true, WatchDelay = TimeSpan.FromMilliseconds(100) });
            var client = factory.CreateClient();
            var file = Path.Combine(dir, "hz107.rules");
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains(Rate, text);
            var line = text[..text.IndexOf(Rate, StringComparison.Ordinal)].Count(c => c == '\n') + 2;

            await Save(file, text.Replace(Rate, Rate.Replace("25 yuan", "25 yuan +")));
            var status = await WaitForStatus(client, s => s.GetProperty("reload_failed").GetBoolean());
            var diagnostic = status.GetProperty("diagnostics")[0];
            Assert.EndsWith("hz107.rules", diagnostic.GetProperty("file").GetString());
            Assert.InRange(diagnostic.GetProperty("line").GetInt32(), line, line + 1);
            Assert.StartsWith("PR", diagnostic.GetProperty("id").GetString());
            Assert.Equal(1, status.GetProperty("version").GetInt32());
            Assert.Equal("25000", await AnnualTax(client));

            await Save(file, text.Replace(Rate, Rate.Replace("25 yuan", "26 yuan")));
            status = await WaitForStatus(client, s => s.GetProperty("version").GetInt32() == 2);
            Assert.False(status.GetProperty("reload_failed").GetBoolean());
            Assert.Empty(status.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal("26000", await AnnualTax(client));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Saved as editors do, whole: File.WriteAllText truncates first, and under load the watcher can load the empty
    // hz107.rules in between (a valid package), which would count as a reload the test does not make.
    private static async Task Save(string file, string text)
    {
        var temp = file + ".tmp";
        await File.WriteAllTextAsync(temp, text);
        File.Move(temp, file, overwrite: true);
    }

    private static async Task<string> AnnualTax(HttpClient client)
    {
        var response = await client.PostAsync("/api/modules/land_use_tax_parcel/evaluate?at=2017-09-01",
            new StringContent("""{"grade": 1, "area_m2": 1000}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("outputs").GetProperty("annual_tax").GetRawText();
    }

    private static async Task<JsonElement> WaitForStatus(HttpClient client, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/status"));
            var status = doc.RootElement.Clone();
            if (done(status)) return status;
            if (DateTime.UtcNow > deadline) Assert.Fail("the package was not reloaded within 20 s: " + status);
            await Task.Delay(100);
        }
    }
}
