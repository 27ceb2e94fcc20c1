using System.Linq.Expressions;
using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Bulk;

/// <summary>Evaluates the rows of <c>[start, end)</c> of a batch, all <see cref="RowStatus.Pending"/> (it tests no status); compiled
/// once per module (and date segment). Each row it finishes ends <see cref="RowStatus.Ok"/>; a row it cannot finish is left
/// <see cref="RowStatus.Fallback"/>. An exception ends it at the row being evaluated (the first row of the range still
/// <see cref="RowStatus.Pending"/>): <see cref="CompiledModule"/> calls it through <c>RunKernel</c>, once per run of pending
/// rows, and hands that row to the interpreter and goes on.</summary>
internal delegate void BulkKernel(BulkBatch batch, int start, int end);

/// <summary>What the first pass over a module found: the definitions that need a memo flag, and the days on which the
/// module's behaviour may change with the evaluation date (<see cref="ModuleCompiler.DateBreaks"/>).</summary>
internal sealed record KernelPlan(RulePackage Package, ModuleModel Module, HashSet<DefinitionModel> Flags, int[] DateBreaks);

/// <summary>
/// Compiles a lowered module (<see cref="CoreModule"/>, the only form it reads) to typed delegates that loop over a columnar batch
/// (System.Linq.Expressions): one for rows with their own dates, one per date segment for batches at one date (<see cref="KernelPlan"/>).
/// Every value is an unboxed local of its CLR type (<see cref="BulkTypes"/>); definitions are locals computed on
/// first use, in exactly the order the interpreter asks for them, so a branch that is not taken never computes its
/// definitions or raises its <c>not_determinable</c>. A static "definitely computed" analysis drops the memo flag
/// wherever a definition is certainly (or certainly not yet) computed, so straight-line modules carry no flags at all.
/// A row the compiled code cannot finish (any error the interpreter would report, a failed <c>requires</c>, a date
/// out of force) is marked <see cref="RowStatus.Fallback"/>; <see cref="CompiledModule"/> then asks the interpreter,
/// which gives the exact error. Every operator and builtin is a call of its one <see cref="RuleOps"/> implementation
/// (<see cref="OperatorMethods"/>, <see cref="BuiltinMethods.Resolve"/>), in its check-free form where it has one
/// (<see cref="CheckFreeOps"/>).
/// </summary>
internal sealed class ModuleCompiler : CoreVisitor<Expression>
{
    private readonly RulePackage _package;
    private readonly ModuleModel _module;
    private readonly CoreModule _core;
    private readonly ParameterExpression _at = Expression.Variable(typeof(DateOnly), "at");
    private readonly ParameterExpression[] _inputs;
    private readonly Dictionary<DefinitionModel, ParameterExpression> _values = new();
    private readonly Dictionary<DefinitionModel, ParameterExpression> _flags = new();
    private readonly List<ParameterExpression> _temps = new();
    private readonly List<ParameterExpression?> _slots = new();
    private readonly HashSet<DefinitionModel> _inProgress = new();
    private readonly Dictionary<CalendarModel, ParameterExpression> _calendars = new();
    private HashSet<DefinitionModel> _flagged;
    private readonly HashSet<DefinitionModel> _neededFlags = new();
    private State _state = new();
    private readonly (int Lo, int Hi)? _segment;
    private readonly HashSet<ParameterModel> _parametersRead = new();
    private static readonly Expression Fallback = Expression.Constant(BulkFallbackException.Instance, typeof(Exception));

    private ModuleCompiler(RulePackage package, ModuleModel module, HashSet<DefinitionModel> flagged, (int Lo, int Hi)? segment)
    {
        _segment = segment;
        _package = package;
        _module = module;
        _core = package.Core(module);
        _flagged = flagged;
        _inputs = module.Inputs.Select(i => Expression.Variable(BulkTypes.ClrType(i.Type), "in_" + i.Name)).ToArray();
        foreach (var d in module.Definitions)
        {
            _values[d] = Expression.Variable(BulkTypes.ClrType(d.Type), "def_" + d.Name);
            _flags[d] = Expression.Variable(typeof(bool), "done_" + d.Name);
        }
    }

    /// <summary>The first pass: builds the per-row-date kernel once to find the definitions that need a memo flag and the
    /// parameters the module reads; throws <see cref="NotCompilableException"/> naming what it cannot compile.</summary>
    public static KernelPlan Plan(RulePackage package, ModuleModel module)
    {
        var probe = new ModuleCompiler(package, module, module.Definitions.ToHashSet(), segment: null);
        probe.BuildKernel(fixedAt: false);
        return new KernelPlan(package, module, probe._neededFlags, DateBreaks(probe._core.InForce, probe._parametersRead));
    }

    /// <summary>The kernel for rows with their own dates (<see cref="BulkBatch.At"/>): the period in force and each
    /// parameter's dated value are decided per row.</summary>
    public static BulkKernel PerRowDate(KernelPlan plan) => PerRowDateTree(plan).Compile(preferInterpretation: false);

    /// <summary>The tree <see cref="PerRowDate"/> compiles (a test reads the methods a kernel calls in it).</summary>
    internal static Expression<BulkKernel> PerRowDateTree(KernelPlan plan) =>
        new ModuleCompiler(plan.Package, plan.Module, plan.Flags, segment: null).BuildKernel(fixedAt: false);

    /// <summary>The kernel for a batch whose rows share one date (<see cref="BulkBatch.FixedAt"/>) lying in <paramref name="segment"/>,
    /// a run of days between two of the plan's <see cref="KernelPlan.DateBreaks"/>: on all of them the module is in force or
    /// not, and every parameter has the same value, so both are decided here, once, and the loop carries neither.</summary>
    public static BulkKernel FixedDate(KernelPlan plan, (int Lo, int Hi) segment) =>
        new ModuleCompiler(plan.Package, plan.Module, plan.Flags, segment).BuildKernel(fixedAt: true).Compile(preferInterpretation: false);

    /// <summary>The days (as <see cref="DateOnly.DayNumber"/>) on which what the module computes may change, sorted: the first day
    /// in force, the day after the last, and the first day of every dated value of every parameter it reads. Between two
    /// neighbours (a segment) the evaluation date decides nothing else but the builtins that read it.</summary>
    private static int[] DateBreaks(CoreInForce inForce, IEnumerable<ParameterModel> parameters)
    {
        var (lo, hi) = InForceDays(inForce);
        var breaks = new SortedSet<int> { lo };
        if (hi < DateOnly.MaxValue.DayNumber) breaks.Add(hi + 1);
        foreach (var p in parameters)
            foreach (var v in p.Values) breaks.Add(DayNumber(v.From));
        return breaks.ToArray();
    }

    /// <summary>The index of the segment of <paramref name="breaks"/> holding <paramref name="day"/> (0 for the days before the first break).</summary>
    public static int Segment(int[] breaks, int day)
    {
        var found = Array.BinarySearch(breaks, day);
        return found >= 0 ? found + 1 : ~found;
    }

    /// <summary>The first and last day of segment <paramref name="index"/> of <paramref name="breaks"/>.</summary>
    public static (int Lo, int Hi) SegmentDays(int[] breaks, int index) =>
        (index == 0 ? DateOnly.MinValue.DayNumber : breaks[index - 1],
         index == breaks.Length ? DateOnly.MaxValue.DayNumber : breaks[index] - 1);

    private static int DayNumber(DateTime date) => DateOnly.FromDateTime(date).DayNumber;

    /// <summary>Reads the input's text into its local (<see cref="RuleOps.KnownInput"/>); false for a near miss.</summary>
    private Expression ReadKnown(InputModel input)
    {
        var unknown = Expression.Variable(typeof(RuleError), "unknown_" + input.Name);
        var read = Expression.Call(typeof(RuleOps), nameof(RuleOps.KnownInput), null,
            Expression.Constant(input.Name), Expression.Constant(input.Label, typeof(string)), _inputs[input.Index], Expression.Constant(input.Known), unknown);
        return Expression.Block(typeof(bool), [unknown],
            Expression.Assign(_inputs[input.Index], read),
            Expression.Equal(unknown, Expression.Constant(null, typeof(RuleError))));
    }

    /// <summary>The days of the core's period-in-force check (<see cref="CoreInForce"/>), as one interval of day numbers.</summary>
    public static (int Lo, int Hi) InForceDays(CoreInForce inForce) => (inForce.FirstDay, inForce.LastDay);

    // ---- the kernel --------------------------------------------------------------------------------

    private Expression<BulkKernel> BuildKernel(bool fixedAt)
    {
        var batch = Expression.Parameter(typeof(BulkBatch), "batch");
        var start = Expression.Parameter(typeof(int), "start");
        var end = Expression.Parameter(typeof(int), "end");
        var status = Expression.Variable(typeof(byte[]), "status");
        var atColumn = Expression.Variable(typeof(DateOnly[]), "atColumn");
        var i = Expression.Variable(typeof(int), "i");
        var inColumns = _module.Inputs.Select(x => Expression.Variable(BulkTypes.ClrType(x.Type).MakeArrayType(), "col_" + x.Name)).ToArray();
        var outputs = _module.Outputs.ToList();
        var outColumns = outputs.Select(x => Expression.Variable(BulkTypes.ClrType(x.Type).MakeArrayType(), "out_" + x.Name)).ToArray();

        var setup = new List<Expression>
        {
            Expression.Assign(status, Expression.Field(batch, nameof(BulkBatch.Status))),
            Expression.Assign(atColumn, Expression.Field(batch, nameof(BulkBatch.At))),
        };
        for (var k = 0; k < inColumns.Length; k++)
            setup.Add(Expression.Assign(inColumns[k], Column(Expression.ArrayIndex(Expression.Field(batch, nameof(BulkBatch.Inputs)), Expression.Constant(k)), inColumns[k].Type)));
        for (var k = 0; k < outColumns.Length; k++)
            setup.Add(Expression.Assign(outColumns[k], Column(Expression.ArrayIndex(Expression.Field(batch, nameof(BulkBatch.Outputs)), Expression.Constant(k)), outColumns[k].Type)));

        // The kernel does not count the rows it leaves to the interpreter (a counter would live on the stack in a large
        // module): CompiledModule counts them afterwards, over the status bytes.
        Expression SetStatus(RowStatus s) => Expression.Assign(Expression.ArrayAccess(status, i), Expression.Constant((byte)s));

        // One row: inputs into locals, requires in input order, outputs in declaration order (the interpreter's order).
        var row = new List<Expression>();
        if (!fixedAt) row.Add(Expression.Assign(_at, Expression.ArrayIndex(atColumn, i)));
        for (var k = 0; k < _inputs.Length; k++) row.Add(Expression.Assign(_inputs[k], Expression.ArrayIndex(inColumns[k], i)));
        foreach (var d in _module.Definitions.Where(_flagged.Contains)) row.Add(Expression.Assign(_flags[d], Expression.Constant(false)));

        // A text input with known values is read by RuleOps.KnownInput, as the interpreter reads it; a near miss (its
        // invalid_input) goes to the interpreter, which reports it.
        var requires = _module.Inputs.Where(x => x.Known is not null).Select(ReadKnown)
            .Concat(_core.Requirements.Select(r => EmitAs(r.Condition, RuleType.Bool))).ToList();
        var body = new List<Expression>();
        foreach (var o in outputs) body.Add(Ensure(o));
        for (var k = 0; k < outputs.Count; k++) body.Add(Expression.Assign(Expression.ArrayAccess(outColumns[k], i), _values[outputs[k]]));
        body.Add(SetStatus(RowStatus.Ok));
        Expression evaluate = Expression.Block(typeof(void), body);
        for (var k = requires.Count - 1; k >= 0; k--)
            evaluate = Expression.IfThenElse(requires[k], evaluate, SetStatus(RowStatus.Fallback));

        var (lo, hi) = InForceDays(_core.InForce);
        var day = Expression.Property(_at, nameof(DateOnly.DayNumber));
        var outOfForce = Expression.OrElse(Expression.LessThan(day, Expression.Constant(lo)), Expression.GreaterThan(day, Expression.Constant(hi)));
        if (fixedAt)
        {
            // The segment lies wholly in force or wholly out of it (its bounds are among the date breaks).
            // Read before the columns, with the calendars (see below).
            setup.Insert(2, Expression.Assign(_at, Expression.Property(Expression.Property(batch, nameof(BulkBatch.FixedAt)), nameof(Nullable<DateOnly>.Value))));
            var segment = _segment ?? throw new InvalidOperationException("a fixed-date kernel is compiled for a segment");
            row.Add(segment.Lo >= lo && segment.Hi <= hi ? evaluate : SetStatus(RowStatus.Fallback));
        }
        else row.Add(Expression.IfThenElse(outOfForce, SetStatus(RowStatus.Fallback), evaluate));

        // for (i = start; i < end; i++) row;   (every row of the range is pending: see BulkKernel)
        // No protected region here, so the loop's variables stay in registers: an exception (rare) leaves the kernel, and
        // CompiledModule.RunKernel hands that row (the first still pending) to the interpreter and goes on from the next.
        var breakLabel = Expression.Label("done");
        var loop = Expression.Loop(
            Expression.IfThenElse(Expression.LessThan(i, end),
                Expression.Block(
                    Expression.Block(typeof(void), row),
                    Expression.PreIncrementAssign(i)),
                Expression.Break(breakLabel)),
            breakLabel);

        var variables = new List<ParameterExpression> { status, atColumn, i, _at };
        variables.AddRange(inColumns);
        variables.AddRange(outColumns);
        variables.AddRange(_inputs);
        variables.AddRange(_values.Values);
        variables.AddRange(_module.Definitions.Where(_flagged.Contains).Select(d => _flags[d]));
        variables.AddRange(_temps);
        // The calendars and the date are read before the columns, and a column's type test only throws (Column): no value
        // the loop needs is read before a call that returns, so none has to wait in a callee-saved register or on the
        // stack (with cast calls, the deadline's kernel read its input column from the stack on every row).
        var position = 0;
        foreach (var (calendar, local) in _calendars)
        {
            setup.Insert(position++, Expression.Assign(local, Expression.Constant(_package.RuleCalendar(calendar), typeof(RuleCalendar))));
            variables.Add(local);
        }
        setup.Add(Expression.Assign(i, start));
        setup.Add(loop);
        return Expression.Lambda<BulkKernel>(Expression.Block(typeof(void), variables, setup), "kernel_" + _module.Name, [batch, start, end]);
    }

    /// <summary>
    /// A batch's column as its typed array: its type tested, a wrong one thrown (<see cref="WrongColumn"/>), then taken as
    /// is. A cast (castclass) would do the same with a call that returns, and a value read before a call the loop needs
    /// lives in a callee-saved register: with a calendar and two columns that is one more than there are, and a column
    /// went to the stack, read again on every row.
    /// </summary>
    private static Expression Column(Expression column, Type arrayType)
    {
        var value = Expression.Variable(typeof(Array), "column");
        return Expression.Block(arrayType, [value],
            Expression.Assign(value, column),
            Expression.IfThen(Expression.Not(Expression.TypeEqual(value, arrayType)),
                Expression.Throw(Expression.Call(typeof(ModuleCompiler).GetMethod(nameof(WrongColumn), BindingFlags.NonPublic | BindingFlags.Static)!,
                    value, Expression.Constant(arrayType)))),
            Expression.Call(UnsafeAs.MakeGenericMethod(arrayType), value));
    }

    private static readonly MethodInfo UnsafeAs = typeof(System.Runtime.CompilerServices.Unsafe).GetMethods()
        .Single(m => m.Name == nameof(System.Runtime.CompilerServices.Unsafe.As) && m.GetGenericArguments().Length == 1);

    /// <summary>The error of a batch whose column is not the array the module reads (a caller replaced it): CompiledModule
    /// refuses such a batch before it runs a kernel, and this test keeps the kernel safe on its own.</summary>
    internal static InvalidCastException WrongColumn(Array? column, Type expected) =>
        new($"a batch column is {(column is null ? "null" : column.GetType().Name)} where the module reads {expected.Name}");

    // ---- definitions: computed on first use, memoised -------------------------------------------

    /// <summary>Which definitions are computed on every path so far (no flag needed to read them) and on some path.</summary>
    private sealed class State
    {
        public HashSet<DefinitionModel> Definite = new();
        public HashSet<DefinitionModel> Maybe = new();
        public State Clone() => new() { Definite = new(Definite), Maybe = new(Maybe) };
        public static State Merge(State a, State b)
        {
            var s = new State { Definite = new(a.Definite), Maybe = new(a.Maybe) };
            s.Definite.IntersectWith(b.Definite);
            s.Maybe.UnionWith(b.Maybe);
            return s;
        }
    }

    private Expression Ensure(DefinitionModel d)
    {
        var value = _values[d];
        if (_state.Definite.Contains(d)) return value;
        if (!_inProgress.Add(d)) throw new NotCompilableException(Msg.Of("bulk.depends_on_itself", ("name", d.Name)));
        try
        {
            if (!_state.Maybe.Contains(d))
            {
                var body = DefinitionBody(d);
                _state.Definite.Add(d);
                _state.Maybe.Add(d);
                return _flagged.Contains(d)
                    ? Expression.Block(value.Type, Expression.Assign(value, body), Expression.Assign(_flags[d], Expression.Constant(true)), value)
                    : Expression.Block(value.Type, Expression.Assign(value, body), value);
            }
            // Computed on some paths but not all: test the memo flag.
            _neededFlags.Add(d);
            var before = _state.Clone();
            var computed = DefinitionBody(d);
            before.Definite.Add(d);
            before.Maybe.UnionWith(_state.Maybe);
            before.Maybe.Add(d);
            _state = before;
            var flag = _flags[d];
            return Expression.Block(value.Type,
                Expression.IfThen(Expression.Not(flag), Expression.Block(Expression.Assign(value, computed), Expression.Assign(flag, Expression.Constant(true)))),
                value);
        }
        finally { _inProgress.Remove(d); }
    }

    private Expression DefinitionBody(DefinitionModel d) =>
        _core.Definitions[d.Index] is { Value: { } value } ? EmitAs(value, d.Type) : Rules(d, _core.Definitions[d.Index].Rules!);

    // Default logic, as Interpreter.EvaluateRules / Applicable / Apply: exceptions first, then the rule's own condition;
    // two applicable rules that neither overrides are a conflict; none at all is "no rule applies" (both fall back).
    private Expression Rules(DefinitionModel d, CoreDefault rules)
    {
        var type = BulkTypes.ClrType(d.Type);
        var found = Temp(typeof(bool), "found");
        var value = Temp(type, "value");
        var statements = Applicable(d, rules, found, value);
        statements.Add(Expression.IfThen(Expression.Not(found), Expression.Throw(Fallback)));
        statements.Add(value);
        return Expression.Block(type, statements);
    }

    private List<Expression> Applicable(DefinitionModel d, CoreDefault rules, ParameterExpression found, ParameterExpression value)
    {
        var statements = new List<Expression> { Expression.Assign(found, Expression.Constant(false)) };
        foreach (var rule in rules.Candidates)
        {
            var rf = Temp(typeof(bool), "applies_" + rule.Rule.Label);
            var rv = Temp(value.Type, "value_" + rule.Rule.Label);
            statements.AddRange(Apply(d, rule, rf, rv));
            statements.Add(Expression.IfThen(rf, Expression.Block(
                Expression.IfThen(found, Expression.Throw(Fallback)),
                Expression.Assign(found, Expression.Constant(true)),
                Expression.Assign(value, rv))));
        }
        return statements;
    }

    private List<Expression> Apply(DefinitionModel d, CoreRule rule, ParameterExpression rf, ParameterExpression rv)
    {
        var statements = new List<Expression>();
        ParameterExpression? ef = null, ev = null;
        if (rule.Exceptions.Candidates.Count > 0)
        {
            ef = Temp(typeof(bool), "exception_applies");
            ev = Temp(rv.Type, "exception_value");
            statements.AddRange(Applicable(d, rule.Exceptions, ef, ev));
        }
        var afterExceptions = _state.Clone();

        Expression own;
        if (rule.When is null)
        {
            own = Expression.Block(Expression.Assign(rv, EmitAs(rule.Value, d.Type)), Expression.Assign(rf, Expression.Constant(true)));
        }
        else
        {
            var condition = EmitAs(rule.When, RuleType.Bool);
            var afterCondition = _state.Clone();
            var value = EmitAs(rule.Value, d.Type);
            _state = State.Merge(afterCondition, _state);
            own = Expression.IfThenElse(condition,
                Expression.Block(Expression.Assign(rv, value), Expression.Assign(rf, Expression.Constant(true))),
                Expression.Assign(rf, Expression.Constant(false)));
        }
        if (ef is null)
        {
            statements.Add(own);
            return statements;
        }
        _state = State.Merge(afterExceptions, _state);
        statements.Add(Expression.IfThenElse(ef,
            Expression.Block(Expression.Assign(rf, Expression.Constant(true)), Expression.Assign(rv, ev!)),
            own));
        return statements;
    }

    private ParameterExpression Temp(Type type, string name)
    {
        var t = Expression.Variable(type, name);
        _temps.Add(t);
        return t;
    }

    // ---- expressions ---------------------------------------------------------------------------------


    private Expression Emit(CoreExpr e) => e.Accept(this);

    private Expression EmitAs(CoreExpr e, RuleType target) => Coerce(Emit(e), e.Type, target);

    private static Expression Coerce(Expression x, RuleType from, RuleType to)
    {
        if (from.Kind == TypeKind.Never)
            return to.Kind == TypeKind.Never ? x : Expression.Block(BulkTypes.ClrType(to), x, Expression.Default(BulkTypes.ClrType(to)));
        if (to.Kind == TypeKind.Never) return Expression.Block(typeof(void), x);
        var clr = BulkTypes.ClrType(to);
        if (from.Kind == TypeKind.None) return Expression.Block(clr, x, Expression.Default(clr));
        if (x.Type == clr) return x;
        if (clr.IsAssignableFrom(x.Type) && !x.Type.IsValueType) return Expression.Convert(x, clr);
        var target = Nullable.GetUnderlyingType(clr) ?? clr;
        var source = Nullable.GetUnderlyingType(x.Type) ?? x.Type;
        if (source == target) return Expression.Convert(x, clr);
        // An int meeting a decimal is a CoreConvert of the core (VisitConvert), never converted here.
        throw new NotCompilableException(Msg.Of("bulk.cannot_convert", ("from", TypeWords.DescribeMsg(from)), ("to", TypeWords.DescribeMsg(to))));
    }

    public override Expression VisitLiteral(CoreLiteral l) => Literal(l.Value, l.Type);
    public override Expression VisitInput(CoreInput i) => _inputs[i.Input.Index];
    public override Expression VisitForce(CoreForce d) => Ensure(d.Definition);
    public override Expression VisitVariable(CoreVariable v) =>
        v.Slot < _slots.Count && _slots[v.Slot] is { } slot ? slot : throw new NotCompilableException(Msg.Of("bulk.variable_out_of_scope", ("name", v.Name)));
    public override Expression VisitEvaluationDate(CoreEvaluationDate e) => _at;
    /// <summary>int → decimal as a conversion of the local (a list's boxed items one by one, as the interpreter converts them);
    /// T → T? as the lift to <see cref="Nullable{T}"/> the CLR types need.</summary>
    public override Expression VisitConvert(CoreConvert c)
    {
        var x = Emit(c.Operand);
        if (c.Operand.Type.Kind == TypeKind.Never || !CoreConvert.Widens(c.Operand.Type, c.Type)) return Coerce(x, c.Operand.Type, c.Type);
        // A literal int as a decimal is a decimal literal, so the JIT sees a constant (and IsZero recognises 0).
        if (x is ConstantExpression { Value: int literal } && c.Type.Kind == TypeKind.Decimal && !c.Type.Optional) return Expression.Constant((decimal)literal);
        if (c.Type.Kind == TypeKind.List)
            return Expression.Convert(Expression.Call(typeof(Interpreter).GetMethod(nameof(Interpreter.Converted), BindingFlags.NonPublic | BindingFlags.Static)!,
                BulkTypes.Box(x), Expression.Constant(c.Operand.Type), Expression.Constant(c.Type)), typeof(IReadOnlyList<object?>));
        return Expression.Convert(x, BulkTypes.ClrType(c.Type));
    }
    public override Expression VisitField(CoreField f) =>
        BulkTypes.Unbox(Expression.Call(Op(nameof(BulkOps.Field)), EmitAs(f.Target, f.Target.Type.AsRequired()), Expression.Constant(f.Field.Name)), f.Field.Type);
    public override Expression VisitNotDeterminable(CoreNotDeterminable n) => Expression.Throw(Fallback);

    /// <summary>
    /// The parameter's dated values as they are in the package's model when the module is compiled (a reform applied at
    /// load time is compiled in): a choice by date, latest first, of the value, the table entry (a switch on the key) or
    /// the scale (<see cref="RuleOps.Scale(decimal, decimal[], bool[], decimal[], bool, string)"/>). A date before the first
    /// value or a key the table does not list falls back to the interpreter, which reports it. In a fixed-date kernel the
    /// value in force on the segment's days is chosen here, at compile time.
    /// </summary>
    public override Expression VisitParameter(CoreParameter p)
    {
        var parameter = p.Parameter;
        _parametersRead.Add(parameter);
        var type = BulkTypes.ClrType(p.Type);
        if (p.Key is { Type.Kind: TypeKind.Never }) return NeverGivesAValue(p.Type, p.Key);
        ParameterExpression? key = null;
        Expression? assignKey = null;
        if (p.Key is not null)
        {
            key = Temp(BulkTypes.ClrType(p.Key.Type), "key");
            assignKey = Expression.Assign(key, EmitAs(p.Key, p.Key.Type));
        }
        Expression result = Expression.Throw(Fallback, type);
        // On a segment no value starts after its first day and before its last (each value's first day is a date break).
        var values = _segment is { } segment ? parameter.Values.Where(v => DayNumber(v.From) <= segment.Lo).TakeLast(1) : parameter.Values;
        foreach (var value in values)
        {
            Expression read = parameter.Shape switch
            {
                ParameterShape.Table when parameter.ByRange => Expression.Switch(type, RangeIndexCall(key!, value), Expression.Throw(Fallback, type), null,
                    value.Entries.Select((entry, i) => Expression.SwitchCase(Literal(entry, parameter.Type), Expression.Constant(i))).ToArray()),
                ParameterShape.Table => Expression.Switch(type, key!, Expression.Throw(Fallback, type), null,
                    value.Keys.Select((k, i) => Expression.SwitchCase(Literal(value.Entries[i], parameter.Type), Literal(k, parameter.KeyType!))).ToArray()),
                ParameterShape.Scale => ScaleCall(p, key!, value),
                _ => Literal(value.Value, parameter.Type),
            };
            if (_segment is not null) { result = read; continue; }
            var from = Literal(value.From, RuleType.Date);
            result = Expression.Condition(Expression.GreaterThanOrEqual(_at, from), read, result, type);
        }
        return assignKey is null ? result : Expression.Block(type, assignKey, result);
    }

    /// <summary>The index of the range holding the key (-1 for none, which falls back to the interpreter to report it).</summary>
    private static Expression RangeIndexCall(Expression key, ParameterValueModel value)
    {
        var (lowers, lowerIncludes, uppers, upperIncludes) = Interpreter.RangeArrays(value);
        // The core gives the key as a decimal or money (an int key is a CoreConvert).
        Expression amount = key.Type == typeof(Money) ? Expression.Property(key, nameof(Money.Amount)) : key;
        var method = typeof(RuleOps).GetMethod(nameof(RuleOps.RangeIndex), [typeof(decimal), typeof(decimal[]), typeof(bool[]), typeof(decimal[]), typeof(bool[])])!;
        return Expression.Call(method, amount, Expression.Constant(lowers), Expression.Constant(lowerIncludes), Expression.Constant(uppers), Expression.Constant(upperIncludes));
    }

    private static Expression ScaleCall(CoreParameter p, Expression amount, ParameterValueModel value)
    {
        var (boundaries, includes, rates) = Interpreter.ScaleArrays(value);
        var method = typeof(RuleOps).GetMethod(nameof(RuleOps.Scale), [amount.Type, typeof(decimal[]), typeof(bool[]), typeof(decimal[]), typeof(bool), typeof(string)])!;
        return Expression.Call(method, amount, Expression.Constant(boundaries), Expression.Constant(includes), Expression.Constant(rates),
            Expression.Constant(p.Parameter.Method == ScaleMethod.Marginal), Expression.Constant(p.Span.ToString()));
    }

    /// <summary>A calendar, held in a local assigned once before the loop (a constant would be read from the closure,
    /// and type-checked, on every row).</summary>
    public override Expression VisitCalendar(CoreCalendar c)
    {
        if (!_calendars.TryGetValue(c.Calendar, out var local))
            _calendars[c.Calendar] = local = Expression.Variable(typeof(RuleCalendar), "calendar_" + c.Calendar.Name);
        return local;
    }

    private static MethodInfo Op(string name) => typeof(BulkOps).GetMethod(name) ?? throw new InvalidOperationException(name);

    private static Expression Literal(object? value, RuleType type)
    {
        if (value is null) return Expression.Default(BulkTypes.ClrType(type.Kind == TypeKind.None ? type : type.AsOptional()));
        Expression literal = type.AsRequired().Kind switch
        {
            TypeKind.Int => Expression.Constant(Convert.ToInt32(value)),
            TypeKind.Decimal => Expression.Constant(Convert.ToDecimal(value)),
            TypeKind.Money => Expression.New(typeof(Money).GetConstructor([typeof(decimal)])!, Expression.Constant(Convert.ToDecimal(value))),
            TypeKind.Rate => Expression.New(typeof(Rate).GetConstructor([typeof(decimal)])!, Expression.Constant(Convert.ToDecimal(value))),
            TypeKind.Bool => Expression.Constant((bool)value),
            TypeKind.Date => Expression.Call(typeof(DateOnly).GetMethod(nameof(DateOnly.FromDayNumber))!,
                Expression.Constant(value is DateOnly d ? d.DayNumber : DateOnly.FromDateTime((DateTime)value).DayNumber)),
            TypeKind.DateTime => Expression.New(typeof(DateTime).GetConstructor([typeof(long), typeof(DateTimeKind)])!,
                Expression.Constant(((DateTime)value).Ticks), Expression.Constant(((DateTime)value).Kind)),
            TypeKind.String or TypeKind.Enum => Expression.Constant((string)value),
            _ => throw new NotCompilableException(Msg.Of("bulk.literal", ("type", TypeWords.DescribeMsg(type)))),
        };
        return type.Optional ? Coerce(literal, type.AsRequired(), type) : literal;
    }

    /// <summary>Emits the operands in order, up to one that never gives a value, and then that operand's throw.</summary>
    private Expression NeverGivesAValue(RuleType resultType, params CoreExpr[] operands)
    {
        var statements = new List<Expression>();
        foreach (var o in operands)
        {
            statements.Add(Emit(o));
            if (o.Type.Kind == TypeKind.Never) break;
        }
        if (resultType.Kind == TypeKind.Never) return Expression.Block(typeof(void), statements);
        var clr = BulkTypes.ClrType(resultType);
        statements.Add(Expression.Default(clr));
        return Expression.Block(clr, statements);
    }

    /// <summary>A call of a <see cref="RuleOps"/> operation, in its check-free form when it has one (<see cref="CheckFreeOps"/>:
    /// a failure is then the runtime's own exception, and the row falls back to the interpreter, which gives the error the
    /// checked operation words). The form takes no place, so the place argument is left out.</summary>
    private static Expression CallRuleOps(MethodInfo method, IReadOnlyList<Expression> arguments)
    {
        if (CheckFreeOps.Of(method) is not { } free) return Expression.Call(method, arguments);
        return Expression.Call(free.Form, arguments.Where((_, k) => k != free.Place));
    }

    private static Expression Place(CoreExpr e) => Expression.Constant(e.Span.ToString());

    public override Expression VisitUnary(CoreUnary u)
    {
        if (u.Operand.Type.Kind == TypeKind.Never) return NeverGivesAValue(u.Type, u.Operand);
        if (u.Operator == UnaryOperator.Not) return Expression.Not(EmitAs(u.Operand, RuleType.Bool));
        var negate = OperatorMethods.Negate(u.Operand.Type);
        var x = Emit(u.Operand);
        return negate.GetParameters().Length == 1 ? Expression.Call(negate, x) : CallRuleOps(negate, [x, Place(u)]);
    }

    public override Expression VisitBinary(CoreBinary b)
    {
        if (b.Operator is BinaryOperator.And or BinaryOperator.Or)
        {
            var left = EmitAs(b.Left, RuleType.Bool);
            var afterLeft = _state.Clone();
            var right = EmitAs(b.Right, RuleType.Bool);
            _state = State.Merge(afterLeft, _state);
            return b.Operator == BinaryOperator.And ? Expression.AndAlso(left, right) : Expression.OrElse(left, right);
        }
        if (b.Left.Type.Kind == TypeKind.Never || b.Right.Type.Kind == TypeKind.Never) return NeverGivesAValue(b.Type, b.Left, b.Right);
        switch (b.Operator)
        {
            case BinaryOperator.Equal:
                return Equality(Emit(b.Left), b.Left.Type, Emit(b.Right), b.Right.Type);
            case BinaryOperator.NotEqual:
                return Expression.Not(Equality(Emit(b.Left), b.Left.Type, Emit(b.Right), b.Right.Type));
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
            {
                var method = OperatorMethods.Compare(b.Left.Type, b.Right.Type);
                var left = Emit(b.Left);
                var right = Emit(b.Right);
                // Two ints: the CLR's comparison is RuleOps.Compare's (int.CompareTo), without the -1/0/1 in between.
                if (left.Type == typeof(int) && right.Type == typeof(int)) return Ordering(b.Operator, left, right);
                // Against a literal zero, RuleOps.Compare (decimal.CompareTo) is the sign of the other operand, -0 included
                // (decimal.Sign): no comparison routine, and nothing taken by reference, in the loop.
                if (IsZero(right) && Sign(left) is { } leftSign) return Ordering(b.Operator, leftSign, Expression.Constant(0));
                if (IsZero(left) && Sign(right) is { } rightSign) return Ordering(b.Operator, Expression.Constant(0), rightSign);
                if (left.Type == right.Type && Amount(left) is { } leftAmount)
                    return Ordering(b.Operator, Expression.Call(Op(nameof(BulkOps.CompareDecimal)), leftAmount, Amount(right)!), Expression.Constant(0));
                return Ordering(b.Operator, Expression.Call(method, left, right), Expression.Constant(0));
            }
            default:
                return CallRuleOps(OperatorMethods.Arithmetic(b.Operator, b.Left.Type, b.Right.Type), [Emit(b.Left), Emit(b.Right), Place(b)]);
        }
    }

    private static Expression Ordering(BinaryOperator op, Expression left, Expression right) => op switch
    {
        BinaryOperator.Less => Expression.LessThan(left, right),
        BinaryOperator.LessOrEqual => Expression.LessThanOrEqual(left, right),
        BinaryOperator.Greater => Expression.GreaterThan(left, right),
        _ => Expression.GreaterThanOrEqual(left, right),
    };

    /// <summary>Whether <paramref name="x"/> is a literal zero of a decimal kind (decimal, money, rate), as <see cref="Literal"/>
    /// and <see cref="VisitConvert"/> emit it.</summary>
    private static bool IsZero(Expression x) => x switch
    {
        ConstantExpression { Value: decimal d } => d == 0m,
        NewExpression { Arguments: [ConstantExpression { Value: decimal d }] } n => (n.Type == typeof(Money) || n.Type == typeof(Rate)) && d == 0m,
        _ => false,
    };

    /// <summary>The sign of a decimal, money or rate value (<see cref="decimal.Sign"/>); null for other types.</summary>
    private static Expression? Sign(Expression x) =>
        Amount(x) is { } amount ? Expression.Call(typeof(decimal).GetMethod(nameof(decimal.Sign), [typeof(decimal)])!, amount) : null;

    /// <summary>The decimal a decimal, money or rate value is compared by (<see cref="Money.CompareTo"/>, <see cref="Rate.CompareTo"/>
    /// compare it); null for other types.</summary>
    private static Expression? Amount(Expression x) =>
        x.Type == typeof(decimal) ? x
        : x.Type == typeof(Money) ? Expression.Property(x, nameof(Money.Amount))
        : x.Type == typeof(Rate) ? Expression.Property(x, nameof(Rate.Value))
        : null;

    /// <summary><c>RuleOps.Equal</c> on the operands' common type; lists and records as the interpreter compares them.</summary>
    private static Expression Equality(Expression left, RuleType lt, Expression right, RuleType rt)
    {
        var type = RuleType.Unify(lt, rt) ?? throw new NotCompilableException(Msg.Of("bulk.equality", ("left", TypeWords.DescribeMsg(lt)), ("right", TypeWords.DescribeMsg(rt))));
        if (type.Kind == TypeKind.None) return Expression.Block(typeof(bool), left, right, Expression.Constant(true));
        if (OperatorMethods.Equal(type) is not { } equal)
            return Expression.Call(Op(nameof(BulkOps.EqBoxed)), BulkTypes.Box(left), BulkTypes.Box(right));
        return Expression.Call(equal, Coerce(left, lt, type), Coerce(right, rt, type));
    }

    public override Expression VisitIf(CoreIf i)
    {
        var condition = EmitAs(i.Condition, RuleType.Bool);
        var afterCondition = _state.Clone();
        var then = EmitAs(i.Then, i.Type);
        var afterThen = _state;
        _state = afterCondition;
        var @else = EmitAs(i.Else, i.Type);
        _state = State.Merge(afterThen, _state);
        return Expression.Condition(condition, then, @else, i.Type.Kind == TypeKind.Never ? typeof(void) : BulkTypes.ClrType(i.Type));
    }

    public override Expression VisitMatch(CoreMatch m)
    {
        if (m.Subject.Type.Kind == TypeKind.Never) return NeverGivesAValue(m.Type, m.Subject);
        var resultType = m.Type.Kind == TypeKind.Never ? typeof(void) : BulkTypes.ClrType(m.Type);
        var subjectType = m.Subject.Type;
        var subject = Temp(BulkTypes.ClrType(subjectType), "subject");
        var assign = Expression.Assign(subject, Emit(m.Subject));
        var afterSubject = _state.Clone();
        State? merged = null;
        Expression Branch(CoreExpr value)
        {
            _state = afterSubject.Clone();
            var x = EmitAs(value, m.Type);
            merged = merged is null ? _state : State.Merge(merged, _state);
            return x;
        }

        // Later duplicates of a pattern never apply (the binder warns); drop them.
        var seen = new HashSet<object?>();
        var cases = m.Cases.Select(c => (Patterns: c.Patterns.Where(p => seen.Add(p.Value)).ToList(), Value: Branch(c.Value))).ToList();
        Expression fallthrough = m.Else is not null ? Branch(m.Else) : Expression.Throw(Fallback, resultType);
        _state = merged ?? afterSubject;

        var switchable = !subjectType.Optional && subjectType.Kind switch
        {
            TypeKind.Int => cases.All(c => c.Patterns.All(p => p.Value is int && p.Type.Kind == TypeKind.Int)),
            TypeKind.String or TypeKind.Enum => cases.All(c => c.Patterns.All(p => p.Value is string)),
            _ => false,
        };
        if (switchable && cases.All(c => c.Patterns.Count > 0))
        {
            var switchCases = cases.Select(c => Expression.SwitchCase(c.Value,
                c.Patterns.Select(p => (Expression)Expression.Constant(subjectType.Kind == TypeKind.Int ? Convert.ToInt32(p.Value) : p.Value, subject.Type)))).ToArray();
            var comparison = subject.Type == typeof(string) ? typeof(string).GetMethod(nameof(string.Equals), [typeof(string), typeof(string)]) : null;
            return Expression.Block(resultType, assign, Expression.Switch(resultType, subject, fallthrough, comparison, switchCases));
        }
        var result = fallthrough;
        for (var k = cases.Count - 1; k >= 0; k--)
        {
            if (cases[k].Patterns.Count == 0) continue;
            var test = cases[k].Patterns.Select(p => Equality(subject, subjectType, Literal(p.Value, p.Type), p.Type)).Aggregate(Expression.OrElse);
            result = Expression.Condition(test, cases[k].Value, result, resultType);
        }
        return Expression.Block(resultType, assign, result);
    }

    /// <summary>A builtin: its one implementation from the catalogue (<see cref="BuiltinMethods.Resolve"/>), the call's own
    /// arguments (a list converted to the typed list it takes) and then the implicit ones.</summary>
    public override Expression VisitCall(CoreCall c)
    {
        var args = c.Arguments;
        if (args.Any(a => a.Type.Kind == TypeKind.Never)) return NeverGivesAValue(c.Type, args.ToArray());
        var method = BuiltinMethods.Resolve(c.Function, args.Select(a => a.Type).ToList());
        var parameters = method.GetParameters();
        var values = args.Select((a, k) => AsParameter(Emit(a), parameters[k].ParameterType)).ToList();
        var extra = c.Implementation.Implicit;
        if (extra.HasFlag(ImplicitArguments.EvaluationDate)) values.Add(_at);
        if (extra.HasFlag(ImplicitArguments.Location)) values.Add(Place(c));
        if (extra.HasFlag(ImplicitArguments.Registry)) values.Add(Expression.Constant(_package.Registry));
        return CallRuleOps(method, values);
    }

    /// <summary>A list (held boxed, as the interpreter holds it) as the typed list a builtin takes; anything else is of the
    /// parameter's type already (the core converted it).</summary>
    private static Expression AsParameter(Expression x, Type parameter) =>
        x.Type == parameter ? x : x.Type == typeof(IReadOnlyList<object?>) ? BuiltinMethods.FromBoxed(x, parameter)
            : throw new NotCompilableException(Msg.Of("bulk.argument", ("given", x.Type.Name), ("taken", parameter.Name)));

    public override Expression VisitComprehension(CoreComprehension c)
    {
        var source = Temp(typeof(IReadOnlyList<object?>), "source");
        var count = Temp(typeof(int), "count");
        var index = Temp(typeof(int), "index");
        var variable = Temp(BulkTypes.ClrType(c.Variable.Type), c.Variable.Name);
        var statements = new List<Expression>
        {
            Expression.Assign(source, EmitAs(c.Source, c.Source.Type)),
            Expression.Assign(count, Expression.Call(Op(nameof(BulkOps.Count)), source)),
            Expression.Assign(index, Expression.Constant(0)),
        };
        var afterSource = _state.Clone();
        // The body runs any number of times: everything it may compute is "maybe" inside it and after it.
        _state.Maybe.UnionWith(_module.Definitions);
        while (_slots.Count <= c.Variable.Slot) _slots.Add(null);
        var saved = _slots[c.Variable.Slot];
        _slots[c.Variable.Slot] = variable;
        var element = Expression.Call(Op(nameof(BulkOps.Item)), source, index);
        var breakLabel = Expression.Label("end_" + c.Variable.Name);
        Expression step;
        ParameterExpression result;
        switch (c.Kind)
        {
            case ComprehensionKind.Map:
                result = Temp(typeof(List<object?>), "mapped");
                statements.Add(Expression.Assign(result, Expression.New(typeof(List<object?>).GetConstructor([typeof(int)])!, count)));
                var mapped = c.Body.Type.Kind == TypeKind.Never
                    ? Expression.Block(typeof(object), Emit(c.Body), Expression.Constant(null))
                    : BulkTypes.Box(Emit(c.Body));
                step = Expression.Call(result, typeof(List<object?>).GetMethod(nameof(List<object?>.Add))!, mapped);
                break;
            case ComprehensionKind.Filter:
                result = Temp(typeof(List<object?>), "kept");
                statements.Add(Expression.Assign(result, Expression.New(typeof(List<object?>))));
                step = Expression.IfThen(EmitAs(c.Body, RuleType.Bool),
                    Expression.Call(result, typeof(List<object?>).GetMethod(nameof(List<object?>.Add))!, element));
                break;
            case ComprehensionKind.Any:
                result = Temp(typeof(bool), "any");
                statements.Add(Expression.Assign(result, Expression.Constant(false)));
                step = Expression.IfThen(EmitAs(c.Body, RuleType.Bool),
                    Expression.Block(Expression.Assign(result, Expression.Constant(true)), Expression.Break(breakLabel)));
                break;
            default:
                result = Temp(typeof(bool), "all");
                statements.Add(Expression.Assign(result, Expression.Constant(true)));
                step = Expression.IfThen(Expression.Not(EmitAs(c.Body, RuleType.Bool)),
                    Expression.Block(Expression.Assign(result, Expression.Constant(false)), Expression.Break(breakLabel)));
                break;
        }
        _slots[c.Variable.Slot] = saved;
        _state = new State { Definite = afterSource.Definite, Maybe = _module.Definitions.ToHashSet() };
        statements.Add(Expression.Loop(
            Expression.IfThenElse(Expression.LessThan(index, count),
                Expression.Block(
                    Expression.Assign(variable, BulkTypes.Unbox(element, c.Variable.Type)),
                    step,
                    Expression.PreIncrementAssign(index)),
                Expression.Break(breakLabel)),
            breakLabel));
        statements.Add(result.Type == typeof(bool) ? result : Expression.Convert(result, typeof(IReadOnlyList<object?>)));
        return Expression.Block(result.Type == typeof(bool) ? typeof(bool) : typeof(IReadOnlyList<object?>), statements);
    }

    public override Expression VisitList(CoreList l)
    {
        var items = l.Items.Select(item => item.Type.Kind == TypeKind.Never
            ? Expression.Block(typeof(object), Emit(item), Expression.Constant(null))
            : BulkTypes.Box(Emit(item))).ToList();
        var list = Expression.ListInit(Expression.New(typeof(List<object?>).GetConstructor([typeof(int)])!, Expression.Constant(items.Count)), items);
        return Expression.Convert(list, typeof(IReadOnlyList<object?>));
    }

    private static bool IsPure(CoreExpr e) => e is CoreLiteral or CoreInput or CoreVariable or CoreEvaluationDate;

    public override Expression VisitInList(CoreInList i)
    {
        if (i.Value.Type.Kind == TypeKind.Never) return NeverGivesAValue(RuleType.Bool, i.Value);
        var value = Temp(BulkTypes.ClrType(i.Value.Type), "sought");
        var assign = Expression.Assign(value, Emit(i.Value));
        if (i.List is CoreList literal && literal.Items.All(x => x.Type.Kind != TypeKind.Never))
        {
            // The interpreter evaluates the whole list, then compares: items with effects go into temps first.
            var statements = new List<Expression> { assign };
            var items = new List<(Expression X, RuleType T)>();
            foreach (var item in literal.Items)
            {
                if (IsPure(item)) { items.Add((Emit(item), item.Type)); continue; }
                var t = Temp(BulkTypes.ClrType(item.Type), "item");
                statements.Add(Expression.Assign(t, Emit(item)));
                items.Add((t, item.Type));
            }
            Expression test = items.Count == 0
                ? Expression.Constant(false)
                : items.Select(x => Equality(value, i.Value.Type, x.X, x.T)).Aggregate(Expression.OrElse);
            statements.Add(test);
            return Expression.Block(typeof(bool), statements);
        }
        return Expression.Block(typeof(bool), assign,
            Expression.Call(Op(nameof(BulkOps.Contains)), EmitAs(i.List, i.List.Type), BulkTypes.Box(value)));
    }
}
