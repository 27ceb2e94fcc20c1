namespace PolicyRules.Rules;

/// <summary>
/// A rule implemented in C#. Every implementation must carry <see cref="CitesAttribute"/> naming the
/// provisions it encodes; the PolicyRules analyzer reports PR0401 otherwise.
/// </summary>
public interface IRule
{
}

/// <summary>A rule written by hand: one evaluation from typed inputs at a date.</summary>
public interface IRule<in TInput, out TOutput> : IRule
{
    /// <summary>Evaluates the rule for <paramref name="input"/> at the date <paramref name="at"/>.</summary>
    TOutput Evaluate(TInput input, DateOnly at);
}

/// <summary>
/// A rule module generated from a <c>.rules</c> file: typed inputs and outputs, an explanation trace and
/// the errors the interpreter answers with (<c>not_in_force</c>, <c>not_determinable</c>,
/// <c>invalid_input</c>, <c>conflict</c>, …).
/// </summary>
public interface IRuleModule<TInput, TOutput> : IRule
    where TInput : class
    where TOutput : class
{
    /// <summary>The module's name, label, period in force and documents.</summary>
    static abstract ModuleInfo Info { get; }

    /// <summary>
    /// Evaluates the module at <paramref name="at"/>. Never throws for a rule error: the result carries it
    /// (<see cref="RuleResult.Error"/>); <see cref="RuleResult{TOutput}.Value"/> throws
    /// <see cref="RuleErrorException"/> when there is no output.
    /// Pass <c>explain: false</c> to skip recording the explanation trace (bulk runs).
    /// </summary>
    static abstract RuleResult<TOutput> Evaluate(TInput input, DateOnly at, bool explain = true);
}

/// <summary>The fields of a generated input, output or record, by rule-language name, in declaration order.</summary>
public interface IRuleFields
{
    /// <summary>The fields' values by rule-language name, in declaration order.</summary>
    IEnumerable<KeyValuePair<string, object?>> GetFields();
}

/// <summary>A value of a generated record type.</summary>
public interface IRuleRecord : IRuleFields
{
    /// <summary>The record type's rule-language name (<c>parcel</c>).</summary>
    string RecordName { get; }
}
