using PolicyRules.Language.Model;
using PolicyRules.Time;

namespace PolicyRules.Evaluation;

/// <summary>
/// Evaluates a checked module for one set of inputs, definition by definition, recording the explanation trace.
/// Definitions are computed on demand and once, so a branch that is not taken never raises its
/// <c>not_determinable</c>.
/// </summary>
internal sealed class Interpreter
{
    private readonly RulePackage _package;
    private readonly ModuleModel _module;
    private readonly DateOnly _at;
    private readonly object?[] _inputs;
    private readonly object?[] _values;
    private readonly byte[] _state; // 0 = not yet, 1 = computing, 2 = done
    private readonly List<TraceStep>? _trace;
    private readonly List<object?> _variables = [];
    private readonly Action<BoundExpression, int>? _onBranch;

    /// <remarks><c>onBranch</c> is told of every branch taken (for scenario coverage): an <c>if</c> with 0 (then) or 1 (else),
    /// a <c>match</c> with the index of its case, or the number of cases for its <c>else</c>.</remarks>
    public Interpreter(RulePackage package, ModuleModel module, DateOnly at, object?[] inputs, bool trace, Action<BoundExpression, int>? onBranch = null)
    {
        _package = package; _module = module; _at = at; _inputs = inputs; _onBranch = onBranch;
        _values = new object?[module.Definitions.Count];
        _state = new byte[module.Definitions.Count];
        _trace = trace ? [] : null;
        if (_trace is not null)
            foreach (var input in module.Inputs)
                _trace.Add(new TraceStep(input.Name, input.Label, TraceKind.Input, inputs[input.Index], null, [], null, input.Span));
    }

    public IReadOnlyList<TraceStep> Trace => _trace ?? (IReadOnlyList<TraceStep>)[];

    public object? Definition(DefinitionModel d)
    {
        switch (_state[d.Index])
        {
            case 2: return _values[d.Index];
            case 1: throw Fail(ErrorCodes.EvaluationFailed, $"'{d.Name}' depends on itself");
        }
        _state[d.Index] = 1;
        string? ruleLabel = null;
        IReadOnlyList<CitationModel> citations = d.Citations;
        string? note = d.Note;
        object? value;
        if (d.Value is not null) value = Eval(d.Value);
        else
        {
            var (v, rule) = EvaluateRules(d);
            value = v;
            ruleLabel = rule.Label;
            citations = rule.Citations;
            note = rule.Note ?? d.Note;
        }
        _values[d.Index] = value;
        _state[d.Index] = 2;
        _trace?.Add(new TraceStep(d.Name, d.Label, d.IsOutput ? TraceKind.Output : TraceKind.Definition, value, ruleLabel, citations, note, d.Span));
        return value;
    }

    // ---- labelled rules (default logic) ----------------------------------------------------------

    private (object? Value, RuleModel Rule) EvaluateRules(DefinitionModel d)
    {
        var found = Applicable(d, d.RootRules);
        if (found is null)
            throw Fail(ErrorCodes.NoRuleApplies, $"no rule of '{d.Name}' applies to these inputs (rules: {string.Join(", ", d.Rules.Select(r => r.Label))})",
                d.AllCitations.ToList());
        return found.Value;
    }

    private (object? Value, RuleModel Rule)? Applicable(DefinitionModel d, IEnumerable<RuleModel> rules)
    {
        (object? Value, RuleModel Rule)? result = null;
        foreach (var rule in rules)
        {
            var r = Apply(d, rule);
            if (r is null) continue;
            if (result is { } first)
                throw Fail(ErrorCodes.Conflict,
                    $"conflict in '{d.Name}': rule '{first.Rule.Label}' ({first.Rule.Span}, {string.Join("; ", first.Rule.Citations)}) and rule '{r.Value.Rule.Label}' ({r.Value.Rule.Span}, {string.Join("; ", r.Value.Rule.Citations)}) both apply, and neither is an exception of the other",
                    first.Rule.Citations.Concat(r.Value.Rule.Citations).ToList());
            result = r;
        }
        return result;
    }

    private (object? Value, RuleModel Rule)? Apply(DefinitionModel d, RuleModel rule)
    {
        var exception = Applicable(d, rule.Exceptions);
        if (exception is not null) return exception;
        if (rule.When is not null && !(bool)Eval(rule.When)!) return null;
        return (Eval(rule.Value), rule);
    }

    // ---- expressions -----------------------------------------------------------------------------

    private static RuleEvaluationException Fail(string code, string message, IReadOnlyList<CitationModel>? citations = null) =>
        new(new EvaluationError(code, message, null, citations));

    public object? Eval(BoundExpression e)
    {
        switch (e)
        {
            case BoundLiteral l: return Literal(l);
            case BoundInput i: return _inputs[i.Input.Index];
            case BoundDefinitionRef d: return Definition(d.Definition);
            case BoundVariable v: return _variables[v.Slot];
            case BoundEvaluationDate: return _at;
            case BoundCalendarRef c: return _package.Calendar(c.Calendar);
            case BoundUnary u:
                var operand = Eval(u.Operand);
                if (u.Operator == UnaryOperator.Not) return !(bool)operand!;
                try { return Arithmetic.Negate(operand); }
                catch (OverflowException) { throw Fail(ErrorCodes.EvaluationFailed, $"arithmetic overflow at {u.Span}"); } // -(-2147483648)
            case BoundBinary b: return Binary(b);
            case BoundIf i:
                var condition = (bool)Eval(i.Condition)!;
                _onBranch?.Invoke(i, condition ? 0 : 1);
                return condition ? Eval(i.Then) : Eval(i.Else);
            case BoundMatch m:
                var subject = Eval(m.Subject);
                for (var k = 0; k < m.Cases.Count; k++)
                {
                    if (!m.Cases[k].Patterns.Any(p => Values.AreEqual(subject, Literal(p)))) continue;
                    _onBranch?.Invoke(m, k);
                    return Eval(m.Cases[k].Value);
                }
                if (m.Else is not null)
                {
                    _onBranch?.Invoke(m, m.Cases.Count);
                    return Eval(m.Else);
                }
                throw Fail(ErrorCodes.EvaluationFailed, $"no case of the match at {m.Span} covers {ValueText.Format(subject)}");
            case BoundCall c: return Call(c);
            case BoundComprehension c: return Comprehension(c);
            case BoundList l: return l.Items.Select(Eval).ToList();
            case BoundInList i:
                var value = Eval(i.Value);
                return ((IReadOnlyList<object?>)Eval(i.List)!).Any(x => Values.AreEqual(value, x));
            case BoundField f: return ((RecordValue)Eval(f.Target)!)[f.Field.Name];
            case BoundNotDeterminable n:
                throw Fail(ErrorCodes.NotDeterminable,
                    n.Citations.Count == 0 ? n.Reason : $"{n.Reason} ({string.Join("; ", n.Citations)})", n.Citations);
            default: throw new InvalidOperationException($"cannot evaluate {e.GetType().Name}");
        }
    }

    /// <summary>Literals are stored in the model in language-neutral form; this gives their runtime value.</summary>
    internal static object? Literal(BoundLiteral l) => l.Type.Kind switch
    {
        TypeKind.Money => new Money((decimal)l.Value!),
        TypeKind.Rate => new Rate((decimal)l.Value!),
        TypeKind.Date => DateOnly.FromDateTime((DateTime)l.Value!),
        _ => l.Value,
    };

    private object? Binary(BoundBinary b)
    {
        switch (b.Operator)
        {
            case BinaryOperator.And: return (bool)Eval(b.Left)! && (bool)Eval(b.Right)!;
            case BinaryOperator.Or: return (bool)Eval(b.Left)! || (bool)Eval(b.Right)!;
        }
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        try
        {
            return b.Operator switch
            {
                BinaryOperator.Equal => Values.AreEqual(left, right),
                BinaryOperator.NotEqual => !Values.AreEqual(left, right),
                BinaryOperator.Less => Arithmetic.Compare(left, right) < 0,
                BinaryOperator.LessOrEqual => Arithmetic.Compare(left, right) <= 0,
                BinaryOperator.Greater => Arithmetic.Compare(left, right) > 0,
                BinaryOperator.GreaterOrEqual => Arithmetic.Compare(left, right) >= 0,
                _ => Arithmetic.Apply(b.Operator, left, right),
            };
        }
        catch (DivideByZeroException)
        {
            throw Fail(ErrorCodes.EvaluationFailed, $"division by zero at {b.Span}");
        }
        catch (OverflowException)
        {
            throw Fail(ErrorCodes.EvaluationFailed, $"arithmetic overflow at {b.Span}");
        }
    }

    private object? Comprehension(BoundComprehension c)
    {
        var source = (IReadOnlyList<object?>)Eval(c.Source)!;
        _variables.Add(null);
        var slot = _variables.Count - 1;
        try
        {
            switch (c.Kind)
            {
                case ComprehensionKind.Map:
                    var mapped = new List<object?>(source.Count);
                    foreach (var x in source) { _variables[slot] = x; mapped.Add(Eval(c.Body)); }
                    return mapped;
                case ComprehensionKind.Filter:
                    var kept = new List<object?>();
                    foreach (var x in source) { _variables[slot] = x; if ((bool)Eval(c.Body)!) kept.Add(x); }
                    return kept;
                case ComprehensionKind.Any:
                    foreach (var x in source) { _variables[slot] = x; if ((bool)Eval(c.Body)!) return true; }
                    return false;
                default:
                    foreach (var x in source) { _variables[slot] = x; if (!(bool)Eval(c.Body)!) return false; }
                    return true;
            }
        }
        finally { _variables.RemoveAt(slot); }
    }

    private object? Call(BoundCall c)
    {
        var args = c.Arguments.Select(Eval).ToArray();
        try
        {
            switch (c.Function)
            {
                case BuiltinFunction.Round: return Arithmetic.Round(args[0], (int)args[1]!, MidpointRounding.AwayFromZero);
                case BuiltinFunction.RoundUp: return Arithmetic.Round(args[0], (int)args[1]!, MidpointRounding.ToPositiveInfinity);
                case BuiltinFunction.RoundDown: return Arithmetic.Round(args[0], (int)args[1]!, MidpointRounding.ToNegativeInfinity);
                case BuiltinFunction.Ceil: return checked((int)decimal.Ceiling(Arithmetic.ToDecimal(args[0])));
                case BuiltinFunction.Floor: return checked((int)decimal.Floor(Arithmetic.ToDecimal(args[0])));
                case BuiltinFunction.Abs: return Arithmetic.Compare(args[0], Arithmetic.Zero(c.Type)) < 0 ? Arithmetic.Negate(args[0]) : args[0];
                case BuiltinFunction.Min2: return Arithmetic.Compare(args[0], args[1]) <= 0 ? args[0] : args[1];
                case BuiltinFunction.Max2: return Arithmetic.Compare(args[0], args[1]) >= 0 ? args[0] : args[1];
                case BuiltinFunction.Sum:
                    var total = Arithmetic.Zero(c.Type);
                    foreach (var x in (IReadOnlyList<object?>)args[0]!) total = Arithmetic.Apply(BinaryOperator.Add, total, x);
                    return total;
                case BuiltinFunction.Count: return ((IReadOnlyList<object?>)args[0]!).Count;
                case BuiltinFunction.MinOf:
                case BuiltinFunction.MaxOf:
                    var list = (IReadOnlyList<object?>)args[0]!;
                    if (list.Count == 0)
                        throw Fail(ErrorCodes.EvaluationFailed, $"{(c.Function == BuiltinFunction.MinOf ? "min" : "max")} of an empty list at {c.Span}");
                    var best = list[0];
                    foreach (var x in list.Skip(1))
                    {
                        var cmp = Arithmetic.Compare(x, best);
                        if (c.Function == BuiltinFunction.MinOf ? cmp < 0 : cmp > 0) best = x;
                    }
                    return best;
                case BuiltinFunction.Age: return Age((DateOnly)args[0]!, _at);
                case BuiltinFunction.AgeOn: return Age((DateOnly)args[0]!, (DateOnly)args[1]!);
                case BuiltinFunction.AddDays: return CivilDates.AddDays((DateOnly)args[0]!, (int)args[1]!);
                case BuiltinFunction.AddMonths: return CivilDates.AddMonths((DateOnly)args[0]!, (int)args[1]!);
                case BuiltinFunction.AddYears: return CivilDates.AddYears((DateOnly)args[0]!, (int)args[1]!);
                case BuiltinFunction.AddHours: return CivilDates.AddHours((DateTime)args[0]!, Arithmetic.ToDecimal(args[1]));
                case BuiltinFunction.DateOf: return DateOnly.FromDateTime((DateTime)args[0]!);
                case BuiltinFunction.WorkingDaysAfter:
                    if ((int)args[1]! < 1)
                        throw Fail(ErrorCodes.EvaluationFailed, $"working_days_after at {c.Span}: the number of working days must be at least 1, got {args[1]}");
                    return ((WorkingCalendar)args[2]!).WorkingDaysAfter((DateOnly)args[0]!, (int)args[1]!);
                case BuiltinFunction.NextWorkingDay: return ((WorkingCalendar)args[1]!).NextWorkingDay((DateOnly)args[0]!);
                case BuiltinFunction.IsWorkingDay: return ((WorkingCalendar)args[1]!).IsWorkingDay((DateOnly)args[0]!);
                case BuiltinFunction.DocumentInForce:
                    var number = (string)args[0]!;
                    var doc = _package.Model.FindDocument(number)
                        ?? throw Fail(ErrorCodes.NotDeterminable, $"'{number}' is not in this package's document registry, so its period in force is not known here");
                    return doc.IsInForce(_at.ToDateTime(TimeOnly.MinValue));
                default: throw new InvalidOperationException($"unknown function {c.Function}");
            }
        }
        catch (CalendarCoverageException e)
        {
            var calendar = _package.Model.Calendars.FirstOrDefault(x => x.Name == e.CalendarName);
            throw Fail(ErrorCodes.NotDeterminable, e.Message + " — the working-day status of that year is not in the package's calendar data",
                calendar?.Citations.ToList());
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw Fail(ErrorCodes.EvaluationFailed, $"date out of range at {c.Span}: {e.Message}");
        }
        catch (OverflowException)
        {
            throw Fail(ErrorCodes.EvaluationFailed, $"arithmetic overflow at {c.Span}");
        }
    }

    private static int Age(DateOnly birth, DateOnly on)
    {
        if (on < birth)
            throw new RuleEvaluationException(new EvaluationError(ErrorCodes.InvalidInput,
                $"birth date {birth:yyyy-MM-dd} is after {on:yyyy-MM-dd}, the date the age is asked for"));
        return CivilDates.AgeInFullYears(birth, on);
    }
}
