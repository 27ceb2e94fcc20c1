namespace PolicyRules.Tests.Cli;

/// <summary>
/// What a new user types wrong after the README's quick start (session 7's walk-through): each refusal names the command,
/// the argument and what is wrong with it, in the language --lang asks for, and exits 2 before anything runs.
/// </summary>
public class WrongCommandLineTests
{
    private static string Package => TestPaths.Package;
    private static string Sample => Path.Combine(TestPaths.RepoRoot, "samples", "parcels.csv");

    private static void Refused(string expected, params string[] args)
    {
        var (exit, output, error) = CliRunner.Run("", args);
        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.Equal("", output);
        Assert.Equal(expected, error.ReplaceLineEndings("\n").Split('\n')[0]);
    }

    [Theory]
    [InlineData("en", "policyrules run: rule package folder 'no/such/folder' does not exist")]
    [InlineData("zh", "policyrules run：规则包文件夹“no/such/folder”不存在")]
    public void A_missing_package_folder_is_named_with_the_command(string lang, string expected) =>
        Refused(expected, "run", "--rules", "no/such/folder", "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", Path.Combine(Path.GetTempPath(), "never.csv"), "--at", "2017-09-01", "--lang", lang);

    [Theory]
    [InlineData("sql", "en", "policyrules sql: rule package folder 'no/such/folder' does not exist")]
    [InlineData("sql", "zh", "policyrules sql：规则包文件夹“no/such/folder”不存在")]
    [InlineData("eval", "en", "policyrules eval: rule package folder 'no/such/folder' does not exist")]
    public void Every_command_that_loads_a_package_names_itself(string command, string lang, string expected)
    {
        string[] args = command == "sql"
            ? ["sql", "--rules", "no/such/folder", "--module", "m", "--dialect", "duckdb", "--table", "t", "--lang", lang]
            : ["eval", "--rules", "no/such/folder", "--module", "m", "--at", "2017-09-01", "--input", "-", "--lang", lang];
        var (exit, _, error) = CliRunner.Run("{}", args);
        Assert.Equal(2, exit);
        Assert.Equal(expected, error.TrimEnd());
    }

    [Theory]
    [InlineData("en", "'{0}' is a file, not a rule package folder")]
    [InlineData("zh", "“{0}”是文件，不是规则包文件夹")]
    public void A_file_given_as_the_package_is_called_a_file_not_missing(string lang, string problem)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, problem, Sample);
        var colon = lang == "zh" ? "：" : ": ";
        Refused($"policyrules check{colon}{text}", "check", Sample, "--lang", lang);
        Refused($"policyrules test{colon}{text}", "test", Sample, "--lang", lang);
        Refused($"policyrules run{colon}{text}", "run", "--rules", Sample, "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", Path.Combine(Path.GetTempPath(), "never.csv"), "--at", "2017-09-01", "--lang", lang);
    }

    [Theory]
    [InlineData("en", "policyrules check: '{0}' holds no module, document or calendar: name the rule package folder, the one holding its .rules files")]
    [InlineData("zh", "policyrules check：“{0}”里没有任何模块、文件或日历：请给出规则包文件夹，也就是放规则文件的文件夹")]
    public void Check_of_a_folder_without_rules_fails_instead_of_passing_with_0_modules(string lang, string expected)
    {
        var samples = Path.Combine(TestPaths.RepoRoot, "samples");
        var (exit, output, error) = CliRunner.Run("", "check", samples, "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, samples), error.TrimEnd());
    }

    [Theory]
    [InlineData("check", "en", "policyrules check: <dir> is required: the rule package folder")]
    [InlineData("check", "zh", "policyrules check：缺少 <dir>：规则包文件夹")]
    [InlineData("doc", "zh", "policyrules doc：缺少 <dir>：规则包文件夹")]
    [InlineData("test", "en", "policyrules test: <dir> is required: the rule package folder, then optionally scenario files to run instead of all of them (paths, or names under the package's scenarios/ folder)")]
    public void A_missing_package_argument_is_said_in_the_commands_language(string command, string lang, string expected)
    {
        var (exit, _, error) = CliRunner.Run("", command, "--lang", lang);
        Assert.Equal(2, exit);
        Assert.Equal(expected, error.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.DoesNotContain("Required argument", error);
    }

    [Theory]
    [InlineData("en", "policyrules run: reform file 'no-such.reform' does not exist")]
    [InlineData("zh", "policyrules run：改革文件“no-such.reform”不存在")]
    public void A_missing_reform_file_is_named_with_the_command(string lang, string expected) =>
        Refused(expected, "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", Sample,
            "--output", Path.Combine(Path.GetTempPath(), "never.csv"), "--at", "2017-09-01", "--reform", "no-such.reform", "--lang", lang);

    [Theory]
    [InlineData("en", "policyrules run: --output '{0}' names a folder (it ends with a slash); give a file name")]
    [InlineData("zh", "policyrules run：--output “{0}”是文件夹的写法（以斜杠结尾）；请给出文件名")]
    public void An_output_ending_in_a_slash_is_refused_before_the_run_and_no_folder_is_made(string lang, string expected)
    {
        // Before: the run made the folder, wrote '<folder>/.errors.csv' in it, then failed saying the folder did not exist.
        var folder = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N")) + "/";
        Refused(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, folder),
            "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", Sample, "--output", folder, "--at", "2017-09-01", "--lang", lang);
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("test", "--junit")]
    [InlineData("test", "--coverage-output")]
    [InlineData("doc", "--output")]
    public void Every_output_option_refuses_a_folder_name(string command, string option)
    {
        var folder = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N")) + "/";
        Refused($"policyrules {command}: {option} '{folder}' names a folder (it ends with a slash); give a file name", command, Package, option, folder, "--lang", "en");
        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData("en", "policyrules diff: --input takes a CSV file's path; '-' (standard input) is read by eval, explain and run only")]
    [InlineData("zh", "policyrules diff：--input 要写 CSV 文件的路径；diff 不读取标准输入（“-”）")]
    public void Diff_says_it_does_not_read_standard_input_rather_than_that_a_file_named_dash_is_missing(string lang, string expected) =>
        Refused(expected, "diff", "--base", Package, "--rules", Package, "--module", "land_use_tax_parcel", "--input", "-", "--at", "2017-09-01", "--lang", lang);

    [Theory]
    [InlineData("en", "policyrules run: --engine duckdb cannot read standard input (--input -): it reads the input file more than once (a pass that checks its lines, then DuckDB's own read); save it to a file, or use the compiled engine")]
    [InlineData("zh", "policyrules run：--engine duckdb 不能读取标准输入（--input -）：它要把输入文件读不止一遍（先检查各行，再由 DuckDB 读取）；请先存成文件，或改用编译执行引擎")]
    public void Run_on_duckdb_says_why_it_does_not_read_standard_input(string lang, string expected) =>
        Refused(expected, "run", "--rules", Package, "--module", "land_use_tax_parcel", "--input", "-", "--engine", "duckdb",
            "--output", Path.Combine(Path.GetTempPath(), "never.csv"), "--at", "2017-09-01", "--lang", lang);

    [Theory]
    [InlineData("a b;", "en", "policyrules sql: --table 'a b;' is not a table name: use letters, digits and _ (schema.table with a schema), or put the name in double quotes (\"My Table\")")]
    [InlineData("parcels; DROP TABLE parcels", "zh", "policyrules sql：--table “parcels; DROP TABLE parcels”不是表名：表名只能由字母、数字和 _ 组成（带模式时用点号隔开：模式名.表名），否则请把它放在双引号里（\"My Table\"）")]
    [InlineData("\"open", "en", "policyrules sql: --table '\"open' is not a table name: use letters, digits and _ (schema.table with a schema), or put the name in double quotes (\"My Table\")")]
    [InlineData("a.b.c.d", "en", "policyrules sql: --table 'a.b.c.d' is not a table name: use letters, digits and _ (schema.table with a schema), or put the name in double quotes (\"My Table\")")]
    public void Sql_refuses_a_table_that_is_not_a_name(string table, string lang, string expected) =>
        Refused(expected, "sql", "--rules", Package, "--module", "land_use_tax_parcel", "--dialect", "duckdb", "--table", table, "--lang", lang);

    [Theory]
    [InlineData("parcels")]
    [InlineData("public.parcels")]
    [InlineData("\"My Table\"")]
    [InlineData("db.\"my \"\"quoted\"\" schema\".parcels")]
    [InlineData("地块")]
    [InlineData("_parcels$2017")]
    public void Sql_reads_a_table_name_plain_qualified_or_quoted_as_given(string table)
    {
        var (exit, sql, error) = CliRunner.Run("", "sql", "--rules", Package, "--module", "land_use_tax_parcel", "--dialect", "postgres", "--table", table);
        Assert.True(exit == 0, error);
        Assert.Contains($"FROM {table} AS t", sql);
    }
}
