using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// The error messages a statement writes into its rows come from the message catalogue in the statement's language
/// (<c>sql --lang</c>, <c>run --engine duckdb --lang</c>): a conflict between rules, a list item or record field that
/// is empty, an age asked before the birth date, a day the calendar does not cover, on real DuckDB and PostgreSQL,
/// compared with the interpreter's message for the same row where the two say the same thing; English as before. So do
/// the comment lines above the statement.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementLanguageTests(PostgresCluster postgres)
{
    /// <summary>Made-up rules (no legal figures): two root rules that both apply below 20, each with an exception, and a third at 30.</summary>
    private const string Rules = """
        document t "测试〔2017〕1号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
          § 二 "测试。"
        }

        record box {
          size: int
          weights: list<decimal>
        }

        module clash {
          in_force always
          input x: int
          output level: int
            rule base cites t §一 = 1
            rule big exception of base when x > 10 cites t §二 = 2
            rule small when x < 20 cites t §二 = 3
            rule tiny exception of small when x < 0 cites t §一 = 4
            rule third when x = 30 cites t §一, t §二 = 5
        }

        module unknowable {
          in_force always
          input x: int
          output level: int cites t §一
            = if x > 0 then 1 else not_determinable "the rules say nothing here" cites t §一, t §二
        }

        module half {
          in_force always
          input x: decimal
          output h: decimal cites t §一 = x / 2
        }

        module overlap {
          in_force always
          input x: int
          output kind: int
            rule general cites t §一 = 0
            rule small exception of general when x < 10 cites t §一 = 1
            rule even exception of general when x = 4 or x = 6 or x = -2 cites t §二 = 2
            rule four exception of general when x = 4 cites t §一 = 6
            rule tiny exception of small when x < 0 cites t §二 = 3
            rule big exception of general when x > 100 cites t §一, t §二 = 4
            rule huge exception of big when x > 200 cites t §二 = 5
            rule very exception of general when x > 300 cites t §一 = 7
        }

        module ages {
          in_force always
          input birth: date
          input asked: date
          output years: int cites t §一 = age(birth)
          output years_on: int cites t §二 = age_on(birth, asked)
        }

        enum shade { red, green, blue }

        module choose {
          in_force always
          input colour: shade
          input x: int
          output level: int
            rule low when x < 10 cites t §一 = 1
            rule high when x > 20 cites t §二 = 2
        }

        module items {
          in_force always
          input grades: list<int>
          input boxes: list<box>
          input box: box
          output n: int cites t §一 = count(grades) + count(boxes) + box.size
        }
        """;

    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.Compile([new SourceText("language.rules", Rules)])));

    private static readonly DateOnly Day = new(2019, 1, 1);

    private List<SqlRow>[] Run(ModuleModel module, List<Dictionary<string, object?>> rows, Lang lang) =>
        [Engines.DuckDb(module, rows, package: Package.Value, language: lang), Engines.Postgres(postgres, module, rows, package: Package.Value, language: lang)];

    /// <summary>
    /// Both root rules apply (base or its exception big, and small or its exception tiny), or base and third: the
    /// conflict names the two rules that gave the values, with where they are written and what they cite, in the
    /// interpreter's words in each language; 25 is answered (big alone applies).
    /// </summary>
    [Theory]
    [InlineData(Lang.En)]
    [InlineData(Lang.Zh)]
    public void A_conflict_is_reported_in_the_interpreter_s_words(Lang lang)
    {
        var module = Package.Value.FindModule("clash")!;
        var rows = new[] { 5, 15, -1, 30, 25 }.Select(x => new Dictionary<string, object?> { ["x"] = x, ["at"] = Day }).ToList();
        var expected = rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error?.MessageIn(lang)).ToList();
        Assert.Equal([ErrorCodes.Conflict, ErrorCodes.Conflict, ErrorCodes.Conflict, ErrorCodes.Conflict, null],
            rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error?.Code));
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal(expected, result.Select(r => r.ErrorMessage));
            Assert.Equal([ErrorCodes.Conflict, ErrorCodes.Conflict, ErrorCodes.Conflict, ErrorCodes.Conflict, null], result.Select(r => r.ErrorCode));
            Assert.Equal("2", Reference.Canonical(result[4].Outputs["level"]));
        }
        // Each pair of rules in turn: base/small, big/small, base/tiny, big/third (30 > 10: big is base's exception).
        var pairs = new[] { ("base", "small"), ("big", "small"), ("base", "tiny"), ("big", "third") };
        for (var k = 0; k < pairs.Length; k++)
            Assert.Matches(lang == Lang.Zh
                ? $"^“level”的规则冲突：规则 {pairs[k].Item1}（language\\.rules\\([0-9,]+\\)，测试〔2017〕1号 §[一二]）和规则 {pairs[k].Item2}（language\\.rules\\([0-9,]+\\)，测试〔2017〕1号 §[一二][^）]*）同时适用"
                : $"^conflict in 'level': rule '{pairs[k].Item1}' \\(language\\.rules\\([0-9,]+\\), 测试〔2017〕1号 §[一二]\\) and rule '{pairs[k].Item2}' \\(", expected[k]!);
    }

    /// <summary>
    /// A rule citing two provisions (third: t §一, t §二) in a conflict: its citations are a list the catalogue joins,
    /// <c>; </c> in English as before and 、 in Chinese, on DuckDB and PostgreSQL as in the interpreter.
    /// </summary>
    [Theory]
    [InlineData(Lang.En, "conflict in 'level': rule 'big' ({0}, 测试〔2017〕1号 §二) and rule 'third' ({1}, 测试〔2017〕1号 §一; 测试〔2017〕1号 §二) both apply, and neither is an exception of the other")]
    [InlineData(Lang.Zh, "“level”的规则冲突：规则 big（{0}，测试〔2017〕1号 §二）和规则 third（{1}，测试〔2017〕1号 §一、测试〔2017〕1号 §二）同时适用，且两者都不是对方的例外")]
    public void A_conflict_lists_a_rule_s_citations_in_the_statement_s_language(Lang lang, string template)
    {
        var module = Package.Value.FindModule("clash")!;
        var rules = module.FindDefinition("level")!.Rules;
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template,
            rules.Single(r => r.Label == "big").Span, rules.Single(r => r.Label == "third").Span);
        var rows = new List<Dictionary<string, object?>> { new() { ["x"] = 30, ["at"] = Day } };
        Assert.Equal(text, Reference.Evaluate(module, rows[0], package: Package.Value).Error!.MessageIn(lang));
        foreach (var result in Run(module, rows, lang)) Assert.Equal(text, Assert.Single(result).ErrorMessage);
    }

    /// <summary>
    /// A <c>not_determinable</c> citing two provisions: its reason (the rule's own text) and its citations, a list the
    /// catalogue joins, <c>; </c> in English as before and 、 in Chinese, on DuckDB and PostgreSQL as in the interpreter;
    /// a row that does not reach it is answered.
    /// </summary>
    [Theory]
    [InlineData(Lang.En, "the rules say nothing here (测试〔2017〕1号 §一; 测试〔2017〕1号 §二)")]
    [InlineData(Lang.Zh, "the rules say nothing here（测试〔2017〕1号 §一、测试〔2017〕1号 §二）")]
    public void A_not_determinable_lists_its_citations_in_the_statement_s_language(Lang lang, string text)
    {
        var module = Package.Value.FindModule("unknowable")!;
        var rows = new[] { 0, 3 }.Select(x => new Dictionary<string, object?> { ["x"] = x, ["at"] = Day }).ToList();
        var error = Reference.Evaluate(module, rows[0], package: Package.Value).Error!;
        Assert.Equal((ErrorCodes.NotDeterminable, text), (error.Code, error.MessageIn(lang)));
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal([ErrorCodes.NotDeterminable, null], result.Select(r => r.ErrorCode));
            Assert.Equal([text, null], result.Select(r => r.ErrorMessage));
            Assert.Equal("1", Reference.Canonical(result[1].Outputs["level"]));
        }
    }

    /// <summary>
    /// Several exceptions of one rule that apply together, one through its own exception (the shapes of the conflicts
    /// class_size_category and document_in_force can write, whose conditions exclude each other so no row reaches them):
    /// the conflict names the two rules that gave the values, byte for byte as the interpreter does in each language.
    /// </summary>
    [Theory]
    [InlineData(Lang.En)]
    [InlineData(Lang.Zh)]
    public void A_conflict_between_exceptions_is_reported_in_the_interpreter_s_words(Lang lang)
    {
        var module = Package.Value.FindModule("overlap")!;
        var rows = new[] { 4, 6, -2, 350, -1, 8, 150, 250, 50 }.Select(x => new Dictionary<string, object?> { ["x"] = x, ["at"] = Day }).ToList();
        var expected = rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error).ToList();
        Assert.Equal([.. Enumerable.Repeat(ErrorCodes.Conflict, 4), .. Enumerable.Repeat<string?>(null, 5)], expected.Select(e => e?.Code));
        Assert.StartsWith(lang == Lang.Zh ? "“kind”的规则冲突：规则 tiny（language.rules(" : "conflict in 'kind': rule 'tiny' (language.rules(", expected[2]!.MessageIn(lang), StringComparison.Ordinal);
        Assert.Contains(lang == Lang.Zh ? "规则 very（" : "rule 'very' (", expected[3]!.MessageIn(lang), StringComparison.Ordinal);
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal(expected.Select(e => e?.MessageIn(lang)), result.Select(r => r.ErrorMessage));
            Assert.Equal(["3", "1", "4", "5", "0"], result.Skip(4).Select(r => Reference.Canonical(r.Outputs["kind"])));
        }
    }

    /// <summary>
    /// An age asked before the birth date (age at the row's at, age_on at another date) is invalid_input in the
    /// interpreter's words in each language (its English text as before); a birth date before both is answered.
    /// </summary>
    [Theory]
    [InlineData(Lang.En, "birth date 2019-06-01 is after 2019-01-01, the date the age is asked for", "birth date 2000-03-01 is after 1999-12-31, the date the age is asked for")]
    [InlineData(Lang.Zh, "出生日期 2019-06-01 晚于要计算周岁的日期 2019-01-01", "出生日期 2000-03-01 晚于要计算周岁的日期 1999-12-31")]
    public void An_age_before_the_birth_date_is_reported_in_the_interpreter_s_words(Lang lang, string atRow, string atAsked)
    {
        var module = Package.Value.FindModule("ages")!;
        Dictionary<string, object?> Row(DateOnly birth, DateOnly asked) => new() { ["birth"] = birth, ["asked"] = asked, ["at"] = Day };
        var rows = new List<Dictionary<string, object?>>
        {
            Row(new DateOnly(2019, 6, 1), new DateOnly(2020, 1, 1)),
            Row(new DateOnly(2000, 3, 1), new DateOnly(1999, 12, 31)),
            Row(new DateOnly(2000, 2, 29), new DateOnly(2018, 2, 28)),
        };
        var expected = rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error?.MessageIn(lang)).ToList();
        Assert.Equal([atRow, atAsked, null], expected);
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal(expected, result.Select(r => r.ErrorMessage));
            Assert.Equal([ErrorCodes.InvalidInput, ErrorCodes.InvalidInput, null], result.Select(r => r.ErrorCode));
            // 周岁 (法释〔2006〕1号 第二条, reference.md): born 2000-02-29, 18 from 2018-03-01 (民法典 第202条: 28 February is the birthday in a common year).
            Assert.Equal("18|17", $"{Reference.Canonical(result[2].Outputs["years"])}|{Reference.Canonical(result[2].Outputs["years_on"])}");
        }
    }

    /// <summary>
    /// The same over a CSV file: <c>run</c> with the compiled engine, the interpreter and DuckDB writes the same errors
    /// file, byte for byte, in each language, the age message included.
    /// </summary>
    [Theory]
    [InlineData("en", "3,invalid_input,,\"birth date 2020-03-01 is after 2019-01-01, the date the age is asked for\"")]
    [InlineData("zh", "3,invalid_input,,出生日期 2020-03-01 晚于要计算周岁的日期 2019-01-01")]
    public void Run_writes_the_age_message_alike_in_every_engine(string lang, string line)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("language.rules"), Rules);
        File.WriteAllText(dir.File("in.csv"), "birth,asked\n2000-03-01,2019-01-01\n2020-03-01,2021-01-01\n");
        var files = new Dictionary<string, string>();
        foreach (var engine in new[] { "compiled", "interpreter", "duckdb" })
        {
            var result = CliRunner.Run("run", "--engine", engine, "--rules", dir.Path, "--module", "ages", "--input", dir.File("in.csv"),
                "--output", dir.File(engine + ".csv"), "--at", "2019-01-01", "--lang", lang);
            Assert.True(result.Exit == 0, result.Error);
            files[engine] = File.ReadAllText(dir.File(engine + ".errors.csv"));
        }
        Assert.Contains(line + "\n", files["compiled"].ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(files["compiled"], files["interpreter"]);
        Assert.Equal(files["compiled"], files["duckdb"]);
    }

    /// <summary>
    /// No rule of a definition applies (x = 15): the message lists its rules as the interpreter does, with the Chinese
    /// enumeration comma in Chinese (low、high) and ", " in English.
    /// </summary>
    [Theory]
    [InlineData(Lang.En, "no rule of 'level' applies to these inputs (rules: low, high)")]
    [InlineData(Lang.Zh, "“level”没有哪条规则适用于这些输入（规则：low、high）")]
    public void No_rule_applies_lists_the_rules_in_the_statement_s_language(Lang lang, string message)
    {
        var module = Package.Value.FindModule("choose")!;
        var rows = new[] { 15, 5 }.Select(x => new Dictionary<string, object?> { ["colour"] = "red", ["x"] = x, ["at"] = Day }).ToList();
        var expected = rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error?.MessageIn(lang)).ToList();
        Assert.Equal([message, null], expected);
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal(expected, result.Select(r => r.ErrorMessage));
            Assert.Equal([ErrorCodes.NoRuleApplies, null], result.Select(r => r.ErrorCode));
        }
    }

    /// <summary>
    /// A CSV cell that names no member of an enum: <c>run</c> with the compiled engine, the interpreter and DuckDB writes the
    /// same errors file, which lists the members with ", " in English and 、 in Chinese.
    /// </summary>
    [Theory]
    [InlineData("en", "3,invalid_input,colour,\"colour: \"\"purple\"\" is not a shade; expected one of red, green, blue\"")]
    [InlineData("zh", "3,invalid_input,colour,\"colour：\"\"purple\"\" 不是 shade 的可选值；应为以下之一：red、green、blue\"")]
    public void Run_lists_an_enum_s_members_in_the_run_s_language_in_every_engine(string lang, string line)
    {
        using var dir = new CliRunner.TempFolder();
        File.WriteAllText(dir.File("language.rules"), Rules);
        File.WriteAllText(dir.File("in.csv"), "colour,x\nred,5\npurple,5\n");
        var files = new Dictionary<string, string>();
        foreach (var engine in new[] { "compiled", "interpreter", "duckdb" })
        {
            var result = CliRunner.Run("run", "--engine", engine, "--rules", dir.Path, "--module", "choose", "--input", dir.File("in.csv"),
                "--output", dir.File(engine + ".csv"), "--at", "2019-01-01", "--lang", lang);
            Assert.True(result.Exit == 0, result.Error);
            files[engine] = File.ReadAllText(dir.File(engine + ".errors.csv")).ReplaceLineEndings("\n");
        }
        Assert.Contains(line + "\n", files["compiled"], StringComparison.Ordinal);
        Assert.Equal(files["compiled"], files["interpreter"]);
        Assert.Equal(files["compiled"], files["duckdb"]);
    }

    /// <summary>
    /// An empty item of a list (a NULL in the array, as an empty cell is read), a record with an empty field, an item of a
    /// list of records with one, and an item of a record's list field: each is named down to the field or item, with the
    /// interpreter's words for the value given as empty text (<c>box.size: is empty; …</c>), in each language, and the
    /// row's <c>error_field</c> is the interpreter's error field (<c>box.size</c>, <c>boxes[2].weights[1]</c>).
    /// </summary>
    [Theory]
    [InlineData(Lang.En)]
    [InlineData(Lang.Zh)]
    public void Empty_items_and_fields_are_reported_in_the_interpreter_s_words(Lang lang)
    {
        var module = Package.Value.FindModule("items")!;
        RecordValue Box(int? size, params decimal?[] weights) => new("box", new Dictionary<string, object?> { ["size"] = size, ["weights"] = weights.Select(w => (object?)w).ToList() });
        Dictionary<string, object?> Row(List<object?> grades, List<object?> boxes, RecordValue box) => new() { ["grades"] = grades, ["boxes"] = boxes, ["box"] = box, ["at"] = Day };
        var rows = new List<Dictionary<string, object?>>
        {
            Row([1, null], [], Box(1, 1.5m)),
            Row([], [Box(1, 1.5m), Box(null, 1.5m)], Box(1, 1.5m)),
            Row([], [], Box(null, 1.5m)),
            Row([], [], Box(2, 1.5m, 2m, null)),
            Row([], [Box(1), Box(2), Box(3, 1m, null)], Box(2, 1.5m)),
            Row([1, 2], [Box(1, 1.5m)], Box(7, 1.5m)),
        };
        // The interpreter reads each input from JSON with a value that is none given as empty text.
        var errors = rows.Select(r => Package.Value.Evaluate(module, Day, module.Inputs.ToDictionary(i => i.Name, i => (object?)Json(r[i.Name]))).Error).ToList();
        var expected = errors.Select(e => e?.MessageIn(lang)).ToList();
        Assert.Equal(["grades[1]", "boxes[1].size", "box.size", "box.weights[2]", "boxes[2].weights[1]", null], errors.Select(e => e?.Field));
        Assert.Equal(lang == Lang.Zh
            ? ["grades[1]：是空的；应为整数", "boxes[1].size：是空的；应为整数", "box.size：是空的；应为整数", "box.weights[2]：是空的；应为数字", "boxes[2].weights[1]：是空的；应为数字", null]
            : ["grades[1]: is empty; expected a whole number", "boxes[1].size: is empty; expected a whole number", "box.size: is empty; expected a whole number",
               "box.weights[2]: is empty; expected a number", "boxes[2].weights[1]: is empty; expected a number", null], expected);
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal([.. Enumerable.Repeat(ErrorCodes.InvalidInput, 5), null], result.Select(r => r.ErrorCode));
            Assert.Equal(expected, result.Select(r => r.ErrorMessage));
            // error_field names the item or field as the interpreter's error does, not just the input.
            Assert.Equal(errors.Select(e => e?.Field), result.Select(r => r.ErrorField));
            Assert.Equal("10", Reference.Canonical(result[5].Outputs["n"]));
        }
    }

    private static System.Text.Json.JsonElement Json(object? value)
    {
        static object? Text(object? v) => v switch
        {
            null => "",
            RecordValue r => r.Fields.ToDictionary(f => f.Key, f => Text(f.Value)),
            List<object?> list => list.Select(Text).ToArray(),
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => v.ToString(),
        };
        return System.Text.Json.JsonSerializer.SerializeToElement(Text(value));
    }

    /// <summary>
    /// The comment lines above the statement follow its language: in Chinese they hold no English sentence (only the SQL
    /// and the module's names), in English they read as before; either statement runs.
    /// </summary>
    [Fact]
    public void The_statement_s_comments_follow_its_language()
    {
        var module = Package.Value.FindModule("half")!;
        string Head(SqlDialect dialect, Lang lang, DateOnly? at) => string.Join("\n", SqlEmitter.Module(Package.Value, module,
            new SqlStatementOptions(dialect, "t", at) { Language = lang }).Split('\n').Where(l => l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        Assert.Equal("""
            -- policyrules sql: module half, duckdb dialect
            -- reads t (columns: x DECIMAL(38,10), at DATE); evaluated at each row's at
            -- decimal, money and rate values are DECIMAL(38,10); a result that does not fit is an evaluation_error row, never rounded
            -- a quotient, and a value computed from one, is DECIMAL(38,28), rounded as C# decimal rounds (half to even, at most 28 decimals, 28–29 significant digits)
                -- output h: 测试〔2017〕1号 §一
              -- output h: 测试〔2017〕1号 §一
            """, Head(SqlDialect.DuckDb, Lang.En, null));
        Assert.Equal("""
            -- policyrules sql：模块 half，postgres 方言
            -- 读取表 t（列：x NUMERIC(38,10)）；计算日期为 2019-01-01
            -- decimal、money 和 rate 的值为 NUMERIC(38,10)；放不下的结果是 evaluation_error 行，从不舍入
            -- 商以及由商算出的值为 NUMERIC，按解释器的方式舍入（四舍六入五成双，最多 28 位小数，28–29 位有效数字）
                -- 输出 h：测试〔2017〕1号 §一
              -- 输出 h：测试〔2017〕1号 §一
            """, Head(SqlDialect.Postgres, Lang.Zh, Day));
        var rows = new[] { 3m }.Select(x => new Dictionary<string, object?> { ["x"] = x, ["at"] = Day }).ToList();
        foreach (var result in Run(module, rows, Lang.Zh)) Assert.Equal("1.5", Reference.Canonical(result[0].Outputs["h"]));
    }

    /// <summary>
    /// The calendar script's comments (<c>sql --calendar</c>) follow the language too; in English they read as before; the
    /// Chinese script fills the same table (730 days of cn_workdays, 2017–2018, reference.md "Working days").
    /// </summary>
    [Fact]
    public void The_calendar_script_s_comments_follow_its_language()
    {
        static string Comments(string script) => string.Join("\n", script.Split('\n').Where(l => l.StartsWith("--", StringComparison.Ordinal)).Take(6));
        Assert.Equal("""
            -- Working-day calendars of the rule package, for modules emitted by `policyrules sql` (duckdb).
            -- working: Monday–Friday, minus the declared holidays, plus the declared workdays (调休上班).
            -- working_before: the number of working days of the same calendar before this day.
            -- cn_workdays 国务院节假日安排 2017–2018: covers 2017-01-01 to 2018-12-31
            --   cites 国办发明电〔2016〕17号
            --   cites 国办发明电〔2017〕12号
            """, Comments(SqlEmitter.Calendar(TestPackage.Package, SqlDialect.DuckDb)));
        var zh = SqlEmitter.Calendar(TestPackage.Package, SqlDialect.DuckDb, Lang.Zh);
        Assert.Equal("""
            -- 规则包的工作日日历，供 `policyrules sql` 写出的模块读取（duckdb）。
            -- working：周一至周五，去掉声明的节假日，加上声明的调休上班日。
            -- working_before：同一日历中这一天之前的工作日天数。
            -- cn_workdays 国务院节假日安排 2017–2018：覆盖 2017-01-01 至 2018-12-31
            --   引用 国办发明电〔2016〕17号
            --   引用 国办发明电〔2017〕12号
            """, Comments(zh));
        using var c = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        c.Open();
        Engines.Execute(c, zh);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM policyrules_calendar WHERE calendar = 'cn_workdays'";
        Assert.Equal(730L, Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// publication_deadline counts 20 working days of cn_workdays (邯政办字〔2017〕106号 一(一)), whose data covers 2017 and
    /// 2018 (reference.md, "Working days"): an issue date in 2016 or in 2019 is not_determinable, in the interpreter's
    /// words in each language; one in 2017 is answered.
    /// </summary>
    [Theory]
    [InlineData(Lang.En)]
    [InlineData(Lang.Zh)]
    public void A_day_the_calendar_does_not_cover_is_reported_in_the_interpreter_s_words(Lang lang)
    {
        var module = TestPackage.Module("publication_deadline");
        var rows = new[] { new DateOnly(2016, 6, 1), new DateOnly(2019, 6, 1), new DateOnly(2017, 9, 1) }
            .Select(d => new Dictionary<string, object?> { ["issued_date"] = d, ["at"] = new DateOnly(2018, 1, 1) }).ToList();
        var expected = rows.Select(r => Reference.Evaluate(module, r).Error).ToList();
        Assert.Equal([ErrorCodes.NotDeterminable, ErrorCodes.NotDeterminable, null], expected.Select(e => e?.Code));
        Assert.Contains(lang == Lang.Zh ? "缺少 2019 年的工作日数据" : "has no working-day data for 2019", expected[1]!.MessageIn(lang), StringComparison.Ordinal);
        foreach (var result in new[] { Engines.DuckDb(module, rows, language: lang), Engines.Postgres(postgres, module, rows, language: lang) })
        {
            Assert.Equal(expected.Select(e => e?.MessageIn(lang)), result.Select(r => r.ErrorMessage));
            Assert.Null(result[2].ErrorCode);
        }
    }
    /// <summary>
    /// DuckDB holds a value computed from a quotient as DECIMAL(38,28), below 10^10: half of 3·10^10 is an error row that
    /// names the limit in the statement's language (PostgreSQL's NUMERIC answers it); half of 3 is answered.
    /// </summary>
    [Theory]
    [InlineData(Lang.En, "is 10^10 or more with more than 10 decimals possible, which DECIMAL(38,28) (10 digits before the point, 28 after), DuckDB's type")]
    [InlineData(Lang.Zh, "处的值达到 10^10 或以上且可能有超过 10 位小数，DuckDB 为由商算出的值所用的类型 DECIMAL(38,28)（小数点前最多 10 位，后最多 28 位）无法保存")]
    public void DuckDb_s_limit_for_a_quotient_is_named_in_the_statement_s_language(Lang lang, string words)
    {
        var module = Package.Value.FindModule("half")!;
        var rows = new[] { 30000000000m, 3m }.Select(x => new Dictionary<string, object?> { ["x"] = x, ["at"] = Day }).ToList();
        var duck = Engines.DuckDb(module, rows, package: Package.Value, language: lang);
        Assert.Equal(ErrorCodes.EvaluationFailed, duck[0].ErrorCode);
        Assert.Contains(words, duck[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("1.5", Reference.Canonical(duck[1].Outputs["h"]));
        var pg = Engines.Postgres(postgres, module, rows, package: Package.Value, language: lang);
        Assert.Equal(["15000000000", "1.5"], pg.Select(r => Reference.Canonical(r.Outputs["h"])));
    }
}
