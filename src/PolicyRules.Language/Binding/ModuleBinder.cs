using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Core;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language.Binding;

/// <summary>Binds one module: inputs, definitions, labelled rules, expressions, and its period in force.</summary>
internal sealed class ModuleBinder
{
    private readonly Binder _binder;
    private readonly ModuleSyntax _syntax;
    private readonly ModuleModel _module;
    private readonly Dictionary<string, InputModel> _inputs = new();
    private readonly Dictionary<string, DefinitionModel> _definitions = new();
    private readonly Dictionary<DefinitionModel, HashSet<DefinitionModel>> _dependencies = new();
    private readonly List<BoundVariable> _variables = new();
    private HashSet<DefinitionModel>? _currentDependencies;
    private bool _definitionsVisible;
    private bool _missingCitations;

    public ModuleBinder(Binder binder, ModuleSyntax syntax)
    {
        _binder = binder;
        _syntax = syntax;
        _module = new ModuleModel(syntax.Name, syntax.Label, syntax.Note, syntax.Span);
    }

    private DiagnosticBag Diagnostics => _binder.Diagnostics;
    private PackageModel Package => _binder.Package;

    /// <summary>A declared unit: a unit the language knows that fits the type (<see cref="Units.CheckDeclared"/>), else PR0202.</summary>
    private string? BindUnit(UnitSyntax? unit, RuleType type, string owner)
    {
        if (unit is null) return null;
        if (type.IsBad) return unit.Text;
        if (Units.CheckDeclared(unit.Text, type, owner) is not { } problem) return unit.Text;
        Diagnostics.Error(DiagnosticIds.UnitMismatch, unit.Span, problem);
        return null;
    }

    /// <summary><c>known</c> and <c>variant</c>: text inputs only; each variant names a known value and is not one itself.</summary>
    private KnownText? BindKnown(InputSyntax input, RuleType type)
    {
        if (type.Kind != TypeKind.String || type.Element is not null)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, input.Span, $"'known' and 'variant' apply to text inputs; '{input.Name}' is {type}");
            return null;
        }
        var values = input.Known ?? [];
        if (values.Count == 0)
            Diagnostics.Error(DiagnosticIds.UnknownName, input.Span, $"input '{input.Name}' declares variants but no 'known' values");
        foreach (var dup in values.GroupBy(v => v).Where(g => g.Count() > 1))
            Diagnostics.Error(DiagnosticIds.DuplicateName, input.Span, $"'{dup.Key}' is listed twice in the known values of '{input.Name}'");
        foreach (var v in values.Where(v => KnownText.Clean(v) != v))
            Diagnostics.Error(DiagnosticIds.InvalidLiteral, input.Span, $"known value '{v}' of '{input.Name}' has surrounding spaces or full-width characters, which input text never keeps");
        foreach (var v in input.Variants)
        {
            if (!values.Contains(v.Known))
                Diagnostics.Error(DiagnosticIds.UnknownName, v.Span, $"variant '{v.Text}' of '{input.Name}' names '{v.Known}', which is not one of its known values"
                    + (NameSuggester.Nearest(v.Known, values) is { } s ? $"; did you mean '{s}'?" : ""));
            if (values.Contains(v.Text) || KnownText.Clean(v.Text) != v.Text)
                Diagnostics.Error(DiagnosticIds.DuplicateName, v.Span, $"variant '{v.Text}' of '{input.Name}' is a known value itself, or differs from one only in spaces or full-width characters");
        }
        return new KnownText(values, input.Variants.Select(v => new KnownVariant(v.Text, v.Known, v.Note)).ToList());
    }

    public ModuleModel Bind()
    {
        foreach (var input in _syntax.Inputs)
        {
            if (_inputs.ContainsKey(input.Name))
            {
                Diagnostics.Error(DiagnosticIds.DuplicateName, input.Span, $"input '{input.Name}' is declared twice in module '{_syntax.Name}'");
                continue;
            }
            var model = new InputModel(input.Name, input.Label, _binder.ResolveType(input.Type), _module.Inputs.Count, input.Span);
            if (input.Known is not null || input.Variants.Count > 0) model.Known = BindKnown(input, model.Type);
            model.Unit = BindUnit(input.Unit, model.Type, input.Name);
            _inputs[input.Name] = model;
            _module.AddInput(model);
        }

        foreach (var def in _syntax.Definitions)
        {
            if (_inputs.ContainsKey(def.Name) || _definitions.ContainsKey(def.Name))
            {
                Diagnostics.Error(DiagnosticIds.DuplicateName, def.Span, $"'{def.Name}' is declared twice in module '{_syntax.Name}'");
                continue;
            }
            if (def.Value is not null && def.Cites.Count == 0)
            {
                _missingCitations = true;
                Diagnostics.Error(DiagnosticIds.MissingCitation, def.Span,
                    $"{(def.IsOutput ? "output" : "definition")} '{def.Name}' cites no provision", "add 'cites DOCUMENT §SECTION' naming where the law says it");
            }
            var model = new DefinitionModel(def.Name, def.Label, _binder.ResolveType(def.Type), def.IsOutput,
                _binder.BindCitations(def.Cites), def.Note, _module.Definitions.Count, def.Span);
            model.Unit = BindUnit(def.Unit, model.Type, def.Name);
            _definitions[def.Name] = model;
            _module.AddDefinition(model);
        }
        _module.AddModuleCitations(_binder.BindCitations(_syntax.Cites));

        // Requirements see the inputs only.
        foreach (var input in _syntax.Inputs.Where(i => i.Requires is not null))
        {
            if (!_inputs.TryGetValue(input.Name, out var model) || model.Requires is not null) continue;
            var requires = BindExpression(input.Requires!, RuleType.Bool);
            RequireType(requires, RuleType.Bool, "a 'requires' condition");
            model.Requires = requires;
            model.RequiresText = Printer.Print(input.Requires!);
        }

        _definitionsVisible = true;
        foreach (var def in _syntax.Definitions)
        {
            if (!_definitions.TryGetValue(def.Name, out var model) || model.Span != def.Span) continue;
            _currentDependencies = new HashSet<DefinitionModel>();
            if (def.Value is not null)
            {
                model.Value = BindExpression(def.Value, model.Type);
                CheckAssignable(model.Value, model.Type, $"'{def.Name}'");
            }
            else BindRules(def, model);
            _dependencies[model] = _currentDependencies;
            _currentDependencies = null;
        }

        OrderDefinitions();
        BindPeriod();
        return _module;
    }

    // ---- labelled rules ------------------------------------------------------------------------

    private void BindRules(DefinitionSyntax def, DefinitionModel model)
    {
        var byLabel = new Dictionary<string, (RuleSyntax Syntax, RuleModel Model)>();
        foreach (var r in def.Rules)
        {
            if (byLabel.ContainsKey(r.Label))
            {
                Diagnostics.Error(DiagnosticIds.DuplicateName, r.Span, $"rule label '{r.Label}' is used twice in '{def.Name}'");
                continue;
            }
            if (r.Cites.Count == 0 && def.Cites.Count == 0)
            {
                _missingCitations = true;
                Diagnostics.Error(DiagnosticIds.MissingCitation, r.Span, $"rule '{r.Label}' of '{def.Name}' cites no provision",
                    "add 'cites DOCUMENT §SECTION' to the rule");
            }
            var citations = r.Cites.Count > 0 ? _binder.BindCitations(r.Cites) : model.Citations;
            var rule = new RuleModel(r.Label, citations, r.Note, r.Span);
            byLabel[r.Label] = (r, rule);
            model.AddRule(rule);
            if (r.When is not null)
            {
                rule.When = BindExpression(r.When, RuleType.Bool);
                RequireType(rule.When, RuleType.Bool, $"the 'when' of rule '{r.Label}'");
            }
            rule.Value = BindExpression(r.Value, model.Type);
            CheckAssignable(rule.Value, model.Type, $"rule '{r.Label}' of '{def.Name}'");
        }

        foreach (var (r, rule) in byLabel.Values)
        {
            if (r.ExceptionOf is null) continue;
            if (!byLabel.TryGetValue(r.ExceptionOf, out var parent))
            {
                Diagnostics.Error(DiagnosticIds.UnknownRuleLabel, r.ExceptionOfSpan ?? r.Span,
                    $"rule '{r.Label}' is an exception of '{r.ExceptionOf}', which '{def.Name}' does not have",
                    NameSuggester.DidYouMean(r.ExceptionOf, byLabel.Keys));
                continue;
            }
            rule.ExceptionOf = parent.Model;
            parent.Model.AddException(rule);
        }

        foreach (var rule in model.Rules)
        {
            var seen = new HashSet<RuleModel>();
            for (var r = rule; r is not null; r = r.ExceptionOf)
            {
                if (!seen.Add(r))
                {
                    Diagnostics.Error(DiagnosticIds.ExceptionCycle, rule.Span, $"rule '{rule.Label}' of '{def.Name}' is, through its exceptions, an exception of itself");
                    rule.ExceptionOf?.RemoveException(rule);
                    rule.ExceptionOf = null;
                    break;
                }
            }
        }
    }

    // ---- ordering and periods ------------------------------------------------------------------

    private void OrderDefinitions()
    {
        var state = new Dictionary<DefinitionModel, int>(); // 1 = visiting, 2 = done
        var stack = new List<DefinitionModel>();

        void Visit(DefinitionModel d)
        {
            if (state.TryGetValue(d, out var s))
            {
                if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(d)).Select(x => x.Name).Concat(new[] { d.Name });
                    Diagnostics.Error(DiagnosticIds.ExceptionCycle, d.Span, $"definitions refer to each other in a circle: {string.Join(" → ", cycle)}");
                }
                return;
            }
            state[d] = 1;
            stack.Add(d);
            if (_dependencies.TryGetValue(d, out var deps))
                foreach (var dep in deps.OrderBy(x => x.Index)) Visit(dep);
            stack.RemoveAt(stack.Count - 1);
            state[d] = 2;
            _module.AddToEvaluationOrder(d);
        }

        foreach (var d in _module.Definitions) Visit(d);
    }

    private void BindPeriod()
    {
        var cited = _module.Definitions.SelectMany(d => d.AllCitations).Concat(_module.ModuleCitations)
            .Select(c => c.Document).Where(d => !d.External && d.RepealedBy is null).Distinct().ToList();
        _module.AddDocuments(cited);
        if (_syntax.InForce is { Kind: InForceKind.Always })
        {
            // The module answers at every date (document_in_force: the registry holds each document's period).
            _module.AlwaysInForce = true;
            _module.InForceFrom = DateTime.MinValue;
            return;
        }
        if (cited.Count == 0)
        {
            _module.InForceFrom = DateTime.MinValue;
            if (_missingCitations) return; // PR0106 already says what is missing

            Diagnostics.Error(DiagnosticIds.ModuleWithoutDocument, _syntax.Span,
                $"module '{_syntax.Name}' cites no gazette document, so it has no period in force", "cite the provision it encodes");
            return;
        }
        var from = cited.Max(d => d.InForceFrom);
        var bounded = cited.Where(d => d.EffectiveTo is not null).ToList();
        DateTime? to = bounded.Count == 0 ? null : bounded.Min(d => d.EffectiveTo!.Value);

        if (_syntax.InForce is { } own)
        {
            var ownTo = own.LastDay;
            var outside = own.From < from || (to is { } t && (ownTo is null || ownTo > t));
            if (outside)
            {
                Diagnostics.Error(DiagnosticIds.PeriodOutsideDocuments, own.Span,
                    $"module '{_syntax.Name}' claims {own.From:yyyy-MM-dd}{(ownTo is null ? " onwards" : $" to {ownTo:yyyy-MM-dd}")}, but its documents are in force only {from:yyyy-MM-dd}{(to is null ? " onwards" : $" to {to:yyyy-MM-dd}")} ({string.Join(", ", cited.Select(d => $"{d.Number}: {d.PeriodText}"))})");
            }
            from = own.From > from ? own.From : from;
            if (ownTo is { } ot) to = to is { } t2 && t2 < ot ? t2 : ot;
        }
        if (to is { } end && end < from)
            Diagnostics.Error(DiagnosticIds.PeriodOutsideDocuments, _syntax.Span,
                $"module '{_syntax.Name}' is never in force: its documents' periods do not overlap ({string.Join(", ", cited.Select(d => $"{d.Number}: {d.PeriodText}"))})");
        _module.InForceFrom = from;
        _module.InForceTo = to;
    }

    // ---- expressions ---------------------------------------------------------------------------

    private void RequireType(BoundExpression e, RuleType expected, string what)
    {
        if (!RuleType.IsAssignable(e.Type, expected))
            Diagnostics.Error(DiagnosticIds.TypeMismatch, e.Span, $"{what} must be {expected}, but this is {e.Type}");
    }

    private void CheckAssignable(BoundExpression e, RuleType declared, string what)
    {
        if (RuleType.IsAssignable(e.Type, declared)) return;
        var units = declared.Kind is TypeKind.Money or TypeKind.Rate || e.Type.Kind is TypeKind.Money or TypeKind.Rate;
        string? hint = declared.Kind == TypeKind.Money && e.Type.IsNumeric ? "write the amount with its unit, e.g. '25 yuan'"
            : declared.Kind == TypeKind.Rate && e.Type.IsNumeric ? "write the rate with '%', e.g. '8%'"
            : e.Type.Optional && !declared.Optional ? $"declare it '{declared}?' or give a value in every case"
            : null;
        Diagnostics.Error(units ? DiagnosticIds.UnitMismatch : DiagnosticIds.TypeMismatch, e.Span,
            $"{what} is declared {declared}, but its value is {e.Type}", hint);
    }

    private BoundExpression Error(TextSpan span) => new BoundErrorExpression(span);

    private BoundExpression BindExpression(ExpressionSyntax syntax, RuleType? expected = null)
    {
        switch (syntax)
        {
            case LiteralSyntax l: return BindLiteral(l);
            case NameSyntax n: return BindName(n, expected);
            case MemberAccessSyntax m: return BindMemberAccess(m);
            case UnarySyntax u: return BindUnary(u);
            case BinarySyntax b: return BindBinary(b);
            case IfSyntax i: return BindIf(i, expected);
            case MatchSyntax m: return BindMatch(m, expected);
            case CallSyntax c: return BindCall(c);
            case ComprehensionSyntax c: return BindComprehension(c);
            case ListSyntax l: return BindList(l, expected);
            case InListSyntax i: return BindInList(i);
            case NotDeterminableSyntax n:
                return new BoundNotDeterminable(n.Reason, n.Cites.Select(c => _binder.BindCitation(c, allowRepealed: true)).Where(c => c is not null).Select(c => c!).ToList(), n.Span);
            default: throw new InvalidOperationException("unknown syntax " + syntax.GetType().Name);
        }
    }

    private BoundExpression BindLiteral(LiteralSyntax l)
    {
        switch (l.Kind)
        {
            case LiteralKind.Int:
                if (l.Number > int.MaxValue)
                {
                    Diagnostics.Error(DiagnosticIds.InvalidLiteral, l.Span, $"{l.Text} is too large for an int; write it as a decimal ({l.Text}.0)");
                    return Error(l.Span);
                }
                return new BoundLiteral((int)l.Number, RuleType.Int, l.Span);
            case LiteralKind.Decimal: return new BoundLiteral(l.Number, RuleType.Decimal, l.Span);
            case LiteralKind.Money: return new BoundLiteral(l.Number, RuleType.Money, l.Span);
            case LiteralKind.Rate: return new BoundLiteral(l.Number, RuleType.Rate, l.Span);
            case LiteralKind.Bool: return new BoundLiteral(l.Bool, RuleType.Bool, l.Span);
            case LiteralKind.Date: return new BoundLiteral(l.Date, RuleType.Date, l.Span);
            case LiteralKind.DateTime: return new BoundLiteral(l.Date, RuleType.DateTime, l.Span);
            case LiteralKind.String: return new BoundLiteral(l.Text, RuleType.String, l.Span);
            default: return new BoundLiteral(null, RuleType.None, l.Span);
        }
    }

    private BoundExpression? LookupLocal(string name, TextSpan span)
    {
        for (var i = _variables.Count - 1; i >= 0; i--)
            if (_variables[i].Name == name) return new BoundVariable(name, _variables[i].Slot, _variables[i].Type, span);
        if (_inputs.TryGetValue(name, out var input)) return new BoundInput(input, span);
        if (_definitionsVisible && _definitions.TryGetValue(name, out var def))
        {
            _currentDependencies?.Add(def);
            return new BoundDefinitionRef(def, span);
        }
        return null;
    }

    private BoundExpression BindName(NameSyntax n, RuleType? expected)
    {
        var local = LookupLocal(n.Name, n.Span);
        if (local is not null) return local;
        if (n.Name == "at") return new BoundEvaluationDate(n.Span);
        if (Package.FindParameter(n.Name) is { } parameter)
        {
            if (parameter.Shape == ParameterShape.Value) return new BoundParameterRead(parameter, null, null, parameter.Type, n.Span);
            Diagnostics.Error(DiagnosticIds.BadCall, n.Span, $"parameter '{n.Name}' is a {(parameter.Shape == ParameterShape.Table ? "table" : "scale")}; read it with {(parameter.Shape == ParameterShape.Table ? "a key" : "a base amount")}",
                $"write '{n.Name}({(parameter.Shape == ParameterShape.Table ? "key" : "amount")})'");
            return Error(n.Span);
        }

        if (expected is { Kind: TypeKind.Enum } && Package.FindEnum(expected.Name!)?.Find(n.Name) is { } preferred)
            return new BoundLiteral(preferred.Name, RuleType.EnumOf(expected.Name!), n.Span);
        var owners = Package.Enums.Where(e => e.Members.Any(m => m.Name == n.Name)).ToList();
        if (owners.Count == 1) return new BoundLiteral(n.Name, RuleType.EnumOf(owners[0].Name), n.Span);
        if (owners.Count > 1)
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, $"'{n.Name}' is a value of several enums ({string.Join(", ", owners.Select(o => o.Name))})",
                $"write it qualified, e.g. '{owners[0].Name}.{n.Name}'");
            return Error(n.Span);
        }
        var calendar = Package.Calendars.FirstOrDefault(c => c.Name == n.Name);
        if (calendar is not null) return new BoundCalendarRef(calendar, n.Span);

        if (!_definitionsVisible && _definitions.ContainsKey(n.Name))
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, $"a 'requires' condition may use inputs only, not '{n.Name}'");
            return Error(n.Span);
        }
        var visible = _variables.Select(v => v.Name).Concat(_inputs.Keys)
            .Concat(_definitionsVisible ? _definitions.Keys : Enumerable.Empty<string>())
            .Concat(Package.Enums.SelectMany(e => e.Members.Select(m => m.Name))).Concat(Package.Calendars.Select(c => c.Name))
            .Concat(new[] { "at" });
        Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, $"unknown name '{n.Name}' in module '{_syntax.Name}'", NameSuggester.DidYouMean(n.Name, visible));
        return Error(n.Span);
    }

    private BoundExpression BindMemberAccess(MemberAccessSyntax m)
    {
        if (m.Target is NameSyntax { } n && LookupLocal(n.Name, n.Span) is null && Package.FindEnum(n.Name) is { } enumModel)
        {
            var member = enumModel.Members.FirstOrDefault(x => x.Name == m.Member);
            if (member is null)
            {
                Diagnostics.Error(DiagnosticIds.UnknownName, m.Span, $"enum '{enumModel.Name}' has no value '{m.Member}'",
                    NameSuggester.DidYouMean(m.Member, enumModel.Members.Select(x => x.Name)));
                return Error(m.Span);
            }
            return new BoundLiteral(member.Name, RuleType.EnumOf(enumModel.Name), m.Span);
        }
        var target = BindExpression(m.Target);
        if (target.Type.IsBad) return Error(m.Span);
        if (target.Type.Kind != TypeKind.Record || target.Type.Optional)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, m.Span, $"'.{m.Member}' needs a record, but this is {target.Type}");
            return Error(m.Span);
        }
        var record = Package.FindRecord(target.Type.Name!)!;
        var field = record.Fields.FirstOrDefault(f => f.Name == m.Member);
        if (field is null)
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, m.Span, $"record '{record.Name}' has no field '{m.Member}'",
                NameSuggester.DidYouMean(m.Member, record.Fields.Select(f => f.Name)));
            return Error(m.Span);
        }
        return new BoundField(target, record, field, m.Span);
    }

    private BoundExpression BindUnary(UnarySyntax u)
    {
        var operand = BindExpression(u.Operand);
        if (u.Operator == "not")
        {
            RequireType(operand, RuleType.Bool, "the operand of 'not'");
            return new BoundUnary(UnaryOperator.Not, operand, RuleType.Bool, u.Span);
        }
        var outcome = TypeRules.Negate(operand.Type);
        if (outcome.Type is null)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, u.Span, outcome.Message!);
            return Error(u.Span);
        }
        return new BoundUnary(UnaryOperator.Negate, operand, outcome.Type, u.Span);
    }

    private BoundExpression BindBinary(BinarySyntax b)
    {
        var op = b.Operator switch
        {
            "+" => BinaryOperator.Add, "-" => BinaryOperator.Subtract, "*" or "×" => BinaryOperator.Multiply, "/" or "÷" => BinaryOperator.Divide,
            "=" => BinaryOperator.Equal, "!=" => BinaryOperator.NotEqual, "<" => BinaryOperator.Less, "<=" => BinaryOperator.LessOrEqual,
            ">" => BinaryOperator.Greater, ">=" => BinaryOperator.GreaterOrEqual, "and" => BinaryOperator.And, _ => BinaryOperator.Or,
        };
        var left = BindExpression(b.Left);
        var right = BindExpression(b.Right, left.Type.Kind == TypeKind.Enum ? left.Type : null);
        TypeRules.Outcome outcome;
        switch (op)
        {
            case BinaryOperator.And:
            case BinaryOperator.Or:
                RequireType(left, RuleType.Bool, $"the left side of '{b.Operator}'");
                RequireType(right, RuleType.Bool, $"the right side of '{b.Operator}'");
                return new BoundBinary(op, left, right, RuleType.Bool, b.Span);
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
                outcome = TypeRules.Equality(left.Type, right.Type);
                break;
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
                outcome = TypeRules.Ordering(left.Type, right.Type);
                break;
            default:
                outcome = TypeRules.Arithmetic(op, left.Type, right.Type);
                break;
        }
        if (outcome.Type is null)
        {
            Diagnostics.Error(outcome.UnitError ? DiagnosticIds.UnitMismatch : DiagnosticIds.TypeMismatch, b.Span, outcome.Message!);
            return Error(b.Span);
        }
        return new BoundBinary(op, left, right, outcome.Type, b.Span);
    }

    private BoundExpression BindIf(IfSyntax i, RuleType? expected)
    {
        var condition = BindExpression(i.Condition);
        RequireType(condition, RuleType.Bool, "the condition of 'if'");
        var then = BindExpression(i.Then, expected);
        var @else = BindExpression(i.Else, expected);
        var type = RuleType.Unify(then.Type, @else.Type);
        if (type is null)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Span, $"the branches of 'if' differ: 'then' is {then.Type}, 'else' is {@else.Type}");
            return Error(i.Span);
        }
        return new BoundIf(condition, then, @else, type, i.Span);
    }

    private BoundExpression BindMatch(MatchSyntax m, RuleType? expected)
    {
        var subject = BindExpression(m.Subject);
        var cases = new List<BoundMatchCase>();
        RuleType? type = null;
        var covered = new HashSet<object?>();
        foreach (var c in m.Cases)
        {
            var patterns = new List<BoundLiteral>();
            foreach (var p in c.Patterns)
            {
                var pattern = BindExpression(p, subject.Type.AsRequired());
                if (pattern is BoundUnary { Operator: UnaryOperator.Negate, Operand: BoundLiteral { Value: int or decimal } neg })
                    pattern = new BoundLiteral(neg.Value is int ni ? -ni : -(decimal)neg.Value!, neg.Type, pattern.Span);
                if (pattern is not BoundLiteral literal)
                {
                    if (!pattern.Type.IsBad)
                        Diagnostics.Error(DiagnosticIds.TypeMismatch, p.Span, "a 'case' needs a fixed value (a number, text, date or enum value)");
                    continue;
                }
                if (!subject.Type.IsBad && RuleType.Unify(literal.Type, subject.Type) is null)
                    Diagnostics.Error(DiagnosticIds.TypeMismatch, p.Span, $"this case is {literal.Type}, but the match is on {subject.Type}");
                if (!covered.Add(literal.Value))
                    Diagnostics.Warning(DiagnosticIds.DuplicateCase, p.Span, $"case {Printer.Print(p)} is listed twice; the later one never applies");
                patterns.Add(literal);
            }
            var value = BindExpression(c.Value, expected);
            type = type is null ? value.Type : RuleType.Unify(type, value.Type);
            if (type is null)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, c.Value.Span, $"the cases of 'match' give different types ({value.Type} here)");
                return Error(m.Span);
            }
            cases.Add(new BoundMatchCase(patterns, value));
        }
        BoundExpression? @else = null;
        if (m.Else is not null)
        {
            @else = BindExpression(m.Else, expected);
            type = type is null ? @else.Type : RuleType.Unify(type, @else.Type);
            if (type is null)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, m.Else.Span, $"'else' gives {@else.Type}, unlike the cases");
                return Error(m.Span);
            }
        }
        else if (!subject.Type.IsBad)
        {
            var missing = subject.Type.Kind switch
            {
                TypeKind.Enum when !subject.Type.Optional => Package.FindEnum(subject.Type.Name!)!.Members.Select(x => x.Name).Where(x => !covered.Contains(x)).ToList(),
                TypeKind.Bool when !subject.Type.Optional => new[] { true, false }.Where(x => !covered.Contains(x)).Select(x => x ? "true" : "false").ToList(),
                _ => null,
            };
            if (missing is null)
                Diagnostics.Error(DiagnosticIds.NonExhaustiveMatch, m.Span, $"a match on {subject.Type} needs an 'else' case", "add 'else => …'");
            else if (missing.Count > 0)
                Diagnostics.Error(DiagnosticIds.NonExhaustiveMatch, m.Span, $"the match does not cover {string.Join(", ", missing)}", "add those cases or 'else => …'");
        }
        return new BoundMatch(subject, cases, @else, type ?? RuleType.Error, m.Span);
    }

    private BoundExpression BindList(ListSyntax l, RuleType? expected)
    {
        var elementHint = expected is { Kind: TypeKind.List } ? expected.Element : null;
        var items = l.Items.Select(i => BindExpression(i, elementHint)).ToList();
        var element = RuleType.Never;
        foreach (var item in items)
        {
            var unified = RuleType.Unify(element, item.Type);
            if (unified is null)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, item.Span, $"list items differ in type: {element} and {item.Type}");
                return Error(l.Span);
            }
            element = unified;
        }
        return new BoundList(items, RuleType.ListOf(element), l.Span);
    }

    private BoundExpression BindInList(InListSyntax i)
    {
        var value = BindExpression(i.Value);
        var list = BindExpression(i.List, RuleType.ListOf(value.Type));
        if (list.Type.IsBad || value.Type.IsBad) return new BoundInList(value, list, i.Span);
        if (list.Type.Kind != TypeKind.List)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.List.Span, $"'in' needs a list on its right, but this is {list.Type}");
            return Error(i.Span);
        }
        if (RuleType.Unify(value.Type, list.Type.Element!) is null)
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Span, $"cannot look for {value.Type} in {list.Type}");
        return new BoundInList(value, list, i.Span);
    }

    private BoundExpression BindComprehension(ComprehensionSyntax c)
    {
        var source = BindExpression(c.Source);
        if (source.Type.IsBad) return Error(c.Span);
        if (source.Type.Kind != TypeKind.List || source.Type.Optional)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, c.Source.Span, $"{c.Function} needs a list after 'in', but this is {source.Type}");
            return Error(c.Span);
        }
        var variable = new BoundVariable(c.Variable, _variables.Count, source.Type.Element!, c.Span);
        _variables.Add(variable);
        var body = BindExpression(c.Body);
        _variables.RemoveAt(_variables.Count - 1);
        var kind = c.Function switch { "map" => ComprehensionKind.Map, "filter" => ComprehensionKind.Filter, "any" => ComprehensionKind.Any, _ => ComprehensionKind.All };
        if (kind != ComprehensionKind.Map) RequireType(body, RuleType.Bool, $"the condition of {c.Function}");
        var type = kind switch
        {
            ComprehensionKind.Map => RuleType.ListOf(body.Type),
            ComprehensionKind.Filter => source.Type,
            _ => RuleType.Bool,
        };
        return new BoundComprehension(kind, variable, source, body, type, c.Span);
    }

    /// <summary><c>table(key)</c> or <c>scale(base)</c>: a parameter read by key, or a scale applied to an amount.</summary>
    private BoundExpression BindParameterRead(CallSyntax c, ParameterModel parameter)
    {
        if (parameter.Shape == ParameterShape.Value || c.Arguments.Count != 1)
        {
            Diagnostics.Error(DiagnosticIds.BadCall, c.Span, parameter.Shape == ParameterShape.Value
                ? $"parameter '{parameter.Name}' is a single value; write '{parameter.Name}' without parentheses"
                : $"parameter '{parameter.Name}' takes one {(parameter.Shape == ParameterShape.Table ? "key" : "base amount")}, not {c.Arguments.Count}");
            return Error(c.Span);
        }
        var expectedKey = parameter.Shape == ParameterShape.Table ? parameter.KeyType : null;
        var key = BindExpression(c.Arguments[0], expectedKey);
        if (key.Type.IsBad || parameter.Type.IsBad || expectedKey is { IsBad: true }) return Error(c.Span);
        var keyText = Printer.Print(c.Arguments[0]);
        if (parameter.Shape == ParameterShape.Table)
        {
            if (!RuleType.IsAssignable(key.Type, expectedKey!) || key.Type.Optional)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, key.Span, $"table '{parameter.Name}' is keyed by {expectedKey}, but this is {key.Type}");
                return Error(c.Span);
            }
            return new BoundParameterRead(parameter, key, keyText, parameter.Type, c.Span);
        }
        if (key.Type.Optional || key.Type.Kind is not (TypeKind.Int or TypeKind.Decimal or TypeKind.Money))
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, key.Span, $"scale '{parameter.Name}' applies to an amount (money or a number), but this is {key.Type}");
            return Error(c.Span);
        }
        return new BoundParameterRead(parameter, key, keyText, key.Type.Kind == TypeKind.Money ? RuleType.Money : RuleType.Decimal, c.Span);
    }

    private BoundExpression BindCall(CallSyntax c)
    {
        if (Package.FindParameter(c.Function) is { } parameter && LookupLocal(c.Function, c.Span) is null) return BindParameterRead(c, parameter);
        var args = c.Arguments.Select(a => BindExpression(a)).ToList();
        if (args.Any(a => a.Type.IsBad)) return Error(c.Span);
        if (BuiltinCatalogue.Find(c.Function) is not { } entry)
        {
            Diagnostics.Error(DiagnosticIds.BadCall, c.Span, $"unknown function '{c.Function}'", NameSuggester.DidYouMean(c.Function, BuiltinCatalogue.Names));
            return Error(c.Span);
        }
        return entry.Bind(new CallTyping(c.Function, args, c.Span, message =>
        {
            Diagnostics.Error(DiagnosticIds.BadCall, c.Span, message);
            return Error(c.Span);
        }));
    }
}

internal static class EnumerableExtensions
{
    public static bool In(this TypeKind kind, IEnumerable<TypeKind> kinds) => kinds.Contains(kind);
}
