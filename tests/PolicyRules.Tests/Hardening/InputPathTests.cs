using System.Text;
using System.Xml.Linq;

namespace PolicyRules.Tests.Hardening;

/// <summary>
/// Issue #10, end to end through the CLI: nothing read wrongly, nothing lost, no crash. Figures: 邯政办字〔2017〕107号
/// §二 sets the land-use tax per m² by grade (一级 25 元, 二级 18 元, 三级 10 元, 四级 6 元, 五级 3 元).
/// </summary>
public class InputPathTests
{
    private static (int Exit, string Out, string Err) Run(string stdin, params string[] args) => PolicyRules.Tests.Cli.CliRunner.Run(stdin, args);

    private static string Package => TestPaths.Package;
    private static string TempDir() => Directory.CreateTempSubdirectory("policyrules-harden").FullName;

    private static (int Exit, string Err) RunCsv(string dir, string csv, params string[] extra)
    {
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, csv);
        var (exit, _, err) = Run("", ["run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", Path.Combine(dir, "out.csv"), .. extra]);
        return (exit, err);
    }

    // Item 1: a stray quote no longer swallows the rest of the file behind a reconciled exit 0.
    [Theory]
    [InlineData("compiled")]
    [InlineData("interpreter")]
    public void A_stray_quote_stops_the_run_and_leaves_the_old_output_alone(string engine)
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "out.csv"), "previous results\n");
        var (exit, err) = RunCsv(dir, "parcel_id,grade,area_m2\nP1,1,100\nP\"2,2,200\nP3,3,300\nP4,4,400\n", "--at", "2017-09-01", "--engine", engine);
        Assert.Equal(1, exit);
        Assert.Contains("in.csv(3,2): a quote inside an unquoted field", err);
        Assert.Contains("stopped at line 3", err);
        Assert.DoesNotContain("rows in", err);
        Assert.DoesNotContain("reconciled", err);
        Assert.Equal("previous results\n", File.ReadAllText(Path.Combine(dir, "out.csv")));
        Assert.False(File.Exists(Path.Combine(dir, "out.errors.csv")));
        Assert.Equal(["in.csv", "out.csv"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Diff_stops_on_a_stray_quote_instead_of_comparing_what_it_misread()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\nP1,1,100\n\"P2\"x,2,200\n");
        var (exit, output, err) = Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("in.csv(3,5): text after the closing quote", err);
        Assert.DoesNotContain("change", output);
    }

    // Item 14: empty lines are skipped and counted, not error rows; the counts still reconcile.
    [Fact]
    public void Empty_lines_are_skipped_and_counted_and_rows_reconcile()
    {
        var dir = TempDir();
        var (exit, err) = RunCsv(dir, "parcel_id,grade,area_m2\n\nP1,1,100\n\nP2,2,200\n\n", "--at", "2017-09-01");
        Assert.Equal(0, exit);
        Assert.Contains("rows in 2, rows out 2, error rows 0, empty lines skipped 3 (reconciled", err);
        Assert.Equal("parcel_id,grade,area_m2,rate_per_m2,annual_tax\nP1,1,100,25,2500\nP2,2,200,18,3600\n", File.ReadAllText(Path.Combine(dir, "out.csv")));
        Assert.Equal("line,code,field,message\n", File.ReadAllText(Path.Combine(dir, "out.errors.csv")));
    }

    // Item 2: a name and its label both present is refused, in CSV and in JSON.
    [Fact]
    public void An_input_given_by_name_and_by_label_is_refused()
    {
        var (exit, err) = RunCsv(TempDir(), "parcel_id,grade,地段等级,area_m2\nP1,1,2,100\n", "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("columns 'grade' and '地段等级' both give input grade", err);

        var (jsonExit, output, _) = Run("""{"grade": 1, "地段等级": 2, "area_m2": 100}""",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, jsonExit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("input 'grade' is given twice, as 'grade' and as '地段等级'", output);
    }

    // Item 14: --at and an at column; a column an output would overwrite; an empty file.
    [Fact]
    public void A_header_that_cannot_be_trusted_is_refused_before_any_row()
    {
        var dir = TempDir();
        var (exit, err) = RunCsv(dir, "parcel_id,grade,area_m2,at\nP1,1,100,2018-01-01\n", "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("it has an 'at' column and --at is given too", err);

        (exit, err) = RunCsv(dir, "parcel_id,grade,area_m2,annual_tax\nP1,1,100,7\n", "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("its column 'annual_tax' has the name of an output", err);

        (exit, err) = RunCsv(dir, "", "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("in.csv(1,1): the file is empty; expected a header row", err);
        Assert.DoesNotContain("its columns are", err);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));
    }

    // Item 15: diff refuses what run refuses, so --fail-on-change cannot pass on a sample it never read.
    [Fact]
    public void Diff_refuses_a_sample_run_would_refuse()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m3\nP1,1,100\n");
        var (exit, output, err) = Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01", "--fail-on-change");
        Assert.Equal(1, exit);
        Assert.Contains("lacks the column(s) area_m2", err);
        Assert.Equal("", output);

        (exit, _, err) = Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax", "--input", input, "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Contains("which a CSV cell cannot hold", err);
    }

    [Fact]
    public void Diff_counts_a_row_with_the_wrong_number_of_cells_as_an_error_in_both_versions()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "parcel_id,grade,area_m2\nP1,1,100\nP2,2\nP3,3,300\n");
        var (exit, output, _) = Run("", "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--at", "2017-09-01");
        Assert.Equal(0, exit);
        Assert.Contains("3 rows: 0 changed, 2 unchanged, 1 errors (0 base only, 0 new only, 1 both)", output);
    }

    // Item 3: a GBK file is refused with a hint, or read exactly with --encoding gbk; output is UTF-8.
    [Fact]
    public void A_gbk_csv_is_refused_with_a_hint_or_read_with_its_encoding()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllBytes(input, PolicyRules.Bulk.CsvInput.EncodingByName("gb18030")!.GetBytes("宗地编号,地段等级,面积（平方米）\n东关一号,1,100\n"));
        string[] args = ["run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", Path.Combine(dir, "out.csv"), "--at", "2017-09-01"];
        var (exit, _, err) = Run("", args);
        Assert.Equal(1, exit);
        Assert.Contains("in.csv(1,1): byte 0xD7 is not valid UTF-8; it looks like GB18030/GBK", err);
        Assert.False(File.Exists(Path.Combine(dir, "out.csv")));

        (exit, _, err) = Run("", [.. args, "--encoding", "gbk"]);
        Assert.Equal(0, exit);
        Assert.Equal("宗地编号,地段等级,面积（平方米）,rate_per_m2,annual_tax\n东关一号,1,100,25,2500\n",
            File.ReadAllText(Path.Combine(dir, "out.csv"), new UTF8Encoding(false, true)));

        (exit, _, err) = Run("", [.. args, "--encoding", "latin1"]);
        Assert.Equal(2, exit);
        Assert.Contains("--encoding must be utf-8, gb18030 or gbk", err);
    }

    // Item 4: a number decimal cannot hold exactly is refused, in JSON and in CSV (both engines).
    [Fact]
    public void A_number_that_would_be_rounded_is_refused()
    {
        var (exit, output, _) = Run("""{"grade": 1, "area_m2": 1.00000000000000000000000000001}""",
            "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
        Assert.Equal(1, exit);
        Assert.Contains("\"1.00000000000000000000000000001\\\" cannot be held exactly", output);
        Assert.Contains("\"field\":\"area_m2\"", output);

        foreach (var engine in new[] { "compiled", "interpreter" })
        {
            var dir = TempDir();
            var (runExit, _) = RunCsv(dir, "parcel_id,grade,area_m2\nP1,1,1.00000000000000000000000000001\nP2,1,99999999999999999999999999999999\nP3,1,1.0000000000000000000000000000\n", "--at", "2017-09-01", "--engine", engine);
            Assert.Equal(0, runExit);
            var errors = File.ReadAllLines(Path.Combine(dir, "out.errors.csv"));
            Assert.Equal(3, errors.Length);
            Assert.StartsWith("2,invalid_input,area_m2,", errors[1]);
            Assert.Contains("cannot be held exactly", errors[1]);
            Assert.StartsWith("3,invalid_input,area_m2,", errors[2]);
            Assert.Contains("cannot be held exactly", errors[2]);
            Assert.EndsWith("P3,1,1.0000000000000000000000000000,25,25", File.ReadAllText(Path.Combine(dir, "out.csv")).Trim()); // trailing zeros lose nothing
        }
    }

    // Item 6: a lone surrogate escape is invalid_input naming the field, and a batch answers every later line.
    [Fact]
    public void A_lone_surrogate_is_invalid_input_and_the_batch_goes_on()
    {
        foreach (var json in new[] { """{"grade": 1, "area_m2": "\ud800"}""", """{"grade": 1, "\ud800": 1}""" })
        {
            var (exit, output, _) = Run(json, "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-");
            Assert.Equal(1, exit);
            Assert.Contains("\"code\":\"invalid_input\"", output);
            Assert.Contains("lone UTF-16 surrogate", output);
        }

        var batch = Path.Combine(TempDir(), "q.jsonl");
        File.WriteAllLines(batch,
        [
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":1,"area_m2":"\udc00"}}""",
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"\ud800x":1}}""",
            "",
            """{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":2,"area_m2":10}}""",
        ]);
        var (batchExit, answers, _) = Run("", "eval", "--rules", Package, "--batch", batch);
        Assert.Equal(1, batchExit);
        var lines = answers.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"message\":\"line 1: input.area_m2: the text holds an escaped lone UTF-16 surrogate", lines[0]);
        Assert.Contains("\"message\":\"line 2: name 1 of input holds an escaped lone UTF-16 surrogate", lines[1]);
        Assert.Contains("\"message\":\"line 3: empty line", lines[2]);
        Assert.Equal("""{"outputs":{"rate_per_m2":18,"annual_tax":180}}""", lines[3]);
    }

    [Fact]
    public void A_json_file_that_is_not_utf8_is_refused_with_its_likely_encoding()
    {
        var input = Path.Combine(TempDir(), "q.json");
        File.WriteAllBytes(input, PolicyRules.Bulk.CsvInput.EncodingByName("gbk")!.GetBytes("{\"地段等级\": 1, \"area_m2\": 100}"));
        var (exit, output, _) = Run("", "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", input);
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("q.json(1,3): the file is not UTF-8 text", output);
        Assert.Contains("GB18030/GBK", output);
    }

    [Fact]
    public void Standard_input_that_is_not_utf8_is_refused_as_a_file_is()
    {
        var gbk = PolicyRules.Bulk.CsvInput.EncodingByName("gbk")!.GetBytes("{\"地段等级\": 1, \"area_m2\": 100}");
        var args = new[] { "eval", "--rules", Package, "--module", "land_use_tax_parcel", "--at", "2017-09-01", "--input", "-" };
        var (exit, output, _) = PolicyRules.Tests.Cli.CliRunner.RunBytes(gbk, args);
        Assert.Equal(1, exit);
        Assert.Contains("\"code\":\"invalid_input\"", output);
        Assert.Contains("<stdin>(1,3): standard input is not UTF-8 text", output);
        Assert.Contains("GB18030/GBK", output);
        Assert.Contains("save it as UTF-8", output);

        // The same question in UTF-8 (with a byte order mark, as Notepad saves it) is answered: grade 1 is 25 元/m² (107号 §二).
        var utf8 = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"地段等级\": 1, \"area_m2\": 100}")).ToArray();
        var (okExit, answer, _) = PolicyRules.Tests.Cli.CliRunner.RunBytes(utf8, args);
        Assert.Equal(0, okExit);
        Assert.Contains("\"annual_tax\":2500", answer);
    }

    [Fact]
    public void A_batch_whose_lines_all_answer_exits_0()
    {
        var batch = Path.Combine(TempDir(), "q.jsonl");
        File.WriteAllLines(batch, ["""{"module":"land_use_tax_parcel","at":"2017-09-01","input":{"grade":3,"area_m2":10}}"""]);
        var (exit, output, _) = Run("", "eval", "--rules", Package, "--batch", batch);
        Assert.Equal(0, exit);
        Assert.Equal("""{"outputs":{"rate_per_m2":10,"annual_tax":100}}""", output.Trim());
    }

    // Item 10: an empty path is a usage error, not an exception from GetFullPath.
    [Fact]
    public void An_empty_output_path_is_a_usage_error()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in.csv");
        File.WriteAllText(input, "grade,area_m2\n1,1\n");
        foreach (var args in new[]
        {
            new[] { "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", input, "--output", "", "--at", "2017-09-01" },
            // The package's scenario files are Chinese, so test answers in Chinese unless told.
            ["test", Package, "--junit", "", "--lang", "en"],
            ["doc", Package, "--output", ""],
        })
        {
            var (exit, _, err) = Run("", args);
            Assert.Equal(2, exit);
            Assert.Contains("needs a file name, got an empty one", err);
        }
    }

    // Item 5: a run that fails at the start does not truncate an existing output.
    [Fact]
    public void A_run_that_fails_at_the_start_leaves_existing_outputs_untouched()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "out.csv"), "keep me\n");
        File.WriteAllText(Path.Combine(dir, "out.errors.csv"), "keep me too\n");
        var (exit, _) = RunCsv(dir, "parcel_id,grade\nP1,1\n", "--at", "2017-09-01");
        Assert.Equal(1, exit);
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(dir, "out.csv")));
        Assert.Equal("keep me too\n", File.ReadAllText(Path.Combine(dir, "out.errors.csv")));
    }

    // Items 7 and 16: JUnit holds control characters as text, has times, and exists when the rules do not compile.
    [Fact]
    public void Junit_writes_names_with_control_characters_as_valid_xml_with_times()
    {
        var dir = TempDir();
        var package = CopyPackage(dir);
        var weird = "控制\u0001\u000B\u001B\uFFFF字符";
        File.WriteAllText(Path.Combine(package, "scenarios", "weird.scenario"), $"""
            场景 "{weird}"
              模块 land_use_tax_parcel
              日期 2017年9月1日
              依据 hz107 §二
              已知
                地段等级 = 1
                面积（平方米） = 2 平方米
              预期
                年应纳税额 = 51 元
            """);
        var junit = Path.Combine(dir, "report.xml");
        var (exit, output, _) = Run("", "test", package, "--filter", "控制*", "--junit", junit); // --filter takes a whole name; * for the rest
        Assert.Equal(1, exit); // 25 元 × 2 = 50 元 (107号 §二), so 51 fails
        Assert.Contains("通过 0 个，未通过 1 个", output); // a Chinese scenario file: the summary is in Chinese
        var xml = XDocument.Load(junit);
        var testcase = xml.Descendants("testcase").Single();
        Assert.Equal("控制\\u0001\\u000B\\u001B\\uFFFF字符", testcase.Attribute("name")!.Value);
        Assert.NotNull(testcase.Element("failure"));
        Assert.True(double.Parse(testcase.Attribute("time")!.Value, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.NotNull(xml.Root!.Attribute("time"));
    }

    [Fact]
    public void Junit_reports_a_package_that_does_not_compile()
    {
        var dir = TempDir();
        var package = CopyPackage(dir);
        File.AppendAllText(Path.Combine(package, "hz107.rules"), "\nmodule broken {\n  output x: int = 1\n}\n");
        var junit = Path.Combine(dir, "ci", "report.xml");
        var (exit, _, _) = Run("", "test", package, "--junit", junit);
        Assert.Equal(1, exit);
        var xml = XDocument.Load(junit);
        Assert.Equal("1", xml.Descendants("testsuite").Single().Attribute("errors")!.Value);
        var error = xml.Descendants("error").Single();
        // The package's scenario files are Chinese, so the report is in Chinese (ChineseReportTests: in English too).
        Assert.Contains("个错误，所以一个场景也没有运行", error.Attribute("message")!.Value);
        Assert.Contains("PR0106", error.Value);
    }

    // Item 12: the package loader reads only its own regular files; scenarios/ holds no rules.
    [Fact]
    public void Symlinks_out_of_the_package_are_refused_without_showing_their_content()
    {
        var dir = TempDir();
        var package = CopyPackage(dir);
        var secret = Path.Combine(dir, "secret.txt");
        File.WriteAllText(secret, "TOPSECRET-0042 more text");
        File.CreateSymbolicLink(Path.Combine(package, "leak.rules"), secret);
        var outside = Directory.CreateDirectory(Path.Combine(dir, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "extra.rules"), "module extra_module {\n}\n");
        Directory.CreateSymbolicLink(Path.Combine(package, "linked"), outside);
        File.Copy(Path.Combine(package, "hz107.rules"), Path.Combine(package, "inside-copy.txt"));
        File.CreateSymbolicLink(Path.Combine(package, "zz-inside.rules"), Path.Combine(package, "inside-copy.txt"));

        var (exit, output, _) = Run("", "check", package);
        Assert.Equal(1, exit);
        Assert.Contains("leak.rules(1,1): error PR0002: '" + package + "/leak.rules' is a symbolic link to a file outside the rule package folder", output);
        Assert.Contains("linked(1,1): error PR0002: '" + package + "/linked' is a symbolic link to a folder outside the rule package folder", output);
        Assert.DoesNotContain("TOPSECRET", output);
        Assert.DoesNotContain("extra_module", output);
        // The link that stays inside the package is read: hz107.rules twice gives duplicate names, not PR0002.
        Assert.DoesNotContain("zz-inside.rules(1,1): error PR0002", output);
        Assert.Contains("zz-inside.rules", output);
    }

    [Fact]
    public async Task A_named_pipe_in_the_package_is_refused_not_opened()
    {
        if (!OperatingSystem.IsLinux()) return;   // the kind of a file is told by statx, on Linux (where CI runs)
        var dir = TempDir();
        var package = CopyPackage(dir);
        MakeFifo(Path.Combine(package, "x.rules"));
        MakeFifo(Path.Combine(package, "scenarios", "y.scenario"));

        // Opening a pipe nobody writes to would block for ever: the command must answer.
        var check = Task.Run(() => Run("", "check", package));
        Assert.True(await Task.WhenAny(check, Task.Delay(TimeSpan.FromMinutes(3))) == check, "check hung on the named pipe");
        var (exit, output, _) = await check;
        Assert.Equal(1, exit);
        Assert.Contains("x.rules(1,1): error PR0002: '" + package + "/x.rules' is a named pipe (FIFO), not a regular file, and is not read", output);

        File.Delete(Path.Combine(package, "x.rules"));
        var test = Task.Run(() => Run("", "test", package));
        Assert.True(await Task.WhenAny(test, Task.Delay(TimeSpan.FromMinutes(3))) == test, "test hung on the named pipe");
        var (testExit, testOutput, _) = await test;
        Assert.Equal(1, testExit);
        Assert.Contains("y.scenario(1,1): error PR0002: '" + package + "/scenarios/y.scenario' is a named pipe (FIFO)", testOutput);
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public void Rule_files_under_scenarios_are_not_loaded()
    {
        var dir = TempDir();
        var package = CopyPackage(dir);
        File.WriteAllText(Path.Combine(package, "scenarios", "notes.rules"), "this is not a rule file ((");
        var (exit, output, _) = Run("", "check", package);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("notes.rules", output);
    }

    // Issue #12 item 6: a scenario file saved as GBK names its encoding and how to save it as UTF-8.
    [Fact]
    public void A_gbk_scenario_file_says_so_and_how_to_save_it_as_utf8()
    {
        var dir = TempDir();
        var package = CopyPackage(dir);
        var gb = PolicyRules.Bulk.CsvInput.EncodingByName("gb18030")!;
        File.WriteAllBytes(Path.Combine(package, "scenarios", "staff.scenario"), gb.GetBytes("""
            场景 "一级地段"
              模块 land_use_tax_parcel
              日期 2017年9月1日
            """));
        var (exit, output, _) = Run("", "test", package);
        Assert.Equal(1, exit);
        Assert.Contains("staff.scenario(1,1): error PR0002: the file is not UTF-8 text: byte 0xB3 at line 1 is not valid UTF-8; it looks like GB18030/GBK", output);
        Assert.Contains("save it as UTF-8", output);
        Assert.DoesNotContain("\uFFFD", output);
    }

    private static string CopyPackage(string dir)
    {
        var target = Path.Combine(dir, "pkg");
        foreach (var file in Directory.EnumerateFiles(Package, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Package, file);
            if (rel.StartsWith("bin") || rel.StartsWith("obj")) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, rel))!);
            File.Copy(file, Path.Combine(target, rel));
        }
        return target;
    }
}
