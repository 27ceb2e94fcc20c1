using System.Globalization;
using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>The interpreter's answers for generated rows, and the comparison with a SQL result.</summary>
public static class Reference
{
    /// <summary>Evaluates a row as <c>eval</c> does with a JSON object: each input as text, a missing value as empty text.</summary>
    public static EvaluationResult Evaluate(ModuleModel module, Dictionary<string, object?> row, DateOnly? at = null, RulePackage? package = null) =>
        (package ?? TestPackage.Package).Evaluate(module, at ?? (DateOnly)row["at"]!, Inputs(module, row));

    /// <summary>
    /// The row's inputs as JSON strings (a list as an array of them), which the interpreter reads with
    /// <c>InputConverter.FromText</c>: empty text is none, or invalid_input for a required input, a text input included,
    /// as the SQL reads it. (A plain C# string would be taken as it is, and so does <c>run</c> with a blank cell for a
    /// required text input: there the interpreter and the SQL differ.)
    /// </summary>
    private static Dictionary<string, object?> Inputs(ModuleModel module, Dictionary<string, object?> row)
    {
        var inputs = new Dictionary<string, object?>();
        foreach (var input in module.Inputs) inputs[input.Name] = System.Text.Json.JsonSerializer.SerializeToElement(Json(row[input.Name]));
        return inputs;
    }

    /// <summary>A value as JSON: text, a list an array, a record an object (an item or field that is none is null).</summary>
    private static object? Json(object? v) => v switch
    {
        RecordValue r => r.Fields.ToDictionary(f => f.Key, f => f.Value is null ? null : Json(f.Value)),
        List<object?> list => list.Select(x => x is null ? null : Json(x)).ToArray(),
        _ => Text(v),
    };

    private static string Text(object? v) => v switch
    {
        null => "",
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        string s => s,
        _ => throw new InvalidOperationException($"no text for {v}"),
    };

    /// <summary>A value in one canonical text, whichever side it came from (25 and 25.0000000000 are the same).</summary>
    public static string Canonical(object? v) => v switch
    {
        null => "none",
        Money m => Canonical(m.Amount),
        Rate r => Canonical(r.Value),
        decimal d => d == 0 ? "0" : d.ToString("0.############################", CultureInfo.InvariantCulture),
        int or long or System.Numerics.BigInteger => Convert.ToString(v, CultureInfo.InvariantCulture)!,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Canonical)) + "]",
        _ => v.ToString() ?? "",
    };

    /// <summary>
    /// The one documented difference: a definition whose exact value does not fit the SQL decimal, DECIMAL(38,10), is an
    /// evaluation_error in SQL (never rounded), where the interpreter's C# decimal holds it. Accepted only when the
    /// interpreter's own value of that definition (from its trace) indeed has more than 10 decimals or 29 digits. A quotient
    /// that does not end within 10 decimals is the same case: accepted when the interpreter's trace holds such a value.
    /// </summary>
    public static bool OutsideSqlDecimal(ModuleModel module, Dictionary<string, object?> row, SqlRow actual, DateOnly? at, RulePackage? package = null)
    {
        if (actual.ErrorCode != ErrorCodes.EvaluationFailed || actual.ErrorMessage is not { } message)
            return false;
        // DuckDB holds a value computed from a quotient as DECIMAL(38,28), below 10^10: the row's values must reach that
        // order in the interpreter (a sum of 10^10 or more halved, so 10^9 is the bound looked for).
        if (message.Contains("DuckDB's type for a value computed from a quotient", StringComparison.Ordinal))
            return Trace(module, row, at, package).Any(t => Number(t.Value) is { } x && Math.Abs(x) >= 1_000_000_000m)
                   || row.Values.Any(v => v is decimal d && Math.Abs(d) >= 1_000_000_000m || v is int i && Math.Abs((long)i) >= 1_000_000_000);
        if (!message.Contains("(38,10) (28 digits before the point", StringComparison.Ordinal))
            return false;
        var trace = Trace(module, row, at, package);
        var quoted = message.Split('\'');
        if (quoted.Length < 2) return false;
        var name = quoted[1];
        var value = trace.LastOrDefault(t => t.Name == name)?.Value;
        // A list: one of its items does not fit.
        var numbers = value is System.Collections.IEnumerable list and not string ? list.Cast<object?>().Select(Number) : [Number(value)];
        return numbers.Any(n => n is { } d && (Math.Abs(d) >= 10000000000000000000000000000m || d != Math.Round(d, 10)));
    }

    private static IReadOnlyList<TraceStep> Trace(ModuleModel module, Dictionary<string, object?> row, DateOnly? at, RulePackage? package) =>
        (package ?? TestPackage.Package).Evaluate(module, at ?? (DateOnly)row["at"]!, Inputs(module, row), explain: true).Trace;

    private static decimal? Number(object? value) => value switch { Money m => m.Amount, Rate r => r.Value, decimal x => x, _ => null };

    /// <summary>The differences between the interpreter and the SQL rows (empty when they agree on every code, error field and value).</summary>
    public static List<string> Differences(ModuleModel module, IReadOnlyList<Dictionary<string, object?>> rows, IReadOnlyList<SqlRow> sql, DateOnly? at = null,
        RulePackage? package = null)
    {
        var differences = new List<string>();
        if (sql.Count != rows.Count) differences.Add($"{rows.Count} rows in, {sql.Count} rows out");
        for (var k = 0; k < Math.Min(rows.Count, sql.Count); k++)
        {
            var expected = Evaluate(module, rows[k], at, package);
            var actual = sql[k];
            var row = string.Join(", ", rows[k].Select(p => $"{p.Key}={Canonical(p.Value)}"));
            if (expected.Error?.Code != actual.ErrorCode && !OutsideSqlDecimal(module, rows[k], actual, at, package))
            {
                differences.Add($"row {k} ({row}): interpreter {expected.Error?.Code ?? "ok"} ({expected.Error?.Message}), SQL {actual.ErrorCode ?? "ok"} ({actual.ErrorMessage})");
                continue;
            }
            // The field at fault, as the interpreter names it (boxes[1].size, not boxes), wherever both fail alike.
            if (expected.Error is not null && expected.Error.Code == actual.ErrorCode && expected.Error.Field != actual.ErrorField)
                differences.Add($"row {k} ({row}): {actual.ErrorCode} field interpreter {expected.Error.Field ?? "none"}, SQL {actual.ErrorField ?? "none"}");
            if (expected.Error is not null || actual.ErrorCode is not null) continue;
            foreach (var (name, value) in expected.Outputs)
            {
                var want = Canonical(value);
                var got = Canonical(actual.Outputs[name]);
                if (want != got) differences.Add($"row {k} ({row}): {name} interpreter {want}, SQL {got}");
            }
        }
        return differences;
    }
}
