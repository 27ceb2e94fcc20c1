using System.Text;
using PolicyRules.Language;
using PolicyRules.Language.Syntax;
using PolicyRules.Language.Model;

namespace PolicyRules.Tests.Language;

/// <summary>
/// Golden files: each <c>golden/good|bad/NNN-topic.rules</c> sits beside <c>NNN-topic.out.txt</c> holding the exact
/// output expected of the front end — a summary of the checked model for good files, the diagnostics for bad ones.
/// Run with POLICYRULES_ACCEPT=1 to rewrite the .out.txt files, then review them in git diff.
/// </summary>
public class GoldenTests
{
    private static string GoldenDir => TestPaths.InRepo("tests", "PolicyRules.Tests", "Language", "golden");

    public static TheoryData<string> Files() => TestPaths.FilesUnder(GoldenDir, "*.rules");

    [Theory]
    [MemberData(nameof(Files))]
    public void Output_matches_golden_file(string file)
    {
        var path = Path.Combine(GoldenDir, file);
        var compilation = RuleCompilation.Compile([new SourceText(file, File.ReadAllText(path))]);
        var actual = Render(compilation);

        if (file.StartsWith("good/", StringComparison.Ordinal))
            Assert.Empty(compilation.Diagnostics);
        else
            Assert.True(compilation.HasErrors, $"{file} is in bad/ but has no errors");

        var expectedPath = Path.ChangeExtension(path, ".out.txt");
        if (Environment.GetEnvironmentVariable("POLICYRULES_ACCEPT") == "1") File.WriteAllText(expectedPath, actual);
        Assert.True(File.Exists(expectedPath), $"missing {expectedPath}; run the tests with POLICYRULES_ACCEPT=1 and review it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Expressions_survive_print_and_reparse(string file)
    {
        var path = Path.Combine(GoldenDir, file);
        var compilation = RuleCompilation.Compile([new SourceText(file, File.ReadAllText(path))]);
        var expressions = compilation.Syntax.SelectMany(f => f.Declarations).OfType<ModuleSyntax>()
            .SelectMany(m => m.Definitions)
            .SelectMany(d => d.Rules.Select(r => r.Value).Prepend(d.Value))
            .Where(e => e is not null).Select(e => e!).ToList();
        if (file.StartsWith("good/", StringComparison.Ordinal)) Assert.NotEmpty(expressions);
        foreach (var e in expressions)
        {
            var printed = Printer.Print(e);
            var bag = new PolicyRules.Language.Diagnostics.DiagnosticBag();
            var reparsed = new RuleParser(file).ParseExpression(printed, bag);
            Assert.True(reparsed is not null, $"'{printed}' did not reparse: {string.Join("; ", bag.Items)}");
            Assert.Equal(printed, Printer.Print(reparsed!));
        }
    }

    internal static string Render(RuleCompilation compilation)
    {
        var sb = new StringBuilder();
        foreach (var d in compilation.Diagnostics) sb.Append(d).Append('\n');
        if (compilation.Diagnostics.Count > 0) return sb.ToString();
        foreach (var p in compilation.Package.Parameters)
        {
            sb.Append($"parameter {p.Name}: {p.Type} {p.Shape.ToString().ToLowerInvariant()}{(p.KeyType is null ? "" : (p.ByRange ? " by range of " : " by ") + p.KeyType)}{(p.Shape == ParameterShape.Scale ? " " + p.Method.ToString().ToLowerInvariant() : "")}\n");
            if (p.BeforeFirstReason is not null) sb.Append($"  before_first not_determinable \"{p.BeforeFirstReason}\" cites {p.BeforeFirstCitation}\n");
            foreach (var v in p.Values)
                sb.Append($"  from {v.From:yyyy-MM-dd} cites {v.Citation}: {(p.Shape == ParameterShape.Value ? v.Value : string.Join(", ", v.Keys.Count > 0 ? v.Keys.Select((k, i) => $"{k} => {v.Entries[i]}") : v.Entries.Select((r, i) => i == 0 ? $"{r}" : $"{(v.Boundaries[i - 1].UpperIncludes ? "[" : "(")}{v.Boundaries[i - 1].Amount} {r}")))}\n");
        }
        foreach (var m in compilation.Package.Modules)
        {
            sb.Append(m.AlwaysInForce ? $"module {m.Name} in force always\n" : $"module {m.Name} in force {m.InForceFrom:yyyy-MM-dd}..{(m.InForceTo is { } t ? t.ToString("yyyy-MM-dd") : "")}\n");
            foreach (var i in m.Inputs) sb.Append($"  input {i.Name}: {i.Type}{(i.RequiresText is null ? "" : " requires " + i.RequiresText)}\n");
            foreach (var d in m.Definitions)
                sb.Append($"  {(d.IsOutput ? "output" : "def")} {d.Name}: {d.Type} cites {string.Join("; ", d.AllCitations)}" +
                          (d.Rules.Count > 0 ? $" rules {string.Join(", ", d.Rules.Select(r => r.ExceptionOf is null ? r.Label : $"{r.Label}<{r.ExceptionOf.Label}"))}" : "") + "\n");
            sb.Append($"  order {string.Join(", ", m.EvaluationOrder.Select(d => d.Name))}\n");
        }
        return sb.ToString();
    }
}
