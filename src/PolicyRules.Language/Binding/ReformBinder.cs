using System;
using System.Collections.Generic;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Language.Syntax;

namespace PolicyRules.Language.Binding;

/// <summary>
/// Applies a reform to a checked package: its drafts join the registry (marked <see cref="DocumentModel.DraftOf"/>), and
/// each overridden parameter keeps its values before the reform's first date and takes the reform's from then on. The
/// reform's values are checked as the parameter's own are (type, keys, citation: <see cref="ParameterBinder"/>), and
/// each must be written in the parameter's form, cite a draft of this reform and start after the parameter's first value
/// (PR0114). Nothing is replaced when the reform has errors.
/// </summary>
internal static class ReformBinder
{
    public static void Apply(PackageModel package, IReadOnlyList<RuleFileSyntax> rules, ReformSyntax reform, string path, DiagnosticBag diagnostics)
    {
        var binder = new Binder(diagnostics, package);
        var errorsBefore = diagnostics.Items.Count(d => d.IsError);
        if (reform.Drafts.Count == 0)
            diagnostics.Error(DiagnosticIds.InvalidReform, reform.Span, $"reform '{reform.Name}' declares no draft document",
                "declare the draft it comes from: 'draft ALIAS \"NUMBER\" { title \"…\" issued YYYY-MM-DD § 一 \"…\" }' (草案)");
        var drafts = new List<DocumentModel>();
        foreach (var d in reform.Drafts)
        {
            if ((package.FindDocument(d.Name) ?? package.FindDocument(d.Number)) is { } same)
            {
                diagnostics.Error(DiagnosticIds.DuplicateName, d.Span, $"draft '{d.Name}' ({d.Number}) is already in the registry as '{same.Alias}' ({same.Number}) at {same.Span}");
                continue;
            }
            foreach (var repeal in d.Repeals)
                diagnostics.Error(DiagnosticIds.InvalidReform, repeal.Span, $"draft '{d.Name}' repeals {repeal.Document}: a draft repeals nothing until it is adopted",
                    "leave 'repeals' out of the draft; a reform changes parameter values only");
            var model = binder.BindDocument(d);
            model.DraftOf = reform.Name;
            package.AddDocument(model);
            drafts.Add(model);
        }

        var declarations = rules.SelectMany(f => f.Declarations).OfType<ParameterSyntax>().ToList();
        var replacements = new List<(ParameterModel Parameter, DateTime From, IReadOnlyList<ParameterValueModel> Values)>();
        foreach (var group in reform.Values.GroupBy(v => v.Parameter))
        {
            var parameter = package.FindParameter(group.Key);
            var declaration = declarations.FirstOrDefault(p => p.Name == group.Key);
            if (parameter is null || declaration is null)
            {
                foreach (var v in group)
                    diagnostics.Error(DiagnosticIds.UnknownName, v.NameSpan, $"the package has no parameter '{v.Parameter}'",
                        NameSuggester.DidYouMean(v.Parameter, package.Parameters.Select(p => p.Name)));
                continue;
            }
            var good = true;
            var shape = parameter.Shape switch { ParameterShape.Table => "table", ParameterShape.Scale => "scale", _ => "value" };
            foreach (var v in group.Where(v => v.Shape != shape))
            {
                good = false;
                diagnostics.Error(DiagnosticIds.InvalidReform, v.Value.Span,
                    $"parameter '{parameter.Name}' is {Describe(parameter)}, but this value is written as {Article(v.Shape)}",
                    shape switch { "table" => "write '{ KEY => VALUE, … }'", "scale" => "write its brackets '{ 不满 X => RATE, X 以上 => RATE }'", _ => "write one constant" });
            }
            foreach (var v in group)
                foreach (var cite in v.Value.Cites)
                    if (package.FindDocument(cite.Document) is { DraftOf: null } law)
                    {
                        good = false;
                        diagnostics.Error(DiagnosticIds.InvalidReform, cite.Span,
                            $"a reform's value cites the draft it comes from, not {law.Number}, which is the law in force",
                            drafts.Count > 0 ? $"cite {string.Join(" or ", drafts.Select(x => x.Alias))} §…" : "declare the draft with 'draft ALIAS \"NUMBER\" { … }' and cite it");
                    }
            var first = group.Min(v => v.Value.From);
            if (parameter.Values.Count > 0 && first <= parameter.Values[0].From)
            {
                good = false;
                diagnostics.Error(DiagnosticIds.InvalidReform, group.First(v => v.Value.From == first).Value.Span,
                    $"the reform's value of '{parameter.Name}' from {first:yyyy-MM-dd} is not after the parameter's first value, from {parameter.Values[0].From:yyyy-MM-dd} by {parameter.Values[0].Citation}",
                    "a reform changes a value in force from a later date");
            }
            var errors = diagnostics.Items.Count(d => d.IsError);
            var bound = new ParameterBinder(binder, declaration with { Values = group.Select(v => v.Value).ToList(), Span = group.First().Value.Span }).Bind();
            if (!good || diagnostics.Items.Count(d => d.IsError) > errors) continue;
            replacements.Add((parameter, first, bound.Values));
        }

        if (diagnostics.Items.Count(d => d.IsError) > errorsBefore) return;
        foreach (var (parameter, from, values) in replacements)
            parameter.ReplaceValues(parameter.Values.Where(v => v.From < from).Concat(values).ToList());
        package.Reform = new ReformModel(reform.Name, reform.Title, reform.Note, path);
    }

    private static string Describe(ParameterModel p) => p.Shape switch
    {
        ParameterShape.Table => $"a table by {p.KeyType}",
        ParameterShape.Scale => "a scale",
        _ => "one value",
    };

    private static string Article(string shape) => shape switch { "table" => "a table", "scale" => "a scale", _ => "one value" };
}
