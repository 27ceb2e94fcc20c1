using System.Globalization;
using System.Text.Json;
using PolicyRules.Cli.Impact;
using PolicyRules.TestSupport;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// <c>policyrules diff</c> as an impact report (issue #13 item 4), end to end in process. The change under review is a
/// copy of the bundled package with the grade-1 land-use tax rate raised from 25 to 30 元 per m² (107号 §二 sets 一级地段
/// 25 元, 二级 18 元, 三级 10 元, 四级 6 元, 五级 3 元). Expected totals are computed in the tests from the CSV itself, not
/// taken from the tool.
/// </summary>
public class DiffImpactTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run("", args);

    private static string Package => TestPaths.Package;
    private static string Sample => TestPaths.InRepo("samples", "parcels.csv");

    private static string TempDir() => Directory.CreateTempSubdirectory("policyrules-diff").FullName;

    /// <summary>A temporary copy of the bundled package with <paramref name="from"/> replaced by <paramref name="to"/> in hz107.rules.</summary>
    private static string ChangedPackage(string from, string to)
    {
        var copy = TestPaths.CopyRules(Path.Combine(TempDir(), "pkg"));
        var hz107 = Path.Combine(copy, "hz107.rules");
        var text = File.ReadAllText(hz107);
        Assert.Contains(from, text);   // the edit the test depends on still applies to the package
        File.WriteAllText(hz107, text.Replace(from, to));
        return copy;
    }

    /// <summary>The grade-1 rate 25 → 30 元 (in both land-tax modules, which each write the 107号 table).</summary>
    private static readonly Lazy<string> Grade1At30 = new(() => ChangedPackage("1 => 25 yuan", "1 => 30 yuan"));

    // 107号 §二: the rate per m² of each grade, before the change.
    private static readonly Dictionary<int, decimal> Rates = new() { [1] = 25m, [2] = 18m, [3] = 10m, [4] = 6m, [5] = 3m };

    /// <summary>The sample's parcels that the module answers, read independently: three cells, grade 1–5, area a decimal ≥ 0
    /// (the module's <c>requires</c>); the other rows are the sample's deliberate bad rows.</summary>
    private static List<(int Grade, decimal Area)> ValidParcels() =>
        File.ReadLines(Sample).Skip(1).Select(l => l.Split(','))
            .Where(c => c.Length == 3 && int.TryParse(c[1], out var g) && g is >= 1 and <= 5
                && decimal.TryParse(c[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a) && a >= 0)
            .Select(c => (int.Parse(c[1], CultureInfo.InvariantCulture), decimal.Parse(c[2], CultureInfo.InvariantCulture)))
            .ToList();

    private static string Normalize(string json, string changed) =>
        json.Replace(JsonEncodedText.Encode(changed).ToString(), "<new>").Replace(Package, "<base>").Replace(Sample, "<sample>");

    [Fact]
    public void The_report_of_a_rate_change_over_the_sample_matches_the_golden_json_and_the_hand_computed_totals()
    {
        var (exit, output, err) = Run("diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel",
            "--input", Sample, "--at", "2017-09-01", "--by", "grade", "--format", "json");
        Assert.True(exit == 0, err);

        var goldenPath = TestPaths.InRepo("tests", "PolicyRules.Tests", "Cli", "Golden", "diff-grade1-rate.json");
        var actual = Normalize(output, Grade1At30.Value);
        if (Environment.GetEnvironmentVariable("POLICYRULES_ACCEPT") == "1") File.WriteAllText(goldenPath, actual);
        Assert.Equal(File.ReadAllText(goldenPath), actual);

        // The same figures from the CSV: every valid parcel is answered by both versions; the grade-1 ones change, by
        // 5 元 per m² (30 − 25), so the delta of annual_tax is 5 × the grade-1 area.
        var parcels = ValidParcels();
        var grade1 = parcels.Where(p => p.Grade == 1).ToList();
        var totalBase = parcels.Sum(p => Rates[p.Grade] * p.Area);
        var totalNew = totalBase + 5m * grade1.Sum(p => p.Area);
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        Assert.Equal(5000, root.GetProperty("rows").GetInt32());
        Assert.Equal(grade1.Count, root.GetProperty("changed").GetInt32());
        Assert.Equal(parcels.Count - grade1.Count, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(5000 - parcels.Count, root.GetProperty("errors").GetProperty("both").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("base").GetInt32());
        Assert.Equal(0, root.GetProperty("errors").GetProperty("new").GetInt32());
        var tax = root.GetProperty("outputs").GetProperty("annual_tax");
        Assert.Equal(grade1.Count, tax.GetProperty("changed").GetInt32());
        Assert.Equal(totalBase, decimal.Parse(tax.GetProperty("total_base").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(totalNew, decimal.Parse(tax.GetProperty("total_new").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(5m * grade1.Sum(p => p.Area), decimal.Parse(tax.GetProperty("delta").GetString()!, CultureInfo.InvariantCulture));
        var rate = root.GetProperty("outputs").GetProperty("rate_per_m2");
        Assert.Equal(5m * grade1.Count, decimal.Parse(rate.GetProperty("delta").GetString()!, CultureInfo.InvariantCulture));

        // --by grade: each grade's totals at its own rate; only grade 1 moves.
        Assert.Equal("grade", root.GetProperty("by").GetString());
        var groups = root.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        foreach (var (grade, rateBase) in Rates)
        {
            var g = groups[grade.ToString(CultureInfo.InvariantCulture)];
            var area = parcels.Where(p => p.Grade == grade).Sum(p => p.Area);
            var newRate = grade == 1 ? 30m : rateBase;
            var groupTax = g.GetProperty("outputs").GetProperty("annual_tax");
            Assert.Equal(rateBase * area, decimal.Parse(groupTax.GetProperty("total_base").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(newRate * area, decimal.Parse(groupTax.GetProperty("total_new").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(grade == 1 ? parcels.Count(p => p.Grade == 1) : 0, g.GetProperty("changed").GetInt32());
        }
        // The bad grades of the sample (7, 0, x) are groups of error rows only.
        foreach (var bad in new[] { "0", "7", "x" })
            Assert.Equal(groups[bad].GetProperty("rows").GetInt32(), groups[bad].GetProperty("errors").GetProperty("both").GetInt32());
        Assert.Equal(5000, groups.Values.Sum(g => g.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public void The_text_report_gives_the_counts_the_totals_and_the_first_changed_rows()
    {
        var dir = TempDir();
        var sample = Path.Combine(dir, "sample.csv");
        File.WriteAllText(sample, "parcel_id,grade,area_m2\nP1,1,100\nP2,2,100\nP3,1,10\n");
        var (exit, output, err) = Run("diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--show", "1");
        Assert.Equal(0, exit);
        // 107号 §二 at 25 元, then 30 元: 100 m² → 2500 → 3000, 10 m² → 250 → 300; grade 2 at 18 元: 1800 both times.
        Assert.Contains("3 rows: 2 changed, 1 unchanged, 0 errors (0 base only, 0 new only, 0 both)", output);
        Assert.Contains("  annual_tax: 2 rows changed; total base 4550, new 5100, delta +550", output);
        Assert.Contains("first 1 changed rows:\n  line 2 (parcel_id=P1): rate_per_m2 25 → 30, annual_tax 2500 → 3000\n", output);
        Assert.DoesNotContain("line 4", output);
        Assert.Contains("base engine compiled", err);
    }

    [Fact]
    public void Changes_lists_every_changed_row_with_its_cells_and_each_output_before_and_after()
    {
        var dir = TempDir();
        var sample = Path.Combine(dir, "sample.csv");
        File.WriteAllText(sample, "parcel_id,grade,area_m2\nP1,1,100\nP2,2,200\n\"P,3\",9,10\nP4,1,0.5\n");
        var changes = Path.Combine(dir, "out", "changes.csv");
        var (exit, _, err) = Run("diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--changes", changes);
        Assert.Equal(0, exit);
        Assert.Contains("2 changed rows in " + changes, err);
        // 107号 §二: grade 1 at 25 元 then 30 元; P2 (grade 2) does not change; P3 (grade 9) is an error in both versions.
        Assert.Equal("""
            line,parcel_id,grade,area_m2,rate_per_m2_base,rate_per_m2_new,annual_tax_base,annual_tax_new,error_base,error_new
            2,P1,1,100,25,30,2500,3000,,
            5,P4,1,0.5,25,30,12.5,15,,

            """.Replace("\r\n", "\n"), File.ReadAllText(changes));
        Assert.Equal(["changes.csv"], Directory.GetFiles(Path.GetDirectoryName(changes)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_row_only_one_version_answers_is_an_error_on_that_side_and_is_listed_in_the_changes()
    {
        // The new version narrows the grades to 1–4: a grade-5 parcel becomes invalid input there only.
        var narrowed = ChangedPackage("requires grade >= 1 and grade <= 5", "requires grade >= 1 and grade <= 4");
        var dir = TempDir();
        var sample = Path.Combine(dir, "sample.csv");
        File.WriteAllText(sample, "parcel_id,grade,area_m2\nP1,5,100\nP2,2,100\n");
        var changes = Path.Combine(dir, "changes.csv");
        var (exit, output, _) = Run("diff", "--base", Package, "--rules", narrowed, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--changes", changes, "--format", "json");
        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, root.GetProperty("changed").GetInt32());
        Assert.Equal(1, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, root.GetProperty("errors").GetProperty("new").GetInt32());
        // Each side's total is over the rows it answers: 107号 §二 五级 3 元 × 100 + 二级 18 元 × 100 before, 1800 after.
        var tax = root.GetProperty("outputs").GetProperty("annual_tax");
        Assert.Equal("2100", tax.GetProperty("total_base").GetString());
        Assert.Equal("1800", tax.GetProperty("total_new").GetString());
        Assert.Equal("-300", tax.GetProperty("delta").GetString());
        var lines = File.ReadAllLines(changes);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("2,P1,5,100,3,,300,,,invalid_input: ", lines[1]);

        // With --fail-on-change, a row that errs fails the diff even when no value changed.
        Assert.Equal(1, Run("diff", "--base", Package, "--rules", narrowed, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--fail-on-change").Exit);
    }

    /// <summary>A blank cell of a required text input is an error on both sides, as in <c>run</c> and <c>eval</c>, not text handed to the rules.</summary>
    [Fact]
    public void A_blank_cell_of_a_required_text_input_is_an_error_on_both_sides()
    {
        var dir = TempDir();
        var input = BlankTextCells.WriteTo(dir);
        var (exit, output, err) = Run("diff", "--base", dir, "--rules", dir, "--module", "texts", "--input", input, "--at", "2017-09-01",
            "--format", "json");
        Assert.True(exit == 0, err);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, root.GetProperty("changed").GetInt32());
        Assert.Equal(1, root.GetProperty("unchanged").GetInt32());
        Assert.Equal(5, root.GetProperty("errors").GetProperty("both").GetInt32());
    }

    [Fact]
    public void Fail_on_change_exits_1_on_a_change_or_an_error_and_0_otherwise()
    {
        var dir = TempDir();
        var clean = Path.Combine(dir, "clean.csv");
        File.WriteAllText(clean, "parcel_id,grade,area_m2\nP1,1,100\nP2,2,100\n");
        var grade2Only = Path.Combine(dir, "grade2.csv");
        File.WriteAllText(grade2Only, "parcel_id,grade,area_m2\nP2,2,100\n");
        var withBadRow = Path.Combine(dir, "bad.csv");
        File.WriteAllText(withBadRow, "parcel_id,grade,area_m2\nP2,2,100\nP9,9,100\n");
        string[] Args(string rules, string input, params string[] extra) =>
            ["diff", "--base", Package, "--rules", rules, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01", .. extra];

        Assert.Equal(0, Run(Args(Package, clean, "--fail-on-change")).Exit);
        Assert.Equal(0, Run(Args(Grade1At30.Value, grade2Only, "--fail-on-change")).Exit);
        var (exit, _, err) = Run(Args(Grade1At30.Value, clean, "--fail-on-change"));
        Assert.Equal(1, exit);
        Assert.Contains("--fail-on-change: 1 rows changed, 0 rows are errors", err);
        Assert.Equal(0, Run(Args(Grade1At30.Value, clean)).Exit);
        (exit, _, err) = Run(Args(Package, withBadRow, "--fail-on-change"));
        Assert.Equal(1, exit);
        Assert.Contains("--fail-on-change: 0 rows changed, 1 rows are errors", err);
    }

    // Issue #10 item 15: diff refuses every sample run refuses, with exit 1 and no report.
    [Theory]
    [InlineData("parcel_id,grade,area_m3\nP1,1,100\n", "lacks the column(s) area_m2")]
    [InlineData("parcel_id,grade,area_m2,annual_tax\nP1,1,100,7\n", "its column 'annual_tax' has the name of an output")]
    [InlineData("parcel_id,grade,地段等级,area_m2\nP1,1,1,100\n", "columns 'grade' and '地段等级' both give input grade")]
    [InlineData("parcel_id,grade,area_m2,at\nP1,1,100,2017-09-01\n", "it has an 'at' column and --at is given too")]
    [InlineData("parcel_id,grade,area_m2\nP1,1,100\nP\"2,2,200\n", "a quote inside an unquoted field")]
    [InlineData("", "the file is empty")]
    public void Diff_refuses_what_run_refuses(string csv, string reason)
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, csv);
        var changes = Path.Combine(dir, "changes.csv");
        File.WriteAllText(changes, "previous\n");

        var run = Run("run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", Path.Combine(dir, "out.csv"), "--at", "2017-09-01");
        Assert.Equal(1, run.Exit);
        Assert.Contains(reason, run.Err);
        var (exit, output, err) = Run("diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel",
            "--input", input, "--at", "2017-09-01", "--fail-on-change", "--changes", changes, "--format", "json");
        Assert.Equal(1, exit);
        Assert.Contains(reason, err);
        Assert.Equal("", output);
        Assert.Equal("previous\n", File.ReadAllText(changes));
        Assert.Equal(["changes.csv", "in.csv"], Directory.GetFiles(dir).Select(Path.GetFileName).Where(f => f != "out.csv").Order());
    }

    [Fact]
    public void Diff_refuses_a_module_with_list_inputs_or_missing_from_a_version_and_a_bad_by_or_format()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\nP1,1,100\n");
        var (exit, _, err) = Run("diff", "--base", Package, "--rules", Package, "--module", "land_use_tax", "--input", input, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("which a CSV cell cannot hold", err);

        var renamed = ChangedPackage("module land_use_tax_parcel ", "module land_use_tax_parcel2 ");
        (exit, _, err) = Run("diff", "--base", Package, "--rules", renamed, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains($"the package '{renamed}' has no module 'land_use_tax_parcel'", err);

        (exit, _, err) = Run("diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01", "--by", "district");
        Assert.Equal(2, exit);
        Assert.Contains("--by 'district' is not a column of", err);

        (exit, _, err) = Run("diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01", "--format", "xml");
        Assert.Equal(2, exit);
        Assert.Contains("--format must be 'text' or 'json'", err);
    }

    [Fact]
    public void By_accepts_an_input_label_and_the_report_is_the_same_on_any_thread_count()
    {
        string[] args = ["diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel", "--input", Sample,
            "--at", "2017-09-01", "--by", "地段等级", "--format", "json"];
        var one = Run([.. args, "--threads", "1"]);
        var four = Run([.. args, "--threads", "4"]);
        Assert.Equal(0, one.Exit);
        Assert.Equal(one.Out, four.Out);
        Assert.Contains("\"by\": \"grade\"", one.Out);
    }

    [Fact]
    public void By_a_column_with_more_values_than_a_report_can_show_stops_the_diff_and_writes_nothing()
    {
        var dir = TempDir();
        var sample = Path.Combine(dir, "sample.csv");
        File.WriteAllLines(sample, ["parcel_id,grade,area_m2", .. Enumerable.Range(1, ImpactDiff.MaxGroups + 1).Select(k => $"P{k},2,10")]);
        var changes = Path.Combine(dir, "changes.csv");
        var (exit, output, err) = Run("diff", "--base", Package, "--rules", Grade1At30.Value, "--module", "land_use_tax_parcel",
            "--input", sample, "--at", "2017-09-01", "--by", "parcel_id", "--changes", changes);
        Assert.Equal(1, exit);
        Assert.Contains("--by parcel_id has more than 10,000 distinct values", err);
        Assert.Equal("", output);
        Assert.Equal(["sample.csv"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Exact_sums_stay_exact_past_the_precision_of_decimal()
    {
        var sum = new ExactSum();
        sum.Add(decimal.MaxValue);          // 79228162514264337593543950335
        sum.Add(0.5m);                      // decimal would round this away
        sum.Add(decimal.MaxValue);          // and overflow here
        Assert.Equal("158456325028528675187087900670.5", sum.ToString());
        var small = new ExactSum();
        small.Add(decimal.MaxValue);
        Assert.Equal("0.5", sum.Minus(small).Minus(small).ToString());
        var cents = new ExactSum();
        for (var k = 0; k < 10; k++) cents.Add(0.1m);
        Assert.Equal("1", cents.ToString());
        Assert.Equal("-1", new ExactSum().Minus(cents).ToString());
    }
}
