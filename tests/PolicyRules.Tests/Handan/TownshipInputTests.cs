using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Handan;

/// <summary>
/// land_grade's township input (issue #11, item 4): trimmed, full-width made half-width, the noted variant 黄梁梦镇
/// read as 黄粱梦镇, a name one step from one §一 names refused with a did-you-mean, any other name taken as written.
/// 107号 §一.四级地段.第1段 (gazette line 713): 丛台区黄粱梦镇 is grade 4; §一.三级地段.第1段 (line 703): the rest of
/// 丛台区 outside the ring roads is grade 3. The same reading holds on every input path.
/// </summary>
public class TownshipInputTests
{
    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.Load(TestPaths.Package));

    private static KnownText Known => Package.Value.FindModule("land_grade")!.Inputs.Single(i => i.Name == "township").Known!;

    private static EvaluationResult Grade(string? township) =>
        Package.Value.Evaluate("land_grade", new DateOnly(2017, 9, 1), new Dictionary<string, object?>
        {
            ["district"] = "congtai", ["township"] = township, ["within_first_grade_roads"] = false, ["within_ring_roads"] = false,
            ["within_feixiang_town_roads"] = false, ["in_former_matou_area"] = false, ["west_of_expressway"] = false,
        });

    [Theory]
    [InlineData("黄粱梦镇", KnownTextKind.Known, "黄粱梦镇", null)]
    [InlineData("  黄粱梦镇\t", KnownTextKind.Known, "黄粱梦镇", null)]
    [InlineData("\u3000黄粱梦镇\u3000", KnownTextKind.Known, "黄粱梦镇", null)]
    [InlineData("黄梁梦镇", KnownTextKind.Variant, "黄粱梦镇", null)]
    [InlineData("黄粱梦", KnownTextKind.Close, "黄粱梦", "黄粱梦镇")]      // 镇 left off
    [InlineData("南堡镇", KnownTextKind.Close, "南堡镇", "南堡乡")]        // 镇 for 乡
    [InlineData("河沙镇", KnownTextKind.Close, "河沙镇", "河沙镇镇")]      // the town's own name is 河沙镇镇
    [InlineData("临名关镇", KnownTextKind.Close, "临名关镇", "临洺关镇")]  // one of three characters changed
    [InlineData("马庄乡", KnownTextKind.Unnamed, "马庄乡", null)]          // one of two characters changed: another place
    [InlineData("ＡＢ镇 ", KnownTextKind.Unnamed, "AB镇", null)]
    public void A_township_is_read_against_the_names_of_section_one(string text, KnownTextKind kind, string value, string? nearest)
    {
        var reading = Known.Read(text);
        Assert.Equal(kind, reading.Kind);
        Assert.Equal(value, reading.Value);
        Assert.Equal(nearest, reading.Nearest);
    }

    [Theory]
    [InlineData("黄粱梦镇", 4)]
    [InlineData("黄梁梦镇", 4)]
    [InlineData(" 黄粱梦镇 ", 4)]
    [InlineData("马庄乡", 3)]
    [InlineData(null, 3)]
    public void The_interpreter_grades_the_name_as_read(string? township, int grade)
    {
        var r = Grade(township);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(grade, r.Output("grade"));
        Assert.Equal(grade == 4, r.Output("township_named"));
    }

    [Fact]
    public void A_near_miss_is_invalid_input_naming_the_field_with_a_did_you_mean()
    {
        var r = Grade("黄粱梦");
        Assert.Equal(ErrorCodes.InvalidInput, r.Error?.Code);
        Assert.Equal("township", r.Error!.Field);
        Assert.Contains("did you mean '黄粱梦镇'?", r.Error.Message);
    }

    private static (int Exit, string Out, string Err) Cli(string stdin, params string[] args) => PolicyRules.Tests.Cli.CliRunner.Run(stdin, args);

    [Fact]
    public void Json_input_reads_the_variant()
    {
        var (exit, output, err) = Cli("""
            {"district": "congtai", "township": "黄梁梦镇", "within_first_grade_roads": false, "within_ring_roads": false,
             "within_feixiang_town_roads": false, "in_former_matou_area": false, "west_of_expressway": false}
            """, "eval", "--rules", TestPaths.Package, "--module", "land_grade", "--at", "2017-09-01", "--input", "-");
        Assert.True(exit == 0, err);
        Assert.Contains("\"grade\":4", output);
    }

    [Fact]
    public void A_csv_run_reads_variants_and_padding_and_reports_a_near_miss_as_an_error_row()
    {
        var dir = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "parcels.csv");
        const string rest = ",false,false,false,false,false";
        File.WriteAllText(input, "id,district,township,within_first_grade_roads,within_ring_roads,within_feixiang_town_roads,in_former_matou_area,west_of_expressway\n" +
            $"A,congtai,黄粱梦镇{rest}\nB,congtai,黄梁梦镇{rest}\nC,congtai,\" 黄粱梦镇 \"{rest}\nD,congtai,黄粱梦{rest}\nE,congtai,马庄乡{rest}\n");
        var output = Path.Combine(dir, "out.csv");
        var (exit, _, err) = Cli("", "run", "--rules", TestPaths.Package, "--module", "land_grade", "--input", input, "--output", output, "--at", "2017-09-01");
        Assert.True(exit == 0, err);
        var rows = File.ReadAllLines(output);
        Assert.Equal(5, rows.Length); // header + A, B, C, E
        Assert.Matches("^A,.*,true,false,true,4$", rows[1]);
        Assert.Matches("^B,.*,true,false,true,4$", rows[2]);
        Assert.Matches("^C,.*,true,false,true,4$", rows[3]);
        Assert.Matches("^E,.*,false,true,false,3$", rows[4]);
        var errors = File.ReadAllLines(Path.Combine(dir, "out.errors.csv"));
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("5,", errors[1]);
        Assert.Contains("did you mean '黄粱梦镇'?", errors[1]);
    }
}
