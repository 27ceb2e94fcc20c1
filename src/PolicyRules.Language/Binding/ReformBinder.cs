using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
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
            diagnostics.Error(DiagnosticIds.InvalidReform, reform.Span, Msg.Of("reform.no_draft", ("name", reform.Name)), Msg.Of("hint.declare_draft"));
        var drafts = new List<DocumentModel>();
        foreach (var d in reform.Drafts)
        {
            if ((package.FindDocument(d.Name) ?? package.FindDocument(d.Number)) is { } same)
            {
                diagnostics.Error(DiagnosticIds.DuplicateName, d.Span, Msg.Of("reform.draft_in_registry",
                    ("name", d.Name), ("number", d.Number), ("alias", same.Alias), ("registered", same.Number), ("at", same.Span.ToString())));
                continue;
            }
            foreach (var repeal in d.Repeals)
                diagnostics.Error(DiagnosticIds.InvalidReform, repeal.Span, Msg.Of("reform.draft_repeals", ("name", d.Name), ("document", repeal.Document)),
                    Msg.Of("hint.draft_without_repeals"));
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
                    diagnostics.Error(DiagnosticIds.UnknownName, v.NameSpan, Msg.Of("reform.no_parameter", ("name", v.Parameter)),
                        NameSuggester.DidYouMeanMsg(v.Parameter, package.Parameters.Select(p => p.Name)));
                continue;
            }
            var good = true;
            var shape = parameter.Shape switch { ParameterShape.Table => "table", ParameterShape.Scale => "scale", _ => "value" };
            foreach (var v in group.Where(v => v.Shape != shape))
            {
                good = false;
                diagnostics.Error(DiagnosticIds.InvalidReform, v.Value.Span,
                    Msg.Of("reform.other_shape", ("name", parameter.Name), ("shape", Describe(parameter)), ("written", Shape(v.Shape))),
                    Msg.Of(shape switch { "table" => "hint.write_table", "scale" => "hint.write_scale", _ => "hint.write_constant" }));
            }
            foreach (var v in group)
                foreach (var cite in v.Value.Cites)
                    if (package.FindDocument(cite.Document) is { DraftOf: null } law)
                    {
                        good = false;
                        diagnostics.Error(DiagnosticIds.InvalidReform, cite.Span,
                            Msg.Of("reform.cites_law", ("number", law.Number)),
                            drafts.Count > 0 ? Msg.Of("hint.cite_draft", ("drafts", Either(drafts.Select(x => x.Alias)))) : Msg.Of("hint.declare_and_cite_draft"));
                    }
            var first = group.Min(v => v.Value.From);
            if (parameter.Values.Count > 0 && first <= parameter.Values[0].From)
            {
                good = false;
                diagnostics.Error(DiagnosticIds.InvalidReform, group.First(v => v.Value.From == first).Value.Span,
                    Msg.Of("reform.not_after_first", ("name", parameter.Name), ("from", Day(first)),
                        ("first", Day(parameter.Values[0].From)), ("citation", parameter.Values[0].Citation.ToString())),
                    Msg.Of("hint.reform_later_date"));
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

    private static Msg Describe(ParameterModel p) => p.Shape switch
    {
        ParameterShape.Table => Msg.Of("reform.shape_table_by", ("key", p.KeyType?.ToString() ?? "")),
        ParameterShape.Scale => Msg.Of("reform.shape_scale"),
        _ => Msg.Of("reform.shape_value"),
    };

    private static Msg Shape(string shape) => Msg.Of(shape switch { "table" => "reform.shape_table", "scale" => "reform.shape_scale", _ => "reform.shape_value" });

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"a or b or c", in the language it is shown in.</summary>
    private static object Either(IEnumerable<string> names) =>
        names.Skip(1).Aggregate((object)names.First(), (either, name) => Msg.Of("expect.or", ("a", either), ("b", name)));
}
