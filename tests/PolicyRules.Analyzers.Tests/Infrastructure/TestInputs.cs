using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace PolicyRules.Analyzers.Tests.Infrastructure;

/// <summary>An additional file held in memory; a null text stands for a file the compiler cannot read.</summary>
public sealed class InMemoryAdditionalText(string path, string? text) : AdditionalText
{
    public override string Path { get; } = path;
    public override SourceText? GetText(CancellationToken cancellationToken = default) => text is null ? null : SourceText.From(text);
}

/// <summary>Analyzer config options: global build properties and per-file AdditionalFiles metadata.</summary>
public sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, TestOptions> _files = new(StringComparer.Ordinal);

    public TestOptionsProvider(IReadOnlyDictionary<string, string>? global = null)
    {
        GlobalOptions = new TestOptions(global ?? new Dictionary<string, string>());
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public TestOptionsProvider WithFile(string path, IReadOnlyDictionary<string, string> metadata)
    {
        _files[path] = new TestOptions(metadata.ToDictionary(m => "build_metadata.AdditionalFiles." + m.Key, m => m.Value));
        return this;
    }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _files.TryGetValue(textFile.Path, out var o) ? o : TestOptions.Empty;

    public sealed class TestOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly TestOptions Empty = new(new Dictionary<string, string>());
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
