using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Core;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;

namespace PolicyRules.Sql.Emit;

/// <summary>
/// Writes a lowered module (<see cref="CoreModule"/>) as one SQL statement over a table whose columns are the module's
/// inputs. The statement follows the core's evaluation exactly: (1) the period in force, (2) the inputs (a NULL where a
/// value is required is <c>invalid_input</c>), (3) each <c>requires</c> in order, (4) the outputs in source order, each
/// forcing the definitions it uses. The first failure of a row is its <c>error_code</c>/<c>error_message</c>; a
/// definition's failure counts only where it is used, as in the interpreter.
/// </summary>
internal sealed class ModuleEmitter
{
    private readonly CoreModule _core;
    private readonly ModuleModel _module;
    private readonly RulePackage _package;
    private readonly SqlStatementOptions _options;
    private readonly SqlBuilder _b = new();
    private readonly SqlExpr?[] _definitions;
    private readonly bool[] _emitting;
    private readonly ExpressionEmitter _expressions;
    private readonly string _at;
    /// <summary>The stage of each input read against its known names (the others are in stage 0).</summary>
    private readonly Dictionary<InputModel, int> _knownStage = [];

    public ModuleEmitter(RulePackage package, ModuleModel module, SqlStatementOptions options)
    {
        _package = package; _module = module; _options = options;
        _core = Lowering.Lower(module);
        _definitions = new SqlExpr?[module.Definitions.Count];
        _emitting = new bool[module.Definitions.Count];
        _at = options.At is { } at ? SqlTypes.DateLiteral(at) : "i_at";
        _expressions = new ExpressionEmitter(_b, options.Dialect, module, package.Model, _at, Force,
            input => new(InputColumn(input), null, _knownStage.GetValueOrDefault(input))) { Language = options.Language };
    }

    private SqlDialect Dialect => _options.Dialect;

    public static string InputColumn(InputModel input) => "i_" + input.Name;
    private static string ValueColumn(DefinitionModel d) => "d_" + d.Name;
    private static string ErrorColumn(DefinitionModel d) => "e_" + d.Name;

    /// <summary>Refuses, with the reason, a module whose inputs or outputs have no SQL column type.</summary>
    public static void CheckShape(ModuleModel module, SqlDialect dialect, PackageModel package)
    {
        foreach (var input in module.Inputs.Where(i => i.Known is not null))
            if (input.Known!.Values.Any(v => KnownSql.Stem(v).Length >= 6))
                throw new SqlRefusedException(module.Name, Msg.Of("sql.refuse_known_long", ("input", input.Name)), input.Span.ToString());
        foreach (var input in module.Inputs)
            if (input.Type.Kind is TypeKind.List or TypeKind.Record && SqlTypes.Column(input.Type, dialect, package) is null)
                throw new SqlRefusedException(module.Name, Msg.Of("sql.refuse_input_shape", ("input", input.Name), ("type", input.Type.ToString())), input.Span.ToString());
            else if (SqlTypes.Column(input.Type, dialect, package) is null)
                throw new SqlRefusedException(module.Name, Msg.Of("sql.refuse_input_column", ("input", input.Name), ("type", input.Type.ToString())), input.Span.ToString());
        foreach (var output in module.Outputs)
            if (SqlTypes.Column(output.Type, dialect, package) is null)
                throw new SqlRefusedException(module.Name, Msg.Of("sql.refuse_output_column", ("output", output.Name), ("type", output.Type.ToString())), output.Span.ToString());
    }

    /// <summary>The records the module's inputs hold (a PostgreSQL statement needs their composite types).</summary>
    public static IEnumerable<RecordModel> Records(PackageModel package, ModuleModel module) =>
        module.Inputs.Select(i => i.Type.Kind == TypeKind.List ? i.Type.Element! : i.Type).Where(t => t.Kind == TypeKind.Record)
            .Select(t => package.FindRecord(t.Name!)!).Distinct();

    private string? Column(RuleType type) => SqlTypes.Column(type, Dialect, _package.Model);

    public string Emit()
    {
        CheckShape(_module, Dialect, _package.Model);
        var t = "t";
        foreach (var column in _options.PassThrough) _b.Input(SqlTypes.Identifier(column), $"{t}.{SqlTypes.Identifier(column)}");
        var knownErrors = new List<string>();
        foreach (var input in _module.Inputs)
        {
            var column = InputValue(input, $"{t}.{SqlTypes.Identifier(input.Name)}");
            if (input.Known is null) { _b.Input(InputColumn(input), column); continue; }
            // The text as given, then read against the names the law gives (RuleOps.KnownInput).
            var raw = "k_" + input.Name;
            _b.Input(raw, column);
            var known = new KnownSql(_b, Dialect, input, _options.Language);
            _knownStage[input] = known.Read(raw, InputColumn(input));
            knownErrors.Add(known.Error);
        }
        if (_options.At is null) _b.Input("i_at", $"{t}.{SqlTypes.Identifier("at")}");
        if (_options.PreErrorColumn is { } pre) _b.Input("i_pre_error", $"{t}.{SqlTypes.Identifier(pre)}");
        if (_options.InputErrorColumn is { } ie) _b.Input("i_input_error", $"{t}.{SqlTypes.Identifier(ie)}");

        var errors = new List<string?>();
        if (_options.PreErrorColumn is not null) errors.Add("i_pre_error");
        if (_options.At is null)
            errors.Add($"CASE WHEN i_at IS NULL THEN {SqlBuilder.Error(ErrorCodes.InvalidInput, Msg.Of("csv.bad_at", ("value", "")).Render(_options.Language), "at")} END");
        errors.Add(NotInForce());
        if (_options.InputErrorColumn is not null) errors.Add("i_input_error");
        errors.AddRange(_module.Inputs.Select(RequiredInput));
        errors.AddRange(knownErrors);
        foreach (var requirement in _core.Requirements)
        {
            var condition = _b.Shared(_expressions.Visit(requirement.Condition));
            var input = requirement.Input;
            var message = SqlBuilder.ErrorOf(ErrorCodes.InvalidInput, input.Name, SqlMsg.Text(Msg.Of("input.requirement", ("input", RuleOps.InputName(input.Name, input.Label)),
                ("value", SqlMsg.Column(SqlFormat.Text(InputColumn(input), input.Type, Dialect, _package.Model))), ("requirement", requirement.Text)), _options.Language));
            // A requirement is checked only when the inputs and the earlier requirements passed.
            var (column, _) = _b.Bind(SqlBuilder.First(condition.Error, $"CASE WHEN NOT {condition.Value} THEN {message} END")!, condition.Stage);
            errors.Add(column);
        }
        var outputs = _core.Outputs.Select(o => (o.Definition, Value: Force(o.Definition))).ToList();
        errors.AddRange(outputs.Select(o => o.Value.Error));

        // The row's first failure, bound once: the select list below reads it five times.
        var (e, _) = _b.Bind(SqlBuilder.First([.. errors]) ?? "CAST(NULL AS VARCHAR)", _b.LastStage, "e");
        var select = new List<string>();
        foreach (var column in _options.PassThrough) select.Add($"  {SqlTypes.Identifier(column)}");
        if (!_options.PassThrough.Any())
        {
            foreach (var input in _module.Inputs) select.Add($"  {InputColumn(input)} AS {SqlTypes.Identifier(input.Name)}");
            if (_options.At is null) select.Add("  i_at AS \"at\"");
        }
        foreach (var (d, value) in outputs)
        {
            var type = value.Wide ? SqlTypes.WideDecimal(Dialect) : Column(d.Type)!;
            var comment = $"  -- {Comment(d)}\n";
            var typed = _options.FormatOutputs
                ? SqlFormat.Output(value.Value, d.Type, Dialect, sql => _b.Bind(sql, value.Stage).Column, _package.Model, value.Wide)
                : value.Wide && Dialect == SqlDialect.Postgres ? SqlFormat.WideOutput(value.Value, sql => _b.Bind(sql, value.Stage).Column)
                : $"CAST({value.Value} AS {type})";
            select.Add($"{comment}  CASE WHEN {e} IS NULL THEN {typed} END AS {SqlTypes.Identifier(d.Name)}");
        }
        select.Add($"  split_part({e}, '|', 1) AS error_code");
        select.Add($"  NULLIF(split_part({e}, '|', 2), '') AS error_field");
        select.Add($"  substr({e}, length(split_part({e}, '|', 1)) + length(split_part({e}, '|', 2)) + 3) AS error_message");

        var sb = new StringBuilder();
        var (with, last) = _b.With($"{_options.Table} AS {t}", fence: Dialect == SqlDialect.Postgres, select);
        Header(sb);
        if (with.Contains(CalendarSql.Table, StringComparison.Ordinal))
            sb.AppendLine("-- " + Text(Msg.Of("sql.header_calendar", ("table", CalendarSql.Table))));
        sb.Append(with);
        sb.Append("SELECT\n");
        sb.Append(string.Join(",\n", select));
        sb.Append($"\nFROM {last}");
        return sb.ToString();
    }

    /// <summary>The comment lines above the statement, in the statement's language.</summary>
    private void Header(StringBuilder sb)
    {
        void Line(Msg line) => sb.Append("-- ").AppendLine(Text(line));
        Line(Msg.Of("sql.header_module", ("module", Named(_module.Name, _module.Label)), ("dialect", Dialect.Name())));
        var columns = string.Join(", ", _module.Inputs.Select(i => $"{i.Name} {Column(i.Type)}")) + (_options.At is null ? ", at DATE" : "");
        Line(_options.At is { } at
            ? Msg.Of("sql.header_reads_at", ("table", _options.Table), ("columns", columns), ("at", at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
            : Msg.Of("sql.header_reads_row_at", ("table", _options.Table), ("columns", columns)));
        Line(Msg.Of("sql.header_decimal", ("type", SqlTypes.Decimal(Dialect)), ("code", ErrorCodes.EvaluationFailed)));
        if (_expressions.UsesWide) Line(Msg.Of("sql.header_quotient", ("type", SqlTypes.WideDecimal(Dialect))));
        if (_module.ModuleCitations.Count > 0) Line(Msg.Of("sql.header_cites", ("citations", new CitationList(_module.ModuleCitations))));
        if (Dialect == SqlDialect.Postgres)
            foreach (var record in Records(_package.Model, _module)) Line(Msg.Of("sql.header_composite", ("type", SqlTypes.CompositeType(record))));
    }

    private string Text(Msg message) => message.Render(_options.Language);

    private static string Named(string name, string? label) => label is null ? name : name + " " + label;

    /// <summary>The comment above a definition's column: what it is, and the provisions it cites.</summary>
    private string Comment(DefinitionModel d)
    {
        var all = d.AllCitations.ToList();
        var cites = all.Count == 0 ? Msg.Of("sql.no_citation") : (object)new CitationList(all);
        return Text(Msg.Of(d.IsOutput ? "sql.comment_output" : "sql.comment_definition", ("name", Named(d.Name, d.Label)), ("cites", cites)));
    }

    /// <summary>The input as the core reads it: ints widened to BIGINT for checked arithmetic, empty text as none.</summary>
    private string InputValue(InputModel input, string column) => Value(input.Type, column);

    private string Value(RuleType type, string column) => type.Kind switch
    {
        TypeKind.Int => $"CAST({column} AS BIGINT)",
        TypeKind.String when type.Optional => $"CASE WHEN trim({column}) = '' THEN NULL ELSE {column} END",
        TypeKind.Enum => EnumCase(_package.Model.FindEnum(type.Name!)!, column),
        // Each item as an input of the item's type is read.
        TypeKind.List when Value(type.Element!, "f.v") != "f.v" => Dialect == SqlDialect.Postgres
            ? $"CASE WHEN {column} IS NOT NULL THEN ARRAY(SELECT {Value(type.Element!, "f.v")} FROM unnest({column}) WITH ORDINALITY AS f(v, n) ORDER BY f.n) END"
            : $"list_transform({column}, lambda f: {Value(type.Element!, "f")})",
        _ => column,
    };

    /// <summary>An enum cell holds the member's name; its label is accepted too, as in the interpreter.</summary>
    private static string EnumCase(EnumModel model, string column)
    {
        var whens = new List<string>();
        foreach (var m in model.Members)
        {
            whens.Add($"WHEN trim({column}) = {SqlTypes.Quote(m.Name)} THEN {SqlTypes.Quote(m.Name)}");
            if (m.Label is not null) whens.Add($"WHEN trim({column}) = {SqlTypes.Quote(m.Label)} THEN {SqlTypes.Quote(m.Name)}");
        }
        return $"CASE {string.Join(" ", whens)} END";
    }

    /// <summary>A required input that is NULL (or empty text), or an enum cell that names no member: <c>invalid_input</c>.</summary>
    private string? RequiredInput(InputModel input)
    {
        var column = InputColumn(input);
        var empty = SqlBuilder.Error(ErrorCodes.InvalidInput,
            Msg.Of("input.at_path", ("path", input.Name), ("message", Msg.Of("text.empty", ("type", TypeWords.DescribeMsg(input.Type))))).Render(_options.Language), input.Name);
        string? check = null;
        if (!input.Type.Optional)
            check = input.Type.Kind == TypeKind.String
                ? $"WHEN {column} IS NULL OR trim({column}) = '' THEN {empty}"
                : $"WHEN {column} IS NULL THEN {empty}";
        if (input.Type.Kind == TypeKind.Record)
        {
            // A required field that is none (or a list field with an item that is none) fails as the interpreter's reading
            // does, naming the first such field (box.size, box.weights[1]) in the message and as the error's field.
            var fields = Missing(input.Type.AsRequired(), column);
            var error = SqlBuilder.ErrorAt(ErrorCodes.InvalidInput, Message(EmptyPart(input.Type.AsRequired(), column, input.Name), 0));
            // NOT (x IS NULL): in PostgreSQL a composite with a field that is none is neither NULL nor NOT NULL.
            check = (check is null ? "" : check + " ") + $"WHEN NOT ({column} IS NULL) AND ({fields}) THEN {error}";
        }
        if (input.Type.Kind == TypeKind.List && !input.Type.Element!.Optional)
        {
            var (k, item, stage) = FirstMissingItem(input.Type, column);
            // names[k], boxes[k].size: the index is a SQL value in the path (SqlMsg), so the words around it come from the catalogue.
            var error = SqlBuilder.ErrorAt(ErrorCodes.InvalidInput, Message(EmptyPart(input.Type.Element, item, ItemPath(input.Name, k)), stage));
            check = (check is null ? "" : check + " ") + $"WHEN {k} IS NOT NULL THEN {error}";
        }
        return check is null ? null : $"CASE {check} END";
    }

    /// <summary>
    /// The position (from 0) of the first item of the list <paramref name="list"/> that is missing (none, empty text, a
    /// record with a required field that is none), bound to a column (written in place under <see cref="SqlBuilder.Inline"/>),
    /// as the interpreter reads the items in order; that item; and the stage of the position.
    /// </summary>
    private (string Index, string Item, int Stage) FirstMissingItem(RuleType type, string list)
    {
        var pg = Dialect == SqlDialect.Postgres;
        var item = pg ? $"({list})[f.n]" : "f";
        var missing = Missing(type.Element!, item);
        var first = pg
            ? $"(SELECT f.n - 1 FROM generate_subscripts({list}, 1) AS f(n) WHERE {missing} ORDER BY f.n LIMIT 1)"
            : $"(list_position(list_transform({list}, lambda f: {missing}), TRUE) - 1)";
        var (k, stage) = _b.Bind(first, 0);
        return (k, $"({list})[{k} + 1]", stage);
    }

    /// <summary>
    /// The field and message bound to a column of their own, which the row's error reads: written into that one place, they
    /// keep the subqueries of a PostgreSQL message (a list field's items) out of the text <see cref="SqlBuilder.With"/>
    /// looks at when it writes the other errors into the row's error column.
    /// </summary>
    private string Message(string sql, int stage) => _b.Bind(sql, stage).Column;

    private static string ItemPath(string path, string index) => $"{path}[{SqlMsg.Column($"CAST({index} AS VARCHAR)")}]";

    /// <summary>
    /// The interpreter's error field and message for the missing value <paramref name="sql"/> of required type
    /// <paramref name="type"/> at <paramref name="path"/>, as the SQL text <c>field|message</c>: the value itself when it
    /// is none, else the first required field that is missing (<c>box.size|box.size: is empty; …</c>) or the first item
    /// of a list field (<c>box.weights[1]|…</c>), as the interpreter reads a record's fields and a list's items in order.
    /// Read only where <see cref="Missing"/> holds.
    /// </summary>
    private string EmptyPart(RuleType type, string sql, string path)
    {
        var empty = SqlMsg.Text(path + "|" + Msg.Of("input.at_path", ("path", path), ("message", Msg.Of("text.empty", ("type", TypeWords.DescribeMsg(type))))).Render(_options.Language));
        var pg = Dialect == SqlDialect.Postgres;
        switch (type.Kind)
        {
            case TypeKind.Record:
                var whens = _package.Model.FindRecord(type.Name!)!.Fields.Where(f => !f.Type.Optional).Select(f =>
                {
                    var field = pg ? $"({sql}).{SqlTypes.Identifier(f.Name)}" : $"struct_extract({sql}, {SqlTypes.Quote(f.Name)})";
                    return $"WHEN {Missing(f.Type, field)} THEN {EmptyPart(f.Type, field, $"{path}.{f.Name}")}";
                });
                return $"CASE WHEN {sql} IS NULL THEN {empty} {string.Join(" ", whens)} END";
            case TypeKind.List when !type.Element!.Optional:
                // Written in place, not bound: it is read only on a row that fails, where the stages cannot order it.
                _b.Inline++;
                try
                {
                    var (k, item, _) = FirstMissingItem(type, sql);
                    return $"CASE WHEN {sql} IS NULL THEN {empty} ELSE {EmptyPart(type.Element, item, ItemPath(path, k))} END";
                }
                finally { _b.Inline--; }
            default:
                return empty;
        }
    }

    /// <summary>Whether the value <paramref name="sql"/> of required type <paramref name="type"/> is missing: none, empty text, a required field or list item that is none.</summary>
    private string Missing(RuleType type, string sql)
    {
        var pg = Dialect == SqlDialect.Postgres;
        switch (type.Kind)
        {
            case TypeKind.String:
                return $"{sql} IS NULL OR trim({sql}) = ''";
            case TypeKind.Record:
                var fields = _package.Model.FindRecord(type.Name!)!.Fields.Where(f => !f.Type.Optional)
                    .Select(f => "(" + Missing(f.Type, pg ? $"({sql}).{SqlTypes.Identifier(f.Name)}" : $"struct_extract({sql}, {SqlTypes.Quote(f.Name)})") + ")");
                return string.Join(" OR ", fields.Prepend($"{sql} IS NULL"));
            case TypeKind.List when !type.Element!.Optional:
                var items = pg
                    ? $"EXISTS (SELECT 1 FROM unnest({sql}) AS g(v) WHERE {Missing(type.Element, "g.v")})"
                    : $"len(list_filter({sql}, lambda g: {Missing(type.Element, "g")})) > 0";
                return $"{sql} IS NULL OR {items}";
            default:
                return $"{sql} IS NULL";
        }
    }

    /// <summary>The core's period-in-force check (<see cref="CoreInForce"/>) as an error column, in the interpreter's words:
    /// the parts of the sentence come from <see cref="InForce"/>, and SQL puts in the day and which part applies.</summary>
    private string? NotInForce()
    {
        var check = _core.InForce;
        if (check.Always) return null;
        if (_options.At is { } fixedAt && check.Contains(fixedAt.ToDateTime(TimeOnly.MinValue))) return null;
        // InForce's words (every back end's), in the statement's language, with the day and the reason decided per row.
        var lang = _options.Language;
        var conditions = new List<string>();
        var reasons = new List<string>();
        foreach (var doc in check.Documents)
        {
            var inForce = InPeriod(doc.InForceFrom, doc.EffectiveTo);
            var document = InForceDocument.Of(doc)!;
            var text = InForce.DocumentWhy(document, repealed: false).Render(lang);
            var reason = doc.RepealedBy is not null && doc.EffectiveTo is { } end
                ? Either($"{_at} > {SqlTypes.DateLiteral(end)}", InForce.DocumentWhy(document, repealed: true).Render(lang), text)
                : SqlTypes.Quote(text);
            conditions.Add(inForce);
            reasons.Add($"WHEN NOT {inForce} THEN {reason}");
        }
        var module = InPeriod(check.From, check.To);
        var why = $"CASE {string.Join(" ", reasons)} ELSE {SqlTypes.Quote(InForce.ModuleWhy(check.From, check.To).Render(lang))} END";
        // The day and why are SQL values in the sentence (SqlMsg): the day's marker goes in as the text the sentence takes.
        var message = SqlMsg.Text(InForce.NotInForceText(check.Module, SqlMsg.Column($"CAST({_at} AS VARCHAR)").ToString()!, SqlMsg.Column(why)), lang);
        var all = string.Join(" AND ", conditions.Prepend(module));
        return $"CASE WHEN {_at} IS NOT NULL AND NOT ({all}) THEN {SqlBuilder.ErrorOf(ErrorCodes.NotInForce, null, message)} END";
    }

    /// <summary><paramref name="whenTrue"/> when <paramref name="condition"/> holds, else <paramref name="otherwise"/>; when
    /// the one only adds to the other, the addition alone is chosen in SQL.</summary>
    private static string Either(string condition, string whenTrue, string otherwise) =>
        whenTrue.StartsWith(otherwise, StringComparison.Ordinal)
            ? $"{SqlTypes.Quote(otherwise)} || CASE WHEN {condition} THEN {SqlTypes.Quote(whenTrue[otherwise.Length..])} ELSE '' END"
            : $"CASE WHEN {condition} THEN {SqlTypes.Quote(whenTrue)} ELSE {SqlTypes.Quote(otherwise)} END";

    private string InPeriod(DateTime from, DateTime? to) =>
        $"({_at} >= {SqlTypes.DateLiteral(from)}{(to is { } end ? $" AND {_at} <= {SqlTypes.DateLiteral(end)}" : "")})";

    // ---- definitions -----------------------------------------------------------------------------

    /// <summary>A definition's value and error columns, emitted on first use (after everything it uses).</summary>
    private SqlExpr Force(DefinitionModel d)
    {
        if (_definitions[d.Index] is { } done) return done;
        if (_emitting[d.Index]) throw new SqlRefusedException(_module.Name, Msg.Of("sql.refuse_cycle", ("name", d.Name)), d.Span.ToString());
        _emitting[d.Index] = true;
        // A definition read inside a comprehension's body reads no element: it gets its own columns as everywhere else.
        var inline = _b.Inline;
        _b.Inline = 0;
        var core = _core.Definitions[d.Index];
        SqlExpr body;
        if (core.Value is not null) body = _expressions.Visit(core.Value);
        else
        {
            var (applies, value, _, error, _) = Default(d, core.Rules!);
            var noRule = SqlBuilder.Error(ErrorCodes.NoRuleApplies, Msg.Of("eval.no_rule_applies",
                ("definition", d.Name), ("rules", d.Rules.Select(r => r.Label).ToList())).Render(_options.Language));
            body = value with { Error = SqlBuilder.First(error, $"CASE WHEN NOT {applies.Value} THEN {noRule} END"), Stage = Math.Max(value.Stage, applies.Stage) };
        }
        if (Column(d.Type) is null && d.Type.Kind != TypeKind.Never)
            throw new SqlRefusedException(_module.Name, Msg.Of("sql.refuse_definition_type", ("name", d.Name), ("type", d.Type.ToString())), d.Span.ToString());
        body = body with { Value = Typed(body.Value, d.Type) };
        var fitted = Fit(d, body);
        var (valueColumn, s1) = _b.Bind(fitted.Value, fitted.Stage, ValueColumn(d), Comment(d));
        var (errorColumn, s2) = _b.Bind(fitted.Error ?? "CAST(NULL AS VARCHAR)", fitted.Stage, ErrorColumn(d));
        var result = new SqlExpr(valueColumn, errorColumn, Math.Max(s1, s2), Wide: fitted.Wide);
        _definitions[d.Index] = result;
        _emitting[d.Index] = false;
        _b.Inline = inline;
        return result;
    }

    /// <summary>
    /// A value given its SQL type before it is bound to a column, so a branch that is only NULL (<c>not_determinable</c>)
    /// does not leave PostgreSQL a text column. Lossless: ints are BIGINT; DuckDB decimals keep their own scale.
    /// </summary>
    private string Typed(string sql, RuleType type)
    {
        if (type.Kind is TypeKind.List or TypeKind.Record) return sql == "NULL" ? $"CAST(NULL AS {Column(type)})" : sql;
        var column = type.Kind == TypeKind.Int ? "BIGINT" : Column(type);
        if (column is null) return sql;
        if (type.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate)
            return Dialect == SqlDialect.Postgres ? $"CAST({sql} AS NUMERIC)" : sql == "NULL" ? $"CAST(NULL AS {column})" : sql;
        return $"CAST({sql} AS {column})";
    }

    /// <summary>A decimal definition must fit DECIMAL(38,10) exactly; otherwise the row is an evaluation_error (never rounded).</summary>
    private SqlExpr Fit(DefinitionModel d, SqlExpr body)
    {
        if (d.Type.Kind == TypeKind.List && d.Type.Element!.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate) return FitItems(d, body);
        // A wide value (a quotient) is a C# decimal already: NUMERIC, or DECIMAL(38,28) in DuckDB.
        if (d.Type.Kind is not (TypeKind.Decimal or TypeKind.Money or TypeKind.Rate) || body.Fits || body.Wide) return body;
        var shared = _b.Shared(body);
        var message = SqlBuilder.Error(ErrorCodes.EvaluationFailed,
            Msg.Of("sql.value_too_wide", ("name", d.Name), ("at", d.Span.ToString()), ("type", SqlTypes.Decimal(Dialect))).Render(_options.Language));
        string error;
        var stage = shared.Stage;
        if (Dialect == SqlDialect.Postgres)
        {
            // Comparisons, then the cast only within range (a cast of 10^28 or more to NUMERIC(38,10) stops the statement);
            // a NUMERIC comparison allocates nothing, and PostgreSQL drops the cast of a NUMERIC(38,10) column.
            var x = shared.Value;
            var limit = SqlTypes.DecimalLimit;
            error = $"CASE WHEN {x} <= -{limit} OR {x} >= {limit} THEN {message} WHEN CAST({x} AS {SqlTypes.Decimal(Dialect)}) <> {x} THEN {message} END";
        }
        else
        {
            var (fitted, s) = _b.Bind($"TRY_CAST({shared.Value} AS {SqlTypes.Decimal(Dialect)})", shared.Stage);
            stage = s;
            // The value itself is kept (exact, with its own scale); the check only flags one that does not fit.
            error = $"CASE WHEN {shared.Value} IS NOT NULL AND ({fitted} IS NULL OR {fitted} <> {shared.Value}) THEN {message} END";
        }
        return new(shared.Value, SqlBuilder.First(shared.Error, error), stage);
    }

    /// <summary>A list of decimals fits when each of its items does.</summary>
    private SqlExpr FitItems(DefinitionModel d, SqlExpr body)
    {
        var shared = _b.Shared(body);
        var type = SqlTypes.Decimal(Dialect);
        var outside = Dialect == SqlDialect.DuckDb
            ? $"(len(list_filter({shared.Value}, lambda f: f IS NOT NULL AND (TRY_CAST(f AS {type}) IS NULL OR TRY_CAST(f AS {type}) <> f))) > 0)"
            : $"EXISTS (SELECT 1 FROM unnest({shared.Value}) AS f(v) WHERE abs(f.v) >= {SqlTypes.DecimalLimit} OR f.v <> round(f.v, {SqlTypes.Scale}))";
        var message = SqlBuilder.Error(ErrorCodes.EvaluationFailed,
            Msg.Of("sql.item_too_wide", ("name", d.Name), ("at", d.Span.ToString()), ("type", type)).Render(_options.Language));
        return new(shared.Value, SqlBuilder.First(shared.Error, $"CASE WHEN {shared.Value} IS NOT NULL AND {outside} THEN {message} END"), shared.Stage);
    }

    /// <summary>
    /// Default logic over rules, as the interpreter runs it: the candidates in order, each one's exceptions first; a rule
    /// that applies gives its value; a second one applying is a conflict naming both (the rules that gave the values).
    /// </summary>
    private Outcome Default(DefinitionModel d, CoreDefault rules)
    {
        var applied = new List<Outcome>();
        var errors = new List<string?>();
        foreach (var candidate in rules.Candidates)
        {
            var outcome = Rule(d, candidate);
            errors.Add(outcome.Error);
            if (applied.Count > 0)
            {
                // The first rule that applied (any one of those before), and this one.
                object First(Func<RuleModel, string> part) => SqlMsg.Column(applied.Count == 1 ? RulePart(d, applied[0], part)
                    : $"CASE {string.Join(" ", applied.Select(a => $"WHEN {a.Applies.Value} THEN {RulePart(d, a, part)}"))} END");
                object Second(Func<RuleModel, string> part) => SqlMsg.Column(RulePart(d, outcome, part));
                var anyBefore = string.Join(" OR ", applied.Select(a => a.Applies.Value));
                var message = SqlBuilder.ErrorOf(ErrorCodes.Conflict, null, SqlMsg.Text(Msg.Of("eval.conflict", ("definition", d.Name),
                    ("first", First(Label)), ("first_source", First(Source)), ("first_cites", First(Cites)),
                    ("second", Second(Label)), ("second_source", Second(Source)), ("second_cites", Second(Cites))), _options.Language));
                errors.Add($"CASE WHEN {outcome.Applies.Value} AND ({anyBefore}) THEN {message} END");
            }
            applied.Add(outcome);
        }
        if (applied.Count == 0) return new(SqlExpr.Constant("FALSE"), SqlExpr.Constant("NULL"), SqlExpr.Constant("NULL"), SqlBuilder.First([.. errors]), []);
        // A value the join makes fail (DuckDB: one DECIMAL(38,28) does not hold) fails where its rule applies.
        var (values, wide) = _expressions.Join([.. applied.Select(a => a.Value)], d.Span.ToString());
        for (var k = 0; k < applied.Count; k++)
        {
            errors.Add(SqlBuilder.When(applied[k].Applies.Value, values[k].Error));
            applied[k] = applied[k] with { Value = values[k] with { Error = null } };
        }
        var stage = applied.Max(a => Math.Max(a.Applies.Stage, Math.Max(a.Value.Stage, a.Rule.Stage)));
        var any = applied.Count == 1 ? applied[0].Applies.Value : "(" + string.Join(" OR ", applied.Select(a => a.Applies.Value)) + ")";
        var chosen = applied.Count == 1 ? applied[0].Value.Value : $"CASE {string.Join(" ", applied.Select(a => $"WHEN {a.Applies.Value} THEN {a.Value.Value}"))} END";
        var rule = applied.Count == 1 ? applied[0].Rule.Value : $"CASE {string.Join(" ", applied.Select(a => $"WHEN {a.Applies.Value} THEN {a.Rule.Value}"))} END";
        return new(new SqlExpr(any, null, stage), new SqlExpr(chosen, null, stage, Wide: wide), new SqlExpr(rule, null, stage), SqlBuilder.First([.. errors]),
            [.. applied.SelectMany(a => a.Rules)]);
    }

    /// <summary>
    /// A part of the rule that gave <paramref name="outcome"/>'s value — its label, where it is written, its citations — as
    /// a SQL text: a constant when only one rule can give it, else chosen by the rule's position (<see cref="Outcome.Rule"/>).
    /// </summary>
    private static string RulePart(DefinitionModel d, Outcome outcome, Func<RuleModel, string> part) =>
        outcome.Rules.Count == 1 ? SqlTypes.Quote(part(outcome.Rules[0]))
            : $"CASE {outcome.Rule.Value} {string.Join(" ", outcome.Rules.Select(r => $"WHEN {IndexOf(d, r)} THEN {SqlTypes.Quote(part(r))}"))} END";

    private static string Label(RuleModel r) => r.Label;
    private static string Source(RuleModel r) => r.Span.ToString();
    private string Cites(RuleModel r) => new CitationList(r.Citations).Render(_options.Language);

    /// <summary>One rule: an applying exception wins; else the rule applies when its condition holds.</summary>
    private Outcome Rule(DefinitionModel d, CoreRule rule)
    {
        // The rule that gives the value, by its position in the definition's rules (the conflict message names it).
        var own = IndexOf(d, rule.Rule).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var when = rule.When is null ? SqlExpr.Constant("TRUE") : _b.Shared(_expressions.Visit(rule.When));
        var value = _expressions.Visit(rule.Value);
        var ownError = SqlBuilder.First(when.Error, SqlBuilder.When(when.Value, value.Error));
        if (rule.Exceptions.Candidates.Count == 0)
            return new(when, _b.Shared(value with { Value = Typed(value.Value, d.Type), Error = null }), SqlExpr.Constant(own), ownError, [rule.Rule]);
        var exceptions = Default(d, rule.Exceptions);
        var stage = Math.Max(Math.Max(exceptions.Applies.Stage, exceptions.Value.Stage), Math.Max(when.Stage, Math.Max(value.Stage, exceptions.Rule.Stage)));
        var applies = _b.Shared(new SqlExpr($"({exceptions.Applies.Value} OR {when.Value})", null, stage));
        // The own value's error is in ownError; what the join adds (DuckDB: a value DECIMAL(38,28) does not hold) fails where the value is chosen.
        var (joined, wide) = _expressions.Join([exceptions.Value, value with { Error = null }], d.Span.ToString());
        var (exceptionValue, ownValue) = (joined[0], joined[1]);
        stage = Math.Max(stage, Math.Max(exceptionValue.Stage, ownValue.Stage));
        var chosen = _b.Shared(new SqlExpr(Typed($"CASE WHEN {exceptions.Applies.Value} THEN {exceptionValue.Value} ELSE {ownValue.Value} END", d.Type), null, stage, Wide: wide));
        var producer = _b.Shared(new SqlExpr($"CASE WHEN {exceptions.Applies.Value} THEN {exceptions.Rule.Value} ELSE {own} END", null, stage));
        var error = SqlBuilder.First(exceptions.Error, SqlBuilder.When($"NOT {exceptions.Applies.Value}", ownError),
            SqlBuilder.When(exceptions.Applies.Value, exceptionValue.Error), SqlBuilder.When($"NOT {exceptions.Applies.Value} AND {when.Value}", ownValue.Error));
        return new(applies, chosen, producer, error, [rule.Rule, .. exceptions.Rules]);
    }

    private static int IndexOf(DefinitionModel d, RuleModel rule) => d.Rules.Select((r, k) => (r, k)).Single(x => ReferenceEquals(x.r, rule)).k;

    /// <summary>
    /// Whether a rule (or a set of rules) applies, its value, the position in the definition's rules of the rule that gave
    /// the value, the first failure, and the rules that may give it.
    /// </summary>
    private readonly record struct Outcome(SqlExpr Applies, SqlExpr Value, SqlExpr Rule, string? Error, IReadOnlyList<RuleModel> Rules);
}
