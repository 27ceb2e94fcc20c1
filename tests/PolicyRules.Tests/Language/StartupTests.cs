using PolicyRules.Language;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Tests.Language;

/// <summary>The start-up aids of the front end (benchmarks/results/startup.md).</summary>
public class StartupTests
{
    /// <summary>The lines the CLI parses in the background to build the grammar early must parse: a syntax error there
    /// would stop the warm-up at its first line, and the real parse would pay for the rest again.</summary>
    [Fact]
    public void The_prepare_text_parses_without_a_diagnostic_and_reaches_every_kind_of_declaration()
    {
        var diagnostics = new DiagnosticBag();
        var file = new RuleParser("prepare").ParseFile(RuleCompilation.PrepareText, diagnostics);
        Assert.Empty(diagnostics.Items);
        Assert.NotNull(file);
        Assert.Equal(["DocumentSyntax", "ParameterSyntax", "ModuleSyntax"], file.Declarations.Select(d => d.GetType().Name));
    }

    [Fact]
    public void Preparing_in_the_background_leaves_a_later_compilation_unchanged()
    {
        var source = new SourceText("a.rules", "document d \"x\" { issued 2017-01-01 § 一 \"x\" }\nmodule m { input a: int output b: int cites d §一 = a + 1 }\n");
        var before = RuleCompilation.Compile([source]).Diagnostics.Select(d => d.ToString()).ToList();
        RuleCompilation.PrepareInBackground();
        var after = RuleCompilation.Compile([source]).Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Equal(before, after);
    }
}
