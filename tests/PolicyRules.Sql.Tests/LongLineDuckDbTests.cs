using System.Text;
using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Lines longer than DuckDB's reader takes unless told (<c>max_line_size</c>, 2,000,000 bytes): the duckdb engine reads
/// every line the compiled engine reads, and where the compiled engine stops at its own limit (1,048,576 characters a
/// row, <c>CsvInput.DefaultMaxRowChars</c>) it stops with the same words. Figures: 邯政办字〔2017〕107号 §二 has land
/// grades 1 to 5 (grade 7 fails the input's requires); 邯政办字〔2017〕99号 第二十七条, in force from 2017-08-04 for five
/// years, so in force at 2017-09-01; a text that is no document number is not_determinable (module document_in_force).
/// </summary>
public sealed class LongLineDuckDbTests
{
    private const string Parcels = "land_use_tax_parcel";
    private const string Documents = "document_in_force";
    private const int Limit = 1 << 20;   // the compiled engine's row limit, in characters

    /// <summary>Each case: its module and its file's text, each line of interest longer than 2,097,152 bytes.</summary>
    private static (string Module, string Csv) Case(string name)
    {
        var chinese = new string('长', 700_000);   // 700,000 characters, 2,100,000 bytes
        return name switch
        {
            "a long text input" => (Documents, $"document\nhz99\n{chinese}\nhz107\nno such document\n"),
            "a long passed-through cell" => (Parcels, $"parcel_id,grade,area_m2\nP1,1,100\n{chinese},2,100\nP3,7,100\n"),
            "a long quoted cell with line breaks, CRLF and an empty line" =>
                (Parcels, $"parcel_id,grade,area_m2\r\nP1,1,100\r\n\"{chinese[..690_000]}\r\n{chinese[690_000..]}\n\",2,100\r\n\r\nP3,7,100\r\n"),
            "the compiled engine's limit in 4-byte characters" =>
                // 524,286 characters of 4 bytes (two characters each), then 2 and 100: 1,048,576 characters, 2,097,151 bytes.
                (Parcels, $"parcel_id,grade,area_m2\nP1,1,100\n{string.Concat(Enumerable.Repeat("😀", Limit / 2 - 2))},2,100\nP3,7,100\n"),
            "a quoted cell of doubled quotes" =>
                // 600,000 quotes, written twice, and 400,000 characters of 3 bytes: 1,000,000 characters, 2,400,002 bytes.
                (Parcels, $"parcel_id,grade,area_m2\nP1,1,100\n\"{string.Concat(Enumerable.Repeat("\"\"", 600_000))}{chinese[..400_000]}\",2,100\nP3,7,100\n"),
            "a long row with the wrong number of cells" => (Parcels, $"parcel_id,grade,area_m2\nP1,1,100\n{new string(',', 2_100_000)}\nP3,7,100\n"),
            "a header past the compiled engine's limit" => (Parcels, $"parcel_id,grade,area_m2,{chinese}{chinese}\nP1,1,100,x\n"),
            "a row one character past the compiled engine's limit" =>
                (Parcels, $"parcel_id,grade,area_m2\nP1,1,100\n{new string('a', Limit - 4)},2,100\n{new string('长', Limit - 3)},2,100\nP3,7,100\n"),
            _ => throw new ArgumentException(name),
        };
    }

    public static TheoryData<string> Cases() =>
    [
        "a long text input", "a long passed-through cell", "a long quoted cell with line breaks, CRLF and an empty line",
        "the compiled engine's limit in 4-byte characters", "a quoted cell of doubled quotes", "a long row with the wrong number of cells",
        "a row one character past the compiled engine's limit", "a header past the compiled engine's limit",
    ];

    /// <summary>Both engines give the same exit code, standard error (the line naming the engine aside), results and
    /// errors files, byte for byte, in both languages.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_line_longer_than_duckdb_s_default_gives_the_compiled_engine_s_answer_in_both_languages(string name)
    {
        using var dir = new CliRunner.TempFolder();
        var (module, csv) = Case(name);
        var bytes = new UTF8Encoding(false).GetBytes(csv);
        File.WriteAllBytes(dir.File("in.csv"), bytes);
        Assert.True(csv.Split('\n').Max(l => Encoding.UTF8.GetByteCount(l)) > 2_000_000, $"{name}: no line above DuckDB's default limit");
        foreach (var lang in new[] { "en", "zh" })
        {
            var compiled = Run(dir, module, "compiled", lang);
            var duck = Run(dir, module, "duckdb", lang);
            Assert.True(compiled.Exit == duck.Exit, $"{name} ({lang}): compiled exit {compiled.Exit}, duckdb exit {duck.Exit}\n{compiled.Error}\n{duck.Error}");
            Assert.Equal(compiled.Error, duck.Error);
            if (Refused(name) is { } line)
            {
                Assert.Equal(1, duck.Exit);
                Assert.Contains(lang == "en" ? $"({line},1): the row is longer than 1,048,576 characters" : $"第{line}行第1列", duck.Error, StringComparison.Ordinal);
                Assert.False(File.Exists(Output(dir, "duckdb", lang)) || File.Exists(Errors(dir, "duckdb", lang)), $"{name}: a refused run wrote a file");
                continue;
            }
            Assert.True(duck.Exit == 0, duck.Error);
            Assert.Equal(File.ReadAllBytes(Output(dir, "compiled", lang)), File.ReadAllBytes(Output(dir, "duckdb", lang)));
            Assert.Equal(File.ReadAllBytes(Errors(dir, "compiled", lang)), File.ReadAllBytes(Errors(dir, "duckdb", lang)));
        }
        if (Refused(name) is not null) return;
        // The long row came through: as a result, or as an error row at its line.
        var errors = File.ReadAllText(Errors(dir, "duckdb", "en"));
        switch (name)
        {
            case "a long text input":
                Assert.Contains("\n3,not_determinable,", errors, StringComparison.Ordinal);
                Assert.Contains("\n5,not_determinable,", errors, StringComparison.Ordinal);
                break;
            case "a long row with the wrong number of cells":
                Assert.Contains("\n3,invalid_input,,", errors, StringComparison.Ordinal);
                Assert.Contains("\n4,invalid_input,grade,", errors, StringComparison.Ordinal);
                break;
            case "a long quoted cell with line breaks, CRLF and an empty line":
                Assert.Contains("\n7,invalid_input,grade,", errors, StringComparison.Ordinal);
                Assert.EndsWith("\",2,100,18,1800\n", File.ReadAllText(Output(dir, "duckdb", "en")), StringComparison.Ordinal);
                break;
            default:
                // A grade 2 parcel of 100 m² at 18 yuan a square metre (107号 §二).
                Assert.Contains("\n4,invalid_input,grade,", errors, StringComparison.Ordinal);
                Assert.EndsWith(",2,100,18,1800\n", File.ReadAllText(Output(dir, "duckdb", "en")), StringComparison.Ordinal);
                break;
        }
    }

    /// <summary>Under a memory limit the duckdb engine reads with smaller buffers; they still hold the longest line.</summary>
    [Fact]
    public void A_long_line_is_read_under_a_memory_limit()
    {
        using var dir = new CliRunner.TempFolder();
        var (module, csv) = Case("a long quoted cell with line breaks, CRLF and an empty line");
        File.WriteAllText(dir.File("in.csv"), csv);
        var compiled = Run(dir, module, "compiled", "en");
        Directory.CreateDirectory(dir.File("limited"));
        var duck = CliRunner.Run("run", "--engine", "duckdb", "--memory-limit", "64MB", "--rules", TestPackage.PackagePath, "--module", module,
            "--input", dir.File("in.csv"), "--output", Path.Combine(dir.File("limited"), "en.csv"), "--at", "2017-09-01");
        Assert.True(compiled.Exit == 0, compiled.Error);
        Assert.True(duck.Exit == 0, duck.Error);
        Assert.Equal(File.ReadAllBytes(Output(dir, "compiled", "en")), File.ReadAllBytes(Output(dir, "limited", "en")));
        Assert.Equal(File.ReadAllBytes(Errors(dir, "compiled", "en")), File.ReadAllBytes(Errors(dir, "limited", "en")));
    }

    /// <summary>The line where both engines stop, for the cases past the compiled engine's limit. In the row case the second
    /// long row has 1,048,573 + 1 + 3 = 1,048,577 characters; the first, 1,048,572 + 1 + 3, is read.</summary>
    private static int? Refused(string name) => name switch
    {
        "a row one character past the compiled engine's limit" => 4,
        "a header past the compiled engine's limit" => 1,
        _ => null,
    };

    private static string Output(CliRunner.TempFolder dir, string engine, string lang) => Path.Combine(dir.File(engine), lang + ".csv");

    private static string Errors(CliRunner.TempFolder dir, string engine, string lang) => Path.Combine(dir.File(engine), lang + ".errors.csv");

    private static (int Exit, string Error) Run(CliRunner.TempFolder dir, string module, string engine, string lang)
    {
        Directory.CreateDirectory(dir.File(engine));
        var result = CliRunner.Run("run", "--engine", engine, "--rules", TestPackage.PackagePath, "--module", module, "--input", dir.File("in.csv"),
            "--output", Output(dir, engine, lang), "--at", "2017-09-01", "--lang", lang);
        var error = string.Join("\n", result.Error.ReplaceLineEndings("\n").Split('\n')
            .Where(l => !l.StartsWith("run: engine", StringComparison.Ordinal) && !l.StartsWith("run：引擎", StringComparison.Ordinal)));
        return (result.Exit, error.Replace(dir.File(engine), "OUT", StringComparison.Ordinal));
    }
}
