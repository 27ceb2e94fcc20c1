using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Language;

namespace PolicyRules.Analyzers;

/// <summary>
/// One <c>.rules</c> file handed to the compiler as an AdditionalFiles item: its path, its text, and
/// whether it belongs to this project (generate and check it) or to a package already built (only read,
/// for the registry and the types it declares). Value-equatable, so it can travel through an incremental
/// generator pipeline.
/// </summary>
public sealed record RulesFile(string Path, string? Text, bool Reference, string? Namespace)
{
    public const string Extension = ".rules";

    public static bool IsRulesFile(AdditionalText text) => text.Path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    public static RulesFile Read(AdditionalText text, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        var reference = options.TryGetValue("build_metadata.AdditionalFiles.PolicyRulesReference", out var r)
            && string.Equals(r.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        options.TryGetValue("build_metadata.AdditionalFiles.PolicyRulesNamespace", out var ns);
        return new RulesFile(text.Path, text.GetText(cancellationToken)?.ToString(), reference, string.IsNullOrWhiteSpace(ns) ? null : ns!.Trim());
    }
}

/// <summary>
/// The rule files of a compilation, compiled by the one front end (<see cref="RuleCompilation"/>). File
/// names in the model and its diagnostics are relative to the package's root folder (the deepest folder
/// holding every file of this project), '/'-separated: that is what generated code and explanations show.
/// </summary>
public sealed class RulesPackage
{
    private readonly Dictionary<string, RulesFile> _byRelative;

    private RulesPackage(IReadOnlyList<RulesFile> files, Dictionary<string, RulesFile> byRelative, RuleCompilation compilation)
    {
        Files = files; _byRelative = byRelative; Compilation = compilation;
    }

    public IReadOnlyList<RulesFile> Files { get; }
    public RuleCompilation Compilation { get; }

    /// <summary>The file a relative path of the model names, or null.</summary>
    public RulesFile? FileOf(string relativePath) => _byRelative.TryGetValue(relativePath, out var f) ? f : null;

    public bool IsOwn(string relativePath) => FileOf(relativePath) is { Reference: false };

    public static RulesPackage Compile(IEnumerable<RulesFile> files)
    {
        var list = files.Where(f => f.Text is not null).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var own = list.Where(f => !f.Reference).Select(f => f.Path).ToList();
        var references = list.Where(f => f.Reference).Select(f => f.Path).ToList();
        var ownRoot = CommonDirectory(own);
        var referenceRoot = CommonDirectory(references);
        var byRelative = new Dictionary<string, RulesFile>(StringComparer.Ordinal);
        var sources = new List<Language.SourceText>();
        foreach (var f in list)
        {
            var relative = f.Reference ? "(package)/" + Relative(referenceRoot, f.Path) : Relative(ownRoot, f.Path);
            while (byRelative.ContainsKey(relative)) relative = "_" + relative;
            byRelative[relative] = f;
            sources.Add(new Language.SourceText(relative, f.Text!));
        }
        return new RulesPackage(list, byRelative, RuleCompilation.Compile(sources));
    }

    private static string Normalize(string path) => path.Replace('\\', '/');

    private static string Relative(string root, string path)
    {
        var p = Normalize(path);
        return root.Length > 0 && p.StartsWith(root, StringComparison.Ordinal) ? p.Substring(root.Length) : p.Substring(p.LastIndexOf('/') + 1);
    }

    /// <summary>The deepest folder (with its trailing '/') holding every path; "" when there is none.</summary>
    internal static string CommonDirectory(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return "";
        var dirs = paths.Select(p => { var n = Normalize(p); return n.Substring(0, n.LastIndexOf('/') + 1); }).ToList();
        var common = dirs[0];
        foreach (var d in dirs.Skip(1))
        {
            var i = 0;
            while (i < common.Length && i < d.Length && common[i] == d[i]) i++;
            common = common.Substring(0, i);
        }
        var slash = common.LastIndexOf('/');
        return slash < 0 ? "" : common.Substring(0, slash + 1);
    }

    /// <summary>A location in a .rules file for a front-end span (1-based lines and columns, end exclusive).</summary>
    public static Location ToLocation(string path, string text, Language.Diagnostics.TextSpan span)
    {
        var source = Microsoft.CodeAnalysis.Text.SourceText.From(text);
        var lines = source.Lines;
        LinePosition Position(int line, int column)
        {
            if (lines.Count == 0) return new LinePosition(0, 0);
            var l = Math.Max(0, Math.Min(line - 1, lines.Count - 1));
            var c = Math.Max(0, Math.Min(column - 1, lines[l].End - lines[l].Start));
            return new LinePosition(l, c);
        }
        var start = Position(span.Line, span.Column);
        var end = Position(span.EndLine, span.EndColumn);
        if (end < start) end = start;
        var textSpan = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(lines.GetPosition(start), lines.GetPosition(end));
        return Location.Create(path, textSpan, new LinePositionSpan(start, end));
    }
}

/// <summary>
/// Shares one compile of the rule files between the analyzers of one compilation run (the options
/// object, and so its additional files, is the same for every analyzer of a run).
/// </summary>
internal static class RulesPackageCache
{
    private static readonly ConditionalWeakTable<AnalyzerOptions, Lazy<RulesPackage?>> Cache = new();

    public static RulesPackage? Get(AnalyzerOptions options, CancellationToken cancellationToken) =>
        Cache.GetValue(options, o => new Lazy<RulesPackage?>(() => Load(o, cancellationToken))).Value;

    private static RulesPackage? Load(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var files = options.AdditionalFiles.Where(RulesFile.IsRulesFile)
            .Select(t => RulesFile.Read(t, options.AnalyzerConfigOptionsProvider.GetOptions(t), cancellationToken))
            .ToImmutableArray();
        return files.IsEmpty ? null : RulesPackage.Compile(files);
    }
}
