using PolicyRules.Evaluation;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Every module that compiles to SQL, over random rows with the extremes mixed in, on embedded DuckDB and on a real
/// PostgreSQL server: every row's error code, and every output of a row without error, equal the interpreter's. The rows
/// come from the generator every back end's tests share.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DifferentialTests(PostgresCluster postgres)
{
    public static TheoryData<string> Modules => TestPackage.SqlModules();

    private static List<Dictionary<string, object?>> Generate(string name) => GeneratedRows.For(TestPackage.Module(name), randomRows: 100);

    [Fact]
    public void The_rows_include_the_shared_extremes_the_SQL_decimal_holds()
    {
        var rows = Generate("land_use_tax_parcel");   // grade: int requires 1..5, area_m2: decimal requires >= 0
        Assert.Superset(new HashSet<object?> { int.MinValue, int.MaxValue, 0, 1, 5, 6 }, rows.Select(r => r["grade"]).ToHashSet());
        Assert.Superset(new HashSet<object?> { -0.01m, 0m, 0.01m }, rows.Select(r => r["area_m2"]).ToHashSet());
        Assert.Superset(new HashSet<object?> { DateOnly.MinValue, DateOnly.MaxValue }, rows.Select(r => r["at"]).ToHashSet());
        // decimal.MaxValue and 28-decimal values become the largest and finest values the SQL tests use.
        Assert.Superset(new HashSet<object?> { 999999999999999999m, -999999999999999999m, 0.0000000001m },
            rows.Select(r => r["area_m2"]).ToHashSet());
    }

    /// <summary>
    /// 邯政办字〔2017〕111号 一(三): the accident count must fall 10% (target = baseline × 90%, a DuckDB decimal of scale 12).
    /// An actual count at the top of DECIMAL(38,10) compared with it used to stop the whole DuckDB statement (the cast to
    /// the common scale overflowed); now the row is answered, as the interpreter answers it.
    /// </summary>
    [Fact]
    public void A_comparison_at_the_top_of_the_decimal_range_is_answered_not_a_failed_statement()
    {
        var module = TestPackage.Module("safety_target");
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["indicator"] = "accident_count", ["baseline"] = 1m, ["actual"] = 9999999999999999999999999999m, ["at"] = new DateOnly(2018, 1, 1) },
            new() { ["indicator"] = "accident_count", ["baseline"] = 100m, ["actual"] = 90m, ["at"] = new DateOnly(2018, 1, 1) },
        };
        var duck = Engines.DuckDb(module, rows);
        Assert.Empty(Reference.Differences(module, rows, duck));
        Assert.Equal([null, null], duck.Select(r => r.ErrorCode));
        Assert.Empty(Reference.Differences(module, rows, Engines.Postgres(postgres, module, rows)));
    }

    /// <summary>
    /// 邯政办字〔2017〕107号 §一 names the townships; land_grade's township input knows them. A known name (cleaned of spaces
    /// and full-width forms), a noted variant, a near miss (one character dropped, or another 乡/镇) and a name the law
    /// does not give: the same outcome, grade and message (the did-you-mean) in both engines as in the interpreter.
    /// </summary>
    [Fact]
    public void Known_names_variants_and_near_misses_read_as_the_interpreter_reads_them()
    {
        var module = TestPackage.Module("land_grade");
        string[] townships = ["\u3000河沙镇镇 ", "黄梁梦镇", "黄粱梦", "南堡镇", "ＡＢＣ镇", "王化堡乡", ""];
        var rows = townships.Select(t => new Dictionary<string, object?>
        {
            ["district"] = "hanshan", ["township"] = t, ["within_first_grade_roads"] = false, ["within_ring_roads"] = false,
            ["within_feixiang_town_roads"] = false, ["in_former_matou_area"] = false, ["west_of_expressway"] = false,
            ["at"] = new DateOnly(2017, 9, 1),
        }).ToList();
        foreach (var result in new[] { Engines.DuckDb(module, rows), Engines.Postgres(postgres, module, rows) })
        {
            Assert.Empty(Reference.Differences(module, rows, result));
            for (var k = 0; k < rows.Count; k++)
                Assert.Equal(Reference.Evaluate(module, rows[k]).Error?.Message, result[k].ErrorMessage);
        }
        Assert.Contains("did you mean '黄粱梦镇'?", Reference.Evaluate(module, rows[2]).Error!.Message, StringComparison.Ordinal);
        Assert.Null(Reference.Evaluate(module, rows[1]).Error);
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void DuckDb_agrees_with_the_interpreter(string name)
    {
        var module = TestPackage.Module(name);
        var rows = Generate(name);
        var differences = Reference.Differences(module, rows, Engines.DuckDb(module, rows));
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Postgres_agrees_with_the_interpreter(string name)
    {
        var module = TestPackage.Module(name);
        var rows = Generate(name);
        var differences = Reference.Differences(module, rows, Engines.Postgres(postgres, module, rows));
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
    }

    /// <summary>
    /// 邯政办字〔2017〕107号 §二 (25/18/10 元 per m² for grades 1–3) and §一.重叠区域 (the highest grade applies): a parcel
    /// in grades 3 and 2 of 1000 m² pays 18000 元, one in grade 1 of 123.45 m² pays 3086.25 元, 21086.25 元 in all. A list of
    /// records is a STRUCT[] column in DuckDB and an array of the composite type parcel in PostgreSQL; an item with an
    /// empty field, an empty grades list and no parcels at all fail as in the interpreter, and most generated rows are
    /// answered (so the comparison is not only of error codes).
    /// </summary>
    [Fact]
    public void A_list_of_records_is_taxed_parcel_by_parcel_as_the_interpreter_taxes_it()
    {
        var module = TestPackage.Module("land_use_tax");
        RecordValue Parcel(List<object?>? grades, decimal? area) => new("parcel", new Dictionary<string, object?> { ["grades"] = grades, ["area_m2"] = area });
        var day = new DateOnly(2017, 9, 1);
        List<Dictionary<string, object?>> rows =
        [
            new() { ["parcels"] = new List<object?> { Parcel([3, 2], 1000m), Parcel([1], 123.45m) }, ["at"] = day },
            new() { ["parcels"] = new List<object?> { Parcel([3, 2], null) }, ["at"] = day },
            new() { ["parcels"] = new List<object?> { Parcel([], 10m) }, ["at"] = day },
            new() { ["parcels"] = new List<object?>(), ["at"] = day },
            new() { ["parcels"] = new List<object?> { Parcel([2, null], 10m) }, ["at"] = day },
        ];
        var generated = Generate("land_use_tax");
        foreach (var result in new[] { Engines.DuckDb(module, rows), Engines.Postgres(postgres, module, rows) })
        {
            Assert.Empty(Reference.Differences(module, rows, result));
            Assert.Equal("[2, 1]|[18000, 3086.25]|21086.25", string.Join("|", new[] { "applied_grades", "parcel_taxes", "annual_tax" }.Select(o => Reference.Canonical(result[0].Outputs[o]))));
            Assert.Equal(["invalid_input", "invalid_input", "invalid_input", "invalid_input"], result.Skip(1).Select(r => r.ErrorCode));
        }
        Assert.True(Engines.DuckDb(module, generated).Count(r => r.ErrorCode is null) >= 20);
    }

    /// <summary>
    /// Lists of records load from text as docs/sql.md says: DuckDB casts <c>[{'grades': [3, 2], 'area_m2': 1000}]</c> to the
    /// STRUCT[] type, PostgreSQL's COPY (text format, which doubles backslashes) reads <c>{"(\\"{3,2}\\",1000)"}</c> into policyrules_parcel[] (the type created from
    /// the statement's header): 1000 m² at grade 2, 18 元 per m² (邯政办字〔2017〕107号 §二), 18000 元.
    /// </summary>
    [Fact]
    public void Lists_of_records_load_from_text_as_the_docs_say()
    {
        var module = TestPackage.Module("land_use_tax");
        string Tax(System.Data.Common.DbConnection c, SqlDialect dialect)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = SqlEmitter.Module(TestPackage.Package, module, new SqlStatementOptions(dialect, "t", new DateOnly(2017, 9, 1)));
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            return Reference.Canonical(r["annual_tax"]);
        }
        using (var duck = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            var type = SqlTypes.Column(module.Inputs[0].Type, SqlDialect.DuckDb, TestPackage.Package.Model);
            Engines.Execute(duck, $"CREATE TABLE t AS SELECT CAST('[{{''grades'': [3, 2], ''area_m2'': 1000}}]' AS {type}) AS parcels");
            Assert.Equal("18000", Tax(duck, SqlDialect.DuckDb));
        }
        using var pg = postgres.Open();
        Engines.Execute(pg, "DROP TABLE IF EXISTS t; DROP TYPE IF EXISTS policyrules_parcel; " + SqlEmitter.Types(TestPackage.Package, module, SqlDialect.Postgres) +
                            "CREATE TABLE t (parcels policyrules_parcel[])");
        using (var copy = pg.BeginTextImport("COPY t FROM STDIN"))
            copy.Write("{\"(\\\\\"{3,2}\\\\\",1000)\"}\n");
        Assert.Equal("18000", Tax(pg, SqlDialect.Postgres));
    }

    /// <summary>Made-up rules over list inputs (no legal figures): every list operation the SQL back end writes.</summary>
    internal const string ListRules = """
        document t "测试〔2017〕1号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
        }

        module lists {
          in_force always
          input grades: list<int>
          input amounts: list<money>
          input names: list<string>
          input day: date
          output total: money cites t §一 = sum(amounts)
          output grade_total: int cites t §一 = sum(grades)
          output counted: int cites t §一 = count(grades) + count(names)
          output lowest: int cites t §一 = min(grades)
          output highest: money cites t §一 = max(amounts)
          output doubled: list<int> cites t §一 = map(g in grades: g * 2)
          output large: list<money> cites t §一 = filter(a in amounts: a > 100 yuan)
          output halves: list<money> cites t §一 = map(a in amounts: round(a * 0.5, 2))
          output has_three: bool cites t §一 = 3 in grades
          output named: bool cites t §一 = any(s in names: s = "甲")
          output all_small: bool cites t §一 = all(g in grades: g < 10)
          output written: list<string> cites t §一 = if day < 2020-01-01 then ["甲", "乙"] else []
          output known: bool cites t §一 = "乙" in written
        }

        module tiny {
          in_force always
          input size: int
          output tiny: list<decimal> cites t §一 = [size * 0.00000000001, 1]
        }

        record box {
          size: int
          weights: list<decimal>
        }

        module boxes {
          in_force always
          input box: box
          output box_total: decimal cites t §一 = sum(box.weights)
          output box_size: int cites t §一 = box.size + 1
          output heavy: list<decimal> cites t §一 = filter(w in box.weights: w > box.size)
        }
        """;

    /// <summary>
    /// List inputs and outputs as array columns (DuckDB LIST, PostgreSQL ARRAY): sum (an int sum that overflows on the way
    /// fails as the interpreter's checked sum does), count, min and max (an empty list fails), map, filter, any, all,
    /// <c>in</c> a list value, written lists — the shared generator's rows (empty lists, one extreme item, all the extremes
    /// in one list) on both engines, as the interpreter answers them.
    /// </summary>
    [Fact]
    public void List_inputs_and_outputs_agree_with_the_interpreter()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("lists.rules", ListRules)]));
        var module = package.FindModule("lists")!;
        var rows = GeneratedRows.For(module, randomRows: 100, package);
        var day = new DateOnly(2019, 1, 1);
        rows.Add(new() { ["grades"] = new List<object?> { int.MaxValue, 1, -1 }, ["amounts"] = new List<object?>(), ["names"] = new List<object?> { "甲" }, ["day"] = day, ["at"] = day });
        rows.Add(new() { ["grades"] = new List<object?> { 3, 1 }, ["amounts"] = new List<object?> { 100.01m, 7m }, ["names"] = new List<object?>(), ["day"] = day, ["at"] = day });
        Assert.Contains(rows, r => r["grades"] is List<object?> { Count: 0 });
        foreach (var result in new[] { Engines.DuckDb(module, rows, package: package), Engines.Postgres(postgres, module, rows, package: package) })
        {
            var differences = Reference.Differences(module, rows, result, package: package);
            Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
            Assert.Equal("evaluation_error", result[^2].ErrorCode);   // MaxValue + 1 overflows before the -1
            Assert.Equal("[6, 2]|[100.01]|true|false|true", string.Join("|", new[] { "doubled", "large", "has_three", "named", "all_small" }
                .Select(o => Reference.Canonical(result[^1].Outputs[o]))));
        }
    }

    /// <summary>
    /// A record input (made-up rules above): a STRUCT column in DuckDB, the composite type box in PostgreSQL; fields read,
    /// a list field summed and filtered against another field, a field that is none an invalid_input row.
    /// </summary>
    [Fact]
    public void A_record_input_agrees_with_the_interpreter()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("lists.rules", ListRules)]));
        var module = package.FindModule("boxes")!;
        var rows = GeneratedRows.For(module, randomRows: 100, package);
        var day = new DateOnly(2019, 1, 1);
        rows.Add(new() { ["box"] = new RecordValue("box", new Dictionary<string, object?> { ["size"] = 2, ["weights"] = new List<object?> { 1.5m, 2.5m, 3m } }), ["at"] = day });
        rows.Add(new() { ["box"] = new RecordValue("box", new Dictionary<string, object?> { ["size"] = null, ["weights"] = new List<object?>() }), ["at"] = day });
        foreach (var result in new[] { Engines.DuckDb(module, rows, package: package), Engines.Postgres(postgres, module, rows, package: package) })
        {
            var differences = Reference.Differences(module, rows, result, package: package);
            Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
            Assert.Equal("7|3|[2.5, 3]", string.Join("|", new[] { "box_total", "box_size", "heavy" }.Select(o => Reference.Canonical(result[^2].Outputs[o]))));
            Assert.Equal("invalid_input", result[^1].ErrorCode);
            Assert.True(result.Count(r => r.ErrorCode is null) >= 20);
        }
    }

    /// <summary>
    /// A written list of decimals keeps each item exact: 2 × 10^-11 has 11 decimals, which DECIMAL(38,10) does not hold, so
    /// the row is an evaluation_error naming the list (never rounded to 0); 10 × 10^-11 fits.
    /// </summary>
    [Fact]
    public void A_list_item_the_SQL_decimal_cannot_hold_is_an_error_row_not_rounded()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("lists.rules", ListRules)]));
        var module = package.FindModule("tiny")!;
        var day = new DateOnly(2019, 1, 1);
        var rows = new[] { 2, 10, 0 }.Select(n => new Dictionary<string, object?> { ["size"] = n, ["at"] = day }).ToList();
        foreach (var result in new[] { Engines.DuckDb(module, rows, package: package), Engines.Postgres(postgres, module, rows, package: package) })
        {
            Assert.Empty(Reference.Differences(module, rows, result, package: package));
            Assert.Equal("evaluation_error", result[0].ErrorCode);
            Assert.Contains("an item of 'tiny'", result[0].ErrorMessage, StringComparison.Ordinal);
            Assert.Equal("[0.0000000001, 1]", Reference.Canonical(result[1].Outputs["tiny"]));
        }
    }

    /// <summary>
    /// Array columns load from text as docs/sql.md says: PostgreSQL's COPY reads <c>{1,2,3}</c>, DuckDB casts the text
    /// <c>[1, 2, 3]</c> (and <c>['甲', '乙']</c>) read with read_csv(all_varchar).
    /// </summary>
    [Fact]
    public void List_columns_load_from_text_as_the_docs_say()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("lists.rules", ListRules)]));
        var module = package.FindModule("lists")!;
        const string Expected = "total=107.5 counted=5 doubled=[6, 2, 8] named=true";
        string Answer(System.Data.Common.DbConnection c, SqlDialect dialect)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = SqlEmitter.Module(package, module, new SqlStatementOptions(dialect, "t", new DateOnly(2019, 1, 1)));
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            return $"total={Reference.Canonical(r["total"])} counted={r["counted"]} doubled={Reference.Canonical(r["doubled"])} named={Reference.Canonical(r["named"])}";
        }
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("in.csv"), "grades,amounts,names,day\n\"[3, 1, 4]\",\"[100.5, 7]\",\"['甲', '乙']\",2019-01-01\n");
        using (var duck = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            Engines.Execute(duck, $"CREATE TABLE t AS SELECT CAST(grades AS INTEGER[]) AS grades, CAST(amounts AS DECIMAL(38,10)[]) AS amounts, " +
                                  $"CAST(names AS VARCHAR[]) AS names, CAST(day AS DATE) AS day FROM read_csv({SqlTypes.Quote(dir.File("in.csv"))}, all_varchar = true)");
            Assert.Equal(Expected, Answer(duck, SqlDialect.DuckDb));
        }
        using var pg = postgres.Open();
        Engines.Execute(pg, "DROP TABLE IF EXISTS t; CREATE TABLE t (grades INTEGER[], amounts NUMERIC(38,10)[], names TEXT[], day DATE)");
        using (var copy = pg.BeginTextImport("COPY t FROM STDIN"))
            copy.Write("{3,1,4}\t{100.5,7}\t{\"甲\",\"乙\"}\t2019-01-01\n");
        Assert.Equal(Expected, Answer(pg, SqlDialect.Postgres));
    }

    /// <summary>
    /// A document number read from the row (golden/good/005-always.rules: a made-up 测试〔2017〕5号 in force from
    /// 2017-08-04 for 5 years): the alias, the official number, the number with white space inside and around it
    /// (ideographic space included), a number the registry does not hold and an empty cell, on both sides of the period —
    /// the same answers as the interpreter, and the same not_determinable message for the unknown number.
    /// </summary>
    [Fact]
    public void A_document_number_read_from_the_row_is_looked_up_as_the_interpreter_looks_it_up()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("005-always.rules",
            File.ReadAllText(Path.Combine(TestPackage.RepoRoot, "tests", "PolicyRules.Tests", "Language", "golden", "good", "005-always.rules")))]));
        var module = package.FindModule("document_in_force")!;
        string[] numbers = ["law", "测试〔2017〕5号", " 测试〔2017〕5 号\u3000", "\t测试〔2017〕\n5号", "测试〔2017〕6号", "Law", ""];
        DateOnly[] days = [new(2017, 8, 3), new(2017, 8, 4), new(2022, 8, 3), new(2022, 8, 4)];
        var rows = numbers.SelectMany(n => days.Select(d => new Dictionary<string, object?> { ["document"] = n, ["at"] = d })).ToList();
        rows.AddRange(GeneratedRows.For(module, randomRows: 100, package));
        foreach (var result in new[] { Engines.DuckDb(module, rows, package: package), Engines.Postgres(postgres, module, rows, package: package) })
        {
            var differences = Reference.Differences(module, rows, result, package: package);
            Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
            for (var k = 0; k < numbers.Length * days.Length; k++)
                Assert.Equal(Reference.Evaluate(module, rows[k], package: package).Error?.Message, result[k].ErrorMessage);
            Assert.Equal([false, true, true, false], result.Take(4).Select(r => r.Outputs["in_force"]));
            Assert.Equal([false, true, true, false], result.Skip(8).Take(4).Select(r => r.Outputs["in_force"]));
            Assert.Equal("not_determinable", result[16].ErrorCode);
        }
    }

    /// <summary>
    /// Tables keyed by ranges and a parameter not_determinable before its first value (golden/good/007-parameter-ranges.rules,
    /// made-up figures): the generated rows try every range end, a key in no range and the day before the first value.
    /// </summary>
    [Fact]
    public void Range_tables_and_not_determinable_before_the_first_value_agree_with_the_interpreter()
    {
        var package = RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile([new global::PolicyRules.Language.SourceText("007-parameter-ranges.rules",
            File.ReadAllText(Path.Combine(TestPackage.RepoRoot, "tests", "PolicyRules.Tests", "Language", "golden", "good", "007-parameter-ranges.rules")))]));
        var module = package.FindModule("ranges")!;
        var rows = GeneratedRows.For(module, randomRows: 100, package);
        Assert.Contains(rows, r => (DateOnly)r["at"]! == new DateOnly(2017, 2, 28));
        Assert.Contains(rows, r => r["amount"] is 5000m);
        foreach (var result in new[] { Engines.DuckDb(module, rows, package: package), Engines.Postgres(postgres, module, rows, package: package) })
        {
            var differences = Reference.Differences(module, rows, result, package: package);
            Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
        }
    }
}
