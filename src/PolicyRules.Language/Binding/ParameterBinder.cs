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
        if (keyType is { IsBad: false } && !p.ByRange && (keyType.Optional || keyType.Kind is not (TypeKind.Int or TypeKind.Enum)))
            Invalid(p.KeyType!.Span, Msg.Of("param.key_type", ("name", p.Name), ("type", keyType.ToString())));
        if (keyType is { IsBad: false } && p.ByRange && (keyType.Optional || keyType.Kind is not (TypeKind.Int or TypeKind.Decimal or TypeKind.Money)))
            Invalid(p.KeyType!.Span, Msg.Of("param.range_key_type", ("name", p.Name), ("type", keyType.ToString())));

        var model = new ParameterModel(p.Name, p.Label, p.Note, shape, type, keyType,
            p.ScaleMethod == "single_rate" ? ScaleMethod.SingleRate : ScaleMethod.Marginal, p.Span) { ByRange = p.ByRange };
        if (p.BeforeFirst is { } beforeFirst)
        {
            if (beforeFirst.Cites.Count == 0)
                Diagnostics.Error(DiagnosticIds.MissingCitation, beforeFirst.Span, Msg.Of("param.before_first_uncited", ("name", p.Name)),
                    Msg.Of("hint.before_first_citation"));
            else
            {
                if (beforeFirst.Cites.Count > 1)
                    Invalid(beforeFirst.Cites[1].Span, Msg.Of("param.before_first_two_cites", ("name", p.Name)));
                model.BeforeFirstReason = beforeFirst.Reason;
                model.BeforeFirstCitation = _binder.BindCitation(beforeFirst.Cites[0]);
            }
        }
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
                ParameterShape.Table when p.ByRange => BindRanges(v, type, keyType, citation),
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
                Invalid(v.Span, Msg.Of("param.keys_missing", ("name", _syntax.Name), ("from", Day(v.From)), ("missing", missing), ("enum", enumModel.Name)));
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

    /// <summary>
    /// A table keyed by ranges: each bracket's bounds, as written, delimit its range (no lower bound: unbounded below; no
    /// upper bound: unbounded above). Ranges may leave gaps (a key in a gap has no value) but must not overlap (PR0113).
    /// </summary>
    private ParameterValueModel? BindRanges(ParameterValueSyntax v, RuleType type, RuleType? keyType, CitationModel? citation)
    {
        if (keyType is null || keyType.IsBad) return null;
        var ranges = new List<ParameterRange>();
        var entries = new List<object?>();
        var good = citation is not null;
        foreach (var bracket in v.Brackets)
        {
            var value = Constant(bracket.Value, type, out var ok);
            var lowers = bracket.Bounds.Where(b => b.Lower).ToList();
            var uppers = bracket.Bounds.Where(b => !b.Lower).ToList();
            if (lowers.Count > 1 || uppers.Count > 1)
            {
                Invalid(bracket.Span, Msg.Of("param.range_bounds"));
                good = false;
                continue;
            }
            var lower = lowers.FirstOrDefault();
            var upper = uppers.FirstOrDefault();
            var range = new ParameterRange(lower?.Amount, lower?.Includes ?? false, upper?.Amount, upper?.Includes ?? false,
                string.Join(" ", bracket.Bounds.Select(b => b.Word is "以上" or "以下" ? $"{b.Amount} {b.Word}" : $"{b.Word} {b.Amount}")));
            if (lower is not null && upper is not null && (lower.Amount > upper.Amount || lower.Amount == upper.Amount && !(lower.Includes && upper.Includes)))
            {
                Invalid(bracket.Span, Msg.Of("param.range_empty", ("range", range.Text), ("name", _syntax.Name)));
                good = false;
                continue;
            }
            var overlapped = ranges.FirstOrDefault(r => Overlap(r, range));
            if (overlapped is not null)
            {
                Invalid(bracket.Span, Msg.Of("param.range_overlap", ("range", range.Text), ("name", _syntax.Name), ("other", overlapped.Text), ("from", Day(v.From))),
                    Msg.Of("hint.range_overlap"));
                good = false;
                continue;
            }
            if (!ok) { good = false; continue; }
            ranges.Add(range);
            entries.Add(value);
        }
        return good ? new ParameterValueModel(v.From, citation!, null, ranges, entries, [], v.Span) : null;
    }

    /// <summary>Whether some key lies in both ranges.</summary>
    private static bool Overlap(ParameterRange a, ParameterRange b)
    {
        // The higher of the lower ends against the lower of the upper ends (null: unbounded).
        var (lo, loIn) = a.Lower is null ? (b.Lower, b.LowerIncludes) : b.Lower is null ? (a.Lower, a.LowerIncludes)
            : a.Lower > b.Lower ? (a.Lower, a.LowerIncludes) : b.Lower > a.Lower ? (b.Lower, b.LowerIncludes) : (a.Lower, a.LowerIncludes && b.LowerIncludes);
        var (hi, hiIn) = a.Upper is null ? (b.Upper, b.UpperIncludes) : b.Upper is null ? (a.Upper, a.UpperIncludes)
            : a.Upper < b.Upper ? (a.Upper, a.UpperIncludes) : b.Upper < a.Upper ? (b.Upper, b.UpperIncludes) : (a.Upper, a.UpperIncludes && b.UpperIncludes);
        if (lo is null || hi is null) return true;
        return lo < hi || lo == hi && loIn && hiIn;
    }
}
