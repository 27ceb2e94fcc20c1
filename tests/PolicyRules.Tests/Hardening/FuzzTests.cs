using System.Text;
using CsCheck;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Scenarios;

namespace PolicyRules.Tests.Hardening;

/// <summary>
/// Fuzzing as part of the test suite (issue #10): mutated copies of the package's real rule files, scenario files,
/// JSON questions and CSV files go to the parsers and readers, which must answer with diagnostics, invalid_input
/// errors or a located <see cref="CsvFormatException"/> — never any other exception. Each property runs
/// <c>POLICYRULES_FUZZ_ITERATIONS</c> times (default: the small number below, a few seconds each); a failure prints
/// CsCheck's seed, which reproduces it. A longer run for developers: docs/limits.md, "Fuzzing".
/// </summary>
public class FuzzTests
{
    private static long Iterations(long quick) =>
        long.TryParse(Environment.GetEnvironmentVariable("POLICYRULES_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : quick;

    private static readonly string[] Tokens =
    [
        "\"", "\"\"", ",", "\n", "\r\n", "\r", "(", ")", "[", "]", "{", "}", "#", "§", "=", "=>", "-", ".", ":", "0", "9",
        "99999999999999999999999999999", "1.00000000000000000000000000001", "-2147483648", "\u0000", "\u0001", "\uFEFF",
        "\ud800", "\uFFFF", "元", "%", "年", "月", "日", "：", "＝", "１", "if", "then", "else", "match", "case", "module",
        "input", "output", "cites", "document", "场景", "模块", "日期", "已知", "预期", "依据", "表格", "|", "  ", "\t", "yuan",
        "none", "true", "null", "{}", "[]", "\\u0000", "\\ud800", "1e400", "-0", "2017-02-30", "2017年13月1日", "T24:30",
    ];

    private sealed record Edit(int Kind, double At, int Length, int Token);

    private static readonly Gen<Edit> AnEdit =
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Int[1, 40], Gen.Int[0, Tokens.Length - 1], (k, a, l, t) => new Edit(k, a, l, t));

    /// <summary>A mutation of one of <paramref name="corpus"/>: one to eight deletions, insertions, duplications, truncations.</summary>
    private static Gen<string> Mutated(IReadOnlyList<string> corpus) =>
        Gen.Select(Gen.Int[0, corpus.Count - 1], AnEdit.Array[1, 8], (i, edits) => Apply(corpus[i], edits));

    private static string Apply(string text, Edit[] edits)
    {
        var b = new StringBuilder(text);
        foreach (var e in edits)
        {
            var at = (int)(e.At * b.Length);
            var length = Math.Min(e.Length, b.Length - at);
            switch (e.Kind)
            {
                case 0: b.Remove(at, length); break;
                case 1: b.Insert(at, Tokens[e.Token]); break;
                case 2: b.Insert(at, b.ToString(at, length)); break;
                case 3: b.Length = at; b.Append(Tokens[e.Token]); break;
                default: if (length > 0) { b.Remove(at, 1); b.Insert(at, Tokens[e.Token]); } break;
            }
        }
        return b.ToString();
    }

    private static readonly Lazy<RulePackage> Package = new(() => RulePackage.FromCompilation(RuleCompilation.FromDirectory(TestPaths.Package)));

    private static readonly Lazy<IReadOnlyList<SourceText>> RuleFiles = new(() => RuleCompilation.ReadDirectory(TestPaths.Package));

    [Fact]
    public void Mutated_rule_files_give_diagnostics_not_exceptions()
    {
        var registry = RuleFiles.Value.Where(f => f.Path.Contains("/registry/", StringComparison.Ordinal)).ToList();
        var modules = RuleFiles.Value.Except(registry).ToList();
        Gen.Select(Gen.Int[0, modules.Count - 1], AnEdit.Array[1, 8]).Sample((i, edits) =>
        {
            var mutated = new SourceText(modules[i].Path, Apply(modules[i].Text, edits));
            var compilation = RuleCompilation.Compile([.. registry, mutated]);
            Assert.All(compilation.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
        }, iter: Iterations(60), threads: 1);
    }

    [Fact]
    public void Mutated_scenario_files_give_diagnostics_not_exceptions()
    {
        var files = ScenarioCompilation.ReadDirectory(TestPaths.Package);
        var model = Package.Value.Model;
        Gen.Select(Gen.Int[0, files.Count - 1], AnEdit.Array[1, 8]).Sample((i, edits) =>
        {
            var compiled = ScenarioCompilation.Compile(model, [new SourceText(files[i].Path, Apply(files[i].Text, edits))]);
            var runner = new PolicyRules.Scenarios.ScenarioRunner(Package.Value);
            foreach (var c in compiled.Cases) runner.Run(c).Report();
        }, iter: Iterations(150), threads: 1);
    }

    private static readonly string[] Questions =
    [
        """{"grade": 1, "area_m2": 1000}""",
        """{"地段等级": "2", "面积（平方米）": "1000.5"}""",
        """{"parcels": [{"grades": [1, 2], "area_m2": 100}]}""",
        """{"monthly_wage": "3000 元", "rate": "7.9%", "born": "1980-02-29", "at": "2017-09-01T08:30"}""",
    ];

    [Fact]
    public void Mutated_json_questions_give_invalid_input_not_exceptions()
    {
        var package = Package.Value;
        string[] modules = ["land_use_tax_parcel", "land_use_tax", "medical_insurance_contribution", "stable_post_subsidy"];
        Gen.Select(Mutated(Questions), Gen.Int[0, modules.Length - 1]).Sample((json, m) =>
        {
            var inputs = JsonInput.ParseObject(json, out var error);
            if (inputs is null)
            {
                Assert.Equal(ErrorCodes.InvalidInput, error!.Code);
                return;
            }
            var result = package.Evaluate(modules[m], new DateOnly(2017, 9, 1), inputs, explain: true);
            if (!result.Succeeded) Assert.False(string.IsNullOrEmpty(result.Error!.Message));
            ResultJson.Write(result, includeTrace: true);
        }, iter: Iterations(400), threads: 1);
    }

    [Fact]
    public void Mutated_csv_files_are_read_exactly_or_refused_at_a_line()
    {
        var lines = File.ReadLines(TestPaths.InRepo("samples", "parcels.csv")).Take(40).ToList();
        string[] corpus = [string.Join("\n", lines) + "\n", string.Join("\r\n", lines.Take(10)), "parcel_id,grade,area_m2\n\"P,1\",1,\"1\"\"0\"\n"];
        var compiled = CompiledModule.Compile(Package.Value, "land_use_tax_parcel");
        Mutated(corpus).Sample(text =>
        {
            CsvInput csv;
            try { csv = CsvInput.FromText(text, "fuzz.csv", maxRowChars: 256); }
            catch (CsvFormatException e) { Assert.True(e.Line >= 1 && e.Column >= 1); return; }
            using (csv)
            {
                if (CsvColumns.Problems(compiled.Module, csv.Header, fixedAt: true, outputsBeside: true).Count > 0) return;
                var run = new BulkCsvRun(compiled, csv.Header, new DateOnly(2017, 9, 1), threads: 1, chunkRows: 7);
                using var output = new MemoryStream();
                using var errors = new MemoryStream();
                try
                {
                    var counts = run.Run(csv.Fill, output, errors);
                    Assert.True(counts.Reconciled);
                    // What was written reads back strictly, one record per row out.
                    using var written = CsvInput.FromText(Encoding.UTF8.GetString(output.ToArray()), "out.csv");
                    var rows = 0L;
                    while (written.Read()) rows++;
                    Assert.Equal(counts.RowsOut, rows);
                }
                catch (CsvFormatException e)
                {
                    Assert.True(e.Line >= 1 && e.Column >= 1);
                }
            }
        }, iter: Iterations(400), threads: 1);
    }
}
