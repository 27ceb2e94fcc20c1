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
    public static List<string> Problems(ModuleModel module, IReadOnlyList<string> columns, bool fixedAt, bool outputsBeside)
    {
        var names = columns.Select(c => c.Trim()).ToList();
        var problems = new List<string>();
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            problems.Add($"input '{structured.Name}' of '{module.Name}' is a {structured.Type}, which a CSV cell cannot hold; use 'policyrules eval --batch' with JSON lines");
        var missing = new List<string>();
        foreach (var input in module.Inputs)
        {
            var byName = names.IndexOf(input.Name);
            var byLabel = input.Label is null ? -1 : names.IndexOf(input.Label);
            if (byName >= 0 && byLabel >= 0)
                problems.Add($"columns '{input.Name}' and '{input.Label}' both give input {input.Name} (by its name and by its label); keep one");
            else if (byName < 0 && byLabel < 0 && !input.Type.Optional)
                missing.Add(input.Label is null ? input.Name : $"{input.Name} ({input.Label})");
        }
        var hasAt = names.Contains("at");
        if (!fixedAt && !hasAt) missing.Add("at (or give --at)");
        if (missing.Count > 0)
            problems.Add($"it lacks the column(s) {string.Join(", ", missing)} that module '{module.Name}' needs; its columns are {string.Join(", ", names.Select(n => $"'{n}'"))}");
        if (fixedAt && hasAt)
            problems.Add("it has an 'at' column and --at is given too; drop the column or the option, so that each row's date is the one its output shows");
        if (outputsBeside)
            foreach (var output in module.Outputs)
                if (names.Contains(output.Name))
                    problems.Add($"its column '{output.Name}' has the name of an output of '{module.Name}', which would overwrite it in the output file; rename the column");
        return problems;
    }
}
