using DuckDB.NET.Data;
using PolicyRules.Language.Messages;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary><c>policyrules sql</c>: the statement, the refusals, the calendar table.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlCommandTests(PostgresCluster postgres)
{
    [Fact]
    public void The_statement_names_each_output_with_its_citation_and_reads_the_table()
    {
        var (exit, sql, error) = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel",
            "--dialect", "postgres", "--table", "parcels", "--at", "2017-09-01");
        Assert.True(exit == 0, error);
        Assert.Contains("-- output annual_tax 年应纳税额: 邯政办字〔2017〕107号 §二", sql, StringComparison.Ordinal);
        Assert.Contains("FROM parcels AS t", sql, StringComparison.Ordinal);
        Assert.Contains("AS error_code", sql, StringComparison.Ordinal);
        Assert.Contains("AS error_message", sql, StringComparison.Ordinal);
        Assert.EndsWith(";", sql.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Each fenced stage costs PostgreSQL a projection of every column per row, so a value read once is written into its
    /// reader and a constant check is left out: the land-tax statement has four stages (the inputs, the rate, the rate's
    /// error and the tax, the row's error), not one per expression, and no fit check for the rate, whose every value is
    /// a constant of the table (邯政办字〔2017〕107号 §二: 25, 18, 10, 6 and 3 元, whole numbers).
    /// </summary>
    [Fact]
    public void The_land_tax_statement_has_a_stage_per_dependency_level_not_per_expression()
    {
        var sql = SqlEmitter.Module(TestPackage.Package, TestPackage.Package.FindModule("land_use_tax_parcel")!,
            new SqlStatementOptions(SqlDialect.Postgres, "parcels", new DateOnly(2017, 9, 1)));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(sql, "OFFSET 0").Count);
        Assert.DoesNotContain("the value of ''rate_per_m2''", sql, StringComparison.Ordinal);
        Assert.Contains("the value of ''annual_tax''", sql, StringComparison.Ordinal);
        // The row's error is one column, read by the result columns, not an expression copied into each of them.
        Assert.Contains(" AS e\n", sql, StringComparison.Ordinal);
        Assert.Contains("CASE WHEN e IS NULL THEN", sql, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>sql --types</c> writes the composite type that land_use_tax's statement reads (a list of parcel records); run on
    /// a real PostgreSQL server, then a table of that type, then the module's statement as <c>sql</c> writes it: a parcel
    /// in grades 3 and 2 of 1000 m² pays grade 2's 18 元 per m² (邯政办字〔2017〕107号 §二 and §一.重叠区域), 18000 元.
    /// DuckDB, and a module without records, get a comment saying there is nothing to create; an unknown module fails.
    /// </summary>
    [Fact]
    public void The_types_option_writes_the_composite_types_the_statement_needs()
    {
        var (exit, types, error) = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax", "--types", "--dialect", "postgres");
        Assert.True(exit == 0, error);
        Assert.Equal("CREATE TYPE policyrules_parcel AS (grades INTEGER[], area_m2 NUMERIC(38,10));\n", types);
        var (statementExit, statement, statementError) = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax",
            "--dialect", "postgres", "--table", "t", "--at", "2017-09-01");
        Assert.True(statementExit == 0, statementError);
        using var pg = postgres.Open();
        Engines.Execute(pg, "DROP TABLE IF EXISTS t; DROP TYPE IF EXISTS policyrules_parcel");
        Engines.Execute(pg, types);
        Engines.Execute(pg, "CREATE TABLE t (parcels policyrules_parcel[]); INSERT INTO t VALUES (ARRAY[ROW(ARRAY[3, 2], 1000)::policyrules_parcel])");
        using (var cmd = pg.CreateCommand())
        {
            cmd.CommandText = statement;
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal("18000", Reference.Canonical(r["annual_tax"]));
            Assert.True(r.IsDBNull(r.GetOrdinal("error_code")));
        }
        Assert.Equal("-- module land_use_tax: DuckDB needs no type created (a record is a STRUCT column)\n",
            CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax", "--types", "--dialect", "duckdb").Output);
        Assert.Equal("-- module land_use_tax_parcel reads no record: no type to create\n",
            CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--types", "--dialect", "postgres").Output);
        Assert.Equal(1, CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "no_such_module", "--types", "--dialect", "postgres").Exit);
        // The comments in Chinese with --lang zh; the types themselves are the same.
        var duckZh = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax", "--types", "--dialect", "duckdb", "--lang", "zh").Output;
        Assert.Equal("-- 模块 land_use_tax：DuckDB 无需创建类型（记录是结构体列）\n", duckZh);
        Assert.Equal("-- 模块 land_use_tax_parcel 不读取记录：无需创建类型\n",
            CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--types", "--dialect", "postgres", "--lang", "zh").Output);
        Assert.Equal(types, CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax", "--types", "--dialect", "postgres", "--lang", "zh").Output);
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("postgres")]
    public void No_emitted_statement_uses_floating_point_or_decimal_division(string dialect)
    {
        foreach (var module in TestPackage.Package.Model.Modules.Where(m => SqlEmitter.WhyNot(TestPackage.Package, m) is null))
        {
            var sql = SqlEmitter.Module(TestPackage.Package, module, new SqlStatementOptions(SqlDialects.Parse(dialect), "t", null));
            // Comments and quoted messages may say anything; the code may not.
            var code = System.Text.RegularExpressions.Regex.Replace(sql, "--[^\n]*|'([^']|'')*'", "");
            // Division is integer division only: DuckDB's `//` on HUGEINT, PostgreSQL's div() and mod().
            var found = System.Text.RegularExpressions.Regex.Match(code, "\\b(DOUBLE|FLOAT[0-9]*|REAL)\\b|(?<!/)/(?!/)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            Assert.False(found.Success, $"{module.Name} ({dialect}) uses {found.Value}");
        }
    }

    /// <summary>Made-up modules (no legal figures) with inputs SQL does not hold: a list of lists, a record with a text field.</summary>
    private const string Unexpressed = """
        document t "测试〔2017〕1号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
        }

        record named {
          name: string
          size: int
        }

        module nested {
          in_force always
          input rows: list<list<int>>
          output n: int cites t §一 = count(rows)
        }

        module texts {
          in_force always
          input items: list<named>
          output n: int cites t §一 = count(items)
        }
        """;

    [Theory]
    [InlineData("nested", "input 'rows' is a list<list<int>>: SQL holds a list of numbers, dates, booleans or texts")]
    [InlineData("texts", "input 'items' is a list<named>: SQL holds")]
    public void A_module_sql_cannot_express_is_refused_with_the_reason(string module, string reason)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("unexpressed.rules"), Unexpressed);
        foreach (var dialect in new[] { "duckdb", "postgres" })
        {
            var (exit, sql, error) = CliRunner.Run("sql", "--rules", dir.Path, "--module", module, "--dialect", dialect, "--table", "t");
            Assert.Equal(1, exit);
            Assert.Equal("", sql);
            Assert.Contains($"sql: module '{module}' cannot be written as SQL: {reason}", error, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// <c>--lang zh</c> gives the refusal in Chinese, the reason included (<c>--lang en</c> the words above); the type and the
    /// place in the source are as written.
    /// </summary>
    [Fact]
    public void A_refusal_is_written_in_the_language_lang_names()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("unexpressed.rules"), Unexpressed);
        var (exit, sql, error) = CliRunner.Run("sql", "--rules", dir.Path, "--module", "nested", "--dialect", "duckdb", "--table", "t", "--lang", "zh");
        Assert.Equal(1, exit);
        Assert.Equal("", sql);
        Assert.Matches("^sql：模块 nested 无法写成 SQL：输入 rows 是 list<list<int>>：SQL 能保存数字、日期、布尔值或文字的列表，[^a-z]*（位于 [^（]*unexpressed\\.rules\\([0-9,]+\\)）\n$", error);
        var english = CliRunner.Run("sql", "--rules", dir.Path, "--module", "nested", "--dialect", "duckdb", "--table", "t", "--lang", "en").Error;
        Assert.Matches("^sql: module 'nested' cannot be written as SQL: input 'rows' is a list<list<int>>: SQL holds .* \\(at [^(]*unexpressed\\.rules\\([0-9,]+\\)\\)\n$", english);
        // --types refuses it in the same words.
        Assert.Equal(error, CliRunner.Run("sql", "--rules", dir.Path, "--module", "nested", "--types", "--dialect", "duckdb", "--lang", "zh").Error);
    }

    /// <summary>
    /// A module rounded to 12 places (made up; SQL rounds to at most 10) is refused by <c>sql</c> and by
    /// <c>run --engine duckdb</c> in the same words, in the language <c>--lang</c> names.
    /// </summary>
    [Theory]
    [InlineData("en", "module 'fine' cannot be written as SQL: rounding is expressed in SQL only to a constant number of places from 0 to 10 (at ")]
    [InlineData("zh", "模块 fine 无法写成 SQL：SQL 只能表达舍入到常数位小数，位数在 0 到 10 之间（位于 ")]
    public void Sql_and_run_on_duckdb_refuse_in_the_same_words(string lang, string refusal)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("fine.rules"), """
            document t "测试〔2017〕1号" {
              issued 2017-01-01
              in_force from 2017-01-01
              § 一 "测试。"
            }

            module fine {
              in_force always
              input x: decimal
              output y: decimal cites t §一 = round(x, 12)
            }
            """);
        File.WriteAllText(dir.File("in.csv"), "x\n1.5\n");
        var sql = CliRunner.Run("sql", "--rules", dir.Path, "--module", "fine", "--dialect", "duckdb", "--table", "t", "--lang", lang);
        Assert.Equal(1, sql.Exit);
        Assert.StartsWith((lang == "zh" ? "sql：" : "sql: ") + refusal, sql.Error, StringComparison.Ordinal);
        var run = CliRunner.Run("run", "--engine", "duckdb", "--rules", dir.Path, "--module", "fine", "--input", dir.File("in.csv"),
            "--output", dir.File("out.csv"), "--at", "2019-01-01", "--lang", lang);
        Assert.Equal(1, run.Exit);
        Assert.Contains(refusal, run.Error, StringComparison.Ordinal);
        Assert.Contains(lang == "zh" ? "请改用编译执行引擎" : "use the compiled engine", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>--list</c> answers for each dialect, from what each dialect's emitter says (a product with a quotient, which
    /// DuckDB once refused and now writes; a list of lists, refused by both in the same words, said once), and
    /// <c>--dialect</c> lists that dialect's alone; in Chinese with <c>--lang zh</c>.
    /// </summary>
    [Fact]
    public void The_list_answers_for_each_dialect_in_the_language_lang_names()
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("unexpressed.rules"), Unexpressed + """

            module product {
              in_force always
              input x: decimal
              output squared_third: decimal cites t §一 = x / 3 * x
            }
            """);
        var package = RulePackage.Load(dir.Path);
        var module = package.FindModule("product")!;
        var duckDb = SqlEmitter.WhyNot(package, module, SqlDialect.DuckDb);
        Assert.Null(SqlEmitter.WhyNot(package, module, SqlDialect.Postgres));
        foreach (var lang in new[] { Lang.En, Lang.Zh })
        {
            string[] Lines(params string[] more) => CliRunner.Run(["sql", "--rules", dir.Path, "--list", "--lang", lang == Lang.Zh ? "zh" : "en", .. more]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var both = Lines();
            var refusedNested = SqlEmitter.WhyNot(package, package.FindModule("nested")!, SqlDialect.Postgres)!.Render(lang);
            Assert.Contains((lang == Lang.Zh ? "nested：不能写成 SQL——" : "nested: refused — ") + refusedNested, both);
            // The same in both dialects: one answer.
            Assert.Equal(refusedNested, SqlEmitter.WhyNot(package, package.FindModule("nested")!, SqlDialect.DuckDb)!.Render(lang));
            Assert.Contains(duckDb is null
                ? (lang == Lang.Zh ? "product：可写成 SQL" : "product: sql")
                : lang == Lang.Zh ? $"product：duckdb 不能写成 SQL——{duckDb.Render(lang)}；postgres 可写成 SQL" : $"product: duckdb refused — {duckDb.Render(lang)}; postgres sql", both);
            Assert.Contains(lang == Lang.Zh ? "product：可写成 SQL" : "product: sql", Lines("--dialect", "postgres"));
            Assert.Contains(duckDb is null ? (lang == Lang.Zh ? "product：可写成 SQL" : "product: sql")
                : (lang == Lang.Zh ? "product：不能写成 SQL——" : "product: refused — ") + duckDb.Render(lang), Lines("--dialect", "duckdb"));
            Assert.Equal(3, both.Length);
        }
        if (duckDb is not null)
        {
            Assert.StartsWith("module 'product' cannot be written as SQL: a product with a quotient", duckDb.Render(Lang.En), StringComparison.Ordinal);
            Assert.StartsWith("模块 product 无法写成 SQL：", duckDb.Render(Lang.Zh), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The list's line when the dialects answer differently (none of the modules above does since DuckDB computes products
    /// with quotients): each dialect's answer, DuckDB's first, in each language; the same refusal in both is said once.
    /// </summary>
    [Fact]
    public void A_module_one_dialect_refuses_is_listed_with_each_dialect_s_answer()
    {
        var why = new SqlRefusedException("m", Msg.Of("sql.refuse_divide_zero"), "m.rules(3,5)").Text;
        Assert.Equal("m: duckdb refused — module 'm' cannot be written as SQL: division by the constant 0 (at m.rules(3,5)); postgres sql",
            SqlTool.BothDialects("m", why, null).Render(Lang.En));
        Assert.Equal("m：duckdb 可写成 SQL；postgres 不能写成 SQL——模块 m 无法写成 SQL：除以常数 0（位于 m.rules(3,5)）",
            SqlTool.BothDialects("m", null, why).Render(Lang.Zh));
        Assert.Equal("m: refused — module 'm' cannot be written as SQL: division by the constant 0 (at m.rules(3,5))", SqlTool.BothDialects("m", why, why).Render(Lang.En));
        Assert.Equal("m：可写成 SQL", SqlTool.BothDialects("m", null, null).Render(Lang.Zh));
    }

    /// <summary>Every module of the package compiles (land_use_tax, a list of records, among them); a refused one is named with the reason.</summary>
    [Fact]
    public void The_list_says_which_modules_compile()
    {
        var (exit, list, _) = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--list");
        Assert.Equal(0, exit);
        Assert.Contains("land_use_tax_parcel: sql", list, StringComparison.Ordinal);
        Assert.Contains("land_use_tax: sql", list, StringComparison.Ordinal);
        Assert.Equal(TestPackage.Package.Model.Modules.Count, list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(": sql", StringComparison.Ordinal)));
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("unexpressed.rules"), Unexpressed);
        var (_, refused, _) = CliRunner.Run("sql", "--rules", dir.Path, "--list");
        Assert.Contains("nested: refused — module 'nested' cannot be written as SQL: input 'rows' is a list<list<int>>", refused, StringComparison.Ordinal);
    }

    /// <summary>A PostgreSQL statement over a list of records names the composite type it needs; DuckDB's STRUCT needs none.</summary>
    [Fact]
    public void A_postgres_statement_over_records_names_the_composite_type_it_needs()
    {
        var module = TestPackage.Module("land_use_tax");
        var sql = SqlEmitter.Module(TestPackage.Package, module, new SqlStatementOptions(SqlDialect.Postgres, "t", null));
        Assert.Contains("-- needs the composite type: CREATE TYPE policyrules_parcel AS (grades INTEGER[], area_m2 NUMERIC(38,10));", sql, StringComparison.Ordinal);
        Assert.Equal("CREATE TYPE policyrules_parcel AS (grades INTEGER[], area_m2 NUMERIC(38,10));\n", SqlEmitter.Types(TestPackage.Package, module, SqlDialect.Postgres));
        Assert.Equal("", SqlEmitter.Types(TestPackage.Package, module, SqlDialect.DuckDb));
        Assert.Contains("parcels STRUCT(grades INTEGER[], area_m2 DECIMAL(38,10))[]",
            SqlEmitter.Module(TestPackage.Package, module, new SqlStatementOptions(SqlDialect.DuckDb, "t", null)), StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>sql --lang zh</c> writes the statement's error messages in Chinese, the words the interpreter gives in Chinese;
    /// without <c>--lang</c> (and with no Chinese locale) they stay English. Run on DuckDB over a parcel of grade 7, which
    /// land_use_tax_parcel refuses: 邯政办字〔2017〕107号 §二 gives rates for grades 1 to 5 only.
    /// </summary>
    [Theory]
    [InlineData("zh")]
    [InlineData(null)]
    public void The_statement_writes_its_error_messages_in_the_language_lang_names(string? lang)
    {
        string[] args = ["sql", "--rules", TestPackage.PackagePath, "--module", "land_use_tax_parcel", "--dialect", "duckdb",
            "--table", "parcels", "--at", "2017-09-01"];
        var (exit, statement, error) = CliRunner.Run(lang is null ? args : [.. args, "--lang", lang]);
        Assert.True(exit == 0, error);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        Engines.Execute(duck, "CREATE TABLE parcels (grade INTEGER, area_m2 DECIMAL(38,10)); INSERT INTO parcels VALUES (7, 100)");
        using var cmd = duck.CreateCommand();
        cmd.CommandText = statement;
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        var expected = TestPackage.Package.Evaluate("land_use_tax_parcel", new DateOnly(2017, 9, 1),
            new Dictionary<string, object?> { ["grade"] = 7, ["area_m2"] = 100m }).Error!;
        Assert.Equal("invalid_input", expected.Code);
        Assert.Equal(expected.Code, r.GetString(r.GetOrdinal("error_code")));
        var message = r.GetString(r.GetOrdinal("error_message"));
        Assert.Equal(expected.MessageIn(lang == "zh" ? PolicyRules.Language.Messages.Lang.Zh : PolicyRules.Language.Messages.Lang.En), message);
        if (lang == "zh") Assert.Contains("不满足输入条件", message, StringComparison.Ordinal);
        else Assert.Contains("does not satisfy", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_dialect_is_a_usage_error()
    {
        var (exit, _, error) = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--module", "land_grade", "--dialect", "oracle", "--table", "t");
        Assert.Equal(2, exit);
        Assert.Contains("the dialect must be 'duckdb' or 'postgres', got 'oracle'", error, StringComparison.Ordinal);
    }

    // The figures below are reference.md's "Working days": 国办发明电〔2016〕17号 (2017) and 〔2017〕12号, 〔2018〕15号 (2018).
    private static readonly (string Day, bool Working)[] Days =
    [
        ("2017-09-30", true),   // 国办发明电〔2016〕17号 六: 9月30日(星期六)上班
        ("2017-10-01", false),  // 六: 10月1日至8日放假
        ("2017-10-08", false),
        ("2017-10-09", true),
        ("2017-01-22", true),   // 二: 1月22日(星期日)上班
        ("2018-02-11", true),   // 国办发明电〔2017〕12号 二: 2月11日(星期日)上班
        ("2018-12-29", true),   // 国办发明电〔2018〕15号: 2018年12月29日(星期六)上班
        ("2018-12-31", false),  // 〔2018〕15号: 2018年12月30日至2019年1月1日放假
    ];

    [Fact]
    public void The_calendar_table_holds_the_official_2017_2018_calendar_in_both_engines()
    {
        var duck = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--calendar", "--dialect", "duckdb");
        var pg = CliRunner.Run("sql", "--rules", TestPackage.PackagePath, "--calendar", "--dialect", "postgres");
        Assert.Equal(0, duck.Exit);
        Assert.Equal(0, pg.Exit);
        Assert.Contains("cites 国办发明电〔2016〕17号", duck.Output, StringComparison.Ordinal);

        using var d = new DuckDBConnection("DataSource=:memory:");
        d.Open();
        Engines.Execute(d, duck.Output);
        using var p = postgres.Open();
        Engines.Execute(p, pg.Output);
        foreach (var c in new System.Data.Common.DbConnection[] { d, p })
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*), min(day), max(day), sum(CASE WHEN working THEN 1 ELSE 0 END) FROM policyrules_calendar WHERE calendar = 'cn_workdays'";
            using (var r = cmd.ExecuteReader())
            {
                Assert.True(r.Read());
                Assert.Equal(730L, Convert.ToInt64(r.GetValue(0)));   // 2017-01-01 to 2018-12-31, reference.md: complete for those two years
                Assert.Equal(new DateOnly(2017, 1, 1), r.GetFieldValue<DateOnly>(1));
                Assert.Equal(new DateOnly(2018, 12, 31), r.GetFieldValue<DateOnly>(2));
            }
            foreach (var (day, working) in Days)
            {
                cmd.CommandText = $"SELECT working FROM policyrules_calendar WHERE calendar = 'cn_workdays' AND day = DATE '{day}'";
                Assert.True(working == (bool)cmd.ExecuteScalar()!, $"{day} in {c.GetType().Name}");
            }
        }
    }
}
