using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Time;

namespace PolicyRules.Rules;

/// <summary>
/// The operations generated rule modules call. Each does exactly what the interpreter does for the same
/// operator or function — the same exactness, rounding, date conventions and error codes and messages —
/// so a generated module and <see cref="RulePackage.Evaluate(string, DateOnly, IReadOnlyDictionary{string, object?}, bool)"/>
/// give the same answer. <c>at</c> is the source position of the operation, for error messages.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class RuleOps
{
    // ---- errors --------------------------------------------------------------------------------

    /// <summary>The exception that ends an evaluation with <paramref name="code"/> (one of <see cref="ErrorCodes"/>), its message and the provisions it cites.</summary>
    public static RuleErrorException Fail(string code, string message, IReadOnlyList<Citation>? citations = null) =>
        new(new RuleError(code, message, null, citations ?? []));

    /// <summary>The error of <paramref name="code"/> with a message from the catalogue (English in <see cref="RuleError.Message"/>).</summary>
    public static RuleErrorException FailWith(string code, Msg message, IReadOnlyList<Citation>? citations = null) =>
        new(RuleError.Of(code, message, null, citations));

    private static RuleErrorException DivisionByZero(string at) => FailWith(ErrorCodes.EvaluationFailed, Msg.Of("eval.division_by_zero", ("at", at)));
    private static RuleErrorException Overflow(string at) => FailWith(ErrorCodes.EvaluationFailed, Msg.Of("eval.overflow", ("at", at)));
    private static RuleErrorException EmptyList(bool min, string at) =>
        FailWith(ErrorCodes.EvaluationFailed, min ? Msg.Of("eval.min_empty", ("at", at)) : Msg.Of("eval.max_empty", ("at", at)));
    // The same words as SQL's (no .NET text, which is English only).
    private static RuleErrorException OutOfRange(string at) => FailWith(ErrorCodes.EvaluationFailed, Msg.Of("eval.date_out_of_range", ("at", at)));

    /// <summary><c>not_determinable "reason" cites …</c>: ends the evaluation with <paramref name="reason"/> and its
    /// <paramref name="citations"/> (a list the catalogue joins per language, <c>eval.not_determinable</c>); typed so it fits any expression.</summary>
    public static T NotDeterminable<T>(string reason, IReadOnlyList<Citation> citations) =>
        throw (citations.Count == 0
            ? Fail(ErrorCodes.NotDeterminable, reason, citations)
            : FailWith(ErrorCodes.NotDeterminable, Msg.Of("eval.not_determinable", ("reason", reason), ("citations", new CitationList(citations))), citations));

    // ---- parameters ----------------------------------------------------------------------------

    /// <summary>A read of parameter <paramref name="name"/> before its first value (from <paramref name="first"/>, yyyy-mm-dd):
    /// <c>not_in_force</c>, citing the provision that set the first value.</summary>
    public static T ParameterNotInForce<T>(string name, string first, IReadOnlyList<Citation> citations) =>
        throw FailWith(ErrorCodes.NotInForce, ParameterModel.NotInForceText(name, first), citations);

    /// <summary>A read of parameter <paramref name="name"/> before its first value where its declaration says another document
    /// decides: <c>not_determinable</c> with the declaration's <paramref name="reason"/> and <paramref name="citation"/>.</summary>
    public static T ParameterBeforeFirst<T>(string name, string first, string reason, string? citation, IReadOnlyList<Citation> citations) =>
        throw FailWith(ErrorCodes.NotDeterminable, ParameterModel.BeforeFirstText(name, first, reason, citation), citations);

    /// <summary>An explanation's parameter reads: those of the values in force (null for a read before its first value).</summary>
    public static IReadOnlyList<Language.Core.ParameterRead> ParameterLines(params Language.Core.ParameterRead?[] reads) =>
        reads.Where(r => r is not null).Select(r => r!).ToList();

    /// <summary>A read of table <paramref name="name"/> with a key its value from <paramref name="from"/> does not list (it lists <paramref name="keys"/>).</summary>
    public static T ParameterNoEntry<T>(string name, string from, params string[] keys) =>
        throw FailWith(ErrorCodes.EvaluationFailed, ParameterModel.NoEntryText(name, from, keys));

    /// <summary>
    /// The index of the range of a table keyed by ranges that holds <paramref name="key"/>, or -1 when none does. Range k
    /// runs from <paramref name="lowers"/>[k] to <paramref name="uppers"/>[k], each end included when its flag says so; an
    /// unbounded end is <see cref="decimal.MinValue"/> or <see cref="decimal.MaxValue"/>, included.
    /// </summary>
    public static int RangeIndex(decimal key, decimal[] lowers, bool[] lowerIncludes, decimal[] uppers, bool[] upperIncludes)
    {
        for (var k = 0; k < lowers.Length; k++)
            if ((key > lowers[k] || key == lowers[k] && lowerIncludes[k]) && (key < uppers[k] || key == uppers[k] && upperIncludes[k])) return k;
        return -1;
    }

    /// <summary>The range holding an amount of money, read in yuan.</summary>
    public static int RangeIndex(Money key, decimal[] lowers, bool[] lowerIncludes, decimal[] uppers, bool[] upperIncludes) =>
        RangeIndex(key.Amount, lowers, lowerIncludes, uppers, upperIncludes);

    /// <summary>
    /// A scale applied to <paramref name="amount"/>: <paramref name="rates"/> has one rate per bracket, ascending;
    /// <paramref name="boundaries"/> the amounts between them, where <paramref name="upperIncludes"/> says whether the
    /// boundary amount itself lies in the upper bracket (以上, 不满) or the lower (超过, 以下). Marginal (超额累进): each
    /// bracket's rate on the part of the amount within it, from zero (an amount of zero or less gives zero). Single-rate
    /// (全额累进): the whole amount at the rate of the bracket it lies in. Exact decimal arithmetic, unrounded.
    /// </summary>
    public static decimal Scale(decimal amount, decimal[] boundaries, bool[] upperIncludes, decimal[] rates, bool marginal, string at)
    {
        try
        {
            if (!marginal)
            {
                var k = 0;
                while (k < boundaries.Length && (amount > boundaries[k] || amount == boundaries[k] && upperIncludes[k])) k++;
                return amount * rates[k];
            }
            decimal total = 0, lower = 0;
            for (var k = 0; k < rates.Length && amount > lower; k++)
            {
                var upper = k < boundaries.Length ? boundaries[k] : amount;
                total += ((amount < upper ? amount : upper) - lower) * rates[k];
                lower = upper;
            }
            return total;
        }
        catch (OverflowException) { throw Overflow(at); }
    }

    /// <summary>A scale on an amount of money: the same reading as the decimal overload, in yuan.</summary>
    public static Money Scale(Money amount, decimal[] boundaries, bool[] upperIncludes, decimal[] rates, bool marginal, string at) =>
        new(Scale(amount.Amount, boundaries, upperIncludes, rates, marginal, at));

    /// <summary>A match without <c>else</c> whose cases do not cover the value.</summary>
    public static RuleErrorException NoCase(string at, object? subject) =>
        FailWith(ErrorCodes.EvaluationFailed, Msg.Of("eval.no_case", ("at", at), ("value", RuleValue.Format(subject))));

    /// <summary>
    /// Default logic: adds the next rule, <paramref name="next"/> (its index in <paramref name="rules"/>, or -1 when it does
    /// not apply) with its value, or fails with a conflict when one applied already (<paramref name="found"/> ≥ 0). Rules
    /// are indices rather than references so that the generated code's hot path carries no object references.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Take<T>(ref int found, ref T value, int next, T nextValue, RuleInfo[] rules, string definition)
    {
        if (next < 0) return;
        if (found >= 0) throw Conflict(definition, rules[found], rules[next]);
        found = next;
        value = nextValue;
    }

    private static RuleErrorException Conflict(string definition, RuleInfo first, RuleInfo second) =>
        FailWith(ErrorCodes.Conflict,
            Msg.Of("eval.conflict", ("definition", definition), ("first", first.Label), ("first_source", first.Source), ("first_cites", new CitationList(first.Citations)),
                ("second", second.Label), ("second_source", second.Source), ("second_cites", new CitationList(second.Citations))),
            first.Citations.Concat(second.Citations).ToList());

    /// <summary>The <c>no_rule_applies</c> error of a definition given by rules, naming its rules' labels (listed in the message's language).</summary>
    public static RuleErrorException NoRuleApplies(string definition, IReadOnlyList<string> labels, IReadOnlyList<Citation> citations) =>
        FailWith(ErrorCodes.NoRuleApplies, Msg.Of("eval.no_rule_applies", ("definition", definition), ("rules", labels)), citations);

    /// <summary>The <c>invalid_input</c> error of a missing required input, naming it and what it should be.</summary>
    public static RuleError Required(string path, string description) =>
        RuleError.Of(ErrorCodes.InvalidInput, Msg.Of("input.required", ("path", path), ("type", description)), path);

    /// <summary>The <c>invalid_input</c> error of an enum input given a value the enum does not have, listing its <paramref name="members"/>.</summary>
    public static RuleError NotAMember<TEnum>(string path, TEnum value, string enumName, IReadOnlyList<string> members) where TEnum : struct, Enum =>
        RuleError.Of(ErrorCodes.InvalidInput, Msg.Of("input.not_member", ("path", path), ("value", value.ToString()), ("enum", enumName), ("members", members)), path);

    /// <summary>
    /// A text input read against the values the law names (<see cref="KnownText.Read"/>): the value the rules see, or
    /// null and an invalid_input error with a did-you-mean when the text is close to a named value but not one. Every
    /// input path calls this one function: the interpreter, the bulk engine's fallback and the generated modules.
    /// </summary>
    public static string? KnownInput(string input, string? label, string? text, KnownText known, out RuleError? error)
    {
        error = null;
        if (text is null) return null;
        var reading = known.Read(text);
        if (reading.Kind != KnownTextKind.Close) return reading.Value;
        error = RuleError.Of(ErrorCodes.InvalidInput,
            Msg.Of("input.close_name", ("input", InputName(input, label)), ("value", RuleValue.Format(text)), ("nearest", reading.Nearest)), input);
        return null;
    }

    /// <summary>The <c>invalid_input</c> error of an input that does not satisfy its <c>requires</c>, quoting the requirement.</summary>
    public static RuleError RequirementFailed(string input, string? label, object? value, string requirement) =>
        RuleError.Of(ErrorCodes.InvalidInput, Msg.Of("input.requirement", ("input", InputName(input, label)), ("value", RuleValue.Format(value)), ("requirement", requirement)), input);

    /// <summary><c>grade (地段等级)</c>; in Chinese <c>地段等级（grade）</c>.</summary>
    public static Msg InputName(string input, string? label) =>
        label is null ? Msg.Of("input.name", ("name", input)) : Msg.Of("input.name_labelled", ("name", input), ("label", label));

    // ---- arithmetic (the unit rules of the type checker; int arithmetic is checked) ---------------

    /// <summary><c>a + b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Add(int a, int b, string at) { try { return checked(a + b); } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>a - b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Subtract(int a, int b, string at) { try { return checked(a - b); } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Multiply(int a, int b, string at) { try { return checked(a * b); } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Divide(int a, int b, string at) { try { return (decimal)a / b; } catch (DivideByZeroException) { throw DivisionByZero(at); } }

    /// <summary><c>a + b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Add(decimal a, decimal b, string at) { try { return a + b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>a - b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Subtract(decimal a, decimal b, string at) { try { return a - b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Multiply(decimal a, decimal b, string at) { try { return a * b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Divide(decimal a, decimal b, string at)
    {
        try { return a / b; }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }

    /// <summary><c>a + b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Add(Money a, Money b, string at) { try { return a + b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>a - b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Subtract(Money a, Money b, string at) { try { return a - b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Multiply(Money a, decimal k, string at) { try { return a * k; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Multiply(decimal k, Money a, string at) { try { return k * a; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Multiply(Money a, Rate r, string at) { try { return a * r; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Multiply(Rate r, Money a, string at) { try { return r * a; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Divide(Money a, decimal k, string at)
    {
        try { return a / k; }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Divide(Money a, Rate k, string at)
    {
        try { return new Money(a.Amount / k.Value); }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Divide(Money a, Money b, string at)
    {
        try { return a / b; }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }

    /// <summary><c>a + b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Add(Rate a, Rate b, string at) { try { return a + b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>a - b</c> as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Subtract(Rate a, Rate b, string at) { try { return a - b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Multiply(Rate a, Rate b, string at) { try { return a * b; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Multiply(Rate a, decimal k, string at) { try { return a.Value * k; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the product as the rule language computes it, exactly; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Multiply(decimal k, Rate a, string at) { try { return k * a.Value; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Divide(Rate a, Rate b, string at)
    {
        try { return a.Value / b.Value; }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }
    /// <summary>the quotient as the rule language computes it, exactly; a division by zero or an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Divide(Rate a, decimal k, string at)
    {
        try { return new Rate(a.Value / k); }
        catch (DivideByZeroException) { throw DivisionByZero(at); }
        catch (OverflowException) { throw Overflow(at); }
    }

    /// <summary><c>-x</c>.</summary>
    public static Rate Negate(Rate r) => new(-r.Value);
    /// <summary><c>-x</c>; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Negate(int x, string at) { try { return checked(-x); } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>-x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static decimal Negate(decimal x) => -x;
    /// <summary><c>-x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Money Negate(Money x) => -x;

    // ---- ordering and equality (the comparison operators: Compare(a, b) against 0) ----------------

    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(int a, int b) => a.CompareTo(b);
    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(decimal a, decimal b) => a.CompareTo(b);
    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(Money a, Money b) => a.CompareTo(b);
    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(Rate a, Rate b) => a.CompareTo(b);
    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(DateOnly a, DateOnly b) => a.CompareTo(b);
    /// <summary>Orders two values for <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c> and <c>&gt;=</c>: negative, zero or positive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(DateTime a, DateTime b) => a.CompareTo(b);
    /// <summary>Text is ordered by UTF-16 code unit (ordinal), whatever the culture.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int Compare(string a, string b) => string.CompareOrdinal(a, b);

    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(int a, int b) => a == b;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(bool a, bool b) => a == b;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(decimal a, decimal b) => a == b;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(Money a, Money b) => a.Amount == b.Amount;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(Rate a, Rate b) => a.Value == b.Value;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(DateOnly a, DateOnly b) => a.DayNumber == b.DayNumber;
    /// <summary><c>a == b</c>: money and rates compare their exact amounts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(DateTime a, DateTime b) => a.Equals(b);
    /// <summary>Text and enum members (held by name): ordinal; none equals only none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Equal(string? a, string? b) => string.Equals(a, b);
    /// <summary>Optional values: none equals only none.</summary>
    public static bool Equal<T>(T? a, T? b) where T : struct, IEquatable<T> =>
        a.HasValue ? b.HasValue && a.GetValueOrDefault().Equals(b.GetValueOrDefault()) : !b.HasValue;

    // ---- functions -----------------------------------------------------------------------------

    /// <summary>Rounds <paramref name="x"/> to <paramref name="places"/> decimals with <paramref name="mode"/>, the one rounding every builtin uses; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Round(int x, int places, MidpointRounding mode, string at) => x;
    /// <summary>Rounds <paramref name="x"/> to <paramref name="places"/> decimals with <paramref name="mode"/>, the one rounding every builtin uses; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Round(decimal x, int places, MidpointRounding mode, string at)
    {
        try { return Math.Round(x, places, mode); }
        catch (ArgumentOutOfRangeException) { throw OutOfRange(at); }
        catch (OverflowException) { throw Overflow(at); }
    }
    /// <summary>Rounds <paramref name="x"/> to <paramref name="places"/> decimals with <paramref name="mode"/>, the one rounding every builtin uses; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Round(Money x, int places, MidpointRounding mode, string at) => new(Round(x.Amount, places, mode, at));
    /// <summary>Rounds <paramref name="x"/> to <paramref name="places"/> decimals with <paramref name="mode"/>, the one rounding every builtin uses; an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Round(Rate x, int places, MidpointRounding mode, string at) => new(Round(x.Value, places, mode, at));

    // round (half away from zero), round_up and round_down: the catalogue's entry points, each the rounding above in one mode.
    /// <summary><c>round(x, places)</c>: half away from zero; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Round(int x, int places, string at) => Round(x, places, MidpointRounding.AwayFromZero, at);
    /// <summary><c>round(x, places)</c>: half away from zero; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Round(decimal x, int places, string at) => Round(x, places, MidpointRounding.AwayFromZero, at);
    /// <summary><c>round(x, places)</c>: half away from zero; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Round(Money x, int places, string at) => Round(x, places, MidpointRounding.AwayFromZero, at);
    /// <summary><c>round(x, places)</c>: half away from zero; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Round(Rate x, int places, string at) => Round(x, places, MidpointRounding.AwayFromZero, at);
    /// <summary><c>round_up(x, places)</c>: towards positive infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal RoundUp(int x, int places, string at) => Round(x, places, MidpointRounding.ToPositiveInfinity, at);
    /// <summary><c>round_up(x, places)</c>: towards positive infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal RoundUp(decimal x, int places, string at) => Round(x, places, MidpointRounding.ToPositiveInfinity, at);
    /// <summary><c>round_up(x, places)</c>: towards positive infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money RoundUp(Money x, int places, string at) => Round(x, places, MidpointRounding.ToPositiveInfinity, at);
    /// <summary><c>round_up(x, places)</c>: towards positive infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate RoundUp(Rate x, int places, string at) => Round(x, places, MidpointRounding.ToPositiveInfinity, at);
    /// <summary><c>round_down(x, places)</c>: towards negative infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal RoundDown(int x, int places, string at) => Round(x, places, MidpointRounding.ToNegativeInfinity, at);
    /// <summary><c>round_down(x, places)</c>: towards negative infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal RoundDown(decimal x, int places, string at) => Round(x, places, MidpointRounding.ToNegativeInfinity, at);
    /// <summary><c>round_down(x, places)</c>: towards negative infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money RoundDown(Money x, int places, string at) => Round(x, places, MidpointRounding.ToNegativeInfinity, at);
    /// <summary><c>round_down(x, places)</c>: towards negative infinity; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate RoundDown(Rate x, int places, string at) => Round(x, places, MidpointRounding.ToNegativeInfinity, at);

    /// <summary><c>ceil(x)</c>: the least integer not below x; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Ceiling(decimal x, string at) { try { return checked((int)decimal.Ceiling(x)); } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>floor(x)</c>: the greatest integer not above x; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Floor(decimal x, string at) { try { return checked((int)decimal.Floor(x)); } catch (OverflowException) { throw Overflow(at); } }

    /// <summary><c>abs(x)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Abs(int x, string at) { try { return x < 0 ? checked(-x) : x; } catch (OverflowException) { throw Overflow(at); } }
    /// <summary><c>abs(x)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Abs(decimal x, string at) => x < 0m ? -x : x;
    /// <summary><c>abs(x)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Abs(Money x, string at) => x < Money.Zero ? -x : x;
    /// <summary><c>abs(x)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Abs(Rate x, string at) => x < new Rate(0m) ? new Rate(-x.Value) : x;

    /// <summary><c>min(a, b)</c>: the first when they are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) <= 0 ? a : b;
    /// <summary><c>max(a, b)</c>: the first when they are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;

    /// <summary><c>min(list)</c>; an empty list is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static T MinOf<T>(IReadOnlyList<T> list, string at) where T : IComparable<T> => Extreme(list, true, at);
    /// <summary><c>max(list)</c>; an empty list is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static T MaxOf<T>(IReadOnlyList<T> list, string at) where T : IComparable<T> => Extreme(list, false, at);

    /// <summary><c>min</c> of a list whose items may be none: the interpreter cannot order none, and neither can this.</summary>
    public static T? MinOf<T>(IReadOnlyList<T?> list, string at) where T : struct, IComparable<T> => Extreme(list, true, at);
    /// <summary><c>max(list)</c>; an empty list is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static T? MaxOf<T>(IReadOnlyList<T?> list, string at) where T : struct, IComparable<T> => Extreme(list, false, at);

    private static T? Extreme<T>(IReadOnlyList<T?> list, bool min, string at) where T : struct, IComparable<T>
    {
        if (list.Count == 0) throw EmptyList(min, at);
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i] is not { } x || best is not { } b) throw new InvalidOperationException($"cannot order {RuleValue.Format(list[i])} and {RuleValue.Format(best)}");
            var cmp = x.CompareTo(b);
            if (min ? cmp < 0 : cmp > 0) best = x;
        }
        return best;
    }

    private static T Extreme<T>(IReadOnlyList<T> list, bool min, string at) where T : IComparable<T>
    {
        if (list.Count == 0) throw EmptyList(min, at);
        var best = list[0];
        for (var i = 1; i < list.Count; i++)
        {
            var cmp = list[i].CompareTo(best);
            if (min ? cmp < 0 : cmp > 0) best = list[i];
        }
        return best;
    }

    /// <summary><c>sum(list)</c>, exactly; 0 for an empty list, and an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static int Sum(IReadOnlyList<int> list, string at)
    {
        var total = 0;
        try { foreach (var x in list) total = checked(total + x); }
        catch (OverflowException) { throw Overflow(at); }
        return total;
    }
    /// <summary><c>sum(list)</c>, exactly; 0 for an empty list, and an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static decimal Sum(IReadOnlyList<decimal> list, string at)
    {
        var total = 0m;
        try { foreach (var x in list) total += x; }
        catch (OverflowException) { throw Overflow(at); }
        return total;
    }
    /// <summary><c>sum(list)</c>, exactly; 0 for an empty list, and an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Money Sum(IReadOnlyList<Money> list, string at)
    {
        var total = Money.Zero;
        try { foreach (var x in list) total += x; }
        catch (OverflowException) { throw Overflow(at); }
        return total;
    }
    /// <summary><c>sum(list)</c>, exactly; 0 for an empty list, and an overflow is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static Rate Sum(IReadOnlyList<Rate> list, string at)
    {
        var total = new Rate(0m);
        try { foreach (var x in list) total += x; }
        catch (OverflowException) { throw Overflow(at); }
        return total;
    }

    /// <summary>周岁 on <paramref name="on"/> (法释〔2006〕1号 第二条).</summary>
    public static int Age(DateOnly birth, DateOnly on)
    {
        if (on < birth)
            throw new RuleErrorException(RuleError.Of(ErrorCodes.InvalidInput, Msg.Of("eval.birth_after",
                ("birth", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));
        return CivilDates.AgeInFullYears(birth, on);
    }

    /// <summary><c>add_days(d, n)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static DateOnly AddDays(DateOnly d, int n, string at) { try { return CivilDates.AddDays(d, n); } catch (ArgumentOutOfRangeException) { throw OutOfRange(at); } }
    /// <summary><c>add_months(d, n)</c> by 民法典 第201–203条 (the 31st of a shorter month is its last day); an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static DateOnly AddMonths(DateOnly d, int n, string at) { try { return CivilDates.AddMonths(d, n); } catch (ArgumentOutOfRangeException) { throw OutOfRange(at); } }
    /// <summary><c>add_years(d, n)</c> by 民法典 第201–203条 (29 February becomes 28 February); an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static DateOnly AddYears(DateOnly d, int n, string at) { try { return CivilDates.AddYears(d, n); } catch (ArgumentOutOfRangeException) { throw OutOfRange(at); } }
    /// <summary><c>add_hours(t, h)</c>; an error is an <c>evaluation_error</c> at <paramref name="at"/>.</summary>
    public static DateTime AddHours(DateTime t, decimal hours, string at)
    {
        try { return CivilDates.AddHours(t, hours); }
        catch (ArgumentOutOfRangeException) { throw OutOfRange(at); }
        catch (OverflowException) { throw Overflow(at); }
    }

    /// <summary><c>date_of(t)</c>: the day of a datetime.</summary>
    public static DateOnly DateOf(DateTime t) => DateOnly.FromDateTime(t);

    /// <summary><c>days_between(a, b)</c>: calendar days from <paramref name="a"/> to <paramref name="b"/>, <paramref name="a"/> not
    /// counted (民法典 第201条); negative when <paramref name="b"/> is before <paramref name="a"/>.</summary>
    public static int DaysBetween(DateOnly a, DateOnly b) => b.DayNumber - a.DayNumber;

    /// <summary>
    /// <c>working_days_between(a, b, CAL)</c>: the working days after <paramref name="a"/> up to and including <paramref name="b"/>
    /// (民法典 第201条: the start day is not counted); the negative of the count from b to a when <paramref name="b"/> is before <paramref name="a"/>.
    /// </summary>
    /// A day counted outside the calendar's data is <c>not_determinable</c> naming it, with the calendar's citations.
    public static int WorkingDaysBetween(DateOnly a, DateOnly b, RuleCalendar calendar)
    {
        try { return b < a ? -CountWorkingDays(b, a, calendar.Calendar) : CountWorkingDays(a, b, calendar.Calendar); }
        catch (CalendarCoverageException e) { throw NotCovered(e, calendar); }
    }

    private static int CountWorkingDays(DateOnly a, DateOnly b, WorkingCalendar calendar)
    {
        var count = 0;
        for (var day = a.DayNumber + 1; day <= b.DayNumber; day++)
            if (calendar.IsWorkingDay(DateOnly.FromDayNumber(day))) count++;
        return count;
    }

    /// <summary><c>working_days_after(d, n, CAL)</c>: the n-th working day after d (d not counted); outside the calendar's data it is <c>not_determinable</c>.</summary>
    public static DateOnly WorkingDaysAfter(DateOnly d, int n, RuleCalendar calendar, string at)
    {
        if (n < 1) throw FailWith(ErrorCodes.EvaluationFailed, Msg.Of("eval.working_days_at_least_one", ("function", "working_days_after"), ("at", at), ("n", n)));
        try { return calendar.Calendar.WorkingDaysAfter(d, n); }
        catch (CalendarCoverageException e) { throw NotCovered(e, calendar); }
        catch (ArgumentOutOfRangeException) { throw OutOfRange(at); }
    }

    /// <summary><c>next_working_day(d, CAL)</c>: d if it is a working day, else the next one; outside the calendar's data it is <c>not_determinable</c>.</summary>
    public static DateOnly NextWorkingDay(DateOnly d, RuleCalendar calendar, string at)
    {
        try { return calendar.Calendar.NextWorkingDay(d); }
        catch (CalendarCoverageException e) { throw NotCovered(e, calendar); }
    }

    /// <summary><c>is_working_day(d, CAL)</c>; outside the calendar's data it is <c>not_determinable</c>.</summary>
    public static bool IsWorkingDay(DateOnly d, RuleCalendar calendar, string at)
    {
        try { return calendar.Calendar.IsWorkingDay(d); }
        catch (CalendarCoverageException e) { throw NotCovered(e, calendar); }
    }

    private static RuleErrorException NotCovered(CalendarCoverageException e, RuleCalendar calendar) =>
        FailWith(ErrorCodes.NotDeterminable, Msg.Of("eval.calendar_not_covered", ("calendar", e.CalendarName), ("year", e.Year),
            ("from", e.CoversFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", e.CoversTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
            calendar.Citations);

    /// <summary><c>document_in_force(S)</c>: whether the registry document numbered (or aliased) <paramref name="number"/> is in force on <paramref name="day"/>.</summary>
    public static bool DocumentInForce(string number, DateOnly day, IReadOnlyList<DocumentInfo> registry)
    {
        var doc = DocumentInfo.Find(registry, number)
            ?? throw FailWith(ErrorCodes.NotDeterminable, Msg.Of("eval.document_not_registered", ("number", number)));
        return doc.IsInForce(day);
    }

    // ---- lists ---------------------------------------------------------------------------------

    /// <summary><c>[f(x) for x in list]</c>, in order.</summary>
    public static IReadOnlyList<TResult> Map<T, TResult>(IReadOnlyList<T> list, Func<T, TResult> f)
    {
        var result = new TResult[list.Count];
        for (var i = 0; i < list.Count; i++) result[i] = f(list[i]);
        return result;
    }

    /// <summary><c>[x for x in list if keep(x)]</c>, in order.</summary>
    public static IReadOnlyList<T> Filter<T>(IReadOnlyList<T> list, Func<T, bool> keep)
    {
        var result = new List<T>();
        foreach (var x in list) if (keep(x)) result.Add(x);
        return result;
    }

    /// <summary><c>any(test(x) for x in list)</c>: false for an empty list.</summary>
    public static bool Any<T>(IReadOnlyList<T> list, Func<T, bool> test)
    {
        foreach (var x in list) if (test(x)) return true;
        return false;
    }

    /// <summary><c>all(test(x) for x in list)</c>: true for an empty list.</summary>
    public static bool All<T>(IReadOnlyList<T> list, Func<T, bool> test)
    {
        foreach (var x in list) if (!test(x)) return false;
        return true;
    }

    /// <summary><c>value in list</c>; the value is evaluated before the list, as the interpreter does.</summary>
    public static bool Contains<T>(T value, IReadOnlyList<T> list)
    {
        foreach (var x in list) if (AreEqual(value, x)) return true;
        return false;
    }

    /// <summary><c>count(list)</c>.</summary>
    public static int Count<T>(IReadOnlyList<T> list) => list.Count;

    /// <summary>
    /// Rule-language equality of two values of one type, the one implementation every back end calls (generated code on
    /// typed values; the interpreter and the bulk engine on values held boxed, as <c>AreEqual&lt;object?&gt;</c>): none equals
    /// only none, lists item by item, records field by field (their <c>Equals</c>), any other value by its own <c>Equals</c>.
    /// No conversion happens here: the core gives both sides one type (<c>CoreConvert</c>).
    /// </summary>
    public static bool AreEqual<T>(T a, T b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a is System.Collections.IEnumerable la and not string && b is System.Collections.IEnumerable lb and not string) return ItemsEqual(la, lb);
        return EqualityComparer<T>.Default.Equals(a, b);
    }

    private static bool ItemsEqual(System.Collections.IEnumerable a, System.Collections.IEnumerable b)
    {
        var x = a.GetEnumerator();
        var y = b.GetEnumerator();
        while (true)
        {
            var more = x.MoveNext();
            if (more != y.MoveNext()) return false;
            if (!more) return true;
            if (!AreEqual(x.Current, y.Current)) return false;
        }
    }

    /// <summary>A list converted item by item (int to decimal, T to T?).</summary>
    public static IReadOnlyList<TResult> Convert<T, TResult>(IReadOnlyList<T> list, Func<T, TResult> convert) => Map(list, convert);

    /// <summary>A hash consistent with <see cref="AreEqual{T}"/> for a generated record's list field.</summary>
    public static int ListHash<T>(IReadOnlyList<T>? list) => list?.Count ?? -1;
}
