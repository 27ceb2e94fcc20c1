using System.Net;
using System.Text;

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

        async Task<string> Ask(string at)
        {
            var response = await client.PostAsync($"/api/modules/land_use_tax_parcel/evaluate?at={at}&explain=true",
                new StringContent("""{"grade": 1, "area_m2": 1000}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        // 1000 m² × 25 元 (107号 §二) before 2019-01-01; × 30 元 (25 × 1.2, the draft) from then on.
        Assert.Contains("\"annual_tax\":25000", (await Ask("2018-12-31")).Replace(" ", ""));
        var after = await Ask("2019-06-01");
        Assert.Contains("\"annual_tax\":30000", after.Replace(" ", ""));
        Assert.Contains("(draft, reform land_tax_2019_draft)", after);
    }
}
