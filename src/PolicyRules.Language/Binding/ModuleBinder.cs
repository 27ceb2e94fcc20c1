using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Core;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
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
            Diagnostics.Error(DiagnosticIds.TypeMismatch, input.Span, Msg.Of("bind.known_not_text", ("input", input.Name), ("type", type.ToString())));
            return null;
        }
        var values = input.Known ?? [];
        if (values.Count == 0)
            Diagnostics.Error(DiagnosticIds.UnknownName, input.Span, Msg.Of("bind.variants_without_known", ("input", input.Name)));
        foreach (var dup in values.GroupBy(v => v).Where(g => g.Count() > 1))
            Diagnostics.Error(DiagnosticIds.DuplicateName, input.Span, Msg.Of("bind.known_twice", ("value", dup.Key), ("input", input.Name)));
        foreach (var v in values.Where(v => KnownText.Clean(v) != v))
            Diagnostics.Error(DiagnosticIds.InvalidLiteral, input.Span, Msg.Of("bind.known_not_clean", ("value", v), ("input", input.Name)));
        foreach (var v in input.Variants)
        {
            if (!values.Contains(v.Known))
                Diagnostics.Error(DiagnosticIds.UnknownName, v.Span, Msg.Of("bind.variant_unknown", ("variant", v.Text), ("input", input.Name), ("known", v.Known)),
                    NameSuggester.DidYouMeanMsg(v.Known, values));
            if (values.Contains(v.Text) || KnownText.Clean(v.Text) != v.Text)
                Diagnostics.Error(DiagnosticIds.DuplicateName, v.Span, Msg.Of("bind.variant_is_known", ("variant", v.Text), ("input", input.Name)));
        }
        return new KnownText(values, input.Variants.Select(v => new KnownVariant(v.Text, v.Known, v.Note)).ToList());
    }

    public ModuleModel Bind()
    {
        foreach (var input in _syntax.Inputs)
        {
            if (_inputs.ContainsKey(input.Name))
            {
                Diagnostics.Error(DiagnosticIds.DuplicateName, input.Span, Msg.Of("bind.input_twice", ("input", input.Name), ("module", _syntax.Name)));
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
                Diagnostics.Error(DiagnosticIds.DuplicateName, def.Span, Msg.Of("bind.definition_twice", ("name", def.Name), ("module", _syntax.Name)));
                continue;
            }
            if (def.Value is not null && def.Cites.Count == 0)
            {
                _missingCitations = true;
                Diagnostics.Error(DiagnosticIds.MissingCitation, def.Span,
                    Msg.Of(def.IsOutput ? "bind.output_uncited" : "bind.definition_uncited", ("name", def.Name)), Msg.Of("hint.add_cites"));
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
            RequireType(requires, RuleType.Bool, Msg.Of("what.requires"));
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
                CheckAssignable(model.Value, model.Type, Msg.Of("what.name", ("name", def.Name)));
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
                Diagnostics.Error(DiagnosticIds.DuplicateName, r.Span, Msg.Of("bind.rule_label_twice", ("rule", r.Label), ("name", def.Name)));
                continue;
            }
            if (r.Cites.Count == 0 && def.Cites.Count == 0)
            {
                _missingCitations = true;
                Diagnostics.Error(DiagnosticIds.MissingCitation, r.Span, Msg.Of("bind.rule_uncited", ("rule", r.Label), ("name", def.Name)),
                    Msg.Of("hint.add_cites_rule"));
            }
            var citations = r.Cites.Count > 0 ? _binder.BindCitations(r.Cites) : model.Citations;
            var rule = new RuleModel(r.Label, citations, r.Note, r.Span);
            byLabel[r.Label] = (r, rule);
            model.AddRule(rule);
            if (r.When is not null)
            {
                rule.When = BindExpression(r.When, RuleType.Bool);
                RequireType(rule.When, RuleType.Bool, Msg.Of("what.rule_when", ("rule", r.Label)));
            }
            rule.Value = BindExpression(r.Value, model.Type);
            CheckAssignable(rule.Value, model.Type, Msg.Of("what.rule_of", ("rule", r.Label), ("name", def.Name)));
        }

        foreach (var (r, rule) in byLabel.Values)
        {
            if (r.ExceptionOf is null) continue;
            if (!byLabel.TryGetValue(r.ExceptionOf, out var parent))
            {
                Diagnostics.Error(DiagnosticIds.UnknownRuleLabel, r.ExceptionOfSpan ?? r.Span,
                    Msg.Of("bind.exception_of_unknown", ("rule", r.Label), ("of", r.ExceptionOf), ("name", def.Name)),
                    NameSuggester.DidYouMeanMsg(r.ExceptionOf, byLabel.Keys));
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
                    Diagnostics.Error(DiagnosticIds.ExceptionCycle, rule.Span, Msg.Of("bind.exception_cycle", ("rule", rule.Label), ("name", def.Name)));
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
                    Diagnostics.Error(DiagnosticIds.ExceptionCycle, d.Span, Msg.Of("bind.definition_cycle", ("cycle", string.Join(" → ", cycle))));
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
                Msg.Of("bind.module_without_document", ("module", _syntax.Name)), Msg.Of("hint.cite_provision"));
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
                    Msg.Of("bind.module_period_outside", ("module", _syntax.Name), ("claimed", Period(own.From, ownTo)), ("allowed", Period(from, to)), ("documents", Periods(cited))));
            }
            from = own.From > from ? own.From : from;
            if (ownTo is { } ot) to = to is { } t2 && t2 < ot ? t2 : ot;
        }
        if (to is { } end && end < from)
            Diagnostics.Error(DiagnosticIds.PeriodOutsideDocuments, _syntax.Span,
                Msg.Of("bind.module_never_in_force", ("module", _syntax.Name), ("documents", Periods(cited))));
        _module.InForceFrom = from;
        _module.InForceTo = to;
    }

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><c>2017-01-01 onwards</c>, <c>2017-01-01 to 2018-12-31</c>.</summary>
    private static Msg Period(DateTime from, DateTime? to) =>
        to is { } end ? Msg.Of("period.from_to", ("from", Day(from)), ("to", Day(end))) : Msg.Of("period.onwards", ("from", Day(from)));

    private static IReadOnlyList<Msg> Periods(IEnumerable<DocumentModel> documents) =>
        documents.Select(d => Msg.Of("period.of_document", ("document", d.Number), ("period", d.EffectiveTo is { } to
            ? Msg.Of("period.from_to", ("from", Day(d.InForceFrom)), ("to", Day(to)))
            : Msg.Of("period.from", ("from", Day(d.InForceFrom)))))).ToList();

    // ---- expressions ---------------------------------------------------------------------------

    private void RequireType(BoundExpression e, RuleType expected, Msg what)
    {
        if (!RuleType.IsAssignable(e.Type, expected))
            Diagnostics.Error(DiagnosticIds.TypeMismatch, e.Span, Msg.Of("bind.must_be", ("what", what), ("expected", expected.ToString()), ("actual", e.Type.ToString())));
    }

    private void CheckAssignable(BoundExpression e, RuleType declared, Msg what)
    {
        if (RuleType.IsAssignable(e.Type, declared)) return;
        var units = declared.Kind is TypeKind.Money or TypeKind.Rate || e.Type.Kind is TypeKind.Money or TypeKind.Rate;
        var hint = declared.Kind == TypeKind.Money && e.Type.IsNumeric ? Msg.Of("hint.write_yuan")
            : declared.Kind == TypeKind.Rate && e.Type.IsNumeric ? Msg.Of("hint.write_percent")
            : e.Type.Optional && !declared.Optional ? Msg.Of("hint.declare_optional", ("type", declared.ToString()))
            : null;
        Diagnostics.Error(units ? DiagnosticIds.UnitMismatch : DiagnosticIds.TypeMismatch, e.Span,
            Msg.Of("bind.declared_but", ("what", what), ("declared", declared.ToString()), ("actual", e.Type.ToString())), hint);
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
                    Diagnostics.Error(DiagnosticIds.InvalidLiteral, l.Span, Msg.Of("bind.int_too_large", ("number", l.Text)));
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
            var table = parameter.Shape == ParameterShape.Table;
            Diagnostics.Error(DiagnosticIds.BadCall, n.Span, Msg.Of(table ? "param.read_table" : "param.read_scale", ("name", n.Name)),
                Msg.Of(table ? "hint.read_table" : "hint.read_scale", ("name", n.Name)));
            return Error(n.Span);
        }

        if (expected is { Kind: TypeKind.Enum } && Package.FindEnum(expected.Name!)?.Find(n.Name) is { } preferred)
            return new BoundLiteral(preferred.Name, RuleType.EnumOf(expected.Name!), n.Span);
        var owners = Package.Enums.Where(e => e.Members.Any(m => m.Name == n.Name)).ToList();
        if (owners.Count == 1) return new BoundLiteral(n.Name, RuleType.EnumOf(owners[0].Name), n.Span);
        if (owners.Count > 1)
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, Msg.Of("bind.ambiguous_member", ("name", n.Name), ("enums", owners.Select(o => o.Name).ToList())),
                Msg.Of("hint.qualify", ("qualified", owners[0].Name + "." + n.Name)));
            return Error(n.Span);
        }
        var calendar = Package.Calendars.FirstOrDefault(c => c.Name == n.Name);
        if (calendar is not null) return new BoundCalendarRef(calendar, n.Span);

        if (!_definitionsVisible && _definitions.ContainsKey(n.Name))
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, Msg.Of("bind.requires_inputs_only", ("name", n.Name)));
            return Error(n.Span);
        }
        var visible = _variables.Select(v => v.Name).Concat(_inputs.Keys)
            .Concat(_definitionsVisible ? _definitions.Keys : Enumerable.Empty<string>())
            .Concat(Package.Enums.SelectMany(e => e.Members.Select(m => m.Name))).Concat(Package.Calendars.Select(c => c.Name))
            .Concat(new[] { "at" });
        Diagnostics.Error(DiagnosticIds.UnknownName, n.Span, Msg.Of("bind.unknown_name", ("name", n.Name), ("module", _syntax.Name)), NameSuggester.DidYouMeanMsg(n.Name, visible));
        return Error(n.Span);
    }

    private BoundExpression BindMemberAccess(MemberAccessSyntax m)
    {
        if (m.Target is NameSyntax { } n && LookupLocal(n.Name, n.Span) is null && Package.FindEnum(n.Name) is { } enumModel)
        {
            var member = enumModel.Members.FirstOrDefault(x => x.Name == m.Member);
            if (member is null)
            {
                Diagnostics.Error(DiagnosticIds.UnknownName, m.Span, Msg.Of("bind.no_member", ("enum", enumModel.Name), ("member", m.Member)),
                    NameSuggester.DidYouMeanMsg(m.Member, enumModel.Members.Select(x => x.Name)));
                return Error(m.Span);
            }
            return new BoundLiteral(member.Name, RuleType.EnumOf(enumModel.Name), m.Span);
        }
        var target = BindExpression(m.Target);
        if (target.Type.IsBad) return Error(m.Span);
        if (target.Type.Kind != TypeKind.Record || target.Type.Optional)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, m.Span, Msg.Of("bind.member_needs_record", ("member", m.Member), ("actual", target.Type.ToString())));
            return Error(m.Span);
        }
        var record = Package.FindRecord(target.Type.Name!)!;
        var field = record.Fields.FirstOrDefault(f => f.Name == m.Member);
        if (field is null)
        {
            Diagnostics.Error(DiagnosticIds.UnknownName, m.Span, Msg.Of("bind.no_field", ("record", record.Name), ("field", m.Member)),
                NameSuggester.DidYouMeanMsg(m.Member, record.Fields.Select(f => f.Name)));
            return Error(m.Span);
        }
        return new BoundField(target, record, field, m.Span);
    }

    private BoundExpression BindUnary(UnarySyntax u)
    {
        var operand = BindExpression(u.Operand);
        if (u.Operator == "not")
        {
            RequireType(operand, RuleType.Bool, Msg.Of("what.not_operand"));
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
                RequireType(left, RuleType.Bool, Msg.Of("what.left_of", ("operator", b.Operator.ToString())));
                RequireType(right, RuleType.Bool, Msg.Of("what.right_of", ("operator", b.Operator.ToString())));
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
        RequireType(condition, RuleType.Bool, Msg.Of("what.if_condition"));
        var then = BindExpression(i.Then, expected);
        var @else = BindExpression(i.Else, expected);
        var type = RuleType.Unify(then.Type, @else.Type);
        if (type is null)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Span, Msg.Of("bind.if_branches", ("then", then.Type.ToString()), ("else", @else.Type.ToString())));
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
                        Diagnostics.Error(DiagnosticIds.TypeMismatch, p.Span, Msg.Of("bind.case_not_fixed"));
                    continue;
                }
                if (!subject.Type.IsBad && RuleType.Unify(literal.Type, subject.Type) is null)
                    Diagnostics.Error(DiagnosticIds.TypeMismatch, p.Span, Msg.Of("bind.case_type", ("case", literal.Type.ToString()), ("subject", subject.Type.ToString())));
                if (!covered.Add(literal.Value))
                    Diagnostics.Warning(DiagnosticIds.DuplicateCase, p.Span, Msg.Of("bind.case_twice", ("case", Printer.Print(p))));
                patterns.Add(literal);
            }
            var value = BindExpression(c.Value, expected);
            type = type is null ? value.Type : RuleType.Unify(type, value.Type);
            if (type is null)
            {
                Diagnostics.Error(DiagnosticIds.TypeMismatch, c.Value.Span, Msg.Of("bind.match_types", ("type", value.Type.ToString())));
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
                Diagnostics.Error(DiagnosticIds.TypeMismatch, m.Else.Span, Msg.Of("bind.else_type", ("type", @else.Type.ToString())));
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
                Diagnostics.Error(DiagnosticIds.NonExhaustiveMatch, m.Span, Msg.Of("bind.match_needs_else", ("type", subject.Type.ToString())), Msg.Of("hint.add_else"));
            else if (missing.Count > 0)
                Diagnostics.Error(DiagnosticIds.NonExhaustiveMatch, m.Span, Msg.Of("bind.match_missing", ("missing", missing)), Msg.Of("hint.add_cases"));
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
                Diagnostics.Error(DiagnosticIds.TypeMismatch, item.Span, Msg.Of("bind.list_types", ("first", element.ToString()), ("second", item.Type.ToString())));
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
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.List.Span, Msg.Of("bind.in_needs_list", ("actual", list.Type.ToString())));
            return Error(i.Span);
        }
        if (RuleType.Unify(value.Type, list.Type.Element!) is null)
            Diagnostics.Error(DiagnosticIds.TypeMismatch, i.Span, Msg.Of("bind.in_types", ("value", value.Type.ToString()), ("list", list.Type.ToString())));
        return new BoundInList(value, list, i.Span);
    }

    private BoundExpression BindComprehension(ComprehensionSyntax c)
    {
        var source = BindExpression(c.Source);
        if (source.Type.IsBad) return Error(c.Span);
        if (source.Type.Kind != TypeKind.List || source.Type.Optional)
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, c.Source.Span, Msg.Of("bind.comprehension_needs_list", ("function", c.Function), ("actual", source.Type.ToString())));
            return Error(c.Span);
        }
        var variable = new BoundVariable(c.Variable, _variables.Count, source.Type.Element!, c.Span);
        _variables.Add(variable);
        var body = BindExpression(c.Body);
        _variables.RemoveAt(_variables.Count - 1);
        var kind = c.Function switch { "map" => ComprehensionKind.Map, "filter" => ComprehensionKind.Filter, "any" => ComprehensionKind.Any, _ => ComprehensionKind.All };
        if (kind != ComprehensionKind.Map) RequireType(body, RuleType.Bool, Msg.Of("what.condition_of", ("function", c.Function)));
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
                Diagnostics.Error(DiagnosticIds.TypeMismatch, key.Span, Msg.Of("param.key_mismatch", ("name", parameter.Name), ("expected", expectedKey!.ToString()), ("actual", key.Type.ToString())));
                return Error(c.Span);
            }
            return new BoundParameterRead(parameter, key, keyText, parameter.Type, c.Span);
        }
        if (key.Type.Optional || key.Type.Kind is not (TypeKind.Int or TypeKind.Decimal or TypeKind.Money))
        {
            Diagnostics.Error(DiagnosticIds.TypeMismatch, key.Span, Msg.Of("param.scale_amount", ("name", parameter.Name), ("actual", key.Type.ToString())));
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
            Diagnostics.Error(DiagnosticIds.BadCall, c.Span, Msg.Of("bind.unknown_function", ("function", c.Function)), NameSuggester.DidYouMeanMsg(c.Function, BuiltinCatalogue.Names));
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
