using PolicyRules.Language.Messages;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;
using PolicyRules.Rules;
using PolicyRules.Time;

namespace PolicyRules.Evaluation;

/// <summary>
/// Evaluates a lowered module (<see cref="CoreModule"/>) for one set of inputs, definition by definition, recording the
/// explanation trace. Definitions are computed on demand and once (<see cref="CoreForce"/>), so a branch that is not taken
/// never raises its <c>not_determinable</c>.
/// </summary>
internal sealed class Interpreter : CoreVisitor<object?>
{
    private readonly CoreModule _core;
    private readonly RulePackage _package;
    private readonly DateOnly _at;
    private readonly object?[] _inputs;
    private readonly object?[] _values;
    private readonly byte[] _state; // 0 = not yet, 1 = computing, 2 = done
    private readonly List<TraceStep>? _trace;
    private List<object?>? _variables; // comprehension variables, created on first use
    private readonly Action<BoundExpression, int>? _onBranch;
    private bool _selecting;

    /// <remarks><c>onBranch</c> is told of every branch taken (for scenario coverage): an <c>if</c> with 0 (then) or 1 (else),
    /// a <c>match</c> with the index of its case, or the number of cases for its <c>else</c>.</remarks>
    public Interpreter(RulePackage package, CoreModule core, DateOnly at, object?[] inputs, bool trace, Action<BoundExpression, int>? onBranch = null)
    {
        var module = core.Module;
        _core = core;
        _package = package; _at = at; _inputs = inputs; _onBranch = onBranch;
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
        var core = _core.Definitions[d.Index];
        string? ruleLabel = null;
        IReadOnlyList<CitationModel> citations = d.Citations;
        string? note = d.Note;
        object? value;
        Derivation? how = null;
        if (core.Value is not null)
        {
            value = Eval(core.Value);
            if (_trace is not null) how = core.Derivations[Branch(core)];
        }
        else
        {
            var (v, applied) = EvaluateRules(d, core.Rules!);
            var rule = applied.Rule;
            value = v;
            ruleLabel = rule.Label;
            citations = rule.Citations;
            note = rule.Note ?? d.Note;
            how = applied.Derivation;
        }
        _values[d.Index] = value;
        _state[d.Index] = 2;
        _trace?.Add(new TraceStep(d.Name, d.Label, d.IsOutput ? TraceKind.Output : TraceKind.Definition, value, ruleLabel, citations, note, d.Span, how)
        {
            Parameters = ParameterReads.At(ParameterReads.Lines(core), _at.ToDateTime(TimeOnly.MinValue)),
        });
        return value;
    }

    /// <summary>Which branch of the definition's top-level <c>if</c> or <c>match</c> the value took (the core's selector, which
    /// repeats tests already made: not counted again for coverage).</summary>
    private int Branch(CoreDefinition core)
    {
        if (core.BranchSelector is null) return 0;
        _selecting = true;
        try { return (int)Eval(core.BranchSelector)!; }
        finally { _selecting = false; }
    }

    /// <summary>Checks the inputs' <c>requires</c> in order; the first that fails is <c>invalid_input</c>.</summary>
    public EvaluationError? CheckRequirements()
    {
        foreach (var r in _core.Requirements)
            if (!(bool)Eval(r.Condition)!)
                return EvaluationError.Of(ErrorCodes.InvalidInput,
                    Msg.Of("input.requirement", ("input", RuleOps.InputName(r.Input.Name, r.Input.Label)), ("value", ValueText.Format(_inputs[r.Input.Index])), ("requirement", r.Text)),
                    r.Input.Name);
        return null;
    }

    // ---- labelled rules (default logic) ----------------------------------------------------------

    private (object? Value, CoreRule Rule) EvaluateRules(DefinitionModel d, CoreDefault rules)
    {
        var found = Applicable(d, rules);
        if (found is null)
            throw Fail(ErrorCodes.NoRuleApplies, Msg.Of("eval.no_rule_applies", ("definition", d.Name), ("rules", d.Rules.Select(r => r.Label).ToList())),
                d.AllCitations.ToList());
        return found.Value;
    }

    private (object? Value, CoreRule Rule)? Applicable(DefinitionModel d, CoreDefault rules)
    {
        (object? Value, CoreRule Rule)? result = null;
        foreach (var rule in rules.Candidates)
        {
            var r = Apply(d, rule);
            if (r is null) continue;
            if (result is { } found)
            {
                var (first, second) = (found.Rule.Rule, r.Value.Rule.Rule);
                throw Fail(ErrorCodes.Conflict,
                    Msg.Of("eval.conflict", ("definition", d.Name), ("first", first.Label), ("first_source", first.Span.ToString()), ("first_cites", new CitationList(first.Citations)),
                        ("second", second.Label), ("second_source", second.Span.ToString()), ("second_cites", new CitationList(second.Citations))),
                    first.Citations.Concat(second.Citations).ToList());
            }
            result = r;
        }
        return result;
    }

    private (object? Value, CoreRule Rule)? Apply(DefinitionModel d, CoreRule rule)
    {
        var exception = Applicable(d, rule.Exceptions);
        if (exception is not null) return exception;
        if (rule.When is not null && !(bool)Eval(rule.When)!) return null;
        return (Eval(rule.Value), rule);
    }

    // ---- expressions -----------------------------------------------------------------------------

    private static RuleEvaluationException Fail(string code, string message, IReadOnlyList<CitationModel>? citations = null) =>
        new(new EvaluationError(code, message, null, citations));

    private static RuleEvaluationException Fail(string code, Msg message, IReadOnlyList<CitationModel>? citations = null) =>
        new(EvaluationError.Of(code, message, null, citations));

    /// <summary>Evaluates one node; an exception no rule foresaw becomes <c>evaluation_error</c> naming the innermost node's place.</summary>
    public object? Eval(CoreExpr e)
    {
        try { return e.Accept(this); }
        catch (RuleEvaluationException) { throw; }
        catch (Exception ex) when (ex is not OutOfMemoryException and not InsufficientExecutionStackException)
        {
            throw Fail(ErrorCodes.EvaluationFailed, Msg.Of("eval.failed", ("at", e.Span.ToString()), ("reason", ex.Message)));
        }
    }

    // Booleans boxed once: comparisons and conditions are the commonest values and would otherwise allocate at every node.
    private static readonly object True = true, False = false;
    private static object Box(bool b) => b ? True : False;

    public override object? VisitLiteral(CoreLiteral l) => Plan(l).Value;
    public override object? VisitInput(CoreInput i) => _inputs[i.Input.Index];
    public override object? VisitForce(CoreForce d) => Definition(d.Definition);
    public override object? VisitVariable(CoreVariable v) => _variables![v.Slot];
    public override object? VisitEvaluationDate(CoreEvaluationDate e) => _at;
    public override object? VisitCalendar(CoreCalendar c) => _package.RuleCalendar(c.Calendar);
    public override object? VisitConvert(CoreConvert c) =>
        !c.IsWidening ? Eval(c.Operand) : c.Operand is CoreLiteral ? Plan(c).Value : Converted(Eval(c.Operand), c.Operand.Type, c.Type);

    /// <summary>A <see cref="CoreConvert"/> on a value held the interpreter's way: an int becomes a decimal, a list's items one
    /// by one; T → T? is the same value here.</summary>
    internal static object? Converted(object? value, RuleType from, RuleType to)
    {
        if (value is null || !CoreConvert.Widens(from, to)) return value;
        if (from.Kind == TypeKind.List) return ((IReadOnlyList<object?>)value).Select(x => Converted(x, from.Element!, to.Element!)).ToList();
        return (decimal)(int)value;
    }

    public override object? VisitUnary(CoreUnary u)
    {
        var operand = Eval(u.Operand);
        if (u.Operator == UnaryOperator.Not) return Box(!(bool)operand!);
        var plan = Plan(u);
        return Run(plan.Unary!, operand, plan.Place!);
    }

    /// <summary>Calls a <see cref="RuleOps"/> implementation on values held the interpreter's way; its error (a
    /// <see cref="RuleErrorException"/>) becomes this evaluation's error with the same code, message and citations.</summary>
    private object? Invoke(Func<object?[], object?> invoker, object?[] args)
    {
        try { return invoker(args); }
        catch (RuleErrorException e) { throw Translate(e); }
    }

    private object? Run(Func<object?, string, object?> op, object? operand, string place)
    {
        try { return op(operand, place); }
        catch (RuleErrorException e) { throw Translate(e); }
    }

    private object? Run(Func<object?, object?, string, object?> op, object? left, object? right, string place)
    {
        try { return op(left, right, place); }
        catch (RuleErrorException e) { throw Translate(e); }
    }

    private RuleEvaluationException Translate(RuleErrorException e) =>
        new(new EvaluationError(e.Error.Code, e.Error.Message, null, _package.CitationModels(e.Error.Citations)) { Text = e.Error.Text });

    private static InterpreterPlan Plan(CoreExpr node) => InterpreterPlan.For(node);

    public override object? VisitIf(CoreIf i)
    {
        var condition = (bool)Eval(i.Condition)!;
        if (!_selecting) _onBranch?.Invoke(i.Origin, condition ? 0 : 1);
        return condition ? Eval(i.Then) : Eval(i.Else);
    }

    public override object? VisitMatch(CoreMatch m)
    {
        var subject = Eval(m.Subject);
        for (var k = 0; k < m.Cases.Count; k++)
        {
            if (!Matches(subject, m.Cases[k].Patterns)) continue;
            if (!_selecting) _onBranch?.Invoke(m.Origin, k);
            return Eval(m.Cases[k].Value);
        }
        if (m.Else is not null)
        {
            if (!_selecting) _onBranch?.Invoke(m.Origin, m.Cases.Count);
            return Eval(m.Else);
        }
        throw Fail(ErrorCodes.EvaluationFailed, Msg.Of("eval.no_case", ("at", m.Span.ToString()), ("value", ValueText.Format(subject))));
    }

    private static bool Matches(object? subject, IReadOnlyList<CoreLiteral> patterns)
    {
        foreach (var p in patterns)
            if (RuleOps.AreEqual(subject, Plan(p).Value)) return true;
        return false;
    }

    public override object? VisitList(CoreList l) => l.Items.Select(Eval).ToList();

    public override object? VisitInList(CoreInList i)
    {
        var value = Eval(i.Value);
        foreach (var x in (IReadOnlyList<object?>)Eval(i.List)!)
            if (RuleOps.AreEqual(value, x)) return True;
        return False;
    }

    public override object? VisitField(CoreField f) => ((RecordValue)Eval(f.Target)!)[f.Field.Name];

    public override object? VisitNotDeterminable(CoreNotDeterminable n) =>
        throw (n.Citations.Count == 0
            ? Fail(ErrorCodes.NotDeterminable, n.Reason, n.Citations)
            : Fail(ErrorCodes.NotDeterminable, Msg.Of("eval.not_determinable", ("reason", n.Reason), ("citations", new CitationList(n.Citations))), n.Citations));

    /// <summary>The value in force at the evaluation date (read from the package's parameter model), then the table's entry
    /// or the scale applied to the base; <c>not_in_force</c> before the first value.</summary>
    public override object? VisitParameter(CoreParameter p)
    {
        var parameter = p.Parameter;
        var day = _at.ToDateTime(TimeOnly.MinValue);
        var value = parameter.At(day) ?? throw BeforeFirst(parameter);
        switch (parameter.Shape)
        {
            case ParameterShape.Table when parameter.ByRange:
                var (lowers, lowerIncludes, uppers, upperIncludes) = RangeArrays(value);
                var rangeKey = Eval(p.Key!);
                var index = RuleOps.RangeIndex(rangeKey is Money money ? money.Amount : (decimal)rangeKey!, lowers, lowerIncludes, uppers, upperIncludes);
                if (index < 0) throw Fail(ErrorCodes.EvaluationFailed, parameter.NoEntryText(value));
                return Literal(value.Entries[index], parameter.Type);
            case ParameterShape.Table:
                var key = Eval(p.Key!);
                if (!value.TryGet(key!, out var entry)) throw Fail(ErrorCodes.EvaluationFailed, parameter.NoEntryText(value));
                return Literal(entry, parameter.Type);
            case ParameterShape.Scale:
                var amount = Eval(p.Key!);
                var (boundaries, includes, rates) = ScaleArrays(value);
                try
                {
                    return amount is Money m
                        ? RuleOps.Scale(m, boundaries, includes, rates, parameter.Method == ScaleMethod.Marginal, p.Span.ToString())
                        : RuleOps.Scale((decimal)amount!, boundaries, includes, rates, parameter.Method == ScaleMethod.Marginal, p.Span.ToString());
                }
                catch (RuleErrorException e) { throw new RuleEvaluationException(new EvaluationError(e.Error.Code, e.Error.Message) { Text = e.Error.Text }); }
            default:
                return Literal(value.Value, parameter.Type);
        }
    }

    /// <summary>A read before the first value: <c>not_in_force</c>, or <c>not_determinable</c> where the declaration says another document decides.</summary>
    internal static RuleEvaluationException BeforeFirst(ParameterModel parameter) => parameter.BeforeFirstReason is null
        ? Fail(ErrorCodes.NotInForce, parameter.NotInForceText(), [parameter.Values[0].Citation])
        : Fail(ErrorCodes.NotDeterminable, parameter.BeforeFirstText(), parameter.BeforeFirstCitation is { } c ? new[] { c } : Array.Empty<CitationModel>());

    /// <summary>A range table's value as the arrays <see cref="RuleOps.RangeIndex(decimal, decimal[], bool[], decimal[], bool[])"/> takes
    /// (an unbounded end as decimal.MinValue or decimal.MaxValue, included).</summary>
    internal static (decimal[] Lowers, bool[] LowerIncludes, decimal[] Uppers, bool[] UpperIncludes) RangeArrays(ParameterValueModel value)
    {
        var ranges = value.Keys.Cast<ParameterRange>().ToList();
        return (ranges.Select(r => r.Lower ?? decimal.MinValue).ToArray(), ranges.Select(r => r.Lower is null || r.LowerIncludes).ToArray(),
            ranges.Select(r => r.Upper ?? decimal.MaxValue).ToArray(), ranges.Select(r => r.Upper is null || r.UpperIncludes).ToArray());
    }

    /// <summary>A scale's value as the arrays <see cref="RuleOps.Scale(decimal, decimal[], bool[], decimal[], bool, string)"/> takes.</summary>
    internal static (decimal[] Boundaries, bool[] UpperIncludes, decimal[] Rates) ScaleArrays(ParameterValueModel value) => (
        value.Boundaries.Select(b => b.Amount).ToArray(),
        value.Boundaries.Select(b => b.UpperIncludes).ToArray(),
        value.Entries.Select(r => (decimal)r!).ToArray());

    /// <summary>Literals are stored in the model in language-neutral form; this gives their runtime value.</summary>
    internal static object? Literal(BoundLiteral l) => Literal(l.Value, l.Type);

    internal static object? Literal(object? value, RuleType type) => type.Kind switch
    {
        _ when value is null => null,
        TypeKind.Money => new Money((decimal)value!),
        TypeKind.Rate => new Rate((decimal)value!),
        TypeKind.Date => DateOnly.FromDateTime((DateTime)value!),
        _ => value,
    };

    public override object? VisitBinary(CoreBinary b)
    {
        switch (b.Operator)
        {
            case BinaryOperator.And: return Box((bool)Eval(b.Left)! && (bool)Eval(b.Right)!);
            case BinaryOperator.Or: return Box((bool)Eval(b.Left)! || (bool)Eval(b.Right)!);
        }
        var left = Eval(b.Left);
        var right = Eval(b.Right);
        switch (b.Operator)
        {
            case BinaryOperator.Equal: return Box(AreEqual(b, left, right));
            case BinaryOperator.NotEqual: return Box(!AreEqual(b, left, right));
            case BinaryOperator.Less: return Box(Compare(b, left, right) < 0);
            case BinaryOperator.LessOrEqual: return Box(Compare(b, left, right) <= 0);
            case BinaryOperator.Greater: return Box(Compare(b, left, right) > 0);
            case BinaryOperator.GreaterOrEqual: return Box(Compare(b, left, right) >= 0);
        }
        var plan = Plan(b);
        return Run(plan.Binary!, left, right, plan.Place!);
    }

    private static int Compare(CoreBinary b, object? left, object? right) => Plan(b).Compare!(left, right);

    /// <summary><c>RuleOps.Equal</c> when both sides have one required scalar type; none, lists and records compare as values
    /// (<see cref="RuleOps.AreEqual{T}"/>: none equals only none, lists item by item).</summary>
    private static bool AreEqual(CoreBinary b, object? left, object? right) =>
        Plan(b).Equal is { } equal ? equal(left, right) : RuleOps.AreEqual(left, right);

    public override object? VisitComprehension(CoreComprehension c)
    {
        var source = (IReadOnlyList<object?>)Eval(c.Source)!;
        var variables = _variables ??= [];
        variables.Add(null);
        var slot = variables.Count - 1;
        try
        {
            switch (c.Kind)
            {
                case ComprehensionKind.Map:
                    var mapped = new List<object?>(source.Count);
                    foreach (var x in source) { variables[slot] = x; mapped.Add(Eval(c.Body)); }
                    return mapped;
                case ComprehensionKind.Filter:
                    var kept = new List<object?>();
                    foreach (var x in source) { variables[slot] = x; if ((bool)Eval(c.Body)!) kept.Add(x); }
                    return kept;
                case ComprehensionKind.Any:
                    foreach (var x in source) { variables[slot] = x; if ((bool)Eval(c.Body)!) return True; }
                    return False;
                default:
                    foreach (var x in source) { variables[slot] = x; if (!(bool)Eval(c.Body)!) return False; }
                    return True;
            }
        }
        finally { variables.RemoveAt(slot); }
    }

    /// <summary>A builtin: the catalogue's one implementation (<see cref="BuiltinMethods.Resolve"/>), with the implicit arguments it asks for.</summary>
    public override object? VisitCall(CoreCall c)
    {
        var plan = Plan(c);
        var extra = plan.Implicit;
        var args = new object?[plan.Arity];
        var k = 0;
        foreach (var a in c.Arguments) args[k++] = Eval(a);
        if (extra.HasFlag(ImplicitArguments.EvaluationDate)) args[k++] = _at;
        if (extra.HasFlag(ImplicitArguments.Location)) args[k++] = plan.Place;
        if (extra.HasFlag(ImplicitArguments.Registry)) args[k] = _package.Registry;
        return Invoke(plan.Call!, args);
    }
}
