using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using Xunit;

namespace PolicyRules.TestSupport;

/// <summary>The compiled bulk path compared with the interpreter, row by row (shared by the bulk tests and the differential harness).</summary>
public static class BulkAgreement
{
    /// <summary>A value's text as <see cref="ValueText"/> writes it.</summary>
    public static string Text(object? value) => ValueText.Format(value);

    public static BulkBatch Fill(CompiledModule compiled, IReadOnlyList<InputRow> rows, bool fixedAt = false)
    {
        var batch = compiled.CreateBatch(rows.Count);
        batch.Count = rows.Count;
        if (fixedAt) batch.FixedAt = rows[0].At;
        for (var r = 0; r < rows.Count; r++)
        {
            batch.At[r] = fixedAt ? default : rows[r].At;
            for (var k = 0; k < compiled.Inputs.Count; k++) compiled.SetInput(batch, r, k, rows[r].Values[k]);
        }
        return batch;
    }

    /// <summary>
    /// Row by row: where the interpreter succeeds, the compiled code alone succeeds with equal outputs (same value,
    /// same text); where it fails, the compiled code alone hands the row over, and the engine then reports the
    /// interpreter's error (code, message, field). <paramref name="expected"/> are the interpreter's answers when
    /// the caller has them already.
    /// </summary>
    public static void AssertSameAsInterpreter(CompiledModule compiled, IReadOnlyList<InputRow> rows, bool fixedAt = false,
        IReadOnlyList<EvaluationResult>? expected = null)
    {
        var batch = Fill(compiled, rows, fixedAt);
        Assert.True(compiled.RunCompiledOnly(batch, 0, rows.Count));
        expected ??= rows.Select(r => compiled.Package.Evaluate(compiled.Module, r.At, r.ToDictionary(compiled.Module))).ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var want = expected[r];
            var status = batch.StatusOf(r);
            var context = $"{compiled.Module.Name}, row {rows[r]}";
            if (want.Succeeded)
            {
                Assert.True(status == RowStatus.Ok, $"{context}: the interpreter succeeds, the compiled code says {status}");
                for (var k = 0; k < compiled.Outputs.Count; k++)
                {
                    var got = batch.OutputValue(r, k);
                    var value = want.Outputs[k].Value;
                    Assert.True(PolicyRules.Rules.RuleOps.AreEqual(value, got) && Text(value) == Text(got),
                        $"{context}: {compiled.Outputs[k].Name} is {Text(value)} by the interpreter, {Text(got)} compiled");
                    Assert.Equal(BulkTypes.FromInterpreter(value, compiled.Outputs[k].Type)?.GetType(), got?.GetType());
                }
            }
            else
            {
                Assert.True(status == RowStatus.Fallback, $"{context}: the interpreter fails ({want.Error!.Code}: {want.Error.Message}), the compiled code says {status}");
            }
        }
        compiled.Evaluate(batch);
        for (var r = 0; r < rows.Count; r++)
        {
            var want = expected[r].Error;
            var got = batch.StatusOf(r) == RowStatus.Error ? batch.Errors[r] : null;
            var context = $"{compiled.Module.Name}, row {rows[r]}";
            Assert.True((want?.Code, want?.Message, want?.Field) == (got?.Code, got?.Message, got?.Field),
                $"{context}: the interpreter says {want?.Code} '{want?.Message}' ({want?.Field}), the bulk engine {got?.Code} '{got?.Message}' ({got?.Field})");
        }
    }
}
