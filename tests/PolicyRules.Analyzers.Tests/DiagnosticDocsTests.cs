using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Diagnostics;
using PolicyRules.Analyzers.Tests.Infrastructure;
using PolicyRules.Language;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;

namespace PolicyRules.Analyzers.Tests;

/// <summary>
/// One page per id of the registry, every analyzer descriptor matching the registry and linking to its page, release
/// tracking listing every id, and the rule-language examples of the pages doing what they say.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    private static readonly string Docs = Path.Combine(Repository.Root, "docs", "diagnostics");

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var d in DiagnosticIds.All) data.Add(d.Id);
        return data;
    }

    [Fact]
    public void The_registry_lists_every_descriptor_field_once()
    {
        var fields = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor)).Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).Order();
        Assert.Equal(fields, DiagnosticIds.All.Select(d => d.Id).Order());
        Assert.Equal(DiagnosticIds.All.Count, DiagnosticIds.All.Select(d => d.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_id_has_a_page_with_a_failing_and_a_passing_example(string id)
    {
        var registered = DiagnosticIds.All.Single(d => d.Id == id);
        var path = Path.Combine(Repository.Root, registered.HelpPath);
        Assert.True(File.Exists(path), $"{registered.HelpPath} is missing");
        var page = File.ReadAllText(path);
        Assert.StartsWith($"# {id}: {registered.Title}\n", page);
        Assert.Contains("## What it means", page);
        Assert.Contains("## Failing example", page);
        Assert.Contains("## Passing example", page);
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Docs, "README.md")));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_page_has_a_Chinese_section_with_the_title_the_example_message_and_how_to_fix(string id)
    {
        var page = File.ReadAllText(Path.Combine(Docs, id + ".md"));
        var at = page.IndexOf("\n## 中文\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"{id}.md has no 中文 section");
        var chinese = page[at..];
        Assert.Matches($@"\n### {id}：[^\n]*\p{{IsCJKUnifiedIdeographs}}", chinese);
        Assert.Matches($@"```\n[^`]*(错误|警告) {id}：[^\n]*\p{{IsCJKUnifiedIdeographs}}[^`]*```", chinese);
        Assert.Contains("\n怎么改：", chinese);
    }

    [Fact]
    public void Every_page_is_for_an_id_of_the_registry()
    {
        var pages = Directory.EnumerateFiles(Docs, "PR*.md").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(DiagnosticIds.All.Select(d => d.Id).Order(), pages);
    }

    [Fact]
    public void The_analyzer_has_one_descriptor_per_registry_id_with_its_title_category_and_help_page()
    {
        Assert.Equal(DiagnosticIds.All.Select(d => (d.Id, d.Title, d.Category, d.HelpUri)),
            Descriptors.All.Select(d => (d.Id, d.Title.ToString(), d.Category, d.HelpLinkUri)));
    }

    [Fact]
    public void Every_diagnostic_an_analyzer_supports_links_to_an_existing_page()
    {
        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        Assert.NotEmpty(analyzers);
        foreach (var d in analyzers.SelectMany(a => a.SupportedDiagnostics))
        {
            Assert.Contains(d, Descriptors.All);
            Assert.Equal(DiagnosticIds.HelpUri(d.Id), d.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Repository.Root, DiagnosticIds.HelpPath(d.Id))), DiagnosticIds.HelpPath(d.Id));
        }
    }

    [Fact]
    public void Help_links_are_absolute_addresses_under_the_documented_base()
    {
        // PolicyRulesDocsUrl in Directory.Build.props, documented in docs/diagnostics/README.md.
        Assert.True(Uri.TryCreate(DiagnosticIds.HelpBaseUrl, UriKind.Absolute, out var baseUri), DiagnosticIds.HelpBaseUrl);
        Assert.Equal("https", baseUri.Scheme);
        Assert.EndsWith("/docs/diagnostics/", DiagnosticIds.HelpBaseUrl);
        foreach (var d in Descriptors.All)
        {
            Assert.True(Uri.TryCreate(d.HelpLinkUri, UriKind.Absolute, out _), d.HelpLinkUri);
            Assert.Equal(DiagnosticIds.HelpBaseUrl + d.Id + ".md", d.HelpLinkUri);
        }
        Assert.Contains("PolicyRulesDocsUrl", File.ReadAllText(Path.Combine(Docs, "README.md")));
    }

    [Fact]
    public void Release_tracking_lists_every_id()
    {
        var unshipped = File.ReadAllText(Path.Combine(Repository.Root, "analyzers", "PolicyRules.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var d in DiagnosticIds.All)
            Assert.Matches($@"(?m)^{d.Id} \| {d.Category} \| {Descriptors.Find(d.Id)!.DefaultSeverity} \|", unshipped);
    }

    public static TheoryData<string> RulePages()
    {
        var data = new TheoryData<string>();
        // PR0114's examples are reform files, applied to the bundled package: ReformTests checks them.
        foreach (var d in DiagnosticIds.All.Where(d => string.CompareOrdinal(d.Id, "PR0300") < 0 && d.Id is not ("PR0002" or "PR0114"))) data.Add(d.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(RulePages))]
    public void The_pages_rule_examples_fail_and_pass_as_they_say(string id)
    {
        var page = File.ReadAllText(Path.Combine(Docs, id + ".md"));
        var registry = Block(File.ReadAllText(Path.Combine(Docs, "README.md")), "## The registry in the examples");
        var failing = RuleCompilation.Compile([new SourceText("registry.rules", registry), new SourceText("tax.rules", Block(page, "## Failing example"))]);
        Assert.Contains(failing.Diagnostics, d => d.Id == id);
        var shown = Regex.Match(page[page.IndexOf("## Failing example", StringComparison.Ordinal)..], "```rules\\n.*?```\\n\\n```\\n(.*?)\\n```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains(failing.Diagnostics.First(d => d.Id == id).ToString(), shown);
        var chinese = page[page.IndexOf("\n## 中文\n", StringComparison.Ordinal)..];
        Assert.Contains(failing.Diagnostics.First(d => d.Id == id).ToString(Lang.Zh), chinese);

        var passing = RuleCompilation.Compile([new SourceText("registry.rules", registry), new SourceText("tax.rules", Block(page, "## Passing example"))]);
        Assert.Empty(passing.Diagnostics);
    }

    /// <summary>The first ```rules block after a heading.</summary>
    private static string Block(string page, string heading)
    {
        var rest = page[page.IndexOf(heading, StringComparison.Ordinal)..];
        return Regex.Match(rest, "```rules\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
    }
}
