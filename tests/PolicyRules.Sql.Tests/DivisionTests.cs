using PolicyRules.Evaluation;
using PolicyRules.Language.Model;
using PolicyRules.Scenarios;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Division in SQL gives the interpreter's C# decimal quotient: exact, then rounded half to even to the most decimals (at
/// most 28) whose digits fit 96 bits, and every sum, difference and product with such a value rounded the same way.
/// Compared with the interpreter on real PostgreSQL and on DuckDB, value for value (all 28 decimals).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DivisionTests(PostgresCluster postgres)
{
    /// <summary>The inputs of every scenario of <paramref name="module"/> in the package's scenario files, at the scenario's date.</summary>
    private static List<Dictionary<string, object?>> ScenarioRows(string module)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var c in ScenarioSuite.Load(TestPackage.PackagePath).Cases.Where(c => c.Scenario.Module?.Name == module && !c.HasErrors))
        {
            var row = new Dictionary<string, object?> { ["at"] = DateOnly.FromDateTime(c.Scenario.At!.Value) };
            foreach (var input in TestPackage.Module(module).Inputs) row[input.Name] = null;
            foreach (var given in c.Inputs)
                row[given.Input.Name] = given.Input.Type.Kind == TypeKind.Enum ? given.Value.Text : given.Value.Value;
            rows.Add(row);
        }
        return rows;
    }

    private static List<Dictionary<string, object?>> Rows(string module)
    {
        var rows = ScenarioRows(module);
        Assert.True(rows.Count >= 3, $"{module}: only {rows.Count} scenario rows");
        rows.AddRange(GeneratedRows.For(TestPackage.Module(module), randomRows: 300));
        var day = new DateOnly(2017, 9, 1);
        if (module == "vocational_school_provision")
            foreach (var n in new[] { 1, 7, 149_999, 150_001, 225_000, 1_000_000, 2_147_483_647 })
                rows.Add(new() { ["population"] = n, ["at"] = day });
        else
            foreach (var level in new[] { "primary", "junior", "senior" })
                foreach (var students in new[] { 1, 7, 95, 381, 2_147_483_647 })
                    foreach (var ratio in new[] { 1.7m, 0.0000000001m, 123456789.1234567891m })
                        rows.Add(new()
                        {
                            ["level"] = level, ["students"] = students, ["village"] = level == "primary" && ratio != 1.7m,
                            ["classes"] = 6, ["class_teacher_ratio"] = ratio, ["at"] = day,
                        });
        return rows;
    }

    /// <summary>
    /// 邯政字〔2017〕24号 三(一) (one vocational school per 150,000 people) and 邯政办字〔2017〕25号 二(二)1 (1:19, 1:13.5, 1:12.5;
    /// village schools (生师比 + 班师比) / 2), both unrounded: over the scenario files' inputs, the shared generator's
    /// extremes and random rows, and quotients of every length, PostgreSQL gives every row the interpreter's error code
    /// and output value to the 28th decimal, with no exception; DuckDB too, except a row whose values reach 10^10 in a
    /// value computed from a quotient (its DECIMAL(38,28) holds less), which is an error row naming that limit.
    /// </summary>
    [Theory]
    [InlineData("vocational_school_provision")]
    [InlineData("staffing_quota")]
    public void Quotients_equal_the_interpreter_s_on_both_engines(string name)
    {
        var module = TestPackage.Module(name);
        var rows = Rows(name);
        var pg = Engines.Postgres(postgres, module, rows);
        var duck = Engines.DuckDb(module, rows);
        var answered = 0;
        for (var k = 0; k < rows.Count; k++)
        {
            var expected = Reference.Evaluate(module, rows[k]);
            Assert.True(expected.Error?.Code == pg[k].ErrorCode, $"row {k}: interpreter {expected.Error?.Message}, PostgreSQL {pg[k].ErrorMessage}");
            if (expected.Error is not null) continue;
            answered++;
            foreach (var (output, value) in expected.Outputs)
                Assert.Equal(Reference.Canonical(value), Reference.Canonical(pg[k].Outputs[output]));
        }
        Assert.True(answered >= rows.Count / 2, $"only {answered} of {rows.Count} rows answered");
        var differences = Reference.Differences(module, rows, duck);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));
        var duckAnswered = duck.Count(r => r.ErrorCode is null);
        Assert.True(duckAnswered >= answered * 9 / 10, $"DuckDB answered {duckAnswered} of the {answered} rows the interpreter answers");
    }

    /// <summary>
    /// 邯政字〔2017〕24号 三(一): 1 person → 1/150000 = 0.0000066666666666666666666667 of a school (28 decimals, the last
    /// rounded up as C# rounds), 7 → 0.0000466666666666666666666667, 150,000 → 1; the same numbers from both engines.
    /// </summary>
    [Fact]
    public void One_person_is_a_150000th_of_a_school_to_28_decimals()
    {
        var module = TestPackage.Module("vocational_school_provision");
        var day = new DateOnly(2017, 9, 1);
        var rows = new[] { 1, 7, 150_000 }.Select(n => new Dictionary<string, object?> { ["population"] = n, ["at"] = day }).ToList();
        foreach (var result in new[] { Engines.Postgres(postgres, module, rows), Engines.DuckDb(module, rows) })
            Assert.Equal(["0.0000066666666666666666666667", "0.0000466666666666666666666667", "1"], result.Select(r => Reference.Canonical(r.Outputs["schools"])));
    }

    /// <summary>
    /// Quotients as text, as <c>run</c> writes them (the statement's formatted outputs): in PostgreSQL too, to the last
    /// decimal and without trailing zeros — 1/150000 of a school (邯政字〔2017〕24号 三(一)) and a made-up rate divided by 3.
    /// </summary>
    [Fact]
    public void Formatted_quotients_are_the_text_run_writes()
    {
        string Formatted(RulePackage package, string module, string create, string output)
        {
            using var pg = postgres.Open();
            Engines.Execute(pg, "DROP TABLE IF EXISTS t; " + create);
            using var cmd = pg.CreateCommand();
            cmd.CommandText = SqlEmitter.Module(package, package.FindModule(module)!,
                new SqlStatementOptions(SqlDialect.Postgres, "t", new DateOnly(2017, 9, 1)) { FormatOutputs = true });
            using var r = cmd.ExecuteReader();
            var texts = new List<string>();
            while (r.Read()) texts.Add((string)r[output]);
            return string.Join("|", texts);
        }
        Assert.Equal("0.0000066666666666666666666667|2|1.5", Formatted(TestPackage.Package, "vocational_school_provision",
            "CREATE TABLE t (population INTEGER); INSERT INTO t VALUES (1), (300000), (225000)", "schools"));
        Assert.Equal("2.63333333333333333333333333%|33333333%|-0.36666666666666666666666667%|0%", Formatted(Quotients, "rates",
            "CREATE TABLE t (share NUMERIC(38,10)); INSERT INTO t VALUES (0.079), (999999.99), (-0.011), (0)", "third"));
    }

    /// <summary>Made-up rules (no legal figures): every operation a quotient meets.</summary>
    internal const string QuotientRules = """
        document t "测试〔2017〕1号" {
          issued 2017-01-01
          in_force from 2017-01-01
          § 一 "测试。"
        }

        module quotients {
          in_force always
          input x: decimal
          input n: int
          output third: decimal cites t §一 = x / 3
          output negative: decimal cites t §一 = x / -0.3
          output fine: decimal cites t §一 = x / 1.0000000001
          output half: decimal cites t §一 = x / 2
          output seventh_half: decimal cites t §一 = n / 7 / 2
          output halved_sum: decimal cites t §一 = (n / 7 + x) / 2
          output difference: decimal cites t §一 = n / 7 - x
          output rounded: decimal cites t §一 = round(x / 3, 2)
          output up: decimal cites t §一 = round_up(n / 7, 4)
          output down: decimal cites t §一 = round_down(n / 7, 4)
          output whole: int cites t §一 = floor(n / 7)
          output above: bool cites t §一 = n / 7 > x
          output picked: decimal cites t §一 = if x > 0 then x / 3 else n / 7
          output least: decimal cites t §一 = min(x / 3, n / 7)
          output tenfold: decimal cites t §一 = x / 0.1
        }

        module rates {
          in_force always
          input share: rate
          output third: rate cites t §一 = share / 3
        }

        module products {
          in_force always
          input x: decimal
          input n: int
          output squared_third: decimal cites t §一 = x / 3 * x
          output scaled_seventh: decimal cites t §一 = x * (n / 7)
          output two_quotients: decimal cites t §一 = x / 3 * (n / 7)
          output negative_factor: decimal cites t §一 = n / 7 * -2.5
          output tiny: decimal cites t §一 = x / 9999999999999999.0 / 150
        }

        module joins {
          in_force always
          input x: decimal
          input n: int
          output picked: decimal cites t §一 = if n > 0 then n / 7 else x
          output matched: decimal cites t §一 = match n {
              case 1 => x / 3
              case 2 => x
              else => n / 7
            }
          output divided: decimal cites t §一 = match n {
              case 1 => x / 3
              case 2 => x / 13.5
              else => x / -0.25
            }
          output greatest: decimal cites t §一 = max(x, n / 7)
          output ruled: decimal cites t §一
            rule general cites t §一
              = x
            rule negative exception of general when n < 0 cites t §一
              = n / 7
        }

        module least {
          in_force always
          input x: decimal
          input n: int
          output least: decimal cites t §一 = min(n / 7, x)
        }
        """;

    private static RulePackage Quotients => RulePackage.FromCompilation(global::PolicyRules.Language.RuleCompilation.Compile(
        [new global::PolicyRules.Language.SourceText("quotients.rules", QuotientRules)]));

    /// <summary>
    /// Quotients of generated rows and of chosen values: negative and decimal divisors, a quotient divided again, summed,
    /// rounded, floored, compared, joined in an if and a min. Ties round half to even, as C# does: 1/7 =
    /// 0.1428571428571428571428571429, halved 0.07142857142857142857142857145 → …714 (4 is even); 5/7 halved
    /// 0.35714285714285714285714285715 → …572; 2000000000000000000.0000000001 / 2 has 30 digits, its tie goes down to 10^18.
    /// </summary>
    [Fact]
    public void Every_operation_on_a_quotient_agrees_with_the_interpreter()
    {
        var package = Quotients;
        var module = package.FindModule("quotients")!;
        decimal[] xs = [0m, 1.5m, -2.25m, 10.5m, 0.0000000001m, 9999999999.9999999999m, 2000000000000000000.0000000001m, 2000000000000000000.0000000003m,
            7922816251426433759.3543950335m, -999999999999999999m, 9999999999999999999999999999m];
        var rows = QuotientRows(package, module, xs, [1, 5, -3, 0, int.MaxValue, int.MinValue], randomRows: 300);
        var (pg, duck) = AgreeOnBothEngines(package, module, rows);

        int Row(decimal x, int n) => rows.FindIndex(r => r["x"] is decimal d && d == x && r["n"] is int i && i == n);
        foreach (var result in new[] { pg, duck })
        {
            Assert.Equal("0.0714285714285714285714285714", Reference.Canonical(result[Row(0m, 1)].Outputs["seventh_half"]));
            Assert.Equal("0.3571428571428571428571428572", Reference.Canonical(result[Row(0m, 5)].Outputs["seventh_half"]));
        }
        Assert.Equal("1000000000000000000", Reference.Canonical(pg[Row(2000000000000000000.0000000001m, 1)].Outputs["half"]));
        Assert.Equal("1000000000000000000.0000000002", Reference.Canonical(pg[Row(2000000000000000000.0000000003m, 1)].Outputs["half"]));
        Assert.Equal((7922816251426433759.3543950335m / 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Reference.Canonical(pg[Row(7922816251426433759.3543950335m, 1)].Outputs["half"]));
        // DuckDB's DECIMAL(38,28) holds less than 10^10: those rows name the limit.
        Assert.Contains("DuckDB's type for a value computed from a quotient", duck[Row(2000000000000000000.0000000001m, 1)].ErrorMessage, StringComparison.Ordinal);
        Assert.True(duck.Count(r => r.ErrorCode is null) >= rows.Count / 2);
        // 10^28 − 1 divided by 0.1 is past C# decimal's range: the interpreter's overflow, in PostgreSQL too.
        Assert.StartsWith("arithmetic overflow at quotients.rules(", pg[Row(9999999999999999999999999999m, 1)].ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>Generated rows of a made-up module, and every pairing of chosen x and n.</summary>
    private static List<Dictionary<string, object?>> QuotientRows(RulePackage package, ModuleModel module, IEnumerable<decimal> xs, IEnumerable<int> ns,
        int randomRows = 200)
    {
        var rows = GeneratedRows.For(module, randomRows, package);
        foreach (var x in xs)
            foreach (var n in ns)
                rows.Add(new() { ["x"] = x, ["n"] = n, ["at"] = new DateOnly(2019, 1, 1) });
        return rows;
    }

    /// <summary>
    /// Each row's error code and every output of a row the interpreter answers, PostgreSQL's to the 28th decimal; DuckDB's
    /// too, except rows where a value computed from a quotient reaches 10^10, which name that limit. Returns both engines' rows.
    /// </summary>
    private (List<SqlRow> Pg, List<SqlRow> Duck) AgreeOnBothEngines(RulePackage package, ModuleModel module, List<Dictionary<string, object?>> rows)
    {
        var pg = Engines.Postgres(postgres, module, rows, package: package);
        var duck = Engines.DuckDb(module, rows, package: package);
        for (var k = 0; k < rows.Count; k++)
        {
            var expected = Reference.Evaluate(module, rows[k], package: package);
            Assert.True(expected.Error?.Code == pg[k].ErrorCode, $"row {k} (x={rows[k]["x"]}, n={rows[k]["n"]}): interpreter {expected.Error?.Message}, PostgreSQL {pg[k].ErrorMessage}");
            if (expected.Error is null)
                foreach (var (output, value) in expected.Outputs)
                    Assert.True(Reference.Canonical(value) == Reference.Canonical(pg[k].Outputs[output]),
                        $"row {k} (x={rows[k]["x"]}, n={rows[k]["n"]}) {output}: interpreter {Reference.Canonical(value)}, PostgreSQL {Reference.Canonical(pg[k].Outputs[output])}");
        }
        var differences = Reference.Differences(module, rows, duck, package: package);
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));
        return (pg, duck);
    }

    /// <summary>
    /// A product with a quotient may have 56 decimals (66 digits): PostgreSQL's NUMERIC holds them; DuckDB gives the product
    /// of DECIMAL(38,28) and DECIMAL(38,10) the scale 38, so it is computed in HUGEINT pieces there. Both round as C# does,
    /// ties and the sign of a product below 10^-28 included: −10^-10 / 9999999999999999.0 / 150 is −6.7·10^-29, which C#
    /// rounds to −0.0000000000000000000000000001 (made-up rules, no legal figures).
    /// </summary>
    [Fact]
    public void A_product_with_a_quotient_is_the_interpreter_s_on_both_engines()
    {
        var package = Quotients;
        var module = package.FindModule("products")!;
        var rows = QuotientRows(package, module,
            [0m, 1m, -1m, 1.5m, -0.0000000001m, 0.0000000001m, 3.3333333333m, 99999.9999999999m, 9999999999.9999999999m, 123456789012345678.5m],
            [0, 1, 5, -3, 7, int.MaxValue, int.MinValue]);
        var (_, duck) = AgreeOnBothEngines(package, module, rows);
        var row = rows.FindIndex(r => r["x"] is decimal d && d == -0.0000000001m && r["n"] is int i && i == 1);
        Assert.Equal("-0.0000000000000000000000000001", Reference.Canonical(duck[row].Outputs["tiny"]));
        Assert.True(duck.Count(r => r.ErrorCode is null) >= rows.Count / 2, $"DuckDB answered {duck.Count(r => r.ErrorCode is null)} of {rows.Count} rows");
    }

    /// <summary>
    /// A quotient joined with a value that is not one (an if, a match, min and max, a definition's rules): DuckDB would
    /// give the CASE the type DECIMAL(38,10), cutting the quotient to 10 decimals, so the other value is cast to
    /// DECIMAL(38,28) instead; one of 10^10 or more is then an error row naming that limit, where it is the value chosen.
    /// A match whose cases all divide (<c>divided</c>) is one division, rounded once. Made-up rules, no legal figures.
    /// </summary>
    [Fact]
    public void A_quotient_joined_with_another_value_is_the_interpreter_s_on_both_engines()
    {
        var package = Quotients;
        var module = package.FindModule("joins")!;
        var rows = QuotientRows(package, module,
            [0m, 1m, -2.25m, 0.0000000001m, 9999999999.9999999999m, 10000000000m, -123456789012345678.5m],
            [0, 1, 2, 3, -3, int.MaxValue, int.MinValue]);
        var (_, duck) = AgreeOnBothEngines(package, module, rows);
        int Row(List<Dictionary<string, object?>> rows, decimal x, int n) => rows.FindIndex(r => r["x"] is decimal d && d == x && r["n"] is int i && i == n);
        // 1/7 and 1/3 to 28 decimals beside a value with 10: neither is cut.
        Assert.Equal("0.1428571428571428571428571429", Reference.Canonical(duck[Row(rows, 0m, 1)].Outputs["picked"]));
        Assert.Equal("0.3333333333333333333333333333", Reference.Canonical(duck[Row(rows, 1m, 1)].Outputs["matched"]));
        Assert.Contains("DuckDB's type for a value computed from a quotient", duck[Row(rows, 10000000000m, 0)].ErrorMessage, StringComparison.Ordinal);
        Assert.True(duck.Count(r => r.ErrorCode is null) >= rows.Count / 2, $"DuckDB answered {duck.Count(r => r.ErrorCode is null)} of {rows.Count} rows");

        // min(−3/7, 10^10) is the quotient, answered; min(3/7, −10^10) is −10^10, which DECIMAL(38,28) does not hold.
        var least = package.FindModule("least")!;
        var leastRows = QuotientRows(package, least, [10000000000m, -10000000000m, 0.5m], [3, -3]);
        var (_, leastDuck) = AgreeOnBothEngines(package, least, leastRows);
        Assert.Equal("-0.4285714285714285714285714286", Reference.Canonical(leastDuck[Row(leastRows, 10000000000m, -3)].Outputs["least"]));
        Assert.Contains("DuckDB's type for a value computed from a quotient", leastDuck[Row(leastRows, -10000000000m, 3)].ErrorMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// 邯政办字〔2017〕25号 二(二)1: staffing_quota's three ratios (1:19, 1:13.5, 1:12.5 by level) are one division whose
    /// divisor the level chooses, rounded once; with the village school's sum and its half, the statement rounds three
    /// times a row, not five (each rounding finds the unit to drop by comparing with 2^96 = 79228162514264337593543950336).
    /// </summary>
    [Fact]
    public void Staffing_quota_rounds_its_three_ratios_once()
    {
        foreach (var dialect in new[] { SqlDialect.Postgres, SqlDialect.DuckDb })
        {
            var sql = SqlEmitter.Module(TestPackage.Package, TestPackage.Module("staffing_quota"), new SqlStatementOptions(dialect, "t", null));
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(sql, "< 79228162514264337593543950336 THEN 1 "));
        }
    }

    /// <summary>
    /// 邯政办字〔2017〕107号 §二: the land-tax statement (rate × area, no division) holds no value of the wide type and
    /// does not say it does: its text is what it was before quotients were widened.
    /// </summary>
    [Fact]
    public void The_land_tax_statement_has_no_wide_values()
    {
        foreach (var dialect in new[] { SqlDialect.Postgres, SqlDialect.DuckDb })
        {
            var sql = SqlEmitter.Module(TestPackage.Package, TestPackage.Module("land_use_tax_parcel"), new SqlStatementOptions(dialect, "parcels", null));
            Assert.DoesNotContain("quotient", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("(38,28)", sql, StringComparison.Ordinal);
        }
    }
}
