using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Binding;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Scenarios;

/// <summary>
/// Checks scenarios against a checked rule package: the module, inputs, outputs and record fields by id or label
/// (PR0302, with the nearest name), every value against its type and unit (PR0303), and the citation against the
/// document registry as a rule's citation is (PR0103–PR0105).
/// </summary>
internal sealed class ScenarioBinder
{
    private readonly PackageModel _package;

    private readonly Func<string, PackageModel?>? _reformed;
    private readonly Dictionary<PackageModel, ScenarioBinder> _underReform = new();

    public ScenarioBinder(PackageModel package, Func<string, PackageModel?>? reformed = null) { _package = package; _reformed = reformed; }

    public ScenarioFileModel Bind(ScenarioFileSyntax file)
    {
        var scenarios = file.Scenarios.Select(s => For(s).BindScenario(file.Path, s)).ToList();
        if (file.Diagnostics.FirstOrDefault(d => d.IsError) is { } first)
        {
            // Lines outside any scenario still fail the run: they report as a case of their own.
            var name = Msg.Of("scenario.outside_lines");
            var stray = new ScenarioModel(file.Path, name.Render(Lang.En), first.Span, null, null,
                Array.Empty<CitationModel>(), Array.Empty<string>(), null) { NameText = name };
            var strayCase = new ScenarioCase(stray, null, first.Span, Array.Empty<ScenarioInput>(), Array.Empty<ScenarioExpectation>(), null,
                file.Diagnostics.ToList());
            stray.SetCases(1, () => new[] { strayCase });
            scenarios.Insert(scenarios.TakeWhile(s => s.Span.Line < first.Span.Line).Count(), stray);
        }
        return new ScenarioFileModel(file.Path, scenarios, file.Diagnostics);
    }

    /// <summary>The binder for the package a scenario states its outcomes in: with its reform applied, where it names one that loads.</summary>
    private ScenarioBinder For(ScenarioSyntax s)
    {
        if (s.Reform is null || _reformed?.Invoke(s.Reform) is not { } model) return this;
        if (!_underReform.TryGetValue(model, out var binder)) _underReform[model] = binder = new ScenarioBinder(model);
        return binder;
    }

    private static Diagnostic Error(DiagnosticDescriptor id, TextSpan span, Msg message, Msg? hint = null) =>
        Diagnostic.Error(id, span, message, hint);

    // ---- scenarios -------------------------------------------------------------------------------

    private ScenarioModel BindScenario(string file, ScenarioSyntax s)
    {
        var diagnostics = new List<Diagnostic>(s.Diagnostics);
        var module = s.Module is null ? null : FindModule(s.Module, diagnostics);

        var bag = new DiagnosticBag();
        var citations = s.Cites.Select(c => Binder.BindCitation(_package, c, bag)).Where(c => c is not null).Select(c => c!).Distinct().ToList();
        diagnostics.AddRange(bag.Items);

        var scenario = new ScenarioModel(file, s.Name, s.Span, module, s.At, citations, s.Tags.ToList(), s.SkipReason)
        {
            Reform = s.Reform,
            ReformSpan = s.ReformSpan,
        };
        if (module is null)
        {
            // Nothing else can be checked; the scenario still reports, as one failure per case, under its name.
            AddCases(scenario, s, diagnostics, (row, d) => (new List<ScenarioInput>(), new List<ScenarioExpectation>(), (string?)null));
            return scenario;
        }

        var given = new List<ScenarioInput>();
        foreach (var g in s.Given)
        {
            var input = FindInput(module, g.Name, diagnostics);
            if (input is null) continue;
            if (given.Any(x => x.Input == input))
            {
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, g.Name.Span, Msg.Of("scenario.given_twice", ("name", g.Name.Text))));
                continue;
            }
            var value = BindValue(g.Value, input.Type, Describe(input), diagnostics, new DeclaredUnit(input.Unit));
            if (value is not null) given.Add(new ScenarioInput(input, value, g.Span));
        }

        var expected = new List<ScenarioExpectation>();
        foreach (var e in s.Expect)
        {
            var output = FindOutput(module, e.Name, diagnostics);
            if (output is null) continue;
            if (expected.Any(x => x.Output == output))
            {
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, e.Name.Span, Msg.Of("scenario.expected_twice", ("name", e.Name.Text))));
                continue;
            }
            var expectation = BindExpectation(output, e.Value, e.Tolerance, e.Span, diagnostics);
            if (expectation is not null) expected.Add(expectation);
        }

        if (s.Table is not { } table)
        {
            AddCases(scenario, s, diagnostics, (row, d) => (given, expected, s.ExpectError?.Code));
            return scenario;
        }

        var inputColumns = table.InputColumns.Select(c => FindInput(module, c, diagnostics)).ToList();
        var outputColumns = table.OutputColumns.Select(c => FindOutput(module, c, diagnostics)).ToList();
        for (var k = 0; k < inputColumns.Count; k++)
            if (inputColumns[k] is { } dup && inputColumns.IndexOf(dup) < k)
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.InputColumns[k].Span, Msg.Of("table.two_columns", ("name", table.InputColumns[k].Text))));
        for (var k = 0; k < outputColumns.Count; k++)
            if (outputColumns[k] is { } dup && outputColumns.IndexOf(dup) < k)
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.OutputColumns[k].Span, Msg.Of("table.two_columns", ("name", table.OutputColumns[k].Text))));

        AddCases(scenario, s, diagnostics, (row, rowDiagnostics) =>
        {
            var inputs = new List<ScenarioInput>(given);
            var expectations = new List<ScenarioExpectation>(expected);
            string? error = s.ExpectError?.Code;
            if (row is null) return (inputs, expectations, error);
            for (var k = 0; k < row.Inputs.Count && k < inputColumns.Count; k++)
            {
                if (row.Inputs[k] is not { } cell || inputColumns[k] is not { } input) continue;
                var value = BindValue(cell.Value, input.Type, Describe(input), rowDiagnostics, new DeclaredUnit(input.Unit));
                if (value is null) continue;
                inputs.RemoveAll(x => x.Input == input);
                inputs.Add(new ScenarioInput(input, value, cell.Span));
            }
            for (var k = 0; k < row.Outputs.Count && k < outputColumns.Count; k++)
            {
                if (row.Outputs[k] is not { } cell || outputColumns[k] is not { } output) continue;
                if (ErrorCodeOf(cell.Value, output.Type) is { } code)
                {
                    if (error is not null && error != code)
                        rowDiagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, cell.Span, Msg.Of("table.two_errors", ("row", row.Number), ("first", error), ("second", code))));
                    error = code;
                    continue;
                }
                var expectation = BindExpectation(output, cell.Value, cell.Tolerance, cell.Span, rowDiagnostics);
                if (expectation is null) continue;
                expectations.RemoveAll(x => x.Output == output);
                expectations.Add(expectation);
            }
            if (error is not null && row.Outputs.Where((c, k) => c is not null && (k >= outputColumns.Count || outputColumns[k] is not { } o || ErrorCodeOf(c.Value, o.Type) is null)).Any())
                rowDiagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, row.Span,
                    Msg.Of("table.error_and_values", ("row", row.Number), ("error", error))));
            if (error is null && expectations.Count == 0 && rowDiagnostics.Count == 0)
                rowDiagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, row.Span, Msg.Of("table.row_expects_nothing", ("row", row.Number))));
            return (inputs, expectations, error);
        });
        return scenario;
    }

    /// <summary>
    /// One case for a scenario without a table (or with a table that has no rows), else one per row, made as the
    /// scenario's <see cref="ScenarioModel.Cases"/> are enumerated: a row is read, checked and made only then.
    /// </summary>
    private static void AddCases(ScenarioModel scenario, ScenarioSyntax s, List<Diagnostic> scenarioDiagnostics,
        Func<ScenarioRowSyntax?, List<Diagnostic>, (List<ScenarioInput> Inputs, List<ScenarioExpectation> Expectations, string? Error)> make)
    {
        if (s.Table is not { RowCount: > 0 } table)
        {
            var (inputs, expectations, error) = make(null, scenarioDiagnostics);
            var single = new ScenarioCase(scenario, null, s.Span, inputs, expectations, error, InLineOrder(scenarioDiagnostics));
            scenario.SetCases(1, () => new[] { single });
            return;
        }
        scenario.SetCases(table.RowCount, () => table.Rows.Select(row =>
        {
            var rowDiagnostics = new List<Diagnostic>(row.Diagnostics);
            var (inputs, expectations, error) = make(row, rowDiagnostics);
            return new ScenarioCase(scenario, row.Number, row.Span, inputs, expectations, error,
                InLineOrder(scenarioDiagnostics.Concat(rowDiagnostics)));
        }));
    }

    private static List<Diagnostic> InLineOrder(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column).ToList();

    /// <summary>The nearest name, or else a label that contains what was written (<c>面积</c> → <c>面积（平方米）</c>).</summary>
    private static Msg? Suggest(string written, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        return NameSuggester.DidYouMeanMsg(written, list)
            ?? (written.Length >= 2 && list.FirstOrDefault(c => c.IndexOf(written, StringComparison.Ordinal) >= 0) is { } c ? Msg.Of("hint.did_you_mean", ("name", c)) : null);
    }

    /// <summary>The error code an expectation cell stands for (<c>invalid_input</c>, <c>输入无效</c>), unless the output has an enum member of that name.</summary>
    private string? ErrorCodeOf(ScenarioValueSyntax value, RuleType type)
    {
        if (value is not ScenarioWordSyntax word) return null;
        if (type.Kind == TypeKind.Enum && FindMember(type, word.Word) is not null) return null;
        return ScenarioParser.ErrorCode(word.Word);
    }

    private ScenarioExpectation? BindExpectation(DefinitionModel output, ScenarioValueSyntax value, ScenarioValueSyntax? tolerance, TextSpan span, List<Diagnostic> diagnostics)
    {
        var what = Describe(output);
        var bound = BindValue(value, output.Type, what, diagnostics, new DeclaredUnit(output.Unit));
        ScenarioValue? tol = null;
        if (tolerance is not null)
        {
            var type = output.Type.AsRequired();
            if (type.Kind is not (TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate))
            {
                diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, tolerance.Span,
                    Msg.Of("scenario.tolerance_type", ("what", what), ("type", TypeWords.DescribeMsg(output.Type)))));
                return null;
            }
            tol = BindValue(tolerance, type.Kind == TypeKind.Int ? RuleType.Decimal : type, Msg.Of("scenario.tolerance_of", ("what", what)), diagnostics, new DeclaredUnit(output.Unit));
            if (tol is null) return null;
            if (tol.Value is decimal d && d < 0 || tol.Value is int i && i < 0)
            {
                diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, tolerance.Span, Msg.Of("scenario.tolerance_negative", ("what", what), ("tolerance", tolerance.Text.TrimStart('-', '−')))));
                return null;
            }
        }
        return bound is null ? null : new ScenarioExpectation(output, bound, tol, span);
    }

    // ---- names -----------------------------------------------------------------------------------

    private ModuleModel? FindModule(ScenarioNameSyntax name, List<Diagnostic> diagnostics)
    {
        var module = _package.FindModule(name.Text);
        if (module is not null) return module;
        var candidates = _package.Modules.Select(m => m.Name).Concat(_package.Modules.Where(m => m.Label is not null).Select(m => m.Label!));
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, Msg.Of("scenario.no_such_module", ("name", name.Text)),
            Suggest(name.Text, candidates)));
        return null;
    }

    private static InputModel? FindInput(ModuleModel module, ScenarioNameSyntax name, List<Diagnostic> diagnostics)
    {
        var input = module.FindInput(name.Text);
        if (input is not null) return input;
        var output = module.FindDefinition(name.Text);
        var suggestion = output is { IsOutput: true } ? Msg.Of("hint.is_output", ("name", name.Text), ("module", module.Name))
            : Suggest(name.Text, module.Inputs.Select(i => i.Name).Concat(module.Inputs.Where(i => i.Label is not null).Select(i => i.Label!)));
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, Msg.Of("scenario.no_such_input", ("module", module.Name), ("name", name.Text)), suggestion));
        return null;
    }

    private static DefinitionModel? FindOutput(ModuleModel module, ScenarioNameSyntax name, List<Diagnostic> diagnostics)
    {
        var definition = module.FindDefinition(name.Text);
        if (definition is { IsOutput: true }) return definition;
        Msg? suggestion;
        if (definition is not null)
            suggestion = Msg.Of("hint.is_intermediate", ("name", definition.Name), ("module", module.Name), ("outputs", module.Outputs.Select(o => o.Name).ToList()));
        else if (module.FindInput(name.Text) is not null)
            suggestion = Msg.Of("hint.is_input", ("name", name.Text), ("module", module.Name));
        else
            suggestion = Suggest(name.Text, module.Outputs.Select(o => o.Name).Concat(module.Outputs.Where(o => o.Label is not null).Select(o => o.Label!)));
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, Msg.Of("scenario.no_such_output", ("module", module.Name), ("name", name.Text)), suggestion));
        return null;
    }

    private static Msg Describe(InputModel input) => Named(input.Name, input.Label);
    private static Msg Describe(DefinitionModel output) => Named(output.Name, output.Label);

    /// <summary><c>'area_m2' (面积（平方米）)</c>, or in Chinese <c>“面积（平方米）”（area_m2）</c>.</summary>
    private static Msg Named(string name, string? label) =>
        label is null ? Msg.Of("name.plain", ("name", name)) : Msg.Of("name.labelled", ("name", name), ("label", label));

    // ---- values ----------------------------------------------------------------------------------

    /// <summary>
    /// The unit an input or output declares (<see cref="Unit"/> null: none), which a number written with a unit must
    /// match; a record field declares none and is not checked (<c>null</c> instead of a DeclaredUnit).
    /// </summary>
    private sealed record DeclaredUnit(string? Unit);

    private static bool IsTrue(string w) => w is "是" || string.Equals(w, "true", StringComparison.OrdinalIgnoreCase);
    private static bool IsFalse(string w) => w is "否" || string.Equals(w, "false", StringComparison.OrdinalIgnoreCase);
    private static bool IsNone(string w) => w is "无" || string.Equals(w, "none", StringComparison.OrdinalIgnoreCase);

    /// <summary>Types <paramref name="v"/> as <paramref name="type"/>; on a mismatch adds a PR0303 saying what was expected and what was written.</summary>
    private ScenarioValue? BindValue(ScenarioValueSyntax v, RuleType type, Msg what, List<Diagnostic> diagnostics, DeclaredUnit? declared = null)
    {
        ScenarioValue? Bad(string key, params (string, object?)[] args) => BadHint(null, key, args);
        ScenarioValue? BadHint(Msg? hint, string key, params (string, object?)[] args)
        {
            var all = new List<(string, object?)> { ("what", what), ("type", TypeWords.DescribeMsg(type)), ("text", ScenarioParser.Shorten(v.Text)) };
            all.AddRange(args);
            diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, v.Span, Msg.Of(key, all.ToArray()), hint));
            return null;
        }
        ScenarioValue Ok(object? value) => new(type, value, v.Text);
        ScenarioValue? Expected(string key) => Bad(key, ("written", DescribeSyntax(v)));

        if (v is ScenarioWordSyntax none && IsNone(none.Word) && !(type.Kind == TypeKind.Enum && FindMember(type, none.Word) is not null))
            return type.Optional ? Ok(null) : Bad("value.not_none");

        switch (type.Kind)
        {
            case TypeKind.Int:
            case TypeKind.Decimal:
            {
                if (v is not ScenarioNumberSyntax n) return Expected("value.expected");
                var (factor, unit) = Units.Scale(n.Unit);
                if (unit is not null && Units.IsMoney(unit))
                    return Bad("value.number_not_money", ("unit", n.Unit));
                if (unit is not null && Units.IsRate(unit))
                    return Bad("value.number_not_rate");
                if (unit is not null && !Units.IsPlain(unit))
                    return Bad("value.unknown_unit", ("unit", unit), ("number", n.Number), ("units", Units.Plain.Take(12).ToList()));
                if (unit is not null && declared is { Unit: null })
                    return Bad("value.no_unit_declared", ("unit", unit));
                if (unit is not null && declared is { Unit: { } du } && Units.Name(unit) != Units.Name(du))
                    return Bad("value.wrong_unit", ("declared", du), ("unit", unit));
                var number = n.Number * factor;
                if (type.Kind == TypeKind.Decimal) return Ok(number);
                if (number != decimal.Truncate(number))
                    return Bad("value.not_whole");
                if (number > int.MaxValue || number < int.MinValue) return Bad("value.too_large");
                return Ok((int)number);
            }
            case TypeKind.Money:
            {
                if (v is not ScenarioNumberSyntax n) return Expected("value.expected");
                var (factor, unit) = Units.Scale(n.Unit);
                if (unit is null || Units.IsMoney(unit)) return Ok(n.Number * factor);
                return Units.IsRate(unit) ? Bad("value.money_not_rate") : Bad("value.money_unit", ("unit", n.Unit));
            }
            case TypeKind.Rate:
            {
                if (v is not ScenarioNumberSyntax n) return Expected("value.expected");
                if (n.Unit is not null && Units.IsRate(n.Unit)) return Ok(n.Number / 100m);
                if (n.Unit is not null) return Bad("value.rate_unit", ("unit", n.Unit));
                return n.Number is > 0m and < 1m
                    ? Bad("value.rate_fraction", ("percent", (n.Number * 100m).ToString("0.############################", CultureInfo.InvariantCulture)))
                    : Bad("value.rate_percent");
            }
            case TypeKind.Bool:
                if (v is ScenarioWordSyntax b && IsTrue(b.Word)) return Ok(true);
                if (v is ScenarioWordSyntax b2 && IsFalse(b2.Word)) return Ok(false);
                return Bad("value.bool", ("written", DescribeSyntax(v)));
            case TypeKind.Date:
                if (v is ScenarioDateSyntax { HasTime: false } d) return Ok(d.Value);
                if (v is ScenarioDateSyntax) return Bad("value.date_no_time");
                return Expected("value.expected_date");
            case TypeKind.DateTime:
                if (v is ScenarioDateSyntax { HasTime: true } t) return Ok(t.Value);
                if (v is ScenarioDateSyntax) return Bad("value.datetime_needs_time");
                return Expected("value.expected_datetime");
            case TypeKind.String:
                if (v is ScenarioStringSyntax s) return Ok(s.Value);
                if (v is ScenarioWordSyntax sw) return Ok(sw.Word);
                return Bad("value.expected_text", ("written", DescribeSyntax(v)), ("raw", v.Text));
            case TypeKind.Enum:
            {
                var text = v switch { ScenarioWordSyntax w => w.Word, ScenarioStringSyntax s2 => s2.Value, ScenarioNumberSyntax => v.Text, _ => null };
                var enumModel = _package.FindEnum(type.Name!)!;
                if (text is null) return Expected("value.expected");
                var member = FindMember(type, text);
                if (member is not null) return Ok(member.Name);
                var names = enumModel.Members.Select(m => m.Name).Concat(enumModel.Members.Where(m => m.Label is not null).Select(m => m.Label!));
                var list = enumModel.Members.Select(m => m.Label is null ? m.Name : $"{m.Name} ({m.Label})").ToList();
                return BadHint(Suggest(text, names), "value.not_member", ("value", text), ("values", list));
            }
            case TypeKind.List:
            {
                if (v is not ScenarioListSyntax l) return Expected("value.expected_list");
                var items = new List<ScenarioValue>();
                var ok = true;
                for (var k = 0; k < l.Items.Count; k++)
                {
                    var item = BindValue(l.Items[k], type.Element!, Msg.Of("value.item_of", ("item", k + 1), ("what", what)), diagnostics, declared);
                    if (item is null) ok = false; else items.Add(item);
                }
                return ok ? Ok(items) : null;
            }
            case TypeKind.Record:
            {
                var record = _package.FindRecord(type.Name!)!;
                if (v is not ScenarioRecordSyntax r)
                    return Bad("value.expected_record", ("written", DescribeSyntax(v)), ("record", record.Name), ("fields", record.Fields.Select(f => f.Name + ": …").ToList()));
                var fields = new Dictionary<string, ScenarioValue>();
                var ok = true;
                foreach (var f in r.Fields)
                {
                    var field = record.Find(f.Name.Text);
                    if (field is null)
                    {
                        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, f.Name.Span, Msg.Of("value.no_such_field", ("record", record.Name), ("field", f.Name.Text)),
                            Suggest(f.Name.Text, record.Fields.Select(x => x.Name).Concat(record.Fields.Where(x => x.Label is not null).Select(x => x.Label!)))));
                        ok = false;
                        continue;
                    }
                    if (fields.ContainsKey(field.Name))
                    {
                        diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, f.Name.Span, Msg.Of("value.field_twice", ("field", field.Name))));
                        ok = false;
                        continue;
                    }
                    var fieldWhat = Named(field.Name, field.Label);
                    var fv = BindValue(f.Value, field.Type, fieldWhat, diagnostics);
                    if (fv is null) ok = false; else fields[field.Name] = fv;
                }
                foreach (var missing in record.Fields.Where(x => !fields.ContainsKey(x.Name) && r.Fields.All(f => record.Find(f.Name.Text) != x)))
                {
                    if (missing.Type.Optional) { fields[missing.Name] = new ScenarioValue(missing.Type, null, "none"); continue; }
                    diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, v.Span,
                        Msg.Of("value.field_missing", ("record", record.Name), ("text", ScenarioParser.Shorten(v.Text)), ("field", Named(missing.Name, missing.Label)), ("type", TypeWords.DescribeMsg(missing.Type)))));
                    ok = false;
                }
                return ok ? Ok(fields) : null;
            }
            default:
                return Bad("value.unwritable");
        }
    }

    private EnumMemberModel? FindMember(RuleType type, string text) => _package.FindEnum(type.Name!)?.Find(text);

    private static Msg DescribeSyntax(ScenarioValueSyntax v) => Msg.Of(v switch
    {
        ScenarioNumberSyntax { Unit: "%" or "％" } => "written.rate",
        ScenarioNumberSyntax { Unit: "元" or "yuan" or "万元" or "亿元" } => "written.money",
        ScenarioNumberSyntax n when n.Unit is not null => "written.number_with_unit",
        ScenarioNumberSyntax => "written.number",
        ScenarioDateSyntax { HasTime: true } => "written.datetime",
        ScenarioDateSyntax => "written.date",
        ScenarioStringSyntax => "written.quoted",
        ScenarioListSyntax => "written.list",
        ScenarioRecordSyntax => "written.record",
        ScenarioWordSyntax w when IsTrue(w.Word) || IsFalse(w.Word) => "written.bool",
        _ => "written.word",
    });
}
