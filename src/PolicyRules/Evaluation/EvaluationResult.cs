using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Evaluation;

/// <summary>The error codes an evaluation can answer with (the CLI prints them as <c>{"error":{"code":…}}</c>).</summary>
public static class ErrorCodes
{
    /// <summary>An input is missing, of the wrong type, or fails its <c>requires</c>; <see cref="EvaluationError.Field"/> names it.</summary>
    public const string InvalidInput = "invalid_input";
    /// <summary>The package has no module of that name or label.</summary>
    public const string UnknownModule = "unknown_module";
    /// <summary>The evaluation date is outside the module's period in force.</summary>
    public const string NotInForce = "not_in_force";
    /// <summary>The rules cannot decide: another document settles the question, or the calendar data does not cover the day.</summary>
    public const string NotDeterminable = "not_determinable";
    /// <summary>Two labelled rules apply and neither is an exception of the other.</summary>
    public const string Conflict = "conflict";
    /// <summary>A definition given by labelled rules had no rule that applied.</summary>
    public const string NoRuleApplies = "no_rule_applies";
    /// <summary>Arithmetic that has no answer: division by zero, the minimum of an empty list, an overflow.</summary>
    public const string EvaluationFailed = "evaluation_error";
}

/// <summary>Why an evaluation has no outputs.</summary>
/// <param name="Code">One of <see cref="ErrorCodes"/>.</param>
/// <param name="Message">The reason in words, naming the input, rule or provision concerned.</param>
/// <param name="Field">The input at fault, for <c>invalid_input</c>.</param>
/// <param name="Citations">The provisions the error cites (a conflict's rules, a <c>not_determinable</c>'s document).</param>
public sealed record EvaluationError(string Code, string Message, string? Field = null, IReadOnlyList<CitationModel>? Citations = null)
{
    /// <summary>The message before it is put into words, when it comes from <see cref="MessageCatalogue"/>; <see cref="Message"/> is its English text.</summary>
    public Msg? Text { get; init; }

    /// <summary>An error whose message comes from the catalogue; <see cref="Message"/> holds its English text.</summary>
    public static EvaluationError Of(string code, Msg message, string? field = null, IReadOnlyList<CitationModel>? citations = null) =>
        new(code, message.Render(Lang.En), field, citations) { Text = message };

    /// <summary>The message in <paramref name="lang"/> (as written, for one that is not in the catalogue).</summary>
    public string MessageIn(Lang lang) => Text?.Render(lang) ?? Message;
}

/// <summary>Thrown inside the evaluator and caught at its boundary; callers see <see cref="EvaluationResult.Error"/>.</summary>
internal sealed class RuleEvaluationException(EvaluationError error) : Exception(error.Message)
{
    /// <summary>The error the evaluation ends with.</summary>
    public EvaluationError Error { get; } = error;
}

/// <summary>What a line of an explanation shows.</summary>
public enum TraceKind
{
    /// <summary>An input as given.</summary>
    Input,
    /// <summary>An intermediate definition.</summary>
    Definition,
    /// <summary>An output.</summary>
    Output,
}

/// <summary>One line of an explanation: a value, the rule that gave it, and the provisions it comes from; <see cref="How"/>
/// (for a definition) the rule or branch that applied, with its conditions and formula.</summary>
public sealed record TraceStep(
    string Name, string? Label, TraceKind Kind, object? Value, string? Rule, IReadOnlyList<CitationModel> Citations, string? Note, TextSpan Span,
    Language.Core.Derivation? How = null)
{
    /// <summary>The parameters the definition reads, each with the value in force and the provision that set it
    /// (<see cref="Language.Core.ParameterReads"/>).</summary>
    public IReadOnlyList<Language.Core.ParameterRead> Parameters { get; init; } = [];
}

/// <summary>The answer of one evaluation: the outputs, or the error, and the explanation trace when asked for.</summary>
public sealed class EvaluationResult
{
    /// <summary>The module evaluated.</summary>
    public required ModuleModel Module { get; init; }
    /// <summary>The evaluation date.</summary>
    public required DateOnly At { get; init; }
    /// <summary>Outputs in declaration order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Outputs { get; init; } = [];
    /// <summary>Why there are no outputs; null on success.</summary>
    public EvaluationError? Error { get; init; }
    /// <summary>The explanation: every input, definition and output with its rule and provisions; empty unless asked for.</summary>
    public IReadOnlyList<TraceStep> Trace { get; init; } = [];
    /// <summary>Whether the evaluation gave outputs.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The value of the output named <paramref name="name"/>.</summary>
    public object? Output(string name) => Outputs.First(o => o.Key == name).Value;

    /// <summary>This result with its error's message in <paramref name="lang"/> (for writers that print <see cref="EvaluationError.Message"/>).</summary>
    public EvaluationResult In(Lang lang) => Error is null || lang == Lang.En ? this
        : new EvaluationResult { Module = Module, At = At, Outputs = Outputs, Trace = Trace, Error = Error with { Message = Error.MessageIn(lang) } };
}
