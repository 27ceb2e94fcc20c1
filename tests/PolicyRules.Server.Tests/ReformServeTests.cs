using System.Net;
using System.Text;
using System.Text.Json;

namespace PolicyRules.Server.Tests;

/// <summary>
/// <c>serve --reform FILE</c>: the service answers from the package with the reform applied. The bundled reform is the
/// HYPOTHETICAL draft raising every 邯政办字〔2017〕107号 §二 rate by 20 % from 2019-01-01 (一级 25 元 → 30 元 per m²).
/// </summary>
public sealed class ReformServeTests
{
    [Fact]
    public async Task The_service_answers_with_the_reforms_values_from_its_date_and_names_the_draft()
    {
        var reform = Path.Combine(TestPaths.Package, "reforms", "land-tax-2019-draft.reform");
        using var factory = new ServerFactory(new ServeOptions(TestPaths.Package) { Reform = reform });
        using var client = factory.CreateClient();

        async Task<string> Ask(string at, string lang = "en")
        {
            var response = await client.PostAsync($"/api/modules/land_use_tax_parcel/evaluate?at={at}&explain=true&lang={lang}",
                new StringContent("""{"grade": 1, "area_m2": 1000}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        // 1000 m² × 25 元 (107号 §二) before 2019-01-01; × 30 元 (25 × 1.2, the draft) from then on.
        Assert.Contains("\"annual_tax\":25000", (await Ask("2018-12-31")).Replace(" ", ""));
        var after = await Ask("2019-06-01");
        Assert.Contains("\"annual_tax\":30000", after.Replace(" ", ""));
        Assert.Contains("(draft, reform land_tax_2019_draft)", after);
        Assert.DoesNotContain("草案", after);
        // The explanation's parameter line names the draft in the request's language.
        var chinese = await Ask("2019-06-01", "zh");
        Assert.Contains("\"annual_tax\":30000", chinese.Replace(" ", ""));
        Assert.Contains("（草案，改革 land_tax_2019_draft）", chinese);
        Assert.DoesNotContain("(draft", chinese);
    }

    [Fact]
    public async Task A_scenario_under_a_reform_is_bound_against_the_reformed_package_and_may_cite_the_draft()
    {
        // As 'policyrules test' binds it (ScenarioSuite): the draft's § 一 is a citation only the reformed package knows.
        var folder = TestPaths.CopyOfRules();
        Directory.CreateDirectory(Path.Combine(folder, "reforms"));
        File.Copy(Path.Combine(TestPaths.Package, "reforms", "land-tax-2019-draft.reform"), Path.Combine(folder, "reforms", "land-tax-2019-draft.reform"));
        Directory.CreateDirectory(Path.Combine(folder, "scenarios"));
        // 一级地段 25 元 × 1.2 = 30 元 per m² from 2019-01-01 (the hypothetical draft §一); 1000 m² → 30000 元.
        File.WriteAllText(Path.Combine(folder, "scenarios", "draft.scenario"), """
            scenario "the draft's rate, citing the draft"
              module land_use_tax_parcel
              reform reforms/land-tax-2019-draft.reform
              at 2019-06-01
              cites hz107_2019_draft §一
              given
                grade = 1
                area_m2 = 1000
              expect
                rate_per_m2 = 30 元
                annual_tax = 30000 元
            """);
        try
        {
            using var factory = new ServerFactory(new ServeOptions(folder));
            Assert.Empty(factory.Package.Current.Scenarios.Cases.SelectMany(c => c.Diagnostics));
            using var client = factory.CreateClient();
            // The draft's mark in the citation follows the request's language.
            foreach (var (lang, cite) in new[]
            {
                ("en", "（假设）邯政办字〔2018〕征求意见稿 §一 (draft, reform land_tax_2019_draft)"),
                ("zh", "（假设）邯政办字〔2018〕征求意见稿 §一（草案，改革 land_tax_2019_draft）"),
            })
            {
                var module = JsonDocument.Parse(await client.GetStringAsync($"/api/modules/land_use_tax_parcel?lang={lang}")).RootElement;
                var scenario = Assert.Single(module.GetProperty("scenarios").EnumerateArray());
                Assert.Equal("the draft's rate, citing the draft", scenario.GetProperty("name").GetString());
                Assert.Equal("reforms/land-tax-2019-draft.reform", scenario.GetProperty("reform").GetString());
                Assert.False(scenario.TryGetProperty("reform_failed", out _));
                Assert.Equal(cite, Assert.Single(scenario.GetProperty("cites").EnumerateArray()).GetString());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_scenario_whose_reform_does_not_load_is_marked_and_the_status_says_why_in_the_requests_language()
    {
        var folder = TestPaths.CopyWithBrokenReform();
        try
        {
            using var factory = new ServerFactory(new ServeOptions(folder));
            using var client = factory.CreateClient();

            async Task<JsonElement> Error(string lang)
            {
                var status = JsonDocument.Parse(await client.GetStringAsync($"/api/status?lang={lang}")).RootElement;
                var failed = Assert.Single(status.GetProperty("reform_errors").EnumerateArray());
                Assert.Equal("scenarios/broken.scenario", failed.GetProperty("file").GetString());
                Assert.Equal("reforms/broken.reform", failed.GetProperty("reform").GetString());
                // The module its scenario tests, whose page marks the scenario as not run.
                Assert.Equal(["land_use_tax_parcel"], failed.GetProperty("modules").EnumerateArray().Select(m => m.GetString()));
                return Assert.Single(failed.GetProperty("errors").EnumerateArray());
            }

            var en = await Error("en");
            Assert.Equal("reforms/broken.reform", en.GetProperty("file").GetString());
            Assert.Equal(7, en.GetProperty("line").GetInt32());
            Assert.StartsWith("reforms/broken.reform(7,", en.GetProperty("text").GetString());
            var zh = await Error("zh");
            Assert.Equal(en.GetProperty("id").GetString(), zh.GetProperty("id").GetString());
            Assert.NotEqual(en.GetProperty("message").GetString(), zh.GetProperty("message").GetString());
            Assert.StartsWith("reforms/broken.reform 第7行", zh.GetProperty("text").GetString());
            Assert.DoesNotContain(folder, zh.GetProperty("text").GetString());

            var module = JsonDocument.Parse(await client.GetStringAsync("/api/modules/land_use_tax_parcel")).RootElement;
            var scenario = Assert.Single(module.GetProperty("scenarios").EnumerateArray());
            Assert.True(scenario.GetProperty("reform_failed").GetBoolean());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_scenario_naming_a_reform_file_that_is_not_there_is_reported_without_the_servers_own_path()
    {
        var folder = TestPaths.CopyOfRules();
        TestPaths.WriteScenarioUnderReform(folder, "missing.scenario", "under a reform that is not there", "reforms/missing.reform");
        try
        {
            using var factory = new ServerFactory(new ServeOptions(folder));
            using var client = factory.CreateClient();
            var status = JsonDocument.Parse(await client.GetStringAsync("/api/status?lang=en")).RootElement;
            var failed = Assert.Single(status.GetProperty("reform_errors").EnumerateArray());
            Assert.Equal("scenarios/missing.scenario", failed.GetProperty("file").GetString());
            Assert.Equal(["land_use_tax_parcel"], failed.GetProperty("modules").EnumerateArray().Select(m => m.GetString()));
            var error = Assert.Single(failed.GetProperty("errors").EnumerateArray());
            Assert.Equal($"the reform file 'reforms/missing.reform' is not in the package folder '{Path.GetFileName(folder)}'", error.GetProperty("message").GetString());
            var module = JsonDocument.Parse(await client.GetStringAsync("/api/modules/land_use_tax_parcel")).RootElement;
            Assert.True(Assert.Single(module.GetProperty("scenarios").EnumerateArray()).GetProperty("reform_failed").GetBoolean());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_status_of_a_package_whose_scenarios_reforms_all_load_lists_no_reform_errors()
    {
        using var factory = new ServerFactory();
        using var client = factory.CreateClient();
        var status = JsonDocument.Parse(await client.GetStringAsync("/api/status")).RootElement;
        Assert.Empty(status.GetProperty("reform_errors").EnumerateArray());
    }
}
