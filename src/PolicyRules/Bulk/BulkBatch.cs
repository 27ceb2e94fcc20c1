using PolicyRules.Evaluation;
using PolicyRules.Language.Model;

namespace PolicyRules.Bulk;

/// <summary>What became of a row of a <see cref="BulkBatch"/>.</summary>
public enum RowStatus : byte
{
    /// <summary>Not evaluated yet: <see cref="CompiledModule.Evaluate(BulkBatch)"/> evaluates these.</summary>
    Pending = 0,
    /// <summary>Evaluated; the outputs are in the output columns.</summary>
    Ok = 1,
    /// <summary>The evaluation failed; <see cref="BulkBatch.Errors"/> says why (the interpreter's exact error).</summary>
    Error = 2,
    /// <summary>Left alone by the engine (the caller already knows what to do with the row, e.g. a malformed CSV line).</summary>
    Skip = 3,
    /// <summary>Transient: the compiled code could not finish the row and the interpreter is to decide it.</summary>
    Fallback = 4,
}

/// <summary>A column of a compiled module: an input or an output, with its rule type and the CLR type of its array.</summary>
public sealed record BulkColumn(string Name, string? Label, RuleType Type, Type ClrType, int Index);

/// <summary>
/// A columnar buffer of rows for a <see cref="CompiledModule"/>: one typed array per input (<c>int[]</c>, <c>decimal[]</c>,
/// <c>Money[]</c>, <c>DateOnly[]</c>, <c>bool?[]</c> for an optional bool, …), the evaluation date per row, one typed array
/// per output, and a status per row. Reused from chunk to chunk, so a bulk run allocates nothing per row.
/// </summary>
public sealed class BulkBatch
{
    internal BulkBatch(CompiledModule module, int capacity)
    {
        Module = module;
        Capacity = capacity;
        At = new DateOnly[capacity];
        Status = new byte[capacity];
        Errors = new EvaluationError?[capacity];
        Inputs = module.Inputs.Select(c => Array.CreateInstance(c.ClrType, capacity)).ToArray();
        Outputs = module.Outputs.Select(c => Array.CreateInstance(c.ClrType, capacity)).ToArray();
    }

    /// <summary>The module the batch is laid out for.</summary>
    public CompiledModule Module { get; }
    /// <summary>The number of rows the arrays hold.</summary>
    public int Capacity { get; }

    /// <summary>The number of rows in use, from 0.</summary>
    public int Count { get; set; }

    /// <summary>The date each row is evaluated at (unless <see cref="FixedAt"/> is set).</summary>
    public readonly DateOnly[] At;

    /// <summary>When set, every row is evaluated at this date and <see cref="At"/> is not read (a run "at one date": the
    /// period in force and the parameters' dated values are decided once, in the kernel compiled for the date, not per row).</summary>
    public DateOnly? FixedAt { get; set; }

    /// <summary>The date row <paramref name="row"/> is evaluated at.</summary>
    public DateOnly AtOf(int row) => FixedAt ?? At[row];
    /// <summary>A <see cref="RowStatus"/> per row (as bytes, for the compiled kernel).</summary>
    public readonly byte[] Status;
    /// <summary>The error of each row whose status is <see cref="RowStatus.Error"/> (meaningless for other rows).</summary>
    public readonly EvaluationError?[] Errors;
    /// <summary>One typed array per input, in <see cref="ModuleModel.Inputs"/> order.</summary>
    public readonly Array[] Inputs;
    /// <summary>One typed array per output, in declaration order.</summary>
    public readonly Array[] Outputs;

    /// <summary>The column of input number <paramref name="index"/>, typed as the input's CLR type.</summary>
    public T[] Input<T>(int index) => (T[])Inputs[index];
    /// <summary>The column of the input named (or labelled) <paramref name="name"/>.</summary>
    public T[] Input<T>(string name) => (T[])Inputs[Module.InputIndex(name)];
    /// <summary>The column of output number <paramref name="index"/>, typed as the output's CLR type.</summary>
    public T[] Output<T>(int index) => (T[])Outputs[index];
    /// <summary>The column of the output named (or labelled) <paramref name="name"/>.</summary>
    public T[] Output<T>(string name) => (T[])Outputs[Module.OutputIndex(name)];

    /// <summary>The outcome of row <paramref name="row"/> after an evaluation.</summary>
    public RowStatus StatusOf(int row) => (RowStatus)Status[row];

    /// <summary>Marks rows <c>[0, Count)</c> pending again, keeping the buffers (to evaluate new inputs in the same batch).</summary>
    public void ResetStatus() => Status.AsSpan(0, Count).Clear();

    /// <summary>An output of a row as the interpreter would hold it (boxed; allocates).</summary>
    public object? OutputValue(int row, int output) => Outputs[output].GetValue(row);

    /// <summary>An input of a row, boxed (allocates).</summary>
    public object? InputValue(int row, int input) => Inputs[input].GetValue(row);
}
