using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Bulk;

/// <summary>
/// A checked module compiled once for bulk evaluation: fill a <see cref="BulkBatch"/> (typed input columns and the
/// date of each row), call <see cref="Evaluate(BulkBatch)"/>, read the typed output columns. Gives exactly the
/// interpreter's results: the compiled kernel computes every row it can, and any row it cannot finish (an error,
/// a failed <c>requires</c>, a date out of force) is answered by the interpreter, so errors carry the same code and message.
/// A module with a construct the compiler does not handle still works: every row then goes to the interpreter
/// (<see cref="IsCompiled"/> is false and <see cref="NotCompiledReason"/> says why).
/// Evaluating disjoint row ranges of one batch from several threads at once is safe.
/// </summary>
public sealed class CompiledModule
{
    private readonly KernelPlan? _plan;
    private readonly Lazy<BulkKernel>? _perRowDateKernel;
    // One kernel per segment of days between the plan's date breaks, compiled when a batch at such a date first comes.
    private readonly Lazy<BulkKernel>[] _fixedDateKernels = [];
    private readonly Action<Array, int, object?>[] _outputSetters;
    private readonly Action<Array, int, object?>[] _inputSetters;

    private CompiledModule(RulePackage package, ModuleModel module, Func<KernelPlan> plan)
    {
        Package = package;
        Module = module;
        Inputs = module.Inputs.Select((x, k) => new BulkColumn(x.Name, x.Label, x.Type, BulkTypes.ClrType(x.Type), k)).ToList();
        var outputs = module.Outputs.ToList();
        Outputs = outputs.Select((x, k) => new BulkColumn(x.Name, x.Label, x.Type, BulkTypes.ClrType(x.Type), k)).ToList();
        _outputSetters = Outputs.Select(o => Setter(o.ClrType)).ToArray();
        _inputSetters = Inputs.Select(o => Setter(o.ClrType)).ToArray();
        try
        {
            InForceDays = ModuleCompiler.InForceDays(package.Core(module).InForce);
            var planned = plan();
            _plan = planned;
            _perRowDateKernel = new(() => ModuleCompiler.PerRowDate(planned));
            _fixedDateKernels = Enumerable.Range(0, planned.DateBreaks.Length + 1)
                .Select(k => new Lazy<BulkKernel>(() => ModuleCompiler.FixedDate(planned, ModuleCompiler.SegmentDays(planned.DateBreaks, k)))).ToArray();
            MemoFlags = planned.Flags.Count;
        }
        catch (NotSupportedException e)
        {
            // The compiler's own refusals are in the catalogue; anything else keeps its .NET text in parentheses.
            NotCompiledReason = e is NotCompilableException n ? n.Reason : Msg.Of("bulk.unsupported", ("detail", e.Message));
        }
    }

    /// <summary>Compiles a module of the package for bulk evaluation; a module the compiler cannot handle is kept, with <see cref="NotCompiledReason"/>, and runs in the interpreter.</summary>
    public static CompiledModule Compile(RulePackage package, ModuleModel module) => new(package, module, () => ModuleCompiler.Plan(package, module));

    /// <summary>As <see cref="Compile(RulePackage, ModuleModel)"/> with another first pass: the tests' way to reach a module the
    /// compiler refuses (every module of the language compiles today).</summary>
    internal static CompiledModule Compile(RulePackage package, ModuleModel module, Func<KernelPlan> plan) => new(package, module, plan);

    private BulkKernel Kernel(BulkBatch batch) => batch.FixedAt is { } at
        ? _fixedDateKernels[ModuleCompiler.Segment(_plan!.DateBreaks, at.DayNumber)].Value
        : _perRowDateKernel!.Value;

    /// <summary>Compiles the module named (or labelled) <paramref name="module"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static CompiledModule Compile(RulePackage package, string module) =>
        Compile(package, package.FindModule(module) ?? throw new ArgumentException($"no module '{module}' in this package", nameof(module)));

    /// <summary>The package the module belongs to.</summary>
    public RulePackage Package { get; }
    /// <summary>The module compiled.</summary>
    public ModuleModel Module { get; }
    /// <summary>The input columns, in input order.</summary>
    public IReadOnlyList<BulkColumn> Inputs { get; }
    /// <summary>The output columns, in declaration order.</summary>
    public IReadOnlyList<BulkColumn> Outputs { get; }
    /// <summary>Whether the module was compiled; if not, every row is answered by the interpreter.</summary>
    public bool IsCompiled => _plan is not null;
    /// <summary>Why the module could not be compiled; null when it was.</summary>
    public Msg? NotCompiledReason { get; }
    /// <summary>The days (as <see cref="DateOnly.DayNumber"/>) on which the module is in force: one interval, empty when
    /// <c>First &gt; Last</c>. A row dated outside it is the interpreter's <c>not_in_force</c>.</summary>
    internal (int First, int Last) InForceDays { get; }

    /// <summary>The days on which the module's behaviour may change with the date (<see cref="KernelPlan.DateBreaks"/>): a batch at
    /// one date runs the kernel compiled for the segment of days between two of them. Empty when the module is not compiled.</summary>
    internal int[] DateBreaks => _plan?.DateBreaks ?? [];

    /// <summary>How many definitions need a run-time "already computed" flag (0 for straight-line modules).</summary>
    internal int MemoFlags { get; }

    /// <summary>A batch of <paramref name="capacity"/> rows laid out for this module.</summary>
    public BulkBatch CreateBatch(int capacity) => new(this, capacity);

    /// <summary>The index of the input with this name or label; an unknown one is an <see cref="ArgumentException"/>.</summary>
    public int InputIndex(string nameOrLabel) =>
        (Module.FindInput(nameOrLabel) ?? throw new ArgumentException($"module '{Module.Name}' has no input '{nameOrLabel}'")).Index;

    /// <summary>The index of the output with this name or label; an unknown one is an <see cref="ArgumentException"/>.</summary>
    public int OutputIndex(string nameOrLabel)
    {
        var index = Outputs.ToList().FindIndex(o => o.Name == nameOrLabel);
        if (index < 0) index = Outputs.ToList().FindIndex(o => o.Label == nameOrLabel);
        return index >= 0 ? index : throw new ArgumentException($"module '{Module.Name}' has no output '{nameOrLabel}'");
    }

    /// <inheritdoc cref="Evaluate(BulkBatch, int, int)"/>
    public int Evaluate(BulkBatch batch) => Evaluate(batch, 0, batch.Count);

    /// <summary>Evaluates the <see cref="RowStatus.Pending"/> rows of <c>[start, start + count)</c>; each ends
    /// <see cref="RowStatus.Ok"/> (outputs written) or <see cref="RowStatus.Error"/> (<see cref="BulkBatch.Errors"/>).</summary>
    /// <returns>How many of those rows the interpreter answered (every row when the module is not compiled).</returns>
    public int Evaluate(BulkBatch batch, int start, int count)
    {
        if (batch.Module != this) throw new ArgumentException("the batch belongs to another module", nameof(batch));
        if (start < 0 || count < 0 || start + count > batch.Capacity) throw new ArgumentOutOfRangeException(nameof(count));
        CheckColumns(batch);
        var end = start + count;
        var status = batch.Status;
        var interpreted = 0;
        if (_plan is not null)
        {
            if (RunKernel(Kernel(batch), batch, start, end) == 0) return 0;
            for (var i = start; i < end; i++)
                if (status[i] == (byte)RowStatus.Fallback) { Store(batch, i, Interpret(batch, i)); interpreted++; }
        }
        else
        {
            for (var i = start; i < end; i++)
                if (status[i] == (byte)RowStatus.Pending) { Store(batch, i, Interpret(batch, i)); interpreted++; }
        }
        return interpreted;
    }

    /// <summary>Runs only the compiled code over the pending rows of <c>[start, start + count)</c>: rows it cannot finish are
    /// left <see cref="RowStatus.Fallback"/> (for tests and benchmarks of the compiled path itself). Returns false when the
    /// module is not compiled.</summary>
    public bool RunCompiledOnly(BulkBatch batch, int start, int count)
    {
        if (_plan is null) return false;
        if (start < 0 || count < 0 || start + count > batch.Capacity) throw new ArgumentOutOfRangeException(nameof(count));
        CheckColumns(batch);
        RunKernel(Kernel(batch), batch, start, start + count);
        return true;
    }

    /// <summary>Refuses a batch whose columns a caller replaced by arrays of another type or length (the kernel reads each
    /// column as the array the module's type gives, and tests it again itself).</summary>
    private void CheckColumns(BulkBatch batch)
    {
        static void Check(Array? column, BulkColumn expected, string kind, int capacity)
        {
            if (column is not null && column.GetType() == expected.ClrType.MakeArrayType() && column.Length >= capacity) return;
            throw new ArgumentException($"the batch's {kind} column '{expected.Name}' is {(column is null ? "null" : $"{column.GetType().Name} (length {column.Length})")} " +
                $"where the module reads {expected.ClrType.Name}[] (length at least {capacity})", "batch");
        }
        for (var k = 0; k < Inputs.Count; k++) Check(batch.Inputs[k], Inputs[k], "input", batch.Capacity);
        for (var k = 0; k < Outputs.Count; k++) Check(batch.Outputs[k], Outputs[k], "output", batch.Capacity);
    }

    /// <summary>
    /// Runs a kernel over the pending rows of <c>[start, end)</c> and returns how many of the range's rows are left
    /// <see cref="RowStatus.Fallback"/> (counted over the status bytes afterwards, rows an earlier call left included). The
    /// kernel is called once per run of consecutive pending rows (found by a vectorised search), so that its loop tests no
    /// status: in a batch whose rows are all pending that is one call.
    /// </summary>
    private static int RunKernel(BulkKernel kernel, BulkBatch batch, int start, int end)
    {
        var status = batch.Status;
        var from = start;
        while (from < end)
        {
            var skip = status.AsSpan(from, end - from).IndexOf((byte)RowStatus.Pending);
            if (skip < 0) break;
            from += skip;
            var length = status.AsSpan(from, end - from).IndexOfAnyExcept((byte)RowStatus.Pending);
            var to = length < 0 ? end : from + length;
            RunPending(kernel, batch, from, to);
            from = to;
        }
        return status.AsSpan(start, end - start).Count((byte)RowStatus.Fallback);
    }

    /// <summary>
    /// Runs a kernel over <c>[start, end)</c>, whose rows are all <see cref="RowStatus.Pending"/>. The kernel has no protected
    /// region of its own (its loop variables then stay in registers): any exception ends it at the row it was evaluating,
    /// which is the first row still pending because rows are taken in order and each ends Ok or Fallback. That row goes to
    /// the interpreter, whose error names it, and the kernel goes on from the next (the rows after it are still pending).
    /// </summary>
    private static void RunPending(BulkKernel kernel, BulkBatch batch, int start, int end)
    {
        var status = batch.Status;
        Exception failure;
        try
        {
            kernel(batch, start, end);
            return;
        }
        catch (Exception e) { failure = e; }
        var from = start;
        while (true)
        {
            var row = Array.IndexOf(status, (byte)RowStatus.Pending, from, end - from);
            // no row was being evaluated: the failure is the kernel's own (a bug), not a row's error
            if (row < 0) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            status[row] = (byte)RowStatus.Fallback;
            from = row + 1;
            if (from >= end) return;
            try { kernel(batch, from, end); return; }
            catch (Exception e) { failure = e; }
        }
    }

    /// <summary>Evaluates rows <c>[0, Count)</c> on <paramref name="threads"/> threads, in contiguous ranges.</summary>
    public void EvaluateParallel(BulkBatch batch, int threads)
    {
        if (threads <= 1 || batch.Count < 2 * 1024) { Evaluate(batch); return; }
        var ranges = Math.Min(threads * 4, batch.Count / 1024);
        var size = (batch.Count + ranges - 1) / ranges;
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads }, r =>
        {
            var start = r * size;
            Evaluate(batch, start, Math.Min(size, batch.Count - start));
        });
    }

    /// <summary>The interpreter's answer for a row, from its typed inputs (allocates: for error rows and checks).</summary>
    public EvaluationResult Interpret(BulkBatch batch, int row, bool explain = false)
    {
        var inputs = new Dictionary<string, object?>(Inputs.Count);
        foreach (var c in Inputs) inputs[c.Name] = batch.Inputs[c.Index].GetValue(row);
        return Package.Evaluate(Module, batch.FixedAt ?? batch.At[row], inputs, explain);
    }

    /// <summary>Records an interpreter result for a row: the outputs into the typed columns, or the error.</summary>
    public void Store(BulkBatch batch, int row, EvaluationResult result)
    {
        if (result.Error is { } error)
        {
            batch.Errors[row] = error;
            batch.Status[row] = (byte)RowStatus.Error;
            return;
        }
        for (var k = 0; k < Outputs.Count; k++)
            _outputSetters[k](batch.Outputs[k], row, BulkTypes.FromInterpreter(result.Outputs[k].Value, Outputs[k].Type));
        batch.Errors[row] = null;
        batch.Status[row] = (byte)RowStatus.Ok;
    }

    /// <summary>Sets an input of a row from a boxed value held the interpreter's way (an int is taken for a decimal).</summary>
    public void SetInput(BulkBatch batch, int row, int input, object? value) =>
        _inputSetters[input](batch.Inputs[input], row, BulkTypes.FromInterpreter(value, Inputs[input].Type));

    private static Action<Array, int, object?> Setter(Type clr) => (Action<Array, int, object?>)Delegate.CreateDelegate(typeof(Action<Array, int, object?>),
        typeof(CompiledModule).GetMethod(nameof(SetBoxed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(clr));

    private static void SetBoxed<T>(Array array, int row, object? value) => ((T[])array)[row] = (T)value!;
}
