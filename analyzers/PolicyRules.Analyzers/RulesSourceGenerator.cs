using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using PolicyRules.Analyzers.Generation;

namespace PolicyRules.Analyzers;

/// <summary>
/// Generates one typed C# class per rule module from the project's <c>.rules</c> files (AdditionalFiles):
/// <c>land_use_tax</c> becomes <c>LandUseTax</c> with nested <c>Input</c> and <c>Output</c> records and
/// <c>Evaluate(Input, DateOnly at)</c>, plus the rule enums and records and a <c>RuleRegistry</c> of the
/// documents and calendars. A package with errors generates nothing; <see cref="RulesFileAnalyzer"/>
/// reports the errors at their place in the .rules files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RulesSourceGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for tests of incrementality.</summary>
    internal static class TrackingNames
    {
        public const string Files = "PolicyRules.RulesFiles";
        public const string Sources = "PolicyRules.GeneratedSources";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(RulesFile.IsRulesFile)
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select((pair, ct) => RulesFile.Read(pair.Left, pair.Right.GetOptions(pair.Left), ct))
            .Collect()
            .Select((all, _) => RulesPackageCache.Key(all))
            .WithTrackingName(TrackingNames.Files);

        var ns = context.AnalyzerConfigOptionsProvider.Select((options, _) =>
        {
            string? Property(string name) =>
                options.GlobalOptions.TryGetValue("build_property." + name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
            return Property("PolicyRulesNamespace") ?? Property("RootNamespace") ?? "PolicyRules.Generated";
        });

        var sources = files.Combine(ns).Select((pair, ct) =>
        {
            if (pair.Left.Length == 0) return new EquatableArray<GeneratedSource>(ImmutableArray<GeneratedSource>.Empty);
            // The same compile the analyzers report diagnostics from (RulesPackageCache): the front end runs once per build.
            var package = RulesPackageCache.Get(pair.Left, ct);
            ct.ThrowIfCancellationRequested();
            return new EquatableArray<GeneratedSource>(PackageEmitter.Generate(package, pair.Right).ToImmutableArray());
        }).WithTrackingName(TrackingNames.Sources);

        context.RegisterSourceOutput(sources, static (spc, generated) =>
        {
            foreach (var source in generated) spc.AddSource(source.HintName, source.Text);
        });
    }
}
