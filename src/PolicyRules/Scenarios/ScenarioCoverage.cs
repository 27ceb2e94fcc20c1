using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;

namespace PolicyRules.Scenarios;

/// <summary>One thing a scenario can reach: a definition, a labelled rule, or one branch of an <c>if</c>/<c>match</c>.</summary>
internal sealed record CoverageItem(ModuleModel Module, string Description, TextSpan Span)
{
    /// <summary>An <c>if</c>/<c>match</c> branch (a Cobertura branch), not a definition or rule.</summary>
    public bool IsBranch { get; init; }
}

/// <summary>
/// Which definitions, labelled rules and <c>if</c>/<c>match</c> branches of each module the scenarios reached.
/// Definitions and rules are read from the explanation trace (a step per computed definition, naming the rule
/// that fired); branches come from the evaluator's branch callback.
/// </summary>
internal sealed class ScenarioCoverage
{
    private readonly Dictionary<object, CoverageItem> _items = new();
    private readonly Dictionary<ModuleModel, List<object>> _byModule = new();
    private readonly HashSet<object> _reached = new();
    private readonly List<ModuleModel> _modules;

    /// <summary>Coverage of every module of <paramref name="package"/>, or only of <paramref name="modules"/> (those the selected scenarios use).</summary>
    public ScenarioCoverage(PackageModel package, IEnumerable<ModuleModel>? modules = null)
    {
        var only = modules?.ToHashSet();
        _modules = package.Modules.Where(m => only is null || only.Contains(m)).ToList();
        foreach (var module in _modules) Enumerate(module);
        OnBranch = (expression, branch) => _reached.Add((expression, branch));
    }

    /// <summary>Hand to <see cref="RulePackage.Evaluate(ModuleModel, DateOnly, IReadOnlyDictionary{string, object?}, bool, Action{BoundExpression, int}?)"/>.</summary>
    public Action<BoundExpression, int> OnBranch { get; }

    /// <summary>Marks the definitions and rules an evaluation's trace shows as reached.</summary>
    public void Record(ModuleModel module, EvaluationResult result)
    {
        if (!_byModule.ContainsKey(module)) return;
        foreach (var step in result.Trace)
        {
            if (step.Kind == TraceKind.Input || module.FindDefinition(step.Name) is not { } definition) continue;
            _reached.Add(definition);
            if (step.Rule is not null && definition.Rules.FirstOrDefault(r => r.Label == step.Rule) is { } rule) _reached.Add(rule);
        }
    }

    public int Total => _items.Count;
    public int Covered => _items.Keys.Count(_reached.Contains);
    public decimal Percent => Total == 0 ? 100m : Math.Round(100m * Covered / Total, 1);

    /// <summary>Per module, in package order: how many items, how many reached, and the ones not reached.</summary>
    public IEnumerable<(ModuleModel Module, int Total, int Covered, IReadOnlyList<CoverageItem> Missed)> Modules =>
        _modules.Select(m =>
        {
            var keys = _byModule[m];
            var missed = keys.Where(k => !_reached.Contains(k)).Select(k => _items[k]).ToList();
            return (m, keys.Count, keys.Count - missed.Count, (IReadOnlyList<CoverageItem>)missed);
        });

    /// <summary>Every item of <paramref name="module"/> in source order, and whether a scenario reached it.</summary>
    public IEnumerable<(CoverageItem Item, bool Reached)> Items(ModuleModel module) =>
        _byModule.TryGetValue(module, out var keys) ? keys.Select(k => (_items[k], _reached.Contains(k))) : [];

    /// <summary>The coverage report: a line per module, the items no scenario reached under it, and the total.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        sb.AppendLine("coverage (definitions, labelled rules and if/match branches reached by a scenario):");
        foreach (var (module, total, covered, missed) in Modules)
        {
            sb.Append("  ").Append(module.Name).Append(' ').Append(Pct(covered, total)).Append(" (")
              .Append(covered.ToString(CultureInfo.InvariantCulture)).Append('/').Append(total.ToString(CultureInfo.InvariantCulture)).AppendLine(")");
            foreach (var item in missed)
                sb.Append("      not reached: ").Append(item.Description).Append("   ").AppendLine($"{item.Span.File}({item.Span.Line})");
        }
        sb.Append("  total ").Append(Percent.ToString("0.0", CultureInfo.InvariantCulture)).Append("% (")
          .Append(Covered.ToString(CultureInfo.InvariantCulture)).Append('/').Append(Total.ToString(CultureInfo.InvariantCulture)).AppendLine(")");
        return sb.ToString();
    }

    private static string Pct(int covered, int total) =>
        (total == 0 ? 100m : Math.Round(100m * covered / total, 1)).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    // ---- what there is to reach ---------------------------------------------------------------

    private void Enumerate(ModuleModel module)
    {
        var keys = new List<object>();
        _byModule[module] = keys;
        void Add(object key, string description, TextSpan span)
        {
            _items[key] = new CoverageItem(module, description, span) { IsBranch = key is ValueTuple<BoundExpression, int> };
            keys.Add(key);
        }

        foreach (var input in module.Inputs.Where(i => i.Requires is not null))
            Branches(input.Requires!, $"requires of {input.Name}", Add);
        foreach (var d in module.Definitions)
        {
            Add(d, $"{(d.IsOutput ? "output" : "def")} {d.Name}", d.Span);
            if (d.Value is not null) Branches(d.Value, d.Name, Add);
            foreach (var rule in d.Rules)
            {
                Add(rule, $"{d.Name}: rule {rule.Label}", rule.Span);
                if (rule.When is not null) Branches(rule.When, $"{d.Name}: rule {rule.Label}", Add);
                Branches(rule.Value, $"{d.Name}: rule {rule.Label}", Add);
            }
        }
    }

    private static void Branches(BoundExpression e, string owner, Action<object, string, TextSpan> add) =>
        new BranchFinder(owner, add).Visit(e);

    /// <summary>Adds each branch of every <c>if</c> and <c>match</c> in a tree, in source order.</summary>
    private sealed class BranchFinder(string owner, Action<object, string, TextSpan> add) : BoundWalker
    {
        public override bool VisitIf(BoundIf i)
        {
            add(((BoundExpression)i, 0), $"{owner}: 'if' at line {i.Span.Line}, then", i.Then.Span);
            add(((BoundExpression)i, 1), $"{owner}: 'if' at line {i.Span.Line}, else", i.Else.Span);
            return base.VisitIf(i);
        }

        public override bool VisitMatch(BoundMatch m)
        {
            Visit(m.Subject);
            for (var k = 0; k < m.Cases.Count; k++)
            {
                var patterns = string.Join(", ", m.Cases[k].Patterns.Select(p => ValueText.FormatWithUnit(Interpreter.Literal(p))));
                add(((BoundExpression)m, k), $"{owner}: 'match' at line {m.Span.Line}, case {patterns}", m.Cases[k].Value.Span);
                Visit(m.Cases[k].Value);
            }
            if (m.Else is not null)
            {
                add(((BoundExpression)m, m.Cases.Count), $"{owner}: 'match' at line {m.Span.Line}, else", m.Else.Span);
                Visit(m.Else);
            }
            return true;
        }
    }
}
