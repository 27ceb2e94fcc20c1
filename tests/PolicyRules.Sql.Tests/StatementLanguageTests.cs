using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// The error messages a statement writes into its rows come from the message catalogue in the statement's language
/// (<c>sql --lang</c>, <c>run --engine duckdb --lang</c>): a conflict between rules, a list item or record field that
/// is empty, a day the calendar does not cover, on real DuckDB and PostgreSQL, compared with the interpreter's message for the same row where the two say
/// the same thing; English as before.
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

        module half {
          in_force always
          input x: decimal
          output h: decimal cites t §一 = x / 2
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
    /// An empty item of a list of ints (a NULL in the array, as an empty cell is read) has the interpreter's words for an
    /// item given as empty text (<c>grades[1]: is empty; …</c>) in each language; an item of a list of records, or a
    /// record, with an empty field is named as a whole (the interpreter names the field, <c>boxes[1].size</c>; the SQL
    /// checks the record at once), in the statement's language.
    /// </summary>
    [Theory]
    [InlineData(Lang.En)]
    [InlineData(Lang.Zh)]
    public void Empty_items_and_fields_are_reported_in_the_statement_s_language(Lang lang)
    {
        var module = Package.Value.FindModule("items")!;
        RecordValue Box(int? size) => new("box", new Dictionary<string, object?> { ["size"] = size, ["weights"] = new List<object?> { 1.5m } });
        var rows = new List<Dictionary<string, object?>>
        {
            new() { ["grades"] = new List<object?> { 1, null }, ["boxes"] = new List<object?>(), ["box"] = Box(1), ["at"] = Day },
            new() { ["grades"] = new List<object?>(), ["boxes"] = new List<object?> { Box(1), Box(null) }, ["box"] = Box(1), ["at"] = Day },
            new() { ["grades"] = new List<object?>(), ["boxes"] = new List<object?>(), ["box"] = Box(null), ["at"] = Day },
            new() { ["grades"] = new List<object?> { 1, 2 }, ["boxes"] = new List<object?> { Box(1) }, ["box"] = Box(7), ["at"] = Day },
        };
        var interpreter = rows.Select(r => Reference.Evaluate(module, r, package: Package.Value).Error).ToList();
        Assert.Equal([ErrorCodes.InvalidInput, ErrorCodes.InvalidInput, ErrorCodes.InvalidInput, null], interpreter.Select(e => e?.Code));
        // The interpreter's message for the first row with the item given as empty text.
        var json = (object? v) => System.Text.Json.JsonSerializer.SerializeToElement(v);
        var emptyItem = Package.Value.Evaluate(module, Day, new Dictionary<string, object?>
        {
            ["grades"] = json(new[] { "1", "" }), ["boxes"] = json(Array.Empty<string>()), ["box"] = json(new Dictionary<string, object> { ["size"] = "1", ["weights"] = new[] { "1.5" } }),
        }).Error!.MessageIn(lang);
        Assert.Equal(lang == Lang.Zh ? "grades[1]：是空的；应为整数" : "grades[1]: is empty; expected a whole number", emptyItem);
        var boxType = TypeWords.DescribeMsg(module.Inputs[2].Type);
        var (item, field) = lang == Lang.Zh
            ? ("boxes[1]：是空的或有字段是空的；应为" + boxType.Render(lang), "box：有字段是空的；应为" + boxType.Render(lang))
            : ("boxes[1]: is empty or has an empty field; expected " + boxType.Render(lang), "box: has an empty field; expected " + boxType.Render(lang));
        foreach (var result in Run(module, rows, lang))
        {
            Assert.Equal([ErrorCodes.InvalidInput, ErrorCodes.InvalidInput, ErrorCodes.InvalidInput, null], result.Select(r => r.ErrorCode));
            Assert.Equal(emptyItem, result[0].ErrorMessage);
            Assert.Equal(item, result[1].ErrorMessage);
            Assert.Equal(field, result[2].ErrorMessage);
            Assert.Equal("10", Reference.Canonical(result[3].Outputs["n"]));
        }
        Assert.StartsWith("boxes[1].size", interpreter[1]!.MessageIn(lang), StringComparison.Ordinal);
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
