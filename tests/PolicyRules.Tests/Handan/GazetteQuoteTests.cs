using System.Text;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Handan;

/// <summary>
/// Every section text the Handan package quotes from the gazette (what an explanation shows after "by …") occurs in
/// the gazette's OCR text, once spaces and punctuation are normalised. A quote shortened with "……" is checked part by
/// part. Where a quote corrects the OCR, the correction is listed in <see cref="OcrFixes"/> and must be noted in the
/// document's registry note, quoting the OCR's own text (shared/gazette/README.md: never correct silently).
/// </summary>
public class GazetteQuoteTests
{
    /// <summary>The gazette beside the repository: ../shared/gazette from the repository root (CI and the worktrees).</summary>
    private static string GazettePath => Path.GetFullPath(Path.Combine(TestPaths.RepoRoot, "..", "shared", "gazette", "000_aac9fd59099b2853.txt"));

    /// <summary>A correction of the OCR text: the document, the gazette's text as printed, and the text the package quotes instead.</summary>
    public sealed record OcrFix(string Alias, string Printed, string Quoted, string Why);

    public static readonly OcrFix[] OcrFixes =
    [
        // Gazette lines 121–123: a page break doubles 的 ("用于职业教育的" / "的比例不低于30%的政策").
        new("hz24", "用于职业教育的的比例", "用于职业教育的比例", "a page break doubles 的"),
        // Gazette lines 173, 223, 225 and 541: the OCR reads 学 as the traditional 學 in 中小学生.
        new("hz25", "中小學生", "中小学生", "the OCR prints the traditional 學"),
        new("hz99", "中小學生", "中小学生", "the OCR prints the traditional 學"),
    ];

    private static readonly Lazy<PackageModel> Package = new(() => RulePackage.Load(TestPaths.Package).Model);
    private static readonly Lazy<string> Gazette = new(() => Normalize(File.ReadAllText(GazettePath)));

    /// <summary>
    /// White space is dropped, full-width forms become half-width, and each family of punctuation the OCR and
    /// the registry write differently becomes one mark (quotation marks, book-title marks, commas and 、, full stops,
    /// dashes), so "111 号", "（〔2014〕26 号）" and "(二)" compare with the registry's "111号", "（〔2014〕26号）" and "（二）".
    /// Letters, digits and Chinese text are kept as they are.
    /// </summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) continue;
            // Full-width ASCII forms (U+FF01–U+FF5E) to ASCII, by hand: the test host may run without ICU.
            var c = ch is >= '\uFF01' and <= '\uFF5E' ? (char)(ch - 0xFEE0) : ch;
            sb.Append(c switch
            {
                '“' or '”' or '「' or '」' or '『' or '』' or '\'' or '‘' or '’' => '"',
                '〈' or '《' => '<',
                '〉' or '》' => '>',
                '【' or '[' => '〔',
                '】' or ']' => '〕',
                '，' or '、' or '﹐' => ',',
                '．' or '。' => '.',
                '—' or '–' or '－' => '-',
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>
    /// The sentences of a quote, split at its elisions (…… or …) and full stops, normalised, empty parts dropped. A
    /// section that opens with its heading ("主要任务。…") joins with a full stop what the gazette prints on two lines.
    /// </summary>
    public static IReadOnlyList<string> Parts(string quote) =>
        quote.Split(['…', '。'], StringSplitOptions.RemoveEmptyEntries).Select(Normalize)
            .Select(p => p.Trim(',', '.', ';', ':'))
            .Where(p => p.Length > 0).ToList();

    public static TheoryData<string, string> Sections()
    {
        var data = new TheoryData<string, string>();
        foreach (var d in Package.Value.Documents.Where(d => !d.External))
            foreach (var s in d.Sections.Where(s => !string.IsNullOrEmpty(s.Text)))
                data.Add(d.Alias, s.Path);
        return data;
    }

    [Fact]
    public void The_gazette_text_is_present()
    {
        Assert.True(File.Exists(GazettePath), $"the gazette text is expected at {GazettePath} (../shared/gazette from the repository root)");
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Every_quoted_part_of_a_section_occurs_in_the_gazette(string alias, string path)
    {
        var document = Package.Value.Documents.Single(d => d.Alias == alias);
        var text = document.SectionsByPath[path].Text!;
        var gazette = Gazette.Value;
        foreach (var fix in OcrFixes.Where(f => f.Alias == alias))
            gazette = gazette.Replace(Normalize(fix.Printed), Normalize(fix.Quoted));
        var missing = Parts(text).Where(p => !gazette.Contains(p, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0,
            $"{document.Number} §{path}: not in the gazette text (after normalising spaces and punctuation): {string.Join(" | ", missing)}");
    }

    [Fact]
    public void Every_ocr_fix_corrects_text_the_gazette_prints_and_is_noted()
    {
        var gazette = Gazette.Value;
        Assert.All(OcrFixes, fix =>
        {
            Assert.Contains(Normalize(fix.Printed), gazette);
            var document = Package.Value.Documents.Single(d => d.Alias == fix.Alias);
            var quoted = document.Sections.Any(s => s.Text is not null && Normalize(s.Text).Contains(Normalize(fix.Quoted), StringComparison.Ordinal));
            Assert.True(quoted, $"{fix.Alias}: no section quotes the corrected text “{fix.Quoted}”; the fix is no longer needed");
            Assert.True(document.Note?.Contains(fix.Printed, StringComparison.Ordinal) == true,
                $"{fix.Alias}: the registry note must record the OCR fix, quoting the printed text “{fix.Printed}” ({fix.Why})");
        });
    }

    [Theory]
    [InlineData("邯政办字〔2017〕111 号", "邯政办字〔2017〕111号")]
    [InlineData("（〔2014〕26 号）", "(〔2014〕26号)")]
    [InlineData("“十三五”", "\"十三五\"")]
    [InlineData("不低于30%", "不低于30%")]
    public void Normalising_drops_spaces_and_unifies_punctuation(string text, string expected) =>
        Assert.Equal(expected, Normalize(text));

    [Fact]
    public void A_quote_that_is_not_in_the_gazette_is_found_out()
    {
        // 107号 §二 prints 一级地段 25 元; a quote of 26 元 must not pass.
        Assert.Contains(Parts("一级地段 25 元")[0], Gazette.Value);
        Assert.DoesNotContain(Parts("一级地段 26 元")[0], Gazette.Value);
    }

    public static TheoryData<string> RegistryFiles() => TestPaths.FilesUnder(Path.Combine(TestPaths.Package, "registry"), "*.rules");

    [Theory]
    [MemberData(nameof(RegistryFiles))]
    public void A_registry_header_points_at_the_line_that_prints_the_document_number(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Package, "registry", file));
        var header = System.Text.RegularExpressions.Regex.Match(text, @"^# (\S+) — gazette 2017 No\. 4, from line (\d+) of the OCR text");
        if (!header.Success) return; // external.rules: outside documents, not in the gazette
        var line = File.ReadLines(GazettePath).ElementAt(int.Parse(header.Groups[2].Value) - 1);
        Assert.Equal(Normalize(header.Groups[1].Value), Normalize(line));
    }
}
