using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Server.Api;

/// <summary>
/// "Copy as scenario": a question and the answer the rules gave, written as a scenario block with Chinese keywords
/// that <c>policyrules test</c> accepts unchanged (docs/scenarios.md). Inputs and outputs are named by their labels,
/// money in 元, rates in %, enum members by name.
/// </summary>
internal static class ScenarioText
{
    private static readonly Dictionary<string, string> ErrorWords = new()
    {
        [ErrorCodes.NotInForce] = "不在施行期",
        [ErrorCodes.InvalidInput] = "输入无效",
        [ErrorCodes.NotDeterminable] = "无法确定",
        [ErrorCodes.Conflict] = "规则冲突",
        [ErrorCodes.NoRuleApplies] = "无规则适用",
        [ErrorCodes.EvaluationFailed] = "计算错误",
    };

    /// <summary>The question and its answer as a scenario block with Chinese keywords, which <c>policyrules test</c> accepts.</summary>
    /// <param name="package">The package the module belongs to (for enum labels).</param>
    /// <param name="module">The module asked.</param>
    /// <param name="at">The evaluation date.</param>
    /// <param name="inputs">The inputs as converted for the module, by input name.</param>
    /// <param name="result">The answer, outputs or error, that the scenario expects.</param>
    public static string Write(PackageModel package, ModuleModel module, DateOnly at, IReadOnlyDictionary<string, object?> inputs, EvaluationResult result)
    {
        var sb = new StringBuilder();
        var name = $"{module.Label ?? module.Name}：{at:yyyy-MM-dd} 的算例";
        sb.Append("场景 \"").Append(Escape(name)).Append("\"\n");
        sb.Append("  模块 ").Append(module.Name).Append('\n');
        sb.Append("  日期 ").Append(at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        IReadOnlyList<CitationModel> citations = module.Outputs.SelectMany(o => o.AllCitations).Distinct().ToList();
        if (citations.Count == 0) citations = module.ModuleCitations;
        sb.Append("  依据 ").Append(string.Join("、", citations.Select(c => c.Section is null ? c.Document.Alias : $"{c.Document.Alias} §{c.Section}"))).Append('\n');
        sb.Append("  已知\n");
        foreach (var input in module.Inputs.Where(i => inputs.ContainsKey(i.Name)))
            sb.Append("    ").Append(Name(input.Name, input.Label, module.FindInput)).Append(" = ").Append(Value(inputs[input.Name], input.Type, package)).Append('\n');
        sb.Append("  预期\n");
        if (result.Error is { } error)
            sb.Append("    ").Append(ErrorWords.TryGetValue(error.Code, out var word) ? word : error.Code).Append('\n');
        else
            foreach (var (output, value) in result.Outputs)
            {
                var d = module.FindDefinition(output)!;
                sb.Append("    ").Append(Name(d.Name, d.Label, module.FindDefinition)).Append(" = ").Append(Value(value, d.Type, package)).Append('\n');
            }
        return sb.ToString();
    }

    /// <summary>The label, unless the label would find something else (a label that is another's name).</summary>
    private static string Name<T>(string name, string? label, Func<string, T?> find) where T : class =>
        label is not null && ReferenceEquals(find(label), find(name)) && !label.Contains(' ') ? label : name;

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    public static string Value(object? value, RuleType type, PackageModel package) => value switch
    {
        null => "无",
        bool b => b ? "是" : "否",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => ValueText.Format(d),
        Money m => ValueText.Format(m.Amount) + " 元",
        Rate r => ValueText.Format(r.Value * 100m) + "%",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        string s when type.Kind == TypeKind.Enum => s,
        string s => "\"" + Escape(s) + "\"",
        RecordValue r => "{" + string.Join(", ", r.Fields.Select(f => $"{f.Key}: {Value(f.Value, package.FindRecord(r.Record)?.Find(f.Key)?.Type ?? RuleType.String, package)}")) + "}",
        IEnumerable<object?> list => "[" + string.Join(", ", list.Select(x => Value(x, type.Element ?? type, package))) + "]",
        _ => ValueText.Format(value),
    };
}
