using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Binding;
using PolicyRules.Language.Diagnostics;
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

    public ScenarioBinder(PackageModel package) { _package = package; }

    public ScenarioFileModel Bind(ScenarioFileSyntax file)
    {
        var scenarios = file.Scenarios.Select(s => BindScenario(file.Path, s)).ToList();
        if (file.Diagnostics.FirstOrDefault(d => d.IsError) is { } first)
        {
            // Lines outside any scenario still fail the run: they report as a case of their own.
            var stray = new ScenarioModel(file.Path, "lines outside any scenario", first.Span, null, null,
                Array.Empty<CitationModel>(), Array.Empty<string>(), null);
            var strayCase = new ScenarioCase(stray, null, first.Span, Array.Empty<ScenarioInput>(), Array.Empty<ScenarioExpectation>(), null,
                file.Diagnostics.ToList());
            stray.SetCases(1, () => new[] { strayCase });
            scenarios.Insert(scenarios.TakeWhile(s => s.Span.Line < first.Span.Line).Count(), stray);
        }
        return new ScenarioFileModel(file.Path, scenarios, file.Diagnostics);
    }

    private static Diagnostic Error(DiagnosticDescriptor id, TextSpan span, string message, string? suggestion = null) =>
        new(id.Id, Severity.Error, span, message, suggestion);

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
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, g.Name.Span, $"'{g.Name.Text}' is given twice"));
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
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, e.Name.Span, $"'{e.Name.Text}' is expected twice"));
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
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.InputColumns[k].Span, $"the table has two columns for '{table.InputColumns[k].Text}'"));
        for (var k = 0; k < outputColumns.Count; k++)
            if (outputColumns[k] is { } dup && outputColumns.IndexOf(dup) < k)
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.OutputColumns[k].Span, $"the table has two columns for '{table.OutputColumns[k].Text}'"));

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
                        rowDiagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, cell.Span, $"row {row.Number} expects two different errors, {error} and {code}"));
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
                    $"row {row.Number} expects the error {error}: leave its other result cells empty"));
            if (error is null && expectations.Count == 0 && rowDiagnostics.Count == 0)
                rowDiagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, row.Span, $"row {row.Number} expects nothing: every result cell is empty"));
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
    private static string? Suggest(string written, IEnumerable<string> candidates)
    {
        var list = candidates.ToList();
        return NameSuggester.DidYouMean(written, list)
            ?? (written.Length >= 2 && list.FirstOrDefault(c => c.IndexOf(written, StringComparison.Ordinal) >= 0) is { } c ? $"did you mean '{c}'?" : null);
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
                    $"a tolerance (±) is for numbers, amounts of money and rates; {what} is {DescribeType(output.Type)}"));
                return null;
            }
            tol = BindValue(tolerance, type.Kind == TypeKind.Int ? RuleType.Decimal : type, $"the tolerance of {what}", diagnostics, new DeclaredUnit(output.Unit));
            if (tol is null) return null;
            if (tol.Value is decimal d && d < 0 || tol.Value is int i && i < 0)
            {
                diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, tolerance.Span, $"the tolerance of {what} is negative: write it as ± {tolerance.Text.TrimStart('-', '−')}"));
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
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, $"the package has no module '{name.Text}'",
            Suggest(name.Text, candidates)));
        return null;
    }

    private static InputModel? FindInput(ModuleModel module, ScenarioNameSyntax name, List<Diagnostic> diagnostics)
    {
        var input = module.FindInput(name.Text);
        if (input is not null) return input;
        var output = module.FindDefinition(name.Text);
        var suggestion = output is { IsOutput: true } ? $"'{name.Text}' is an output of {module.Name}: expect it under 'expect' (预期), or after '=>' in a table"
            : Suggest(name.Text, module.Inputs.Select(i => i.Name).Concat(module.Inputs.Where(i => i.Label is not null).Select(i => i.Label!)));
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, $"module {module.Name} has no input '{name.Text}'", suggestion));
        return null;
    }

    private static DefinitionModel? FindOutput(ModuleModel module, ScenarioNameSyntax name, List<Diagnostic> diagnostics)
    {
        var definition = module.FindDefinition(name.Text);
        if (definition is { IsOutput: true }) return definition;
        string? suggestion;
        if (definition is not null)
            suggestion = $"'{definition.Name}' is an intermediate definition of {module.Name}; a scenario checks its outputs ({string.Join(", ", module.Outputs.Select(o => o.Name))})";
        else if (module.FindInput(name.Text) is not null)
            suggestion = $"'{name.Text}' is an input of {module.Name}: give it under 'given' (已知), or before '=>' in a table";
        else
            suggestion = Suggest(name.Text, module.Outputs.Select(o => o.Name).Concat(module.Outputs.Where(o => o.Label is not null).Select(o => o.Label!)));
        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, name.Span, $"module {module.Name} has no output '{name.Text}'", suggestion));
        return null;
    }

    private static string Describe(InputModel input) => input.Label is null ? $"'{input.Name}'" : $"'{input.Name}' ({input.Label})";
    private static string Describe(DefinitionModel output) => output.Label is null ? $"'{output.Name}'" : $"'{output.Name}' ({output.Label})";

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
    private ScenarioValue? BindValue(ScenarioValueSyntax v, RuleType type, string what, List<Diagnostic> diagnostics, DeclaredUnit? declared = null)
    {
        ScenarioValue? Bad(string message, string? suggestion = null)
        {
            diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, v.Span, message, suggestion));
            return null;
        }
        ScenarioValue Ok(object? value) => new(type, value, v.Text);
        string Expected() => $"{what} is {DescribeType(type)}, but '{ScenarioParser.Shorten(v.Text)}' is {DescribeSyntax(v)}";

        if (v is ScenarioWordSyntax none && IsNone(none.Word) && !(type.Kind == TypeKind.Enum && FindMember(type, none.Word) is not null))
            return type.Optional ? Ok(null) : Bad($"{what} cannot be none: it is {DescribeType(type)}");

        switch (type.Kind)
        {
            case TypeKind.Int:
            case TypeKind.Decimal:
            {
                if (v is not ScenarioNumberSyntax n) return Bad(Expected());
                var (factor, unit) = Units.Scale(n.Unit);
                if (unit is not null && Units.IsMoney(unit))
                    return Bad($"{what} is {DescribeType(type)}, not an amount of money: write it without '{n.Unit}'");
                if (unit is not null && Units.IsRate(unit))
                    return Bad($"{what} is {DescribeType(type)}, not a rate: write it without '%'");
                if (unit is not null && !Units.IsPlain(unit))
                    return Bad($"'{unit}' after {n.Number.ToString(CultureInfo.InvariantCulture)} is not a unit a scenario knows; write the number alone, or with one of {string.Join(", ", Units.Plain.Take(12))}, …");
                if (unit is not null && declared is { Unit: null })
                    return Bad($"{what} has no unit, but '{ScenarioParser.Shorten(v.Text)}' is in {unit}: write the number alone");
                if (unit is not null && declared is { Unit: { } du } && Units.Name(unit) != Units.Name(du))
                    return Bad($"{what} is in {du}, but '{ScenarioParser.Shorten(v.Text)}' is in {unit}: write it in {du}");
                var number = n.Number * factor;
                if (type.Kind == TypeKind.Decimal) return Ok(number);
                if (number != decimal.Truncate(number))
                    return Bad($"{what} is a whole number, but {n.Text} is not whole");
                if (number > int.MaxValue || number < int.MinValue) return Bad($"{n.Text} is too large for {what}");
                return Ok((int)number);
            }
            case TypeKind.Money:
            {
                if (v is not ScenarioNumberSyntax n) return Bad(Expected());
                var (factor, unit) = Units.Scale(n.Unit);
                if (unit is null || Units.IsMoney(unit)) return Ok(n.Number * factor);
                return Bad(Units.IsRate(unit)
                    ? $"{what} is an amount of money, not a rate: write it in 元, e.g. 25000 元"
                    : $"{what} is an amount of money: write it in 元 (e.g. 25000 元), not in '{n.Unit}'");
            }
            case TypeKind.Rate:
            {
                if (v is not ScenarioNumberSyntax n) return Bad(Expected());
                if (n.Unit is not null && Units.IsRate(n.Unit)) return Ok(n.Number / 100m);
                if (n.Unit is not null) return Bad($"{what} is a rate: write it with %, e.g. 7.9%, not in '{n.Unit}'");
                return Bad(n.Number is > 0m and < 1m
                    ? $"{what} is a rate: write it with %, e.g. {(n.Number * 100m).ToString("0.############################", CultureInfo.InvariantCulture)}% for the fraction {n.Text}"
                    : $"{what} is a rate: write it with %, e.g. {n.Text}%");
            }
            case TypeKind.Bool:
                if (v is ScenarioWordSyntax b && IsTrue(b.Word)) return Ok(true);
                if (v is ScenarioWordSyntax b2 && IsFalse(b2.Word)) return Ok(false);
                return Bad($"{what} is true or false (是 or 否), but '{ScenarioParser.Shorten(v.Text)}' is {DescribeSyntax(v)}");
            case TypeKind.Date:
                if (v is ScenarioDateSyntax { HasTime: false } d) return Ok(d.Value);
                if (v is ScenarioDateSyntax) return Bad($"{what} is a date without a time of day, e.g. 2017-09-01");
                return Bad(Expected() + "; write a date as 2017-09-01 or 2017年9月1日");
            case TypeKind.DateTime:
                if (v is ScenarioDateSyntax { HasTime: true } t) return Ok(t.Value);
                if (v is ScenarioDateSyntax) return Bad($"{what} is a date and a time of day: add the time, e.g. {v.Text} 08:00");
                return Bad(Expected() + "; write a date and time as 2017-09-01 08:00 or 2017年9月1日 8时");
            case TypeKind.String:
                if (v is ScenarioStringSyntax s) return Ok(s.Value);
                if (v is ScenarioWordSyntax sw) return Ok(sw.Word);
                return Bad(Expected() + $"; put text in quotes: \"{v.Text}\"");
            case TypeKind.Enum:
            {
                var text = v switch { ScenarioWordSyntax w => w.Word, ScenarioStringSyntax s2 => s2.Value, ScenarioNumberSyntax => v.Text, _ => null };
                var enumModel = _package.FindEnum(type.Name!)!;
                if (text is null) return Bad(Expected());
                var member = FindMember(type, text);
                if (member is not null) return Ok(member.Name);
                var names = enumModel.Members.Select(m => m.Name).Concat(enumModel.Members.Where(m => m.Label is not null).Select(m => m.Label!));
                var list = string.Join(", ", enumModel.Members.Select(m => m.Label is null ? m.Name : $"{m.Name} ({m.Label})"));
                return Bad($"'{text}' is not one of the values of {what}: {list}", Suggest(text, names));
            }
            case TypeKind.List:
            {
                if (v is not ScenarioListSyntax l) return Bad(Expected() + "; write a list in brackets, e.g. [1, 2]");
                var items = new List<ScenarioValue>();
                var ok = true;
                for (var k = 0; k < l.Items.Count; k++)
                {
                    var item = BindValue(l.Items[k], type.Element!, $"item {k + 1} of {what}", diagnostics, declared);
                    if (item is null) ok = false; else items.Add(item);
                }
                return ok ? Ok(items) : null;
            }
            case TypeKind.Record:
            {
                var record = _package.FindRecord(type.Name!)!;
                if (v is not ScenarioRecordSyntax r)
                    return Bad(Expected() + $"; write a {record.Name} record in braces, e.g. {{{string.Join(", ", record.Fields.Select(f => f.Name + ": …"))}}}");
                var fields = new Dictionary<string, ScenarioValue>();
                var ok = true;
                foreach (var f in r.Fields)
                {
                    var field = record.Find(f.Name.Text);
                    if (field is null)
                    {
                        diagnostics.Add(Error(DiagnosticIds.ScenarioUnknownName, f.Name.Span, $"a {record.Name} record has no field '{f.Name.Text}'",
                            Suggest(f.Name.Text, record.Fields.Select(x => x.Name).Concat(record.Fields.Where(x => x.Label is not null).Select(x => x.Label!)))));
                        ok = false;
                        continue;
                    }
                    if (fields.ContainsKey(field.Name))
                    {
                        diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, f.Name.Span, $"the field '{field.Name}' is written twice"));
                        ok = false;
                        continue;
                    }
                    var fieldWhat = field.Label is null ? $"'{field.Name}'" : $"'{field.Name}' ({field.Label})";
                    var fv = BindValue(f.Value, field.Type, fieldWhat, diagnostics);
                    if (fv is null) ok = false; else fields[field.Name] = fv;
                }
                foreach (var missing in record.Fields.Where(x => !fields.ContainsKey(x.Name) && r.Fields.All(f => record.Find(f.Name.Text) != x)))
                {
                    if (missing.Type.Optional) { fields[missing.Name] = new ScenarioValue(missing.Type, null, "none"); continue; }
                    diagnostics.Add(Error(DiagnosticIds.ScenarioBadValue, v.Span,
                        $"the {record.Name} record {ScenarioParser.Shorten(v.Text)} has no '{missing.Name}'{(missing.Label is null ? "" : $" ({missing.Label})")}: {DescribeType(missing.Type)}"));
                    ok = false;
                }
                return ok ? Ok(fields) : null;
            }
            default:
                return Bad($"{what} is {DescribeType(type)}, which a scenario cannot write");
        }
    }

    private EnumMemberModel? FindMember(RuleType type, string text) => _package.FindEnum(type.Name!)?.Find(text);

    /// <summary>A type in plain words.</summary>
    public static string DescribeType(RuleType type)
    {
        var core = type.Kind switch
        {
            TypeKind.Int => "a whole number",
            TypeKind.Decimal => "a number",
            TypeKind.Money => "an amount of money (元)",
            TypeKind.Rate => "a rate (%)",
            TypeKind.Bool => "true or false (是/否)",
            TypeKind.Date => "a date",
            TypeKind.DateTime => "a date and time",
            TypeKind.String => "text",
            TypeKind.Enum => $"one of the {type.Name} values",
            TypeKind.Record => $"a {type.Name} record",
            TypeKind.List => $"a list, each item {DescribeType(type.Element!)}",
            _ => type.ToString(),
        };
        return type.Optional ? core + " or none" : core;
    }

    private static string DescribeSyntax(ScenarioValueSyntax v) => v switch
    {
        ScenarioNumberSyntax { Unit: "%" or "％" } => "a rate",
        ScenarioNumberSyntax { Unit: "元" or "yuan" or "万元" or "亿元" } => "an amount of money",
        ScenarioNumberSyntax n when n.Unit is not null => "a number with a unit",
        ScenarioNumberSyntax => "a number",
        ScenarioDateSyntax { HasTime: true } => "a date and time",
        ScenarioDateSyntax => "a date",
        ScenarioStringSyntax => "quoted text",
        ScenarioListSyntax => "a list",
        ScenarioRecordSyntax => "a record",
        ScenarioWordSyntax w when IsTrue(w.Word) || IsFalse(w.Word) => "true or false",
        _ => "a word",
    };
}
