using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language.Binding;

/// <summary>
/// Binds a <c>parameter</c> declaration: its type, its shape (value, table, scale) and its dated values. Every value is a
/// constant of the declared type and cites the provision that set it (PR0106); dates ascend, a table lists each key once,
/// and a scale's brackets meet at boundaries read by 民法典 第1259条 (PR0113).
/// </summary>
internal sealed class ParameterBinder
{
    private readonly Binder _binder;
    private readonly ParameterSyntax _syntax;

    public ParameterBinder(Binder binder, ParameterSyntax syntax) { _binder = binder; _syntax = syntax; }

    private DiagnosticBag Diagnostics => _binder.Diagnostics;

    public ParameterModel Bind()
    {
        var p = _syntax;
        var shape = p.KeyType is not null ? ParameterShape.Table : p.ScaleMethod is not null ? ParameterShape.Scale : ParameterShape.Value;
        var type = _binder.ResolveType(p.Type);
        RuleType? keyType = p.KeyType is null ? null : _binder.ResolveType(p.KeyType);
        if (!type.IsBad && (type.Optional || type.Kind is not (TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate)))
            Invalid(p.Type.Span, Msg.Of("param.bad_type", ("name", p.Name), ("type", type.ToString())));
        if (shape == ParameterShape.Scale && !type.IsBad && type.Kind != TypeKind.Rate)
            Invalid(p.Type.Span, Msg.Of("param.scale_type", ("name", p.Name), ("type", type.ToString())));
        if (keyType is { IsBad: false } && (keyType.Optional || keyType.Kind is not (TypeKind.Int or TypeKind.Enum)))
            Invalid(p.KeyType!.Span, Msg.Of("param.key_type", ("name", p.Name), ("type", keyType.ToString())));

        var model = new ParameterModel(p.Name, p.Label, p.Note, shape, type, keyType,
            p.ScaleMethod == "single_rate" ? ScaleMethod.SingleRate : ScaleMethod.Marginal, p.Span);
        if (p.Values.Count == 0)
            Invalid(p.Span, Msg.Of("param.no_value", ("name", p.Name)), Msg.Of("hint.add_parameter_value"));

        var values = new List<ParameterValueModel>();
        DateTime? previous = null;
        foreach (var v in p.Values)
        {
            if (previous is { } before && v.From <= before)
                Invalid(v.Span, Msg.Of("param.dates_order", ("name", p.Name), ("from", Day(v.From)), ("before", Day(before))));
            previous = v.From;
            var citation = BindCitation(v);
            var value = shape switch
            {
                ParameterShape.Table => BindTable(v, type, keyType, citation),
                ParameterShape.Scale => BindScale(v, citation),
                _ => BindValue(v, type, citation),
            };
            if (value is not null) values.Add(value);
        }
        model.ReplaceValues(values);
        return model;
    }

    private void Invalid(TextSpan span, Msg message, Msg? hint = null) =>
        Diagnostics.Error(DiagnosticIds.InvalidParameter, span, message, hint);

    private static string Day(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private CitationModel? BindCitation(ParameterValueSyntax v)
    {
        if (v.Cites.Count == 0)
        {
            Diagnostics.Error(DiagnosticIds.MissingCitation, v.Span, Msg.Of("param.value_uncited", ("name", _syntax.Name), ("from", Day(v.From))),
                Msg.Of("hint.add_cites_value"));
            return null;
        }
        if (v.Cites.Count > 1)
            Invalid(v.Cites[1].Span, Msg.Of("param.value_two_cites", ("name", _syntax.Name), ("from", Day(v.From))));
        return _binder.BindCitation(v.Cites[0]);
    }

    /// <summary>A constant of <paramref name="type"/> in the model's form (an int widened to a decimal where the type is one), or null after a diagnostic.</summary>
    private object? Constant(ExpressionSyntax e, RuleType type, out bool ok)
    {
        ok = false;
        if (type.IsBad) return null;
        var bound = _binder.BindConstant(e, type);
        if (bound is null) return null;
        if (bound.Type.IsBad) return null;
        if (!RuleType.IsAssignable(bound.Type, type))
        {
            Diagnostics.Error(type.Kind is TypeKind.Money or TypeKind.Rate || bound.Type.Kind is TypeKind.Money or TypeKind.Rate ? DiagnosticIds.UnitMismatch : DiagnosticIds.TypeMismatch,
                e.Span, Msg.Of("param.value_type", ("name", _syntax.Name), ("type", type.ToString()), ("actual", bound.Type.ToString())),
                type.Kind == TypeKind.Money ? Msg.Of("hint.write_yuan") : type.Kind == TypeKind.Rate ? Msg.Of("hint.write_percent") : null);
            return null;
        }
        ok = true;
        return bound.Value is int n && type.Kind is TypeKind.Decimal or TypeKind.Money or TypeKind.Rate ? (decimal)n : bound.Value;
    }

    private ParameterValueModel? BindValue(ParameterValueSyntax v, RuleType type, CitationModel? citation)
    {
        if (v.Value is null) return null;
        var value = Constant(v.Value, type, out var ok);
        return ok && citation is not null ? new ParameterValueModel(v.From, citation, value, [], [], [], v.Span) : null;
    }

    private ParameterValueModel? BindTable(ParameterValueSyntax v, RuleType type, RuleType? keyType, CitationModel? citation)
    {
        if (keyType is null || keyType.IsBad) return null;
        var keys = new List<object>();
        var entries = new List<object?>();
        var good = citation is not null;
        foreach (var entry in v.Entries)
        {
            var key = Constant(entry.Key, keyType, out var keyOk);
            var value = Constant(entry.Value, type, out var valueOk);
            if (!keyOk || !valueOk || key is null) { good = false; continue; }
            if (keys.Contains(key))
            {
                Invalid(entry.Key.Span, Msg.Of("param.key_twice", ("name", _syntax.Name), ("key", key), ("from", Day(v.From))));
                good = false;
                continue;
            }
            keys.Add(key);
            entries.Add(value);
        }
        if (keyType.Kind == TypeKind.Enum && _binder.Package.FindEnum(keyType.Name!) is { } enumModel)
        {
            var missing = enumModel.Members.Select(m => m.Name).Where(m => !keys.Contains(m)).ToList();
            if (missing.Count > 0 && good)
            {
                Invalid(v.Span, Msg.Of("param.keys_missing", ("name", _syntax.Name), ("from", Day(v.From)), ("missing", string.Join(", ", missing)), ("enum", enumModel.Name)));
                good = false;
            }
        }
        return good ? new ParameterValueModel(v.From, citation!, null, keys, entries, [], v.Span) : null;
    }

    /// <summary>
    /// Brackets in ascending order. The boundary between two brackets is written as the lower one's upper bound, the upper
    /// one's lower bound, or both (then they must agree); the first bracket has no lower bound, the last no upper bound.
    /// </summary>
    private ParameterValueModel? BindScale(ParameterValueSyntax v, CitationModel? citation)
    {
        var rates = new List<object?>();
        var boundaries = new List<ScaleBoundary>();
        var good = citation is not null;
        for (var k = 0; k < v.Brackets.Count; k++)
        {
            var bracket = v.Brackets[k];
            var rate = Constant(bracket.Value, RuleType.Rate, out var ok);
            good &= ok;
            rates.Add(rate);
            var lowers = bracket.Bounds.Where(b => b.Lower).ToList();
            var uppers = bracket.Bounds.Where(b => !b.Lower).ToList();
            if (lowers.Count > 1 || uppers.Count > 1)
            {
                Invalid(bracket.Span, Msg.Of("param.bracket_bounds"));
                good = false;
                continue;
            }
            if (k == 0 && lowers.Count == 1)
            {
                Invalid(lowers[0].Span, Msg.Of("param.first_bracket", ("name", _syntax.Name), ("word", lowers[0].Word)));
                good = false;
            }
            if (k == v.Brackets.Count - 1 && uppers.Count == 1)
            {
                Invalid(uppers[0].Span, Msg.Of("param.last_bracket", ("name", _syntax.Name), ("bound", uppers[0].Word + " " + uppers[0].Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                good = false;
            }
            if (k == 0) continue;
            var previousUpper = v.Brackets[k - 1].Bounds.FirstOrDefault(b => !b.Lower);
            var lower = lowers.FirstOrDefault();
            if (previousUpper is null && lower is null)
            {
                Invalid(bracket.Span, Msg.Of("param.bracket_start", ("name", _syntax.Name)), Msg.Of("hint.bracket_bound"));
                good = false;
                continue;
            }
            // 以上 (lower, includes) and 不满/低于 (upper, excludes) put the amount in the upper bracket; 超过 and 以下/不超过 in the lower.
            bool UpperGets(BoundSyntax b) => b.Lower ? b.Includes : !b.Includes;
            if (previousUpper is not null && lower is not null && (previousUpper.Amount != lower.Amount || UpperGets(previousUpper) != UpperGets(lower)))
            {
                Invalid(lower.Span, Msg.Of("param.brackets_gap", ("lower", lower.Word + " " + lower.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("upper", previousUpper.Word + " " + previousUpper.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                good = false;
                continue;
            }
            var boundary = lower ?? previousUpper!;
            if (boundaries.Count > 0 && boundary.Amount <= boundaries[boundaries.Count - 1].Amount)
            {
                Invalid(boundary.Span, Msg.Of("param.brackets_ascend", ("name", _syntax.Name), ("amount", boundary.Amount), ("previous", boundaries[boundaries.Count - 1].Amount)));
                good = false;
            }
            boundaries.Add(new ScaleBoundary(boundary.Amount, UpperGets(boundary)));
        }
        return good && rates.Count == boundaries.Count + 1 ? new ParameterValueModel(v.From, citation!, null, [], rates, boundaries, v.Span) : null;
    }
}
