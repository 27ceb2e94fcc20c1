using System.Reflection;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;
using PolicyRules.Rules;
using PolicyRules.TestSupport;

namespace PolicyRules.Analyzers.Tests.Differential;

/// <summary>
/// A generated module against the interpreter's answers on the same rows: the same outputs, the same error (code,
/// message, field, citations), the same explanation trace step by step and the same explanation text; and
/// <c>Evaluate</c> without the trace and <c>TryEvaluate</c> answer the same again.
/// </summary>
internal static class GeneratedAgreement
{
    public static void Check(ModuleModel module, Type type, IReadOnlyList<InputRow> rows, IReadOnlyList<EvaluationResult> expected)
    {
        var inputType = type.GetNestedType("Input")!;
        var evaluate = type.GetMethod("Evaluate", BindingFlags.Public | BindingFlags.Static)!;
        var tryEvaluate = type.GetMethod("TryEvaluate", BindingFlags.Public | BindingFlags.Static, [inputType, typeof(DateOnly), type.GetNestedType("OutputValues")!.MakeByRefType(), typeof(RuleError).MakeByRefType()])!;
        // A total module's overload over the inputs as values, in the Input record's order.
        var overValues = type.GetMethods(BindingFlags.Public | BindingFlags.Static).SingleOrDefault(m => m.Name == "TryEvaluate" && m != tryEvaluate);
        var toOutput = type.GetNestedType("OutputValues")!.GetMethod("ToOutput")!;

        for (var i = 0; i < rows.Count; i++)
        {
            var at = rows[i].At;
            var typedInput = Typed.Create(inputType, rows[i].ToDictionary(module));
            var context = $"{module.Name}, row {rows[i]}";
            var actual = Invoke(evaluate, [typedInput, at, true], context);
            Compare(expected[i], actual, context);

            // Without the trace the generated module answers the same.
            var quiet = Invoke(evaluate, [typedInput, at, false], context);
            Assert.Equal(actual.Error?.Message, quiet.Error?.Message);
            Assert.Empty(quiet.Trace);

            // TryEvaluate (no explanation, outputs as a value) answers the same again.
            object?[] args = [typedInput, at, null, null];
            var ok = (bool)tryEvaluate.Invoke(null, args)!;
            Assert.Equal(quiet.Succeeded, ok);
            if (ok)
            {
                Assert.Null(args[3]);
                Assert.Equal(quiet.OutputObject, toOutput.Invoke(args[2], null));
            }
            else
            {
                var error = (RuleError)args[3]!;
                Assert.Equal((quiet.Error!.Code, quiet.Error.Message, quiet.Error.Field), (error.Code, error.Message, error.Field));
                Assert.Equal(quiet.Error.Citations.Select(c => $"{c} {c.Quote}"), error.Citations.Select(c => $"{c} {c.Quote}"));
            }

            // The overload over values answers what TryEvaluate over the record answers.
            if (overValues is not null)
            {
                object?[] valueArgs = [.. ((IRuleFields)typedInput).GetFields().Select(f => f.Value), at, null, null];
                Assert.Equal(ok, (bool)overValues.Invoke(null, valueArgs)!);
                Assert.Equal(args[2], valueArgs[^2]);
                var (expectedError, actualError) = ((RuleError?)args[3], (RuleError?)valueArgs[^1]);
                Assert.Equal((expectedError?.Code, expectedError?.Message, expectedError?.Field), (actualError?.Code, actualError?.Message, actualError?.Field));
            }
        }
    }

    private static RuleResult Invoke(MethodInfo evaluate, object?[] args, string context)
    {
        try
        {
            return (RuleResult)evaluate.Invoke(null, args)!;
        }
        catch (TargetInvocationException e)
        {
            throw new Xunit.Sdk.XunitException($"{context}: the generated module threw {e.InnerException}");
        }
    }

    public static void Compare(EvaluationResult expected, RuleResult actual, string context)
    {
        Assert.True(expected.Error?.Code == actual.Error?.Code, $"{context}: error {expected.Error?.Code} vs {actual.Error?.Code} ({expected.Error?.Message} | {actual.Error?.Message})");
        if (expected.Error is { } e)
        {
            Assert.True(e.Message == actual.Error!.Message, $"{context}: the interpreter says '{e.Message}', the generated module '{actual.Error.Message}'");
            // And in Chinese, where a list in the message (a conflict's citations too) is joined as the language joins it.
            var zh = actual.Error.Text?.Render(Lang.Zh) ?? actual.Error.Message;
            Assert.True(e.MessageIn(Lang.Zh) == zh, $"{context}: in Chinese the interpreter says '{e.MessageIn(Lang.Zh)}', the generated module '{zh}'");
            Assert.Equal(e.Field, actual.Error.Field);
            Assert.Equal((e.Citations ?? []).Select(c => $"{c} {c.Quote}"), actual.Error.Citations.Select(c => $"{c} {c.Quote}"));
        }
        else
        {
            var outputs = ((IRuleFields)actual.OutputObject!).GetFields().ToList();
            Assert.Equal(expected.Outputs.Select(o => o.Key), outputs.Select(o => o.Key));
            foreach (var (o, typed) in expected.Outputs.Zip(outputs))
                Assert.True(PolicyRules.Rules.RuleOps.AreEqual(o.Value, RuleValue.ToInterpreterValue(typed.Value)),
                    $"{context}: output {o.Key} = {BulkAgreement.Text(o.Value)} vs {BulkAgreement.Text(RuleValue.ToInterpreterValue(typed.Value))}");
        }

        Assert.Equal(expected.Trace.Count, actual.Trace.Count);
        foreach (var (x, y) in expected.Trace.Zip(actual.Trace))
        {
            Assert.Equal((x.Name, x.Label, x.Kind, x.Rule, x.Note, x.Span.ToString()), (y.Name, y.Label, y.Kind, y.Rule, y.Note, y.Source));
            Assert.True(PolicyRules.Rules.RuleOps.AreEqual(x.Value, RuleValue.ToInterpreterValue(y.Value)), $"{context}: {x.Name} = {BulkAgreement.Text(x.Value)} vs {y.ValueText}");
            Assert.Equal(x.Citations.Select(c => $"{c} {c.Quote}"), y.Citations.Select(c => $"{c} {c.Quote}"));
            // The same rule or branch, so the explanations agree because the back ends took the same way, not by chance.
            Assert.True(x.Kind == TraceKind.Input || x.How is not null, $"{context}: {x.Name} has no derivation");
            Assert.True(Describe(x.How) == Describe(y.How), $"{context}: {x.Name} derived as {Describe(x.How)} vs {Describe(y.How)}");
        }
        Assert.Equal(ExplanationText.Write(expected), actual.Explain());
        Assert.Equal(ExplanationText.Write(expected, language: "zh"), actual.Explain(language: "zh"));
    }

    private static string Describe(PolicyRules.Language.Core.Derivation? how) => how is null ? "none"
        : $"rule {how.Rule} of {how.ExceptionOf}, branch {how.IsBranch}, test {how.IsTest}, "
          + string.Concat(how.Conditions.Select(c => $"[{c.Text} {c.Holds}]")) + " => " + how.Formula;
}

/// <summary>Builds the generated input types from rule-language values, by reflection.</summary>
internal static class Typed
{
    public static object Create(Type type, IReadOnlyDictionary<string, object?> fields)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties())
        {
            var name = property.GetCustomAttribute<RuleNameAttribute>()?.Name;
            if (name is null || !fields.TryGetValue(name, out var value)) continue;
            property.SetValue(instance, Convert(value, property.PropertyType));
        }
        return instance;
    }

    private static object? Convert(object? value, Type type)
    {
        if (value is null) return null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
            return underlying.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Single(f => f.GetCustomAttribute<RuleNameAttribute>()!.Name == (string)value).GetValue(null);
        if (value is RecordValue record) return Create(underlying, record.Fields);
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = underlying.GetGenericArguments()[0];
            var items = ((IEnumerable<object?>)value).Select(x => Convert(x, element)).ToList();
            var array = Array.CreateInstance(element, items.Count);
            for (var i = 0; i < items.Count; i++) array.SetValue(items[i], i);
            return array;
        }
        if (underlying == typeof(decimal) && value is int n) return (decimal)n;
        return value;
    }
}
