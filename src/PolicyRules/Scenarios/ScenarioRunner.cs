using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Language.Scenarios;
using PolicyRules.Rules;

namespace PolicyRules.Scenarios;

/// <summary>How a scenario case ended.</summary>
public enum ScenarioOutcome
{
    /// <summary>Every expected output (or the expected error) matched.</summary>
    Passed,
    /// <summary>An output or error differed, or the case could not run.</summary>
    Failed,
    /// <summary>The scenario is marked <c>skip</c>.</summary>
    Skipped,
}

/// <summary>What running one scenario case gave: its outcome, what differed, and the evaluation with its explanation.</summary>
public sealed class ScenarioResult
{
    internal ScenarioResult(ScenarioCase @case, ScenarioOutcome outcome, IReadOnlyList<Failure> failures, EvaluationResult? evaluation)
    {
        Case = @case; Outcome = outcome; _failures = failures; Evaluation = evaluation;
        Failures = failures.Select(f => f.In(Lang.En)).ToList();
    }

    /// <summary>One difference, or one diagnostic that kept the case from running, to be put into words in either language.</summary>
    internal sealed record Failure(Msg? Text, Diagnostic? Diagnostic)
    {
        public string In(Lang lang) => Diagnostic?.ToString(lang) ?? Text!.Render(lang);
    }

    private readonly IReadOnlyList<Failure> _failures;

    /// <summary><see cref="Failures"/> in <paramref name="lang"/>.</summary>
    public IReadOnlyList<string> FailuresIn(Lang lang) => _failures.Select(f => f.In(lang)).ToList();

    /// <summary>The case run.</summary>
    public ScenarioCase Case { get; }
    /// <summary>How it ended.</summary>
    public ScenarioOutcome Outcome { get; }
    /// <summary>One line per difference (<c>annual_tax (年应纳税额): expected 25000 元, got 24000 元</c>), or the diagnostics that kept the case from running.</summary>
    public IReadOnlyList<string> Failures { get; }
    /// <summary>Null when the case did not run (skipped, or errors in the scenario).</summary>
    public EvaluationResult? Evaluation { get; }

    /// <summary>
    /// For people: <c>FAIL file(line): name</c>, the module and the provisions the scenario checks (quoted), what differed,
    /// and the explanation trace quoting the provision behind every value. A passed case is one <c>ok</c> line, or with
    /// <paramref name="explainPassed"/> the same module, provisions and explanation as a failure; a skipped one gives its reason.
    /// </summary>
    public string Report(bool explainPassed = false, Lang lang = Lang.En)
    {
        var sb = new StringBuilder();
        var c = Case;
        var word = Msg.Of(Outcome switch { ScenarioOutcome.Passed => "report.ok", ScenarioOutcome.Skipped => "report.skip", _ => "report.fail" });
        sb.AppendLine(Msg.Of("report.head", ("outcome", word), ("file", c.Span.File), ("line", c.Span.Line), ("name", c.DisplayNameIn(lang))).Render(lang));
        if (Outcome == ScenarioOutcome.Passed && !explainPassed) return sb.ToString();
        if (Outcome == ScenarioOutcome.Skipped)
        {
            sb.AppendLine(Msg.Of("report.skipped", ("reason", c.Scenario.SkipReason)).Render(lang));
            return sb.ToString();
        }
        if (c.Scenario.Module is { } module && c.Scenario.At is { } at)
        {
            var day = at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            sb.AppendLine((module.Label is null
                ? Msg.Of("report.module", ("module", module.Name), ("at", day))
                : Msg.Of("report.module_labelled", ("module", module.Name), ("label", module.Label), ("at", day))).Render(lang));
        }
        foreach (var cite in c.Scenario.Citations)
        {
            var quote = cite.Quote is { } q ? (q.Length <= 160 ? q : q[..157] + "…") : null;
            sb.AppendLine((quote is null
                ? Msg.Of("report.checks", ("citation", cite))
                : Msg.Of("report.checks_quote", ("citation", cite), ("quote", quote))).Render(lang));
        }
        foreach (var f in FailuresIn(lang)) sb.Append("  ").AppendLine(f);
        if (Evaluation is not null && (Evaluation.Trace.Count > 0 || Evaluation.Error is not null))
        {
            sb.AppendLine(Msg.Of("report.explanation").Render(lang));
            sb.Append(ExplanationText.Write(Evaluation.In(lang), "    ", lang == Lang.Zh ? "zh" : "en"));
        }
        return sb.ToString();
    }
}

/// <summary>Runs scenario cases against a rule package, always with the explanation trace (for failures and for coverage).</summary>
public sealed class ScenarioRunner
{
    private readonly RulePackage _package;
    private readonly ScenarioCoverage? _coverage;
    private readonly ScenarioReforms? _reforms;

    /// <summary>A runner for the scenarios of <paramref name="package"/>.</summary>
    public ScenarioRunner(RulePackage package) : this(package, null, null) { }

    /// <summary>A runner for the scenarios of <paramref name="package"/>; <paramref name="reforms"/> is where scenarios naming
    /// a reform find it (<see cref="ScenarioSuite.Reforms"/>), without which such a scenario fails saying so.</summary>
    public ScenarioRunner(RulePackage package, ScenarioReforms? reforms) : this(package, null, reforms) { }

    /// <summary>A runner that also records which branches and requirements each scenario exercised.</summary>
    internal ScenarioRunner(RulePackage package, ScenarioCoverage? coverage, ScenarioReforms? reforms = null)
    {
        _package = package;
        _coverage = coverage;
        _reforms = reforms;
    }

    /// <summary>Runs one case: evaluates its module at its date with its inputs and compares the outputs or error with what it expects.</summary>
    public ScenarioResult Run(ScenarioCase c)
    {
        if (c.Scenario.SkipReason is not null) return new ScenarioResult(c, ScenarioOutcome.Skipped, [], null);
        // Under a reform the scenario runs in the reformed package (its parameters carry the reform's values, its registry
        // the drafts); a reform that does not load is reported first, as the scenario's other errors may follow from it.
        var package = _package;
        if (c.Scenario.Reform is { } reform)
        {
            if (_reforms is null)
                return new ScenarioResult(c, ScenarioOutcome.Failed, [new ScenarioResult.Failure(Msg.Of("scenario.reform_no_folder", ("reform", reform)), null)], null);
            var reformed = _reforms.Package(reform, out var missing, out var errors);
            if (reformed is null)
                return new ScenarioResult(c, ScenarioOutcome.Failed, missing is not null
                    ? [new ScenarioResult.Failure(missing, null)]
                    : errors.Select(d => new ScenarioResult.Failure(null, d)).ToList(), null);
            package = reformed;
        }
        if (c.HasErrors || c.Scenario.Module is null || c.Scenario.At is null)
            return new ScenarioResult(c, ScenarioOutcome.Failed, c.Diagnostics.Select(d => new ScenarioResult.Failure(null, d)).ToList(), null);

        // A suite binds a scenario naming a reform against the reformed package; a runner given scenarios bound against
        // the package itself finds the reformed package's module of the same name.
        var module = package.Model.Modules.Contains(c.Scenario.Module) ? c.Scenario.Module : package.FindModule(c.Scenario.Module.Name)!;
        var inputs = c.Inputs.ToDictionary(i => i.Input.Name, i => ScenarioValues.ToRuntime(i.Value));
        var onBranch = _coverage is null ? null : c.Scenario.Reform is { } under ? _coverage.OnBranchUnder(under) : _coverage.OnBranch;
        var result = package.Evaluate(module, DateOnly.FromDateTime(c.Scenario.At.Value), inputs, explain: true, onBranch);
        _coverage?.Record(module, result, c.Scenario.Reform);

        var failures = new List<ScenarioResult.Failure>();
        void Fail(Msg text) => failures.Add(new ScenarioResult.Failure(text, null));
        Msg ErrorText(EvaluationError e) => e.Text ?? Msg.Of("report.text", ("text", e.Message));
        if (c.ExpectedError is { } expectedError)
        {
            if (result.Error is { } e)
            {
                if (e.Code != expectedError) Fail(Msg.Of("report.expected_error_got_error", ("expected", expectedError), ("actual", e.Code), ("message", ErrorText(e))));
            }
            else Fail(Msg.Of("report.expected_error_got_results", ("expected", expectedError),
                ("results", result.Outputs.Select(o => Msg.Of("report.assignment", ("name", o.Key), ("value", ScenarioValues.FormatMsg(o.Value, module.FindDefinition(o.Key)!.Type, package.Model)))).ToList())));
        }
        else if (result.Error is { } e)
        {
            Fail(Msg.Of("report.expected_values_got_error",
                ("expected", c.Expectations.Select(x => Msg.Of("report.assignment", ("name", x.Output.Name), ("value", x.Value.Text))).ToList()),
                ("actual", e.Code), ("message", ErrorText(e))));
        }
        else
        {
            foreach (var x in c.Expectations)
            {
                var actual = result.Output(x.Output.Name);
                if (ScenarioValues.Matches(actual, x.Value, x.Tolerance)) continue;
                var name = RuleOps.InputName(x.Output.Name, x.Output.Label);
                var expected = ScenarioValues.FormatMsg(ScenarioValues.ToRuntime(x.Value), x.Output.Type, package.Model);
                if (x.Tolerance is not null)
                    expected = Msg.Of("report.with_tolerance", ("value", expected), ("tolerance", ScenarioValues.FormatMsg(ScenarioValues.ToRuntime(x.Tolerance), x.Tolerance.Type, package.Model)));
                Fail(Msg.Of("report.mismatch", ("name", name), ("expected", expected), ("actual", ScenarioValues.FormatMsg(actual, x.Output.Type, package.Model)),
                    ("file", x.Span.File), ("line", x.Span.Line), ("column", x.Span.Column)));
            }
        }
        return new ScenarioResult(c, failures.Count == 0 ? ScenarioOutcome.Passed : ScenarioOutcome.Failed, failures, result);
    }
}

/// <summary>Scenario values at run time: conversion, comparison (exact unless a tolerance is written) and display.</summary>
public static class ScenarioValues
{
    /// <summary>The runtime value (Money, Rate, DateOnly, RecordValue, …) of a checked scenario value.</summary>
    public static object? ToRuntime(ScenarioValue v) => v.Value switch
    {
        null => null,
        IReadOnlyList<ScenarioValue> list => list.Select(ToRuntime).ToList(),
        IReadOnlyDictionary<string, ScenarioValue> fields => new RecordValue(v.Type.Name!, fields.ToDictionary(f => f.Key, f => ToRuntime(f.Value))),
        decimal d when v.Type.Kind == TypeKind.Money => new Money(d),
        int n when v.Type.Kind == TypeKind.Decimal => (decimal)n,
        decimal d when v.Type.Kind == TypeKind.Rate => new Rate(d),
        DateTime d when v.Type.Kind == TypeKind.Date => DateOnly.FromDateTime(d),
        var x => x,
    };

    /// <summary>Whether <paramref name="actual"/> is the expected value, or within the tolerance where one is written.</summary>
    public static bool Matches(object? actual, ScenarioValue expected, ScenarioValue? tolerance)
    {
        var want = ToRuntime(expected);
        if (tolerance is null) return RuleOps.AreEqual(actual, want);
        if (Number(actual) is not { } a || Number(want) is not { } b || Number(ToRuntime(tolerance)) is not { } t) return false;
        return Math.Abs(a - b) <= t;
    }

    private static decimal? Number(object? v) => v switch
    {
        int i => i,
        decimal d => d,
        Money m => m.Amount,
        Rate r => r.Value,
        _ => null,
    };

    /// <summary>A value as people read it, in either language: true and false are 是 and 否 in Chinese, none is 无.</summary>
    public static Msg FormatMsg(object? value, RuleType type, PackageModel package) => value switch
    {
        bool b => Msg.Of(b ? "value.true" : "value.false"),
        null => Msg.Of("value.none"),
        _ => Msg.Of("report.text", ("text", Format(value, type, package))),
    };

    /// <summary>A value as people read it: money with 元, rates with %, enum members with their label.</summary>
    public static string Format(object? value, RuleType type, PackageModel package)
    {
        switch (value)
        {
            case IEnumerable<object?> list when value is not string && type.Kind == TypeKind.List:
                return "[" + string.Join(", ", list.Select(x => Format(x, type.Element!, package))) + "]";
            case string member when type.Kind == TypeKind.Enum:
                var label = package.FindEnum(type.Name!)?.Find(member)?.Label;
                return label is null ? member : $"{member} ({label})";
            case string text when type.Kind == TypeKind.String:
                return "\"" + text + "\"";
            default:
                return ValueText.FormatWithUnit(value);
        }
    }
}
