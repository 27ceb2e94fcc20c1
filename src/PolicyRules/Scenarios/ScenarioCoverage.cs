using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Scenarios;

/// <summary>One thing a scenario can reach: a definition, a labelled rule, or one branch of an <c>if</c>/<c>match</c>.</summary>
internal sealed record CoverageItem(ModuleModel Module, Msg Text, TextSpan Span)
{
    /// <summary>What the item is, in English (the JSON report's <c>item</c>).</summary>
    public string Description => Text.Render(Lang.En);

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
    // Scenarios under a reform run in the reformed package, a second binding of the same rule files: its modules are found
    // here by name and its if/match expressions by their span, so that their runs count towards the items of the package.
    private readonly Dictionary<string, ModuleModel> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<TextSpan, BoundExpression> _bySpan = new();
    private readonly HashSet<object> _reachedWithoutReform = new();
    private readonly Dictionary<string, (int Runs, HashSet<object> Reached)> _reforms = new(StringComparer.Ordinal);

    /// <summary>Coverage of every module of <paramref name="package"/>, or only of <paramref name="modules"/> (those the selected scenarios use).</summary>
    public ScenarioCoverage(PackageModel package, IEnumerable<ModuleModel>? modules = null)
    {
        var only = modules?.ToHashSet();
        var names = only?.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        _modules = package.Modules.Where(m => names is null || names.Contains(m.Name)).ToList();
        foreach (var module in _modules) { _byName[module.Name] = module; Enumerate(module); }
        OnBranch = (expression, branch) => Reach((expression, branch), null);
    }

    /// <summary><see cref="OnBranch"/> for a run in the package with the reform <paramref name="reform"/> applied.</summary>
    public Action<BoundExpression, int> OnBranchUnder(string reform) => (expression, branch) =>
    {
        if (_bySpan.TryGetValue(expression.Span, out var same)) Reach((same, branch), reform);
    };

    private void Reach(object item, string? reform)
    {
        _reached.Add(item);
        if (reform is null) _reachedWithoutReform.Add(item);
        else Reform(reform).Reached.Add(item);
    }

    private (int Runs, HashSet<object> Reached) Reform(string reform) =>
        _reforms.TryGetValue(reform, out var r) ? r : _reforms[reform] = (0, new HashSet<object>());

    /// <summary>Per reform that scenarios ran under, in the order first run: how many runs, and how many items were reached
    /// under it and by no scenario without a reform.</summary>
    public IEnumerable<(string Reform, int Runs, int OnlyUnder)> Reforms =>
        _reforms.Select(r => (r.Key, r.Value.Runs, r.Value.Reached.Count(i => _items.ContainsKey(i) && !_reachedWithoutReform.Contains(i))));

    /// <summary>Hand to <see cref="RulePackage.Evaluate(ModuleModel, DateOnly, IReadOnlyDictionary{string, object?}, bool, Action{BoundExpression, int}?, bool)"/>.</summary>
    public Action<BoundExpression, int> OnBranch { get; }

    /// <summary>Marks the definitions and rules an evaluation's trace shows as reached; <paramref name="reform"/> names the
    /// reform the run was under (its module is then the reformed package's, matched to the package's by name).</summary>
    public void Record(ModuleModel module, EvaluationResult result, string? reform = null)
    {
        if (reform is not null) { var r = Reform(reform); _reforms[reform] = (r.Runs + 1, r.Reached); }
        if (!_byName.TryGetValue(module.Name, out var own)) return;
        foreach (var step in result.Trace)
        {
            if (step.Kind == TraceKind.Input || own.FindDefinition(step.Name) is not { } definition) continue;
            Reach(definition, reform);
            if (step.Rule is not null && definition.Rules.FirstOrDefault(r => r.Label == step.Rule) is { } rule) Reach(rule, reform);
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

    /// <summary>The coverage report in <paramref name="lang"/>: a line per module, the items no scenario reached under it, and the total.</summary>
    public string Report(Lang lang = Lang.En)
    {
        var sb = new StringBuilder();
        void Line(Msg line) => sb.AppendLine(line.Render(lang));
        Line(Msg.Of("coverage.heading"));
        foreach (var (module, total, covered, missed) in Modules)
        {
            Line(Msg.Of("coverage.module", ("module", module.Name), ("percent", Pct(covered, total)), ("covered", covered), ("total", total)));
            foreach (var item in missed)
                Line(Msg.Of("coverage.not_reached", ("item", item.Text), ("file", item.Span.File), ("line", item.Span.Line)));
        }
        Line(Msg.Of("coverage.total", ("percent", Percent.ToString("0.0", CultureInfo.InvariantCulture)), ("covered", Covered), ("total", Total)));
        foreach (var (reform, runs, only) in Reforms)
            Line(Msg.Of(runs == 1 ? "coverage.reform_run" : "coverage.reform_runs", ("reform", reform), ("runs", runs), ("only", only)));
        return sb.ToString();
    }

    private static string Pct(int covered, int total) =>
        (total == 0 ? 100m : Math.Round(100m * covered / total, 1)).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    // ---- what there is to reach ---------------------------------------------------------------

    private void Enumerate(ModuleModel module)
    {
        var keys = new List<object>();
        _byModule[module] = keys;
        void Add(object key, Msg description, TextSpan span)
        {
            _items[key] = new CoverageItem(module, description, span) { IsBranch = key is ValueTuple<BoundExpression, int> };
            if (key is ValueTuple<BoundExpression, int> branch) _bySpan[branch.Item1.Span] = branch.Item1;
            keys.Add(key);
        }

        foreach (var input in module.Inputs.Where(i => i.Requires is not null))
            Branches(input.Requires!, Msg.Of("coverage.item_requires", ("input", input.Name)), Add);
        foreach (var d in module.Definitions)
        {
            Add(d, Msg.Of(d.IsOutput ? "coverage.item_output" : "coverage.item_def", ("name", d.Name)), d.Span);
            if (d.Value is not null) Branches(d.Value, d.Name, Add);
            foreach (var rule in d.Rules)
            {
                var owner = Msg.Of("coverage.item_rule", ("definition", d.Name), ("rule", rule.Label));
                Add(rule, owner, rule.Span);
                if (rule.When is not null) Branches(rule.When, owner, Add);
                Branches(rule.Value, owner, Add);
            }
        }
    }

    // owner: what the tree belongs to, a definition's name or a message (a rule, an input's condition).
    private static void Branches(BoundExpression e, object owner, Action<object, Msg, TextSpan> add) =>
        new BranchFinder(owner, add).Visit(e);

    /// <summary>Adds each branch of every <c>if</c> and <c>match</c> in a tree, in source order.</summary>
    private sealed class BranchFinder(object owner, Action<object, Msg, TextSpan> add) : BoundWalker
    {
        public override bool VisitIf(BoundIf i)
        {
            add(((BoundExpression)i, 0), Msg.Of("coverage.if_then", ("owner", owner), ("line", i.Span.Line)), i.Then.Span);
            add(((BoundExpression)i, 1), Msg.Of("coverage.if_else", ("owner", owner), ("line", i.Span.Line)), i.Else.Span);
            return base.VisitIf(i);
        }

        public override bool VisitMatch(BoundMatch m)
        {
            Visit(m.Subject);
            for (var k = 0; k < m.Cases.Count; k++)
            {
                var patterns = m.Cases[k].Patterns.Select(p => ValueText.FormatWithUnit(Interpreter.Literal(p))).ToList();
                add(((BoundExpression)m, k), Msg.Of("coverage.match_case", ("owner", owner), ("line", m.Span.Line), ("patterns", patterns)), m.Cases[k].Value.Span);
                Visit(m.Cases[k].Value);
            }
            if (m.Else is not null)
            {
                add(((BoundExpression)m, m.Cases.Count), Msg.Of("coverage.match_else", ("owner", owner), ("line", m.Span.Line)), m.Else.Span);
                Visit(m.Else);
            }
            return true;
        }
    }
}
