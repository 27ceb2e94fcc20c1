using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Bulk;

/// <summary>
/// How the header of a CSV input maps onto a module's inputs, and what in it cannot be trusted: a required input
/// with no column, an input given twice (by its name and by its label), an <c>at</c> column and a fixed date both, a
/// column an output would overwrite. Each is refused before any row is read, rather than one of them silently winning.
/// </summary>
internal static class CsvColumns
{
    /// <summary>The column of each input (by name or by label, surrounding spaces ignored), -1 when the CSV has none.</summary>
    public static int[] InputIndexes(ModuleModel module, IReadOnlyList<string> columns)
    {
        var names = columns.Select(c => c.Trim()).ToList();
        var result = new int[module.Inputs.Count];
        foreach (var input in module.Inputs)
        {
            var index = names.IndexOf(input.Name);
            if (index < 0 && input.Label is not null) index = names.IndexOf(input.Label);
            result[input.Index] = index;
        }
        return result;
    }

    /// <summary>
    /// Everything wrong with the header <paramref name="columns"/> for a run of <paramref name="module"/>, one sentence
    /// each; empty when it can run. <paramref name="fixedAt"/>: the date is given on the command line (<c>--at</c>);
    /// <paramref name="outputsBeside"/>: the output file holds the input columns beside the outputs (<c>run</c>).
    /// </summary>
    public static List<Msg> Problems(ModuleModel module, IReadOnlyList<string> columns, bool fixedAt, bool outputsBeside)
    {
        var names = columns.Select(c => c.Trim()).ToList();
        var problems = new List<Msg>();
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            problems.Add(Msg.Of("csv.structured_input", ("input", structured.Name), ("module", module.Name), ("type", structured.Type.ToString())));
        var missing = new List<object>();
        foreach (var input in module.Inputs)
        {
            var byName = names.IndexOf(input.Name);
            var byLabel = input.Label is null ? -1 : names.IndexOf(input.Label);
            if (byName >= 0 && byLabel >= 0)
                problems.Add(Msg.Of("csv.input_twice", ("name", input.Name), ("label", input.Label)));
            else if (byName < 0 && byLabel < 0 && !input.Type.Optional)
                missing.Add(input.Label is null ? input.Name : Msg.Of("csv.input_and_label", ("name", input.Name), ("label", input.Label)));
        }
        var hasAt = names.Contains("at");
        if (!fixedAt && !hasAt) missing.Add(Msg.Of("csv.at_or_option"));
        if (missing.Count > 0)
            problems.Add(Msg.Of("csv.missing_columns", ("missing", missing), ("module", module.Name), ("columns", names.Select(n => Msg.Of("csv.column_name", ("name", n))).ToList())));
        if (fixedAt && hasAt)
            problems.Add(Msg.Of("csv.at_and_option"));
        if (outputsBeside)
            foreach (var output in module.Outputs)
                if (names.Contains(output.Name))
                    problems.Add(Msg.Of("csv.output_column", ("column", output.Name), ("module", module.Name)));
        return problems;
    }
}
