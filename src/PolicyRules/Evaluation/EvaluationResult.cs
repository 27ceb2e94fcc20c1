using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Evaluation;

/// <summary>The error codes an evaluation can answer with (the CLI prints them as <c>{"error":{"code":…}}</c>).</summary>
public static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string UnknownModule = "unknown_module";
    public const string NotInForce = "not_in_force";
    public const string NotDeterminable = "not_determinable";
    /// <summary>Two labelled rules apply and neither is an exception of the other.</summary>
    public const string Conflict = "conflict";
    /// <summary>A definition given by labelled rules had no rule that applied.</summary>
    public const string NoRuleApplies = "no_rule_applies";
    /// <summary>Arithmetic that has no answer: division by zero, the minimum of an empty list, an overflow.</summary>
    public const string EvaluationFailed = "evaluation_error";
}

public sealed record EvaluationError(string Code, string Message, string? Field = null, IReadOnlyList<CitationModel>? Citations = null)
{
    /// <summary>The message before it is put into words, when it comes from <see cref="MessageCatalogue"/>; <see cref="Message"/> is its English text.</summary>
    public Msg? Text { get; init; }

    public static EvaluationError Of(string code, Msg message, string? field = null, IReadOnlyList<CitationModel>? citations = null) =>
        new(code, message.Render(Lang.En), field, citations) { Text = message };

    /// <summary>The message in <paramref name="lang"/> (as written, for one that is not in the catalogue).</summary>
    public string MessageIn(Lang lang) => Text?.Render(lang) ?? Message;
}

/// <summary>Thrown inside the evaluator and caught at its boundary; callers see <see cref="EvaluationResult.Error"/>.</summary>
public sealed class RuleEvaluationException(EvaluationError error) : Exception(error.Message)
{
    public EvaluationError Error { get; } = error;
}

public enum TraceKind { Input, Definition, Output }

/// <summary>One line of an explanation: a value, the rule that gave it, and the provisions it comes from.</summary>
public sealed record TraceStep(
    string Name, string? Label, TraceKind Kind, object? Value, string? Rule, IReadOnlyList<CitationModel> Citations, string? Note, TextSpan Span)
{
    /// <summary>The parameters the definition reads, each with the value in force and the provision that set it
    /// (<see cref="Language.Core.ParameterReads"/>).</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];
}

public sealed class EvaluationResult
{
    public required ModuleModel Module { get; init; }
    public required DateOnly At { get; init; }
    /// <summary>Outputs in declaration order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Outputs { get; init; } = [];
    public EvaluationError? Error { get; init; }
    public IReadOnlyList<TraceStep> Trace { get; init; } = [];
    public bool Succeeded => Error is null;

    public object? Output(string name) => Outputs.First(o => o.Key == name).Value;

    /// <summary>This result with its error's message in <paramref name="lang"/> (for writers that print <see cref="EvaluationError.Message"/>).</summary>
    public EvaluationResult In(Lang lang) => Error is null || lang == Lang.En ? this
        : new EvaluationResult { Module = Module, At = At, Outputs = Outputs, Trace = Trace, Error = Error with { Message = Error.MessageIn(lang) } };
}
