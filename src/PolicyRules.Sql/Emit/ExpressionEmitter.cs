using System.Globalization;
using PolicyRules.Evaluation;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// Writes core expressions as SQL. Every value expression is safe: it never raises a SQL error, whatever the row (an int
/// is computed in BIGINT and checked against the int range; a decimal operation that overflows is caught), so one bad
/// row never stops the statement. A failure is carried in the error expression instead, with the code and message the
/// interpreter gives. Only exact operations are written: no floating point, and division only by a constant, in exact
/// integer arithmetic (see <see cref="Divide"/>).
/// </summary>
internal sealed class ExpressionEmitter : CoreVisitor<SqlExpr>
{
    private const string IntMin = "-2147483648";
    private const string IntMax = "2147483647";
    /// <summary>The largest magnitude of C#'s decimal: the interpreter overflows past it, so the SQL does too.</summary>
    private const string ClrDecimalMax = "79228162514264337593543950335";

    private readonly SqlBuilder _b;
    private readonly SqlDialect _dialect;
    private readonly ModuleModel _module;
    private readonly PackageModel _package;
    private readonly Func<DefinitionModel, SqlExpr> _force;
    private readonly Func<InputModel, SqlExpr> _input;
    private readonly string _at;

    public ExpressionEmitter(SqlBuilder builder, SqlDialect dialect, ModuleModel module, PackageModel package, string at,
        Func<DefinitionModel, SqlExpr> force, Func<InputModel, SqlExpr> input)
    {
        _b = builder; _dialect = dialect; _module = module; _package = package; _at = at; _force = force; _input = input;
    }

    /// <summary>The language of the error messages written into the statement.</summary>
    public Lang Language { get; init; } = Lang.En;

    private SqlRefusedException Refuse(Msg reason, CoreExpr e) => new(_module.Name, reason, e.Span.ToString());

    private string Overflow(CoreExpr e) => SqlBuilder.Error(ErrorCodes.EvaluationFailed, Msg.Of("eval.overflow", ("at", e.Span.ToString())).Render(Language));

    private bool IsDecimal(RuleType t) => t.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate;

    // ---- leaves ----------------------------------------------------------------------------------

    public override SqlExpr VisitLiteral(CoreLiteral e) => SqlExpr.Constant(Literal(e.Value, e.Type, e)) with { Fits = FitsDecimal(e.Value) };

    /// <summary>A constant that DECIMAL(38,10) holds exactly: at most 10 decimals, below 10^28.</summary>
    private static bool FitsDecimal(object? value) => value switch
    {
        null or int => true,
        decimal d => d.Scale <= SqlTypes.Scale && Math.Abs(d) < 10_000_000_000_000_000_000_000_000_000m,
        _ => false,
    };

    private string Literal(object? value, RuleType type, CoreExpr at) => value switch
    {
        null => "NULL",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => SqlTypes.DecimalLiteral(d, _dialect),
        bool b => b ? "TRUE" : "FALSE",
        DateTime d when type.Kind == TypeKind.Date => SqlTypes.DateLiteral(d),
        DateTime t when type.Kind == TypeKind.DateTime && t.Ticks % 10 == 0 => SqlTypes.TimestampLiteral(t),
        string s => SqlTypes.Quote(s),
        _ => throw Refuse(Msg.Of("sql.refuse_constant", ("type", type.ToString())), at),
    };

    public override SqlExpr VisitInput(CoreInput e) => _input(e.Input);
    public override SqlExpr VisitForce(CoreForce e) => _force(e.Definition);
    public override SqlExpr VisitEvaluationDate(CoreEvaluationDate e) => new(_at, null, 0);
    public override SqlExpr VisitVariable(CoreVariable e) =>
        _variables.TryGetValue(e.Slot, out var name) ? new(name, null, 0) : throw Refuse(Msg.Of("sql.refuse_variable_scope", ("name", e.Name)), e);
    public override SqlExpr VisitCalendar(CoreCalendar e) => throw Refuse(Msg.Of("sql.refuse_calendar"), e);
    /// <summary>A record's field: <c>struct_extract</c> in DuckDB, the composite type's field in PostgreSQL.</summary>
    public override SqlExpr VisitField(CoreField e)
    {
        var target = Visit(e.Target);
        var field = Pg ? $"({target.Value}).{SqlTypes.Identifier(e.Field.Name)}" : $"struct_extract({target.Value}, {SqlTypes.Quote(e.Field.Name)})";
        return target with { Value = field };
    }

    // ---- lists -----------------------------------------------------------------------------------
    // A list is an array: DuckDB's LIST, PostgreSQL's ARRAY, in the order the interpreter keeps. A comprehension is a
    // lambda over it in DuckDB (list_transform, list_filter: order kept) and a subquery over unnest(…) WITH ORDINALITY,
    // ordered by the position, in PostgreSQL.

    /// <summary>The SQL name of each comprehension variable being written (by slot).</summary>
    private readonly Dictionary<int, string> _variables = [];

    private bool Pg => _dialect == SqlDialect.Postgres;

    /// <summary>The SQL type of a list's items as the expressions compute them (ints in BIGINT).</summary>
    private string ItemType(RuleType item) => item.Kind switch
    {
        TypeKind.Int => "BIGINT",
        TypeKind.None or TypeKind.Never => SqlTypes.Text(_dialect),
        _ => SqlTypes.Column(item, _dialect, _package) ?? throw new SqlRefusedException(_module.Name, Msg.Of("sql.refuse_list_of", ("type", item.ToString())), null),
    };

    public override SqlExpr VisitList(CoreList e)
    {
        var items = e.Items.Select(Visit).ToList();
        if (items.Any(x => x.Wide)) throw Refuse(Msg.Of("sql.refuse_quotient_item"), e);
        var stage = items.Aggregate(0, (s, x) => Math.Max(s, x.Stage));
        var error = SqlBuilder.First([.. items.Select(x => x.Error)]);
        var type = ItemType(e.Type.Element!);
        if (items.Count == 0) return new($"CAST({(Pg ? "ARRAY[]" : "[]")} AS {type}[])", error, stage);
        // Decimal items keep their own scale (a cast to DECIMAL(38,10) could round); a list definition's items are then
        // checked to fit, as any decimal definition is.
        var values = string.Join(", ", items.Select(x => IsDecimal(e.Type.Element!) ? (Pg ? $"CAST({x.Value} AS NUMERIC)" : x.Value) : $"CAST({x.Value} AS {type})"));
        return new(Pg ? $"ARRAY[{values}]" : $"[{values}]", error, stage);
    }

    /// <summary>
    /// Writes the comprehension's body with its variable read as <paramref name="item"/> (each item of the list): nothing in
    /// it is bound to a stage column (<see cref="SqlBuilder.Inline"/>).
    /// </summary>
    private SqlExpr Body(CoreComprehension e, string item)
    {
        _variables[e.Variable.Slot] = item;
        _b.Inline++;
        try { return Visit(e.Body); }
        finally { _b.Inline--; _variables.Remove(e.Variable.Slot); }
    }

    public override SqlExpr VisitComprehension(CoreComprehension e)
    {
        if (e.Variable.Type.Kind is TypeKind.List)
            throw Refuse(Msg.Of("sql.refuse_comprehension_over", ("type", e.Variable.Type.ToString())), e);
        var source = _b.Shared(Visit(e.Source));
        var slot = e.Variable.Slot;
        // PostgreSQL's unnest spreads a composite item over columns, so a record is read by its position instead.
        var record = e.Variable.Type.Kind == TypeKind.Record;
        var item = Pg ? record ? $"({source.Value})[u{slot}.n]" : $"u{slot}.v" : $"v{slot}";
        var body = Body(e, item);
        if (body.Wide && e.Kind == ComprehensionKind.Map) throw Refuse(Msg.Of("sql.refuse_quotient_item"), e);
        var stage = Math.Max(source.Stage, body.Stage);
        if (body.Error is not null && e.Kind is ComprehensionKind.Any or ComprehensionKind.All)
            throw Refuse(Msg.Of("sql.refuse_failing_test", ("function", e.Kind.ToString().ToLowerInvariant())), e);
        var rows = record ? $"generate_subscripts({source.Value}, 1) AS u{slot}(n)" : $"unnest({source.Value}) WITH ORDINALITY AS u{slot}(v, n)";
        string value = e.Kind switch
        {
            ComprehensionKind.Map => Pg ? $"ARRAY(SELECT {body.Value} FROM {rows} ORDER BY u{slot}.n)" : $"list_transform({source.Value}, lambda {item}: {body.Value})",
            ComprehensionKind.Filter => Pg ? $"ARRAY(SELECT {item} FROM {rows} WHERE {body.Value} ORDER BY u{slot}.n)" : $"list_filter({source.Value}, lambda {item}: {body.Value})",
            ComprehensionKind.Any => Pg ? $"EXISTS (SELECT 1 FROM {rows} WHERE {body.Value})" : $"(len(list_filter({source.Value}, lambda {item}: {body.Value})) > 0)",
            _ => Pg ? $"(NOT EXISTS (SELECT 1 FROM {rows} WHERE NOT ({body.Value})))" : $"(len(list_filter({source.Value}, lambda {item}: NOT ({body.Value}))) = 0)",
        };
        // The first item that fails, in order, fails the whole (the interpreter stops there).
        var error = body.Error is null ? null
            : Pg ? $"(SELECT {body.Error} FROM {rows} WHERE {body.Error} IS NOT NULL ORDER BY u{slot}.n LIMIT 1)"
            : $"list_filter(list_transform({source.Value}, lambda {item}: {body.Error}), lambda f: f IS NOT NULL)[1]";
        return new(value, SqlBuilder.First(source.Error, SqlBuilder.When($"{source.Value} IS NOT NULL", error)), stage);
    }

    /// <summary>The number of items: <c>len</c> in DuckDB, <c>cardinality</c> in PostgreSQL (0 for an empty array).</summary>
    private string Length(string list) => Pg ? $"cardinality({list})" : $"len({list})";

    /// <summary><c>count</c>, <c>sum</c>, <c>min</c>, <c>max</c> of a list.</summary>
    private SqlExpr ListAggregate(CoreCall e)
    {
        var list = _b.Shared(Visit(e.Arguments[0]));
        var item = e.Arguments[0].Type.Element!;
        var rows = $"unnest({list.Value}) WITH ORDINALITY AS a(v, n)";
        switch (e.Function)
        {
            case BuiltinFunction.Count:
                return list with { Value = $"CAST({Length(list.Value)} AS BIGINT)" };
            case BuiltinFunction.Sum when item.Kind == TypeKind.Int:
            {
                // The interpreter adds in order with checked int arithmetic: any running total outside the int range overflows.
                var (total, stage) = _b.Bind(Pg ? $"(SELECT COALESCE(sum(v), 0) FROM {rows})" : $"COALESCE(list_sum({list.Value}), 0)", list.Stage);
                var outside = Pg
                    ? $"EXISTS (SELECT 1 FROM (SELECT sum(v) OVER (ORDER BY n) AS t FROM {rows}) AS r WHERE r.t NOT BETWEEN {IntMin} AND {IntMax})"
                    : $"(len(list_filter(range(1, {Length(list.Value)} + 1), lambda k: list_sum({list.Value}[1:k]) NOT BETWEEN {IntMin} AND {IntMax})) > 0)";
                return new($"CASE WHEN NOT {outside} THEN {total} END", SqlBuilder.First(list.Error, $"CASE WHEN {outside} THEN {Overflow(e)} END"), stage);
            }
            case BuiltinFunction.Sum when IsDecimal(item):
            {
                var (total, stage) = _b.Bind(Pg ? $"(SELECT COALESCE(sum(v), 0) FROM {rows})" : $"TRY(COALESCE(list_sum({list.Value}), 0))", list.Stage);
                var overflow = Pg ? $"abs({total}) > {ClrDecimalMax}" : $"{total} IS NULL AND {list.Value} IS NOT NULL";
                return new(total, SqlBuilder.First(list.Error, $"CASE WHEN {overflow} THEN {Overflow(e)} END"), stage);
            }
            case BuiltinFunction.MinOf or BuiltinFunction.MaxOf when !item.Optional && item.Kind is TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate or TypeKind.Date or TypeKind.DateTime:
            {
                var min = e.Function == BuiltinFunction.MinOf;
                var value = Pg ? $"(SELECT {(min ? "min" : "max")}(v) FROM {rows})" : $"{(min ? "list_min" : "list_max")}({list.Value})";
                var empty = SqlBuilder.Error(ErrorCodes.EvaluationFailed,
                    (min ? Msg.Of("eval.min_empty", ("at", e.Span.ToString())) : Msg.Of("eval.max_empty", ("at", e.Span.ToString()))).Render(Language));
                return new(value, SqlBuilder.First(list.Error, $"CASE WHEN {Length(list.Value)} = 0 THEN {empty} END"), list.Stage);
            }
            default:
                throw Refuse(Msg.Of("sql.refuse_function_over", ("function", e.Function.ToString()), ("type", item.ToString())), e);
        }
    }

    public override SqlExpr VisitNotDeterminable(CoreNotDeterminable e) =>
        new("NULL", SqlBuilder.Error(ErrorCodes.NotDeterminable,
            e.Citations.Count == 0 ? e.Reason
                : Msg.Of("eval.not_determinable", ("reason", e.Reason), ("citations", new CitationList(e.Citations))).Render(Language)), 0);

    /// <summary>
    /// A parameter read as a CASE over the evaluation date (latest value first) and, for a table, over the key; a scale as
    /// exact sums and products (marginal: each bracket's rate on the part of the amount within it; single-rate: the
    /// amount at its bracket's rate). Before the first value the error is <c>not_in_force</c>, as in the interpreter.
    /// </summary>
    public override SqlExpr VisitParameter(CoreParameter e)
    {
        var parameter = e.Parameter;
        var key = e.Key is null ? new SqlExpr("NULL", null, 0) : _b.Shared(Visit(e.Key));
        if (key.Wide && parameter.Shape == ParameterShape.Scale)
            throw Refuse(Msg.Of("sql.refuse_scale_quotient"), e);
        var values = new List<string>();
        var noEntry = new List<string>();
        foreach (var value in parameter.Values.Reverse())
        {
            var when = $"WHEN {_at} >= {SqlTypes.DateLiteral(value.From)}";
            switch (parameter.Shape)
            {
                case ParameterShape.Table when parameter.ByRange:
                    var ranges = value.Keys.Cast<ParameterRange>().ToList();
                    values.Add($"{when} THEN CASE {string.Concat(ranges.Select((r, i) => $"WHEN {InRange(key.Value, r)} THEN {Literal(value.Entries[i], parameter.Type, e)} "))}END");
                    noEntry.Add($"{when} THEN {SqlBuilder.Error(ErrorCodes.EvaluationFailed, parameter.NoEntryText(value).Render(Language))}");
                    break;
                case ParameterShape.Table:
                    var keys = value.Keys.Select(k => Literal(k, parameter.KeyType!, e)).ToList();
                    values.Add($"{when} THEN CASE {string.Concat(keys.Select((k, i) => $"WHEN {key.Value} = {k} THEN {Literal(value.Entries[i], parameter.Type, e)} "))}END");
                    noEntry.Add($"{when} THEN {SqlBuilder.Error(ErrorCodes.EvaluationFailed, parameter.NoEntryText(value).Render(Language))}");
                    break;
                case ParameterShape.Scale:
                    values.Add($"{when} THEN {Scale(key.Value, value, parameter.Method)}");
                    break;
                default:
                    values.Add($"{when} THEN {Literal(value.Value, parameter.Type, e)}");
                    break;
            }
        }
        var read = _b.Shared(new SqlExpr($"CASE {string.Join(" ", values)} END", null, key.Stage));
        var first = SqlTypes.DateLiteral(parameter.Values[0].From);
        // Before the first value: not_in_force (or not_determinable). A table's value that is none where the key is not: a key it does not list.
        var before = parameter.BeforeFirstReason is null
            ? SqlBuilder.Error(ErrorCodes.NotInForce, parameter.NotInForceText().Render(Language))
            : SqlBuilder.Error(ErrorCodes.NotDeterminable, parameter.BeforeFirstText().Render(Language));
        var error = $"CASE WHEN {_at} < {first} THEN {before}"
            + (noEntry.Count == 0 ? "" : $" WHEN {read.Value} IS NULL AND {key.Value} IS NOT NULL THEN CASE {string.Join(" ", noEntry)} END")
            + " END";
        // A table or a single value gives one of its written values: if each fits, every row's does.
        var fits = parameter.Shape != ParameterShape.Scale
                   && parameter.Values.All(v => FitsDecimal(v.Value) && v.Entries.All(FitsDecimal));
        return new(read.Value, SqlBuilder.First(key.Error, error), read.Stage, fits);
    }

    /// <summary>Whether <paramref name="key"/> lies in <paramref name="range"/>: a comparison per written end (TRUE when unbounded).</summary>
    private string InRange(string key, ParameterRange range)
    {
        var ends = new List<string>();
        if (range.Lower is { } lo) ends.Add($"{key} {(range.LowerIncludes ? ">=" : ">")} {SqlTypes.DecimalLiteral(lo, _dialect)}");
        if (range.Upper is { } hi) ends.Add($"{key} {(range.UpperIncludes ? "<=" : "<")} {SqlTypes.DecimalLiteral(hi, _dialect)}");
        return ends.Count == 0 ? "TRUE" : string.Join(" AND ", ends);
    }

    private string Scale(string amount, ParameterValueModel value, ScaleMethod method)
    {
        string Rate(int k) => SqlTypes.DecimalLiteral((decimal)value.Entries[k]!, _dialect);
        string Bound(int k) => SqlTypes.DecimalLiteral(value.Boundaries[k].Amount, _dialect);
        var brackets = value.Entries.Count;
        if (method == ScaleMethod.SingleRate)
        {
            var cases = Enumerable.Range(0, brackets - 1).Select(k =>
                $"WHEN {amount} {(value.Boundaries[k].UpperIncludes ? "<" : "<=")} {Bound(k)} THEN {amount} * {Rate(k)} ");
            return $"CASE {string.Concat(cases)}ELSE {amount} * {Rate(brackets - 1)} END";
        }
        var parts = Enumerable.Range(0, brackets).Select(k =>
        {
            var lower = k == 0 ? SqlTypes.DecimalLiteral(0m, _dialect) : Bound(k - 1);
            var reached = $"GREATEST({amount}, {lower})";
            var within = k == brackets - 1 ? reached : $"LEAST({reached}, {Bound(k)})";
            return $"({within} - {lower}) * {Rate(k)}";
        });
        return $"({string.Join(" + ", parts)})";
    }

    public override SqlExpr VisitConvert(CoreConvert e)
    {
        var operand = Visit(e.Operand);
        // T → T?: SQL's NULL is a value of every type.
        if (!CoreConvert.Widens(e.Operand.Type, e.Type)) return operand;
        if (e.Type.Kind == TypeKind.List) throw Refuse(Msg.Of("sql.refuse_list_value"), e);
        // int → decimal: exact. DECIMAL(10,0) holds every int, and DuckDB keeps the other operand's scale in a product.
        var type = _dialect == SqlDialect.Postgres ? "NUMERIC" : "DECIMAL(10,0)";
        return operand with { Value = $"CAST({operand.Value} AS {type})" };
    }

    // ---- operators -------------------------------------------------------------------------------

    public override SqlExpr VisitUnary(CoreUnary e)
    {
        var operand = Visit(e.Operand);
        if (e.Operator == UnaryOperator.Not) return operand with { Value = $"(NOT {operand.Value})" };
        if (e.Type.Kind == TypeKind.Int) return CheckedInt($"(-{operand.Value})", operand.Error, operand.Stage, e);
        return operand with { Value = $"(-{operand.Value})" };
    }

    public override SqlExpr VisitBinary(CoreBinary e)
    {
        var left = Visit(e.Left);
        switch (e.Operator)
        {
            case BinaryOperator.And:
            case BinaryOperator.Or:
            {
                left = _b.Shared(left);
                var right = Visit(e.Right);
                var op = e.Operator == BinaryOperator.And ? "AND" : "OR";
                // The right side is evaluated only when the left does not settle it.
                var needed = e.Operator == BinaryOperator.And ? left.Value : $"NOT {left.Value}";
                return new($"({left.Value} {op} {right.Value})", SqlBuilder.First(left.Error, SqlBuilder.When(needed, right.Error)),
                    Math.Max(left.Stage, right.Stage));
            }
            case BinaryOperator.Divide:
                return Divide(e, left);
        }
        var r = Visit(e.Right);
        var stage = Math.Max(left.Stage, r.Stage);
        var error = SqlBuilder.First(left.Error, r.Error);
        if (_dialect == SqlDialect.DuckDb && IsDecimal(e.Left.Type) && IsDecimal(e.Right.Type) && Comparison(e.Operator) is { } comparison)
            return DecimalComparison(e, left, r, comparison, error, stage);
        switch (e.Operator)
        {
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
                var optional = e.Left.Type.Optional || e.Right.Type.Optional || e.Left.Type.Kind == TypeKind.None || e.Right.Type.Kind == TypeKind.None;
                var eq = optional
                    ? $"({left.Value} IS {(e.Operator == BinaryOperator.Equal ? "NOT " : "")}DISTINCT FROM {r.Value})"
                    : $"({left.Value} {(e.Operator == BinaryOperator.Equal ? "=" : "<>")} {r.Value})";
                return new(eq, error, stage);
            case BinaryOperator.Less: return new($"({left.Value} < {r.Value})", error, stage);
            case BinaryOperator.LessOrEqual: return new($"({left.Value} <= {r.Value})", error, stage);
            case BinaryOperator.Greater: return new($"({left.Value} > {r.Value})", error, stage);
            case BinaryOperator.GreaterOrEqual: return new($"({left.Value} >= {r.Value})", error, stage);
        }
        var symbol = e.Operator switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            _ => throw Refuse(Msg.Of("sql.refuse_operator", ("operator", e.Operator.ToString())), e),
        };
        if (e.Type.Kind == TypeKind.Int)
            return CheckedInt($"(CAST({left.Value} AS BIGINT) {symbol} CAST({r.Value} AS BIGINT))", error, stage, e);
        if (IsDecimal(e.Type)) return CheckedDecimal(left, r, symbol, error, stage, e);
        throw Refuse(Msg.Of("sql.refuse_operands", ("symbol", symbol), ("left", e.Left.Type.ToString()), ("right", e.Right.Type.ToString())), e);
    }

    private static string? Comparison(BinaryOperator op) => op switch
    {
        BinaryOperator.Equal => "=", BinaryOperator.NotEqual => "<>", BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=", BinaryOperator.Greater => ">", BinaryOperator.GreaterOrEqual => ">=",
        _ => null,
    };

    /// <summary>
    /// Two DuckDB decimals compared without the cast to their common scale, which fails (and stops the statement) when
    /// the side with fewer decimals is too large for the other's scale: 9999999999999999999999999999 (scale 10) against
    /// baseline × 90% (scale 12). The sign of the exact difference decides; when even that overflows, the two are far
    /// apart (a value of scale 12 is below 10^26), so comparing both held at 10 decimals orders them exactly.
    /// </summary>
    private SqlExpr DecimalComparison(CoreBinary e, SqlExpr left, SqlExpr right, string op, string? error, int stage)
    {
        left = _b.Shared(left);
        right = _b.Shared(right);
        stage = Math.Max(stage, Math.Max(left.Stage, right.Stage));
        var decimalType = SqlTypes.Decimal(_dialect);
        string Compare(string o) => left.Wide || right.Wide
            ? WideComparison(left, right, o)
            : $"COALESCE(TRY({left.Value} - {right.Value}) {o} 0, TRY_CAST({left.Value} AS {decimalType}) {o} TRY_CAST({right.Value} AS {decimalType}))";
        var compare = Compare(op);
        var optional = e.Left.Type.Optional || e.Right.Type.Optional;
        if (optional && op is "=" or "<>")
        {
            var same = $"CASE WHEN {left.Value} IS NULL OR {right.Value} IS NULL THEN ({left.Value} IS NULL AND {right.Value} IS NULL) ELSE {Compare("=")} END";
            compare = op == "=" ? same : $"(NOT {same})";
        }
        return new($"({compare})", error, stage);
    }

    /// <summary>
    /// A DuckDB comparison with a wide value (DECIMAL(38,28), below 10^10). The other side is cast to DECIMAL(38,28), where
    /// a cast that fails would stop the statement (TRY does not catch it) and TRY_CAST gives NULL: then that side is 10^10
    /// or more in size, so the wide side compares as 0 would.
    /// </summary>
    private static string WideComparison(SqlExpr left, SqlExpr right, string op)
    {
        var wide = SqlTypes.WideDecimal(SqlDialect.DuckDb);
        string Cast(SqlExpr x) => x.Wide ? x.Value : $"TRY_CAST({x.Value} AS {wide})";
        string Zero(SqlExpr x) => x.Wide ? "0" : x.Value;
        return $"CASE WHEN {Cast(left)} IS NOT NULL AND {Cast(right)} IS NOT NULL THEN {Cast(left)} {op} {Cast(right)} " +
               $"WHEN {left.Value} IS NOT NULL AND {right.Value} IS NOT NULL THEN {Zero(left)} {op} {Zero(right)} END";
    }

    /// <summary>A constant divisor ±m / 10^s: its digits m (at most 17), its decimals s (at most 10) and its sign.</summary>
    private readonly record struct Divisor(decimal Digits, int Decimals, bool Negative);

    /// <summary>One division a choice may give (a match's case, an if's branch): the test that picks it, null for the rest.</summary>
    private readonly record struct Division(string? Test, CoreBinary Node, SqlExpr Dividend, Divisor Divisor);

    private Divisor DivisorOf(CoreBinary e)
    {
        var c = Constant(e.Right) switch
        {
            int i => (decimal)i,
            decimal d => d,
            _ => throw Refuse(Msg.Of("sql.refuse_divisor_unknown"), e),
        };
        if (c == 0) throw Refuse(Msg.Of("sql.refuse_divide_zero"), e);
        var scale = (c / 1.000000000000000000000000000000000m).Scale;   // trailing zeros dropped
        var m = Math.Abs(c) * Pow10(scale);
        if (m >= MaxDigits || scale > SqlTypes.Scale)
            throw Refuse(Msg.Of("sql.refuse_divisor_digits", ("scale", SqlTypes.Scale)), e);
        return new(m, scale, c < 0);
    }

    /// <summary>10^17: a divisor's digits stay below it, so DuckDB's remainder times 10^20 stays within HUGEINT.</summary>
    private const decimal MaxDigits = 100_000_000_000_000_000m;

    private SqlExpr Divide(CoreBinary e, SqlExpr dividend) => Quotient([new Division(null, e, dividend, DivisorOf(e))], 0);

    /// <summary>
    /// A choice (match, if) whose every branch divides by a constant, as one division (<see cref="Quotient"/>); null when
    /// it is not one, and then each branch is its own quotient.
    /// </summary>
    private SqlExpr? QuotientChoice(IReadOnlyList<(string? Test, CoreExpr Value)> branches, int testStage)
    {
        if (branches.Count < 2 || !branches.All(b => b.Value is CoreBinary { Operator: BinaryOperator.Divide } d && IsDecimal(d.Type))) return null;
        var divisions = branches.Select(b => (CoreBinary)b.Value).ToList();
        var divisors = divisions.Select(DivisorOf).ToList();
        var decimals = divisors.Max(d => d.Decimals);
        if (divisors.Any(d => d.Digits * Pow10(decimals - d.Decimals) >= MaxDigits)) return null;
        var dividends = divisions.Select(d => Visit(d.Left)).ToList();
        // DuckDB reads a wide and a narrow dividend differently (the statement drops the columns of the ones not used).
        if (!Pg && dividends.Any(x => x.Wide != dividends[0].Wide)) return null;
        return Quotient([.. branches.Select((b, i) => new Division(b.Test, divisions[i], dividends[i], divisors[i]))], testStage);
    }

    /// <summary>
    /// x ÷ c for a constant c = ±m / 10^s (m a whole number of at most 17 digits, s ≤ 10), as C# decimal divides: the exact
    /// quotient, rounded half to even to the most decimals (at most 28) whose digits fit 96 bits — 28 or 29 significant
    /// digits (checked against System.Decimal on random and extreme operands in the tests). Neither engine divides that
    /// way (DuckDB's <c>/</c> on decimals gives a double), so the quotient is found in integer arithmetic: the dividend as
    /// a whole number N of 10^-sx (sx = 28; 10 for a DuckDB DECIMAL(38,10)), A = N·10^(28−sx+s) div m, the quotient cut
    /// to 28 decimals, and its remainder R (DuckDB's HUGEINT takes the division in steps of at most 20 digits), then
    /// <see cref="ClrRound"/>. The result is wide (<see cref="SqlExpr.Wide"/>). A negative divisor divides the negated
    /// dividend. Several <paramref name="branches"/> (a match's cases, all divisions: <c>students / 19</c>, <c>/ 13.5</c>,
    /// <c>/ 12.5</c>) are one division whose dividend and divisor the tests choose (the divisors brought to the most decimals
    /// among them: 190, 135, 125 tenths), rounded once: rounding the chosen exact quotient is choosing the rounded one,
    /// and SQL would compute every branch's division and rounding on every row. An error names the chosen branch's place.
    /// </summary>
    private SqlExpr Quotient(IReadOnlyList<Division> branches, int testStage)
    {
        var single = branches.Count == 1 && branches[0].Test is null;
        string Choose(Func<Division, string> part) => single ? part(branches[0])
            : "CASE " + string.Join(" ", branches.Select(b => b.Test is null ? $"ELSE {part(b)}" : $"WHEN {b.Test} THEN {part(b)}")) + " END";
        string At(Func<CoreExpr, string> error) => Choose(b => error(b.Node));
        var decimals = branches.Max(b => b.Divisor.Decimals);
        string Digits(Division b) => (b.Divisor.Digits * Pow10(decimals - b.Divisor.Decimals)).ToString("0", CultureInfo.InvariantCulture);
        var dividendError = branches.All(b => b.Dividend.Error is null) ? null : Choose(b => b.Dividend.Error ?? "NULL");
        // One dividend for all (staffing_quota's students) is read as it is: on a row no branch takes, the choice's errors
        // (all written by Choose and At) are NULL, and the match's own error says no case covers the value.
        var same = branches.All(b => !b.Divisor.Negative && b.Dividend.Value == branches[0].Dividend.Value);
        var x = _b.Shared(new SqlExpr(same ? branches[0].Dividend.Value : Choose(b => b.Divisor.Negative ? $"(-{b.Dividend.Value})" : b.Dividend.Value), dividendError,
            branches.Max(b => Math.Max(b.Dividend.Stage, testStage)), Wide: branches[0].Dividend.Wide));
        var (mText, mStage) = branches.Select(Digits).Distinct().Count() == 1 ? (Digits(branches[0]), 0) : _b.Bind(Choose(Digits), testStage);
        string n;
        int stage, sx;
        string? tooFine = null;
        // An int dividend (staffing_quota's students) is a whole number: PostgreSQL scales it without the check, divisor's decimals included.
        var whole = Pg && branches.All(b => b.Node.Left.Type.Kind == TypeKind.Int || b.Node.Left is CoreConvert { Operand.Type.Kind: TypeKind.Int });
        if (Pg)
        {
            sx = SqlTypes.WideScale;
            var scaled = $"{x.Value} * {PowerText(sx)}";
            (n, stage) = _b.Bind(whole ? $"{x.Value} * {PowerText(sx + decimals)}" : $"CASE WHEN {scaled} = trunc({scaled}) THEN trunc({scaled}) END", x.Stage);
            tooFine = whole ? null : At(e => SqlBuilder.Error(ErrorCodes.EvaluationFailed,
                Msg.Of("sql.dividend_too_fine", ("at", e.Span.ToString()), ("scale", SqlTypes.WideScale)).Render(Language)));
        }
        else if (x.Wide)
        {
            sx = SqlTypes.WideScale;
            (n, stage) = _b.Bind(SqlFormat.WideMantissa(x.Value), x.Stage);
        }
        else
        {
            sx = SqlTypes.Scale;
            (n, stage) = _b.Bind($"CASE WHEN TRY_CAST({x.Value} AS DECIMAL(38,10)) = {x.Value} THEN CAST(replace(CAST(CAST({x.Value} AS DECIMAL(38,10)) AS VARCHAR), '.', '') AS HUGEINT) END", x.Stage);
            tooFine = At(e => SqlBuilder.Error(ErrorCodes.EvaluationFailed,
                Msg.Of("sql.dividend_too_wide", ("at", e.Span.ToString()), ("type", SqlTypes.Decimal(_dialect))).Render(Language)));
        }
        stage = Math.Max(stage, mStage);
        var exponent = SqlTypes.WideScale - sx + decimals;
        string a, r;
        if (Pg)
        {
            var (t, s1) = exponent == 0 || whole ? (n, stage) : _b.Bind($"{n} * {PowerText(exponent)}", stage);
            (a, _) = _b.Bind($"div({t}, {mText})", s1);
            (r, stage) = _b.Bind($"mod({t}, {mText})", s1);
        }
        else
        {
            (a, _) = _b.Bind($"({n} // {mText})", stage);
            (r, stage) = _b.Bind($"({n} % {mText})", stage);
            // R < m < 10^17, so R·10^20 stays within HUGEINT; A past it is NULL (TRY), a quotient DECIMAL(38,28) cannot hold.
            for (var left = exponent; left > 0; left -= 20)
            {
                var step = PowerText(Math.Min(20, left));
                var (t, s1) = _b.Bind($"{r} * {step}", stage);
                (a, _) = _b.Bind($"TRY({a} * {step} + {t} // {mText})", s1);
                (r, stage) = _b.Bind($"({t} % {mText})", s1);
            }
        }
        // A and R have the dividend's sign (both engines cut toward zero); A alone is 0 for a quotient below 10^-28.
        var rounded = ClrRound(a, $"2 * abs({r}) > {mText}", $"2 * abs({r}) = {mText}", $"{r} <> 0", $"({a} < 0 OR {r} < 0)", stage, At);
        var error = SqlBuilder.First(x.Error,
            tooFine is null ? null : $"CASE WHEN {x.Value} IS NOT NULL AND {n} IS NULL THEN {tooFine} END",
            SqlBuilder.When($"{n} IS NOT NULL", rounded.Error));
        return rounded with { Error = error };
    }

    /// <summary>A constant divisor as written: a literal, converted to decimal or not, or the negation of one (<c>x / -0.3</c>).</summary>
    private static object? Constant(CoreExpr e) => e switch
    {
        CoreLiteral literal => literal.Value,
        CoreConvert convert => Constant(convert.Operand),
        CoreUnary { Operator: UnaryOperator.Negate } negation => Constant(negation.Operand) switch
        {
            int i when i != int.MinValue => -i,
            decimal d => -d,
            _ => null,
        },
        _ => null,
    };

    /// <summary>10^n as an integer literal.</summary>
    private static string PowerText(int n) => "1" + new string('0', n);

    /// <summary>
    /// The C# decimal nearest a value given as <paramref name="a"/>, the value times 10^28 cut toward zero (a whole number),
    /// and, when more digits follow, whether the rest is over or at half a unit of the 28th decimal and not zero: C#
    /// keeps the most decimals (at most 28) whose digits fit 96 bits, and rounds half to even. With k digits of A dropped
    /// (29 significant digits kept, 28 when 29 exceed 79228162514264337593543950335), the kept part is rounded up when the
    /// dropped part is over half, or exactly half with anything after it or an odd kept part. A result past C#'s range is
    /// an overflow, as in the interpreter; in DuckDB a value of 10^10 or more is an error row: DECIMAL(38,28) holds less.
    /// <paramref name="negative"/> is the value's sign (A is 0 for a value below 10^-28 that rounds to ±10^-28);
    /// <paramref name="at"/> writes an error located where the value is computed.
    /// </summary>
    private SqlExpr ClrRound(string a, string? over, string? tie, string? sticky, string negative, int stage, Func<Func<CoreExpr, string>, string> at)
    {
        UsesWide = true;
        string Div(string x, string y) => Pg ? $"div({x}, {y})" : $"({x} // {y})";
        string Mod(string x, string y) => Pg ? $"mod({x}, {y})" : $"({x} % {y})";
        // The unit dropped, 10^k, is the least whose quotient of |A| fits 96 bits: |A| below (2^96)·10^k, by comparisons
        // with constants (k = 0 keeps all 28 decimals). DuckDB's |A| is below 10^38, so k ≤ 10 (its bounds stay within
        // HUGEINT); past k = 28 C# overflows.
        var (abs, s1) = _b.Bind($"abs({a})", stage);
        var bound = System.Numerics.BigInteger.Parse(ClrDecimalMax, CultureInfo.InvariantCulture) + 1;
        var last = Pg ? SqlTypes.WideScale + 1 : 10;
        var units = Enumerable.Range(0, last)
            .Select(k => $"WHEN {abs} < {bound * System.Numerics.BigInteger.Pow(10, k)} THEN {PowerText(k)} ");
        var (p, s2) = _b.Bind($"CASE {string.Concat(units)}ELSE {PowerText(last)} END", s1);
        var (q, _) = _b.Bind(Div(abs, p), s2);
        var (rest, s3) = _b.Bind(Mod(abs, p), s2);
        var odd = $"{Mod(q, "2")} = 1";
        var up = over is null
            ? $"{p} > 1 AND (2 * {rest} > {p} OR 2 * {rest} = {p} AND {odd})"
            : $"CASE WHEN {p} = 1 THEN {over} OR {tie} AND {odd} ELSE 2 * {rest} > {p} OR 2 * {rest} = {p} AND ({sticky} OR {odd}) END";
        var (kept, s4) = _b.Bind($"{q} + CASE WHEN {up} THEN 1 ELSE 0 END", s3);
        // Rounding up 79228162514264337593543950335 leaves 29 digits that do not fit: one digit fewer (…5034, half to even).
        var (mantissa, s5) = _b.Bind($"CASE WHEN {kept} > {ClrDecimalMax} THEN 7922816251426433759354395034 * {p} * 10 ELSE {kept} * {p} END", s4);
        var signed = $"CASE WHEN {negative} THEN -{mantissa} ELSE {mantissa} END";
        var unit = "0." + new string('0', SqlTypes.WideScale - 1) + "1";
        if (Pg)
        {
            // Scale 28, trailing zeros and all: an output drops them (SqlFormat.WideOutput), a value computed on does not need to.
            var overflow = $"CASE WHEN {p} > {PowerText(28)} OR {p} = {PowerText(28)} AND {kept} > {ClrDecimalMax} THEN {at(Overflow)} END";
            return new($"(({signed}) * {unit})", SqlBuilder.When($"{a} IS NOT NULL", overflow), s5, Wide: true);
        }
        // The mantissa, not |A|: rounding up 99999999999999999999999999999999999999 gives 10^38 (10^10, one too many digits).
        var limit = PowerText(38);
        var value = $"CASE WHEN {mantissa} < {limit} THEN CAST(CAST({signed} AS DECIMAL(38,0)) * CAST('{unit}' AS DECIMAL({SqlTypes.WideScale},{SqlTypes.WideScale})) AS {SqlTypes.WideDecimal(_dialect)}) END";
        return new(value, $"CASE WHEN {a} IS NULL OR {mantissa} >= {limit} THEN {at(x => TooLarge(x.Span.ToString()))} END", s5, Wide: true);
    }

    /// <summary>The error of a DuckDB value computed from a quotient that DECIMAL(38,28) does not hold (10^10 or more).</summary>
    private string TooLarge(string at) => SqlBuilder.Error(ErrorCodes.EvaluationFailed,
        Msg.Of("sql.quotient_too_large", ("at", at), ("type", SqlTypes.WideDecimal(_dialect))).Render(Language));

    /// <summary>Whether the statement computes a value wide (a quotient): its header says how such values are held.</summary>
    public bool UsesWide { get; private set; }

    /// <summary>
    /// Values joined into one (branches of an if or match, rules, min/max of two): wide when any is. DuckDB gives a CASE
    /// of DECIMAL(38,28) and DECIMAL(38,10) values the type DECIMAL(38,10), rounding the quotient to 10 decimals, and
    /// LEAST, GREATEST and a sum cast to DECIMAL(38,28), which stops the statement for a value of 10^10 or more. So there
    /// each value that is not wide is cast to DECIMAL(38,28) with TRY_CAST (<see cref="Widen"/>), and one that DECIMAL(38,28)
    /// does not hold is an error row naming that limit, as a quotient of 10^10 or more is: the value's Error, to be raised
    /// where the value is the one chosen. <paramref name="chosen"/>, when given, narrows that further (min and max).
    /// </summary>
    internal (List<SqlExpr> Values, bool Wide) Join(IReadOnlyList<SqlExpr> values, string at, Func<string, string>? chosen = null)
    {
        if (!values.Any(v => v.Wide)) return ([.. values], false);
        if (Pg) return ([.. values], true);
        return ([.. values.Select(v => v.Wide ? v : Widen(v, at, chosen))], true);
    }

    /// <summary>A DuckDB value as DECIMAL(38,28), a value computed from a quotient: NULL and an error row when it is 10^10 or more.</summary>
    private SqlExpr Widen(SqlExpr v, string at, Func<string, string>? chosen)
    {
        var wideType = SqlTypes.WideDecimal(_dialect);
        if (v.Value == "NULL" || v.Value.StartsWith("CAST(NULL", StringComparison.Ordinal)) return v with { Value = $"CAST(NULL AS {wideType})", Wide = true };
        v = _b.Shared(v);
        var (wide, stage) = _b.Bind($"TRY_CAST({v.Value} AS {wideType})", v.Stage);
        var outside = $"{v.Value} IS NOT NULL AND {wide} IS NULL" + (chosen is null ? "" : $" AND {chosen(v.Value)}");
        return new(wide, SqlBuilder.First(v.Error, $"CASE WHEN {outside} THEN {TooLarge(at)} END"), stage, Wide: true);
    }

    /// <summary>An int result computed in BIGINT (no int operation of two ints overflows it), then held to the int range.</summary>
    private SqlExpr CheckedInt(string wide, string? error, int stage, CoreExpr e)
    {
        var (raw, at) = _b.Bind(wide, stage);
        var inRange = $"{raw} BETWEEN {IntMin} AND {IntMax}";
        return new($"CASE WHEN {inRange} THEN {raw} END", SqlBuilder.First(error, $"CASE WHEN NOT ({inRange}) THEN {Overflow(e)} END"), at);
    }

    /// <summary>
    /// A decimal result, exact. PostgreSQL's NUMERIC does not overflow here; DuckDB's DECIMAL(38) can, and TRY turns that
    /// into NULL. Past C#'s decimal range (where the interpreter overflows) the result is an overflow in both.
    /// </summary>
    private SqlExpr CheckedDecimal(SqlExpr left, SqlExpr right, string symbol, string? error, int stage, CoreExpr e)
    {
        left = _b.Shared(left);
        right = _b.Shared(right);
        stage = Math.Max(stage, Math.Max(left.Stage, right.Stage));
        if (left.Wide || right.Wide) return WideArithmetic(left, right, symbol, error, stage, e);
        var compute = $"({left.Value} {symbol} {right.Value})";
        if (_dialect == SqlDialect.DuckDb) compute = $"TRY{compute}";
        var (raw, at) = _b.Bind(compute, stage);
        var overflow = _dialect == SqlDialect.DuckDb
            ? $"({raw} IS NULL AND {left.Value} IS NOT NULL AND {right.Value} IS NOT NULL)"
            : $"({raw} > {ClrDecimalMax} OR {raw} < -{ClrDecimalMax})";
        return new(raw, SqlBuilder.First(error, $"CASE WHEN {overflow} THEN {Overflow(e)} END"), at);
    }

    /// <summary>
    /// A sum, difference or product with a wide operand, as C# computes it: exact, then rounded to a C# decimal
    /// (<see cref="ClrRound"/>). PostgreSQL's NUMERIC holds the exact result, a product's 56 decimals too. In DuckDB a sum
    /// or difference of DECIMAL(38,28) values is exact; a product is not (<see cref="WideProduct"/>).
    /// </summary>
    private SqlExpr WideArithmetic(SqlExpr left, SqlExpr right, string symbol, string? error, int stage, CoreExpr e)
    {
        SqlExpr rounded;
        if (Pg)
        {
            // The digits past the 28th decimal (a product's, or an operand's that has more) are the rest, in units of 10^-28.
            var (scaled, s1) = _b.Bind($"({left.Value} {symbol} {right.Value}) * {PowerText(SqlTypes.WideScale)}", stage);
            var (a, s2) = _b.Bind($"trunc({scaled})", s1);
            var (rest, s3) = _b.Bind($"abs({scaled} - {a})", s2);
            rounded = ClrRound(a, $"2 * {rest} > 1", $"2 * {rest} = 1", $"{rest} <> 0", $"{scaled} < 0", s3, f => f(e));
        }
        else if (symbol == "*")
        {
            var (a, rest, s1) = WideProduct(left.Wide ? left : right, left.Wide ? right : left, stage);
            var unit = PowerText(SqlTypes.WideScale);
            rounded = ClrRound(a, $"2 * abs({rest}) > {unit}", $"2 * abs({rest}) = {unit}", $"{rest} <> 0", $"({a} < 0 OR {rest} < 0)", s1, f => f(e));
        }
        else
        {
            var (raw, s1) = _b.Bind($"TRY(TRY_CAST({left.Value} AS {SqlTypes.WideDecimal(_dialect)}) {symbol} TRY_CAST({right.Value} AS {SqlTypes.WideDecimal(_dialect)}))", stage);
            var (a, s2) = _b.Bind(SqlFormat.WideMantissa(raw), s1);
            // Past DECIMAL(38,28) an operand or the sum is NULL (TRY does not catch a failed cast; TRY_CAST does), which ClrRound reports.
            rounded = ClrRound(a, null, null, null, $"{a} < 0", s2, f => f(e));
        }
        return rounded with { Error = SqlBuilder.First(error, SqlBuilder.When($"{left.Value} IS NOT NULL AND {right.Value} IS NOT NULL", rounded.Error)) };
    }

    /// <summary>
    /// A DuckDB product w·v with w wide, exactly: A, the product times 10^28 cut toward zero, and R, the rest in units of
    /// 10^-56. DuckDB gives the product of DECIMAL(38,28) and DECIMAL(38,10) the scale 38, so a product of 1 or more stops
    /// the statement ("Overflow in multiplication of DECIMAL(38)"), and HUGEINT holds 38 digits where the exact product
    /// may have 66. So each operand is split into its whole part and its fraction in units of 10^-28 (v's held to 28
    /// decimals, as a C# decimal is), and each fraction into halves of 14 digits: w·v·10^56 = wi·vi·10^56 +
    /// (wi·vf + wf·vi)·10^28 + wf·vf, where wf·vf = wf1·vf1·10^28 + M·10^14 + L, M = wf1·vf0 + wf0·vf1, L = wf0·vf0, every
    /// product below 10^38. Every part has the product's sign, so a part past HUGEINT (NULL under TRY) means A is past
    /// 10^38, a value that DECIMAL(38,28) does not hold, which <see cref="ClrRound"/> reports.
    /// </summary>
    private (string A, string R, int Stage) WideProduct(SqlExpr w, SqlExpr v, int stage)
    {
        string Bind(string sql)
        {
            var (column, at) = _b.Bind(sql, stage);
            stage = Math.Max(stage, at);
            return column;
        }
        var half = PowerText(SqlTypes.WideScale / 2);
        var unit = PowerText(SqlTypes.WideScale);
        (string Whole, string High, string Low, string Fraction) Split(string x)
        {
            var whole = Bind($"CAST(trunc({x}) AS HUGEINT)");
            var fraction = Bind(SqlFormat.WideMantissa($"{x} - trunc({x})"));
            return (whole, Bind($"({fraction} // {half})"), Bind($"({fraction} % {half})"), fraction);
        }
        var (wi, wf1, wf0, wf) = Split(w.Value);
        var (vi, vf1, vf0, vf) = Split(v.Value);
        var m = Bind($"({wf1} * {vf0} + {wf0} * {vf1})");
        var s = Bind($"(({m} % {half}) * {half} + {wf0} * {vf0})");
        var a = Bind($"TRY({wi} * {vi} * {unit} + {wi} * {vf} + {wf} * {vi} + {wf1} * {vf1} + {m} // {half} + {s} // {unit})");
        var r = Bind($"({s} % {unit})");
        return (a, r, stage);
    }

    public override SqlExpr VisitIf(CoreIf e)
    {
        var condition = _b.Shared(Visit(e.Condition));
        if (QuotientChoice([(condition.Value, e.Then), (null, e.Else)], condition.Stage) is { } quotient)
            return quotient with { Error = SqlBuilder.First(condition.Error, quotient.Error), Stage = Math.Max(condition.Stage, quotient.Stage) };
        var (joined, wide) = Join([Visit(e.Then), Visit(e.Else)], e.Span.ToString());
        var (then, @else) = (joined[0], joined[1]);
        var branchError = then.Error is null && @else.Error is null ? null
            : $"CASE WHEN {condition.Value} THEN {then.Error ?? "NULL"} ELSE {@else.Error ?? "NULL"} END";
        return new($"CASE WHEN {condition.Value} THEN {then.Value} ELSE {@else.Value} END",
            SqlBuilder.First(condition.Error, branchError), Math.Max(condition.Stage, Math.Max(then.Stage, @else.Stage)), Wide: wide);
    }

    public override SqlExpr VisitMatch(CoreMatch e)
    {
        var subject = _b.Shared(Visit(e.Subject));
        var stage = subject.Stage;
        var tests = e.Cases.Select(c => string.Join(" OR ", c.Patterns.Select(p => p.Value is null
            ? $"{subject.Value} IS NULL"
            : $"{subject.Value} = {Literal(p.Value, p.Type, p)}"))).ToList();
        var branches = tests.Zip(e.Cases, (test, c) => ((string?)test, c.Value)).ToList();
        if (e.Else is not null) branches.Add((null, e.Else));
        var quotient = QuotientChoice(branches, stage);
        var (joined, wide) = quotient is null ? Join([.. branches.Select(b => Visit(b.Value))], e.Span.ToString()) : ([], true);
        var values = new List<string>();
        var errors = new List<string>();
        for (var k = 0; k < joined.Count; k++)
        {
            var value = joined[k];
            stage = Math.Max(stage, value.Stage);
            if (k == tests.Count) continue;   // the else, below
            values.Add($"WHEN {tests[k]} THEN {value.Value}");
            errors.Add($"WHEN {tests[k]} THEN {value.Error ?? "NULL"}");
        }
        string? elseError;
        if (e.Else is not null)
        {
            if (quotient is null) values.Add($"ELSE {joined[^1].Value}");
            elseError = quotient is null ? joined[^1].Error : null;
        }
        else
            elseError = SqlBuilder.ErrorOf(ErrorCodes.EvaluationFailed, null, SqlMsg.Text(Msg.Of("eval.no_case",
                ("at", e.Span.ToString()), ("value", SqlMsg.Column(SqlFormat.Text(subject.Value, e.Subject.Type, _dialect)))), Language));
        if (quotient is { } q)
        {
            // The quotient's error is the chosen case's; none is chosen only when no case covers the value.
            var uncovered = elseError is null ? null : $"CASE WHEN {string.Join(" OR ", tests.Select(t => $"({t})"))} THEN NULL ELSE {elseError} END";
            return q with { Error = SqlBuilder.First(subject.Error, q.Error, uncovered), Stage = Math.Max(stage, q.Stage) };
        }
        var hasError = elseError is not null || errors.Any(x => !x.EndsWith("THEN NULL", StringComparison.Ordinal));
        var caseError = hasError ? $"CASE {string.Join(" ", errors)} ELSE {elseError ?? "NULL"} END" : null;
        return new($"CASE {string.Join(" ", values)} END", SqlBuilder.First(subject.Error, caseError), stage, Wide: wide);
    }

    public override SqlExpr VisitInList(CoreInList e)
    {
        var value = _b.Shared(Visit(e.Value));
        if (e.List is not CoreList list)
        {
            // Equal items as `=` compares them, none included (IS NOT DISTINCT FROM).
            var source = _b.Shared(Visit(e.List));
            var contains = Pg
                ? $"EXISTS (SELECT 1 FROM unnest({source.Value}) AS l(v) WHERE l.v IS NOT DISTINCT FROM {value.Value})"
                : $"(len(list_filter({source.Value}, lambda l: l IS NOT DISTINCT FROM {value.Value})) > 0)";
            return new(contains, SqlBuilder.First(value.Error, source.Error), Math.Max(value.Stage, source.Stage));
        }
        var items = list.Items.Select(Visit).ToList();
        var stage = items.Aggregate(value.Stage, (s, x) => Math.Max(s, x.Stage));
        var error = SqlBuilder.First([value.Error, .. items.Select(x => x.Error)]);
        if (items.Count == 0) return new("FALSE", error, stage);
        var optional = e.Value.Type.Optional || list.Items.Any(x => x.Type.Optional || x.Type.Kind == TypeKind.None);
        var test = optional
            ? "(" + string.Join(" OR ", items.Select(x => $"{value.Value} IS NOT DISTINCT FROM {x.Value}")) + ")"
            : $"({value.Value} IN ({string.Join(", ", items.Select(x => x.Value))}))";
        return new(test, error, stage);
    }

    // ---- builtins --------------------------------------------------------------------------------

    public override SqlExpr VisitCall(CoreCall e)
    {
        switch (e.Function)
        {
            case BuiltinFunction.Round:
            case BuiltinFunction.RoundUp:
            case BuiltinFunction.RoundDown:
                return Round(e);
            case BuiltinFunction.Ceil:
            case BuiltinFunction.Floor:
            {
                var x = Visit(e.Arguments[0]);
                var f = e.Function == BuiltinFunction.Ceil ? "ceil" : "floor";
                return CheckedInt($"CAST({f}({x.Value}) AS {(_dialect == SqlDialect.Postgres ? "NUMERIC" : "HUGEINT")})", x.Error, x.Stage, e);
            }
            case BuiltinFunction.Min2:
            case BuiltinFunction.Max2:
            {
                var min = e.Function == BuiltinFunction.Min2;
                // A value DECIMAL(38,28) does not hold is chosen only when it is the least (negative) or the greatest (positive).
                var (joined, wide) = Join([Visit(e.Arguments[0]), Visit(e.Arguments[1])], e.Span.ToString(), x => min ? $"{x} < 0" : $"{x} > 0");
                var (a, b) = (joined[0], joined[1]);
                return new($"{(min ? "LEAST" : "GREATEST")}({a.Value}, {b.Value})", SqlBuilder.First(a.Error, b.Error), Math.Max(a.Stage, b.Stage), Wide: wide);
            }
            case BuiltinFunction.Abs:
            {
                var x = Visit(e.Arguments[0]);
                return e.Type.Kind == TypeKind.Int ? CheckedInt($"abs(CAST({x.Value} AS BIGINT))", x.Error, x.Stage, e) : x with { Value = $"abs({x.Value})" };
            }
            case BuiltinFunction.Age:
                return Age(e, Visit(e.Arguments[0]), new SqlExpr(_at, null, 0));
            case BuiltinFunction.AgeOn:
                return Age(e, Visit(e.Arguments[0]), Visit(e.Arguments[1]));
            case BuiltinFunction.AddDays:
                return AddToDate(e, "day", 3_652_059);
            case BuiltinFunction.AddMonths:
                return AddToDate(e, "month", 120_000);
            case BuiltinFunction.AddYears:
                return AddToDate(e, "year", 10_000);
            case BuiltinFunction.DaysBetween:
            {
                var a = Visit(e.Arguments[0]);
                var b = Visit(e.Arguments[1]);
                return new($"CAST(({b.Value} - {a.Value}) AS BIGINT)", SqlBuilder.First(a.Error, b.Error), Math.Max(a.Stage, b.Stage));
            }
            case BuiltinFunction.WorkingDaysAfter: return WorkingDaysAfter(e);
            case BuiltinFunction.NextWorkingDay: return NextWorkingDay(e);
            case BuiltinFunction.IsWorkingDay: return IsWorkingDay(e);
            case BuiltinFunction.WorkingDaysBetween: return WorkingDaysBetween(e);
            case BuiltinFunction.DocumentInForce: return DocumentInForce(e);
            case BuiltinFunction.Sum:
            case BuiltinFunction.Count:
            case BuiltinFunction.MinOf:
            case BuiltinFunction.MaxOf:
                return ListAggregate(e);
            case BuiltinFunction.AddHours:
                return AddHours(e);
            case BuiltinFunction.DateOf:
            {
                var t = Visit(e.Arguments[0]);
                return t with { Value = $"CAST({t.Value} AS DATE)" };
            }
            default:
                throw Refuse(Msg.Of("sql.refuse_builtin", ("function", e.Function.ToString())), e);
        }
    }

    private SqlExpr Round(CoreCall e)
    {
        if (e.Arguments[1] is not CoreLiteral { Value: int places } || places < 0 || places > SqlTypes.Scale)
            throw Refuse(Msg.Of("sql.refuse_round_places", ("scale", SqlTypes.Scale)), e);
        var x = Visit(e.Arguments[0]);
        if (e.Arguments[0].Type.Kind == TypeKind.Int)
            return x with { Value = $"CAST({x.Value} AS {(_dialect == SqlDialect.Postgres ? "NUMERIC" : "DECIMAL(10,0)")})" };
        var shared = _b.Shared(x);
        var unit = SqlTypes.DecimalLiteral(1m / Pow10(places), _dialect);
        if (shared.Wide && !Pg)
        {
            // DECIMAL(38,28) times 10^places would overflow: the whole number of 10^-28 is rounded at 10^(28 − places) instead.
            var (a, s1) = _b.Bind(SqlFormat.WideMantissa(shared.Value), shared.Stage);
            var step = PowerText(SqlTypes.WideScale - places);
            var (rest, s2) = _b.Bind($"({a} % {step})", s1);
            var adjust = e.Function switch
            {
                BuiltinFunction.Round => $"CASE WHEN 2 * abs({rest}) >= {step} THEN sign({a}) ELSE 0 END",   // half away from zero
                BuiltinFunction.RoundUp => $"CASE WHEN {rest} > 0 THEN 1 ELSE 0 END",
                _ => $"CASE WHEN {rest} < 0 THEN -1 ELSE 0 END",
            };
            return new($"(CAST(({a} // {step}) + {adjust} AS DECIMAL(38,0)) * {unit})", shared.Error, s2);
        }
        var scale = SqlTypes.DecimalLiteral(Pow10(places), _dialect);
        // Exact in both engines: scale up, round to a whole number, scale down by multiplying (no division).
        var whole = e.Function switch
        {
            BuiltinFunction.Round => $"round({shared.Value} * {scale})",        // half away from zero in both engines
            BuiltinFunction.RoundUp => $"ceil({shared.Value} * {scale})",
            _ => $"floor({shared.Value} * {scale})",
        };
        if (_dialect == SqlDialect.DuckDb) whole = $"TRY({whole})";
        var (raw, stage) = _b.Bind(whole, shared.Stage);
        var overflow = _dialect == SqlDialect.DuckDb ? $"{raw} IS NULL AND {shared.Value} IS NOT NULL" : "FALSE";
        return new($"({raw} * {unit})", SqlBuilder.First(shared.Error, _dialect == SqlDialect.DuckDb ? $"CASE WHEN {overflow} THEN {Overflow(e)} END" : null), stage);
    }

    private static decimal Pow10(int n)
    {
        var r = 1m;
        for (var i = 0; i < n; i++) r *= 10m;
        return r;
    }

    private string DateRangeError(CoreExpr e) => SqlBuilder.Error(ErrorCodes.EvaluationFailed, Msg.Of("eval.date_out_of_range", ("at", e.Span.ToString())).Render(Language));

    /// <summary>date + n days, months or years (民法典 第202条: no corresponding day → the month's last day, which both engines do).</summary>
    private SqlExpr AddToDate(CoreCall e, string unit, int limit)
    {
        var d = _b.Shared(Visit(e.Arguments[0]));
        var n = _b.Shared(Visit(e.Arguments[1]));
        var stage = Math.Max(d.Stage, n.Stage);
        var inLimit = $"{n.Value} BETWEEN -{limit} AND {limit}";
        var sum = unit == "day"
            ? $"CASE WHEN {inLimit} THEN {d.Value} + CAST({n.Value} AS INTEGER) END"
            : $"CASE WHEN {inLimit} THEN CAST({d.Value} + CAST({n.Value} AS INTEGER) * INTERVAL '1 {unit}' AS DATE) END";
        var (raw, at) = _b.Bind(sum, stage);
        var inRange = $"{raw} BETWEEN DATE '0001-01-01' AND DATE '9999-12-31'";
        return new($"CASE WHEN {inRange} THEN {raw} END",
            SqlBuilder.First(d.Error, n.Error, $"CASE WHEN {d.Value} IS NOT NULL AND {n.Value} IS NOT NULL AND ({raw} IS NULL OR NOT ({inRange})) THEN {DateRangeError(e)} END"), at);
    }

    /// <summary>
    /// <c>add_hours(t, h)</c> (民法典 第201条: hours run from the moment of the event) for a constant h that is a whole
    /// number of microseconds, the finest step of a SQL timestamp (the interpreter's DateTime counts 100 ns ticks, and rounds
    /// a finer h to them, which a timestamp cannot reproduce). A result outside 0001-01-01 to 9999-12-31 is an
    /// evaluation_error, as the interpreter's DateTime range.
    /// </summary>
    private SqlExpr AddHours(CoreCall e)
    {
        var hours = e.Arguments[1] is CoreConvert { Operand: CoreLiteral { Value: int i } } ? i : (e.Arguments[1] as CoreLiteral)?.Value switch
        {
            int n => n,
            decimal d => d,
            _ => (decimal?)null,
        };
        if (hours is not { } h || h * 3_600_000_000m != decimal.Truncate(h * 3_600_000_000m))
            throw Refuse(Msg.Of("sql.refuse_add_hours", ("function", "add_hours")), e);
        var t = _b.Shared(Visit(e.Arguments[0]));
        var micros = (h * 3_600_000_000m).ToString("0", CultureInfo.InvariantCulture);
        var (raw, stage) = _b.Bind($"{t.Value} + INTERVAL '{micros} microseconds'", t.Stage);
        var inRange = $"{raw} BETWEEN TIMESTAMP '0001-01-01 00:00:00' AND TIMESTAMP '9999-12-31 23:59:59.999999'";
        var error = DateRangeError(e);
        return new($"CASE WHEN {inRange} THEN {raw} END", SqlBuilder.First(t.Error, $"CASE WHEN {t.Value} IS NOT NULL AND NOT ({inRange}) THEN {error} END"), stage);
    }

    /// <summary>周岁 (法释〔2006〕1号 第二条): whole years, the new year of age beginning the day after the birthday.</summary>
    private SqlExpr Age(CoreCall e, SqlExpr birth, SqlExpr on)
    {
        birth = _b.Shared(birth);
        on = _b.Shared(on);
        var stage = Math.Max(birth.Stage, on.Stage);
        var years = $"(EXTRACT(YEAR FROM {on.Value}) - EXTRACT(YEAR FROM {birth.Value}))";
        var (y, s1) = _b.Bind($"CAST({years} AS INTEGER)", stage);
        // The birthday in on's year; 29 February → 28 February in a common year (民法典 第202条).
        var (birthday, s2) = _b.Bind($"CAST({birth.Value} + {y} * INTERVAL '1 year' AS DATE)", s1);
        var age = $"CASE WHEN {on.Value} < {birth.Value} THEN NULL WHEN {y} = 0 THEN 0 WHEN {on.Value} > {birthday} THEN {y} ELSE {y} - 1 END";
        var invalid = SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, null, SqlMsg.Text(Msg.Of("eval.birth_after",
            ("birth", SqlMsg.Column($"CAST({birth.Value} AS VARCHAR)")), ("on", SqlMsg.Column($"CAST({on.Value} AS VARCHAR)"))), Language));
        return new(age, SqlBuilder.First(birth.Error, on.Error, $"CASE WHEN {on.Value} < {birth.Value} THEN {invalid} END"), s2);
    }

    // ---- working days (the calendar table) -------------------------------------------------------

    private CalendarModel CalendarOf(CoreExpr e, CoreCall call) =>
        e is CoreCalendar c ? c.Calendar : throw Refuse(Msg.Of("sql.refuse_calendar_named"), call);

    private string Cal(CalendarModel c) => $"{CalendarSql.Table}.calendar = {SqlTypes.Quote(c.Name)}";

    private string WorkingBefore(CalendarModel c, string day) => $"(SELECT working_before FROM {CalendarSql.Table} WHERE {Cal(c)} AND {CalendarSql.Table}.day = {day})";
    private string Working(CalendarModel c, string day) => $"(SELECT working FROM {CalendarSql.Table} WHERE {Cal(c)} AND {CalendarSql.Table}.day = {day})";
    private string NthWorking(CalendarModel c, string index) =>
        $"(SELECT {CalendarSql.Table}.day FROM {CalendarSql.Table} WHERE {Cal(c)} AND working AND working_before = {index})";

    private string NotCovered(CalendarModel c, string day) =>
        SqlBuilder.ErrorOf(ErrorCodes.NotDeterminable, null, CalendarSql.NotCoveredMessage(c, day, Language));

    private static string DayAfterCoverage(CalendarModel c) =>
        SqlTypes.DateLiteral(c.CoversTo == DateTime.MaxValue.Date ? c.CoversTo : c.CoversTo.AddDays(1));

    private SqlExpr WorkingDaysAfter(CoreCall e)
    {
        var d = _b.Shared(Visit(e.Arguments[0]));
        var n = _b.Shared(Visit(e.Arguments[1]));
        var c = CalendarOf(e.Arguments[2], e);
        var stage = Math.Max(d.Stage, n.Stage);
        var (first, s1) = _b.Bind($"CASE WHEN {d.Value} < DATE '9999-12-31' THEN {d.Value} + 1 ELSE {d.Value} END", stage);
        var (before, s2) = _b.Bind(WorkingBefore(c, first), s1);
        var (result, s3) = _b.Bind($"CASE WHEN {n.Value} >= 1 THEN {NthWorking(c, $"{before} + CAST({n.Value} AS BIGINT) - 1")} END", s2);
        var tooFew = SqlBuilder.ErrorOf(ErrorCodes.EvaluationFailed, null, SqlMsg.Text(Msg.Of("eval.working_days_at_least_one",
            ("function", "working_days_after"), ("at", e.Span.ToString()), ("n", SqlMsg.Column($"CAST({n.Value} AS VARCHAR)"))), Language));
        var error = $"CASE WHEN {n.Value} < 1 THEN {tooFew} WHEN {before} IS NULL THEN {NotCovered(c, first)} WHEN {result} IS NULL THEN {NotCovered(c, DayAfterCoverage(c))} END";
        return new(result, SqlBuilder.First(d.Error, n.Error, $"CASE WHEN {d.Value} IS NOT NULL AND {n.Value} IS NOT NULL THEN {error} END"), s3);
    }

    private SqlExpr NextWorkingDay(CoreCall e)
    {
        var d = _b.Shared(Visit(e.Arguments[0]));
        var c = CalendarOf(e.Arguments[1], e);
        var (before, s1) = _b.Bind(WorkingBefore(c, d.Value), d.Stage);
        var (result, s2) = _b.Bind(NthWorking(c, before), s1);
        var error = $"CASE WHEN {before} IS NULL THEN {NotCovered(c, d.Value)} WHEN {result} IS NULL THEN {NotCovered(c, DayAfterCoverage(c))} END";
        return new(result, SqlBuilder.First(d.Error, $"CASE WHEN {d.Value} IS NOT NULL THEN {error} END"), s2);
    }

    private SqlExpr IsWorkingDay(CoreCall e)
    {
        var d = _b.Shared(Visit(e.Arguments[0]));
        var c = CalendarOf(e.Arguments[1], e);
        var (working, s1) = _b.Bind(Working(c, d.Value), d.Stage);
        return new(working, SqlBuilder.First(d.Error, $"CASE WHEN {d.Value} IS NOT NULL AND {working} IS NULL THEN {NotCovered(c, d.Value)} END"), s1);
    }

    /// <summary>Working days after the earlier date up to and including the later one, negative when b is before a.</summary>
    private SqlExpr WorkingDaysBetween(CoreCall e)
    {
        var a = _b.Shared(Visit(e.Arguments[0]));
        var b = _b.Shared(Visit(e.Arguments[1]));
        var c = CalendarOf(e.Arguments[2], e);
        var stage = Math.Max(a.Stage, b.Stage);
        var (lo, s1) = _b.Bind($"LEAST({a.Value}, {b.Value})", stage);
        var (hi, s2) = _b.Bind($"GREATEST({a.Value}, {b.Value})", s1);
        var (first, s3) = _b.Bind($"CASE WHEN {lo} < {hi} THEN {lo} + 1 END", s2);
        var (firstBefore, s4) = _b.Bind(WorkingBefore(c, first), s3);
        var (hiBefore, s5) = _b.Bind(WorkingBefore(c, hi), s4);
        var (hiWorking, s6) = _b.Bind(Working(c, hi), s5);
        var count = $"({hiBefore} + CASE WHEN {hiWorking} THEN 1 ELSE 0 END - {firstBefore})";
        var value = $"CASE WHEN {lo} = {hi} THEN 0 WHEN {b.Value} < {a.Value} THEN -{count} ELSE {count} END";
        var error = $"CASE WHEN {lo} < {hi} AND {firstBefore} IS NULL THEN {NotCovered(c, first)} WHEN {lo} < {hi} AND {hiBefore} IS NULL THEN {NotCovered(c, DayAfterCoverage(c))} END";
        return new(value, SqlBuilder.First(a.Error, b.Error, error), s6);
    }

    /// <summary>
    /// <c>document_in_force(number)</c>. The registry is known when the SQL is written, so a number written in the rules
    /// becomes its period; a number read from a row is looked up in the registry written into the statement as a CASE,
    /// as <c>DocumentInfo.Find</c> looks it up: an alias as written first, then an official number compared without white
    /// space (char.IsWhiteSpace's characters, removed with <c>translate</c>). A number the registry does not hold is
    /// <c>not_determinable</c>.
    /// </summary>
    private SqlExpr DocumentInForce(CoreCall e)
    {
        if (e.Arguments[0] is CoreLiteral { Value: string number })
        {
            var doc = _package.FindDocument(number);
            if (doc is null)
                return new("NULL", SqlBuilder.Error(ErrorCodes.NotDeterminable, Msg.Of("eval.document_not_registered", ("number", number)).Render(Language)), 0);
            return new(Period(doc), null, 0);
        }
        var given = _b.Shared(Visit(e.Arguments[0]));
        // The same number (an input, usually) asked about again reads the columns of the first lookup.
        var key = given.Value + "|" + given.Error;
        if (_b.Inline == 0 && _documentLookups.TryGetValue(key, out var done)) return done;
        var (normalized, stage) = _b.Bind($"translate({given.Value}, {WhiteSpace}, '')", given.Stage);
        var whens = _package.Documents.Select(d => $"WHEN {given.Value} = {SqlTypes.Quote(d.Alias)} THEN {Period(d)}")
            .Concat(_package.Documents.Select(d => $"WHEN {normalized} = {SqlTypes.Quote(DocumentModel.Normalize(d.Number))} THEN {Period(d)}"));
        var (inForce, s1) = _b.Bind($"CASE {string.Join(" ", whens)} END", stage);
        var unknown = SqlBuilder.ErrorOf(ErrorCodes.NotDeterminable, null,
            SqlMsg.Text(Msg.Of("eval.document_not_registered", ("number", SqlMsg.Column(given.Value))), Language));
        // The error is bound too: each rule that asks reads it by name.
        var (error, s2) = _b.Bind(SqlBuilder.First(given.Error, $"CASE WHEN {given.Value} IS NOT NULL AND {inForce} IS NULL THEN {unknown} END")!, s1);
        var lookup = new SqlExpr(inForce, error, s2);
        if (_b.Inline == 0) _documentLookups[key] = lookup;
        return lookup;
    }

    private readonly Dictionary<string, SqlExpr> _documentLookups = [];

    private string Period(DocumentModel doc) =>
        $"({_at} >= {SqlTypes.DateLiteral(doc.InForceFrom)}{(doc.EffectiveTo is { } end ? $" AND {_at} <= {SqlTypes.DateLiteral(end)}" : "")})";

    /// <summary>The characters char.IsWhiteSpace accepts, as a SQL text (chr(…) joined, so the statement shows no invisible characters).</summary>
    private static readonly string WhiteSpace = "(" + string.Join(" || ", Enumerable.Range(0, 0x3001).Where(c => char.IsWhiteSpace((char)c)).Select(c => $"chr({c})")) + ")";
}
