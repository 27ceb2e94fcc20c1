using System.Diagnostics.CodeAnalysis;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;

namespace PolicyRules.Rules;

/// <summary>
/// One line of an explanation: a value, the rule that gave it, and the provisions it comes from.
/// <see cref="Value"/> is the typed value (Money, Rate, int, a generated enum or record, a list …);
/// <see cref="Rule"/> the label of the rule that gave it, for a definition given by labelled rules;
/// <see cref="Source"/> where the input or definition is written (<c>hz107.rules(164,3)</c>);
/// <see cref="How"/> the rule or branch that applied, with its conditions and formula (null for an input).
/// </summary>
public sealed record ExplanationStep(
    string Name, string? Label, TraceKind Kind, object? Value, string? Rule, IReadOnlyList<Citation> Citations, string? Note, string Source,
    Language.Core.Derivation? How = null)
{
    /// <summary>The value as explanations write it (<c>25000</c>, <c>7.9%</c>, <c>congtai</c>).</summary>
    public string ValueText => RuleValue.Format(Value);

    /// <summary>The parameters the definition reads, each with the value in force and the provision that set it.</summary>
    public IReadOnlyList<Language.Core.ParameterRead> Parameters { get; init; } = [];
}

/// <summary>Why an evaluation has no outputs. <see cref="Code"/> is one of <see cref="ErrorCodes"/>;
/// <see cref="Field"/> names the input at fault, for <c>invalid_input</c>.</summary>
public sealed record RuleError(string Code, string Message, string? Field, IReadOnlyList<Citation> Citations)
{
    /// <summary>An error that cites no provision and names no input.</summary>
    public RuleError(string code, string message) : this(code, message, null, []) { }

    /// <summary>The message before it is put into words, when it comes from <see cref="MessageCatalogue"/>; <see cref="Message"/> is its English text.</summary>
    public Msg? Text { get; init; }

    /// <summary>An error whose message comes from the catalogue; <see cref="Message"/> holds its English text.</summary>
    public static RuleError Of(string code, Msg message, string? field = null, IReadOnlyList<Citation>? citations = null) =>
        new(code, message.Render(Lang.En), field, citations ?? []) { Text = message };

    /// <summary>An error that cites no provision; <paramref name="field"/> names the input at fault, if any.</summary>
    public RuleError(string code, string message, string? field) : this(code, message, field, []) { }

    /// <c>code: message</c>.
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>The error of a rule evaluation as an exception: thrown by <see cref="RuleResult{TOutput}.Value"/> on a failed result.</summary>
public sealed class RuleErrorException(RuleError error) : Exception($"{error.Code}: {error.Message}")
{
    /// <summary>The error of the failed evaluation.</summary>
    public RuleError Error { get; } = error;
    /// <summary>The error's code, one of <see cref="PolicyRules.Evaluation.ErrorCodes"/>.</summary>
    public string Code => Error.Code;
}

/// <summary>The outcome of evaluating a generated rule module: outputs or an error, and the explanation trace.</summary>
public abstract class RuleResult
{
    private protected RuleResult(ModuleInfo module, DateOnly at, RuleError? error, IReadOnlyList<ExplanationStep> trace)
    {
        Module = module; At = at; Error = error; Trace = trace;
    }

    /// <summary>The module evaluated.</summary>
    public ModuleInfo Module { get; }
    /// <summary>The evaluation date.</summary>
    public DateOnly At { get; }
    /// <summary>Null when the evaluation succeeded.</summary>
    public RuleError? Error { get; }
    /// <summary>Inputs, then each definition in the order it was computed (empty when evaluated without explanation).</summary>
    public IReadOnlyList<ExplanationStep> Trace { get; }
    /// <summary>Whether the evaluation gave outputs.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The outputs as an object (the module's <c>Output</c> record), or null on error.</summary>
    public abstract object? OutputObject { get; }

    /// <summary>Every value with the formula, rule or branch that gave it, and a legend quoting each provision behind them once
    /// (<paramref name="language"/>: <c>en</c>, or <c>zh</c> for the layout's words in Chinese).</summary>
    public string Explain(string indent = "", string language = "en") => ExplanationText.Write(
        Module.Name, Module.Label, At,
        Trace.Select(t => new ExplanationText.Step(t.Kind, t.Name, t.Label, RuleValue.FormatWithUnit(t.Value), t.Rule, Sources(t.Citations), t.Note, t.How) { Parameters = t.Parameters }),
        Error?.Code, Error?.Message, Sources(Error?.Citations ?? []), indent, language);

    private static IEnumerable<ExplanationText.Source> Sources(IEnumerable<Citation> citations) =>
        citations.Select(c => new ExplanationText.Source(c.ToString(), c.Quote));

    /// <c>module: ok</c>, or the module and its error.
    public override string ToString() => Error is null ? $"{Module.Name}: ok" : $"{Module.Name}: {Error}";
}

/// <summary>The outcome of evaluating a generated rule module, with its typed outputs.</summary>
public sealed class RuleResult<TOutput> : RuleResult where TOutput : class
{
    private RuleResult(ModuleInfo module, DateOnly at, TOutput? output, RuleError? error, IReadOnlyList<ExplanationStep> trace)
        : base(module, at, error, trace)
    {
        Output = output;
    }

    /// <summary>A successful result with its outputs and explanation trace.</summary>
    public static RuleResult<TOutput> Success(ModuleInfo module, DateOnly at, TOutput output, IReadOnlyList<ExplanationStep> trace) =>
        new(module, at, output, null, trace);

    /// <summary>A failed result with its error and the trace up to it.</summary>
    public static RuleResult<TOutput> Failure(ModuleInfo module, DateOnly at, RuleError error, IReadOnlyList<ExplanationStep>? trace = null) =>
        new(module, at, null, error, trace ?? []);

    /// <summary>The outputs; null when <see cref="RuleResult.Error"/> is set.</summary>
    public TOutput? Output { get; }

    /// <inheritdoc/>
    public override object? OutputObject => Output;

    /// <summary>Whether the evaluation gave outputs; when true, <see cref="Output"/> is not null.</summary>
    [MemberNotNullWhen(true, nameof(Output))]
    public new bool Succeeded => Error is null;

    /// <summary>The outputs, or a <see cref="RuleErrorException"/> carrying the error code.</summary>
    public TOutput Value => Output ?? throw new RuleErrorException(Error!);
}
