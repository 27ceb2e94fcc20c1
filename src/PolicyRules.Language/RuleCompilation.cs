using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using PolicyRules.Language.Binding;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language;

/// <summary>
/// A rule or scenario file's path (as it should appear in diagnostics) and its text; <paramref name="ReadError"/> when
/// the file could not be read as text (it is reported instead of being parsed).
/// </summary>
public sealed record SourceText(string Path, string Text, Diagnostic? ReadError = null);

/// <summary>
/// The one front end: parse every file, bind and type-check the package, and keep every diagnostic.
/// The CLI, the runtime and the source generator all go through here.
/// </summary>
public sealed partial class RuleCompilation
{
    private RuleCompilation(PackageModel package, IReadOnlyList<RuleFileSyntax> syntax, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<ParsedFile> parsed)
    {
        Package = package; Syntax = syntax; Diagnostics = diagnostics; _parsed = parsed;
    }

    /// <summary>Each file's syntax and parse diagnostics, kept for <see cref="WithReform(SourceText)"/>.</summary>
    private readonly IReadOnlyList<ParsedFile> _parsed;

    /// <summary>The checked package; complete only when there are no errors.</summary>
    public PackageModel Package { get; }
    internal IReadOnlyList<RuleFileSyntax> Syntax { get; }
    /// <summary>Every diagnostic of every file, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    /// <summary>Whether any diagnostic is an error, so that the package cannot be evaluated.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>
    /// Parsing and binding recurse once per nesting level, and the parser combinators several frames a level: they
    /// run on a thread with a large stack, so that an absurdly nested rule gets its diagnostic (<see cref="NestingLimit"/>)
    /// instead of ending the process. The stack is reserved, not committed, until used.
    /// </summary>
    private const int StackBytes = 256 * 1024 * 1024;

    /// <summary>Parses, binds and type-checks the rule files of one package; problems become diagnostics, never exceptions.</summary>
    public static RuleCompilation Compile(IEnumerable<SourceText> sources) => Compile(sources, null);

    /// <summary>
    /// Compiles the package and, when <paramref name="reform"/> is given and the package has no errors, applies that
    /// <c>.reform</c> file to it (<see cref="PackageModel.Reform"/>): its diagnostics join the package's.
    /// </summary>
    public static RuleCompilation Compile(IEnumerable<SourceText> sources, SourceText? reform)
    {
        var list = sources.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        PhaseTimings.Mark("read files");
        var parsed = new ParsedFile[list.Count];
        var next = -1;
        // Files are parsed independently (a parse keeps its state per thread), so up to one thread per core takes the next
        // file until none is left; binding then runs on the first thread. Each file's diagnostics are kept apart and joined in
        // file order, so the result is the same whatever the number of threads.
        void ParseFiles()
        {
            int k;
            while ((k = System.Threading.Interlocked.Increment(ref next)) < list.Count) parsed[k] = Parse(list[k]);
        }
        var helpers = new List<System.Threading.Thread>();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<System.Runtime.ExceptionServices.ExceptionDispatchInfo>();
        System.Threading.Thread OnLargeStack(Action work)
        {
            var thread = new System.Threading.Thread(() =>
            {
                try { work(); }
                catch (Exception e) { failures.Enqueue(System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e)); }
            }, StackBytes);
            thread.Start();
            return thread;
        }
#if NETSTANDARD2_0
        // Inside the compiler (the analyzers' build): one thread; the compiler runs its own work in parallel.
        const int threads = 1;
#else
        var threads = Environment.ProcessorCount;
#endif
        for (var k = 1; k < Math.Min(threads, list.Count); k++) helpers.Add(OnLargeStack(ParseFiles));
        RuleCompilation? result = null;
        OnLargeStack(() =>
        {
            ParseFiles();
            foreach (var helper in helpers) helper.Join();
            PhaseTimings.Mark("parse");
            if (failures.IsEmpty) result = CompileHere(parsed, reform);
        }).Join();
        if (failures.TryDequeue(out var failure)) failure.Throw();
        return result!;
    }

    /// <summary>
    /// This package with the <c>.reform</c> file <paramref name="reform"/> applied, from the rule files already parsed here:
    /// they are bound again into a new model (a reform replaces parameter values in the model it is applied to, and this
    /// compilation's model stays as it is) but not read or parsed again. The result is what <see cref="Compile(IEnumerable{SourceText}, SourceText?)"/>
    /// gives for the same files and reform.
    /// </summary>
    public RuleCompilation WithReform(SourceText reform)
    {
        var parsed = _parsed;
        RuleCompilation? result = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure = null;
        var thread = new System.Threading.Thread(() =>
        {
            try { result = CompileHere(parsed, reform); }
            catch (Exception e) { failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }, StackBytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    /// <summary>
    /// Builds the rule grammar and runs it once over a few lines, on a background thread: the first parse in a process
    /// loads and binds hundreds of parser types, which a host that is about to compile a package (the CLI, while it
    /// reads its command line and the package's files) need not wait for on its own thread. Safe to call any number of
    /// times; the grammar is built once whoever comes first.
    /// </summary>
    internal static void PrepareInBackground()
    {
        var thread = new System.Threading.Thread(() => new RuleParser("prepare").ParseFile(PrepareText, new DiagnosticBag()), StackBytes)
        {
            IsBackground = true,
        };
        thread.Start();
    }

    /// <summary>A few lines that reach the common productions (declarations, clauses, expressions, literals).</summary>
    internal const string PrepareText = """
        document d "x" { issued 2017-01-01 in_force from 2017-01-01 § 一 "x" }
        parameter p: money label "x" by int { from 2017-01-01 = { 1 => 2 yuan } cites d §一 }
        module m label "x" {
          input a: int label "x" requires a >= 1 and a <= 5
          def b: decimal = if a > 1 then a * 2.5 else max(a, 1)
          output c: money cites d §一 = match a { case 1 => p(a) else => 0 yuan }
        }
        """;

    private readonly struct ParsedFile
    {
        public ParsedFile(RuleFileSyntax? file, DiagnosticBag diagnostics) { File = file; Diagnostics = diagnostics; }
        public RuleFileSyntax? File { get; }
        public DiagnosticBag Diagnostics { get; }
    }

    private static ParsedFile Parse(SourceText source)
    {
        var diagnostics = new DiagnosticBag();
        if (source.ReadError is not null) { diagnostics.Add(source.ReadError); return new ParsedFile(null, diagnostics); }
        return new ParsedFile(new RuleParser(source.Path).ParseFile(source.Text, diagnostics), diagnostics);
    }

    private static RuleCompilation CompileHere(IReadOnlyList<ParsedFile> parsed, SourceText? reform)
    {
        var diagnostics = new DiagnosticBag();
        var files = new List<RuleFileSyntax>();
        foreach (var p in parsed)
        {
            diagnostics.AddRange(p.Diagnostics.Items);
            if (p.File is not null) files.Add(p.File);
        }
        var package = Binder.Bind(files, diagnostics);
        PhaseTimings.Mark("bind");
        if (reform is not null && !diagnostics.Items.Any(d => d.IsError))
        {
            if (reform.ReadError is not null) diagnostics.Add(reform.ReadError);
            else if (new RuleParser(reform.Path).ParseReform(reform.Text, diagnostics) is { } syntax)
                ReformBinder.Apply(package, files, syntax, reform.Path, diagnostics);
            PhaseTimings.Mark("reform");
        }
        var ordered = diagnostics.Items.OrderBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column).ToList();
        return new RuleCompilation(package, files, ordered, parsed);
    }
}
