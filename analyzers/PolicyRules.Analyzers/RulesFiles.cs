using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PolicyRules.Analyzers.Generation;
using PolicyRules.Language;

namespace PolicyRules.Analyzers;

/// <summary>
/// One <c>.rules</c> file handed to the compiler as an AdditionalFiles item: its path, its text, and
/// whether it belongs to this project (generate and check it) or to a package already built (only read,
/// for the registry and the types it declares). Value-equatable, so it can travel through an incremental
/// generator pipeline.
/// </summary>
internal sealed record RulesFile(string Path, string? Text, bool Reference, string? Namespace)
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
internal sealed class RulesPackage
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
/// The one compile of a project's rule files per build, shared by the source generator and the analyzers: keyed by
/// the files themselves (paths, texts, options), so the generator and every analyzer of a run — which see the same
/// files — get the same <see cref="RulesPackage"/>, and the front end runs once. A compile is not cancelled half-way
/// (the front end takes no token; a caller checks its own token before and after), so nobody's token is kept, and a
/// compile that throws is not cached: the next caller tries again. Only the last few packages are kept, so a
/// long-lived compiler server does not hold on to old ones.
/// </summary>
internal static class RulesPackageCache
{
    private const int Capacity = 8;
    private static readonly object Gate = new();
    private static readonly List<KeyValuePair<EquatableArray<RulesFile>, Lazy<RulesPackage>>> Entries = new();

    /// <summary>How many times the front end ran, for tests.</summary>
    internal static int Compiles;

    /// <summary>The project's rule files in the order the cache keys them (by path), as the generator and the analyzers both read them.</summary>
    public static EquatableArray<RulesFile> Key(IEnumerable<RulesFile> files) =>
        new(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray());

    // The files of an analyzer run, read once per options object (the same for every analyzer and callback of a run).
    private static readonly ConditionalWeakTable<AnalyzerOptions, StrongBox<EquatableArray<RulesFile>>> FilesOfRun = new();

    /// <summary>The package of the rules files of an analyzer run; null when there are none.</summary>
    public static RulesPackage? Get(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var files = FilesOfRun.GetValue(options, o => new StrongBox<EquatableArray<RulesFile>>(Key(o.AdditionalFiles.Where(RulesFile.IsRulesFile)
            .Select(t => RulesFile.Read(t, o.AnalyzerConfigOptionsProvider.GetOptions(t), cancellationToken))))).Value;
        return files.Length == 0 ? null : Get(files, cancellationToken);
    }

    public static RulesPackage Get(EquatableArray<RulesFile> files, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Lazy<RulesPackage> entry;
        lock (Gate)
        {
            var index = Entries.FindIndex(e => e.Key.Equals(files));
            if (index >= 0)
            {
                entry = Entries[index].Value;
                Entries.RemoveAt(index);
            }
            else
            {
                entry = new Lazy<RulesPackage>(() =>
                {
                    Interlocked.Increment(ref Compiles);
                    return RulesPackage.Compile(files);
                }, LazyThreadSafetyMode.ExecutionAndPublication);
                if (Entries.Count == Capacity) Entries.RemoveAt(0);
            }
            Entries.Add(new(files, entry));
        }
        try
        {
            return entry.Value;
        }
        catch
        {
            lock (Gate) Entries.RemoveAll(e => ReferenceEquals(e.Value, entry));
            throw;
        }
    }
}
