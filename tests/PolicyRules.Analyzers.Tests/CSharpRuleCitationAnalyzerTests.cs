using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Tests.Infrastructure;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// Hand-written C# rules: a class implementing IRule or marked [Rule] must carry [Cites] (PR0401), naming a document
/// of the registry (PR0103), a section it lists (PR0104), and no repealed document (PR0105). [|…|] marks the place.
/// </summary>
public sealed class CSharpRuleCitationAnalyzerTests
{
    private const string RegistryPath = "/pkg/registry.rules";

    public static TheoryData<string, string> Positive() => new()
    {
        {
            "PR0401",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            public sealed class [|GradeOneRate|]
            {
                public PolicyRules.Money PerSquareMetre => PolicyRules.Money.Yuan(25m);
            }
            """
        },
        {
            "PR0401",
            """
            using System;
            using PolicyRules.Rules;

            namespace Demo;

            public sealed class [|AnnualTax|] : IRule<decimal, PolicyRules.Money>
            {
                public PolicyRules.Money Evaluate(decimal areaM2, DateOnly at) => PolicyRules.Money.Yuan(25m) * areaM2;
            }
            """
        },
        {
            "PR0401",
            """
            using PolicyRules.Rules;

            namespace Demo;

            public abstract class TaxRule : IRule { }

            public sealed class [|GradeTwoRate|] : TaxRule { }
            """
        },
        {
            "PR0103",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule, Cites([|"邯政办字〔2017〕170号"|], "二")]
            public sealed class GradeOneRate { }
            """
        },
        {
            "PR0103",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule, Cites("邯政办字〔2017〕107号", "二")]
            public sealed class GradeOneRate
            {
                [Cites([|"hz701"|])]
                public int Grade => 1;
            }
            """
        },
        {
            "PR0104",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            [Cites("邯政办字〔2017〕107号", [|"九"|])]
            public sealed class GradeOneRate { }
            """
        },
        {
            "PR0105",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            [Cites([|"〔2014〕26号"|])]
            public sealed class OldGradeOneRate { }
            """
        },
    };

    public static TheoryData<string, string> Negative() => new()
    {
        {
            "PR0401",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule]
            [Cites("邯政办字〔2017〕107号", "二")]
            public sealed class GradeOneRate { }

            public abstract class TaxRule : IRule { }

            public sealed class NotARule { }
            """
        },
        {
            "PR0103",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule, Cites("hz107", "二")]
            public sealed class GradeOneRate { }
            """
        },
        {
            "PR0104",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule, Cites("邯政办字〔2017〕107号")]
            public sealed class GradeOneRate { }
            """
        },
        {
            "PR0105",
            """
            using PolicyRules.Rules;

            namespace Demo;

            [Rule, Cites("邯政办字 〔2017〕 107号", "三")]
            public sealed class Repeal { }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Positive))]
    public async Task Reports_at_the_marked_place(string id, string marked)
    {
        var markup = Markup.Parse(marked);
        var diagnostics = await Analyze(markup.Text);
        Assert.Equal(markup.Spans.Select(s => (id, s)), diagnostics.Select(d => (d.Id, d.Location.SourceSpan)));
        Assert.All(diagnostics, d => Assert.Equal(PolicyRules.Language.Diagnostics.DiagnosticIds.HelpUri(id), d.Descriptor.HelpLinkUri));
    }

    [Theory]
    [MemberData(nameof(Negative))]
    public async Task Reports_nothing_for_a_rule_that_cites_correctly(string id, string source)
    {
        var diagnostics = await Analyze(source);
        Assert.True(diagnostics.IsEmpty, $"{id}: " + string.Join("\n", diagnostics));
    }

    [Fact]
    public async Task The_PR0401_message_names_the_class_and_why_it_is_a_rule()
    {
        var diagnostics = await Analyze("using PolicyRules.Rules; [Rule] public sealed class GradeOneRate { }");
        Assert.Equal("'GradeOneRate' is marked [Rule] but cites no provision; add [Cites(\"DOCUMENT NUMBER\", \"SECTION\")] naming where the law says it",
            Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public async Task The_PR0104_message_lists_the_sections()
    {
        var diagnostics = await Analyze("using PolicyRules.Rules; [Rule, Cites(\"hz107\", \"第九条\")] public sealed class GradeOneRate { }");
        Assert.Equal("邯政办字〔2017〕107号 has no section §第九条; its sections are §一, §二, §三", Assert.Single(diagnostics).GetMessage());
    }

    [Fact]
    public async Task Without_a_registry_only_the_missing_citation_is_reported()
    {
        var diagnostics = await TestCompilation.AnalyzeAsync(
            ["using PolicyRules.Rules; [Rule] public sealed class A { } [Rule, Cites(\"no such document\")] public sealed class B { }"], []);
        Assert.Equal(["PR0401"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public async Task PR0401_tells_the_code_fix_which_documents_may_be_cited()
    {
        var diagnostics = await Analyze("using PolicyRules.Rules; [Rule] public sealed class A { }");
        Assert.Equal("邯政办字〔2017〕107号", Assert.Single(diagnostics).Properties[CSharpRuleCitationAnalyzer.DocumentsProperty]);
    }

    private static Task<ImmutableArray<Diagnostic>> Analyze(string source) =>
        TestCompilation.AnalyzeAsync([source], [TestCompilation.Rules(RegistryPath, RulesFileAnalyzerTests.Registry)]);
}
