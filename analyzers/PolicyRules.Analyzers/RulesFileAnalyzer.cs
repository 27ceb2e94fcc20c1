using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using DiagnosticDescriptor = Microsoft.CodeAnalysis.DiagnosticDescriptor;
using Diagnostic = Microsoft.CodeAnalysis.Diagnostic;

namespace PolicyRules.Analyzers;

/// <summary>
/// Reports every problem the rule-language front end finds in the project's <c>.rules</c> files
/// (AdditionalFiles) at its line and column in that file: syntax (PR00xx), names and citations — unknown
/// or repealed document, unknown section, missing citation, module period outside its documents
/// (PR01xx) — and types and units (PR02xx). A file the compiler cannot read is PR0002.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RulesFileAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.RuleLanguage;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (!start.Options.AdditionalFiles.Any(RulesFile.IsRulesFile)) return;
            start.RegisterAdditionalFileAction(fileContext =>
            {
                var file = fileContext.AdditionalFile;
                if (!RulesFile.IsRulesFile(file)) return;
                var options = fileContext.Options.AnalyzerConfigOptionsProvider.GetOptions(file);
                var read = RulesFile.Read(file, options, fileContext.CancellationToken);
                if (read.Reference) return; // checked when its own package was built
                if (read.Text is null)
                {
                    fileContext.ReportDiagnostic(Diagnostic.Create(Descriptors.PR0002, Location.Create(file.Path, default, default),
                        Msg.Of("analyzer.unreadable", ("file", file.Path)).Render(Lang.En)));
                    return;
                }
                var package = RulesPackageCache.Get(fileContext.Options, fileContext.CancellationToken);
                if (package is null) return;
                foreach (var d in package.Compilation.Diagnostics)
                {
                    if (package.FileOf(d.Span.File) is not { } owner || owner.Path != file.Path) continue;
                    var descriptor = Descriptors.Find(d.Id);
                    if (descriptor is null) continue;
                    var message = d.Suggestion is null ? d.Message : $"{d.Message}; {d.Suggestion}";
                    var severity = d.Severity switch
                    {
                        Severity.Error => DiagnosticSeverity.Error,
                        Severity.Warning => DiagnosticSeverity.Warning,
                        _ => DiagnosticSeverity.Info,
                    };
                    fileContext.ReportDiagnostic(Diagnostic.Create(descriptor, RulesPackage.ToLocation(file.Path, read.Text, d.Span), severity,
                        additionalLocations: null, properties: null, message));
                }
            });
        });
    }
}
