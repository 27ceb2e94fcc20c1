using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PolicyRules.Bulk;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Cli.Impact;

/// <summary>One side of a diff: a loaded package and how the report names it (a folder today; a folder with a reform later).</summary>
internal sealed record ImpactSide(string Name, RulePackage Package)
{
    /// <summary>The name in the language of the text report, when it differs from <see cref="Name"/>.</summary>
    public string? Shown { get; init; }
}

/// <summary>A diff that cannot finish (too many groups): the report would not be trustworthy or useful.</summary>
internal sealed class ImpactException(string message) : Exception(message);

/// <summary>
/// Both versions of a module over the same CSV rows, streamed: a reader thread fills chunks of rows, each chunk is read
/// into a <see cref="BulkBatch"/> per side and evaluated by the compiled engine (<see cref="CompiledModule"/>, which hands
/// the rows it cannot finish to the interpreter) on all cores, compared row by row, and folded into counts and exact
/// totals; changed rows are written to the changes file in input order. Memory does not grow with the row count.
/// Rows are read exactly as <c>run</c> reads them: a row with the wrong number of cells or no valid date is an error
/// on both sides, with run's message.
/// </summary>
internal sealed class ImpactDiff
{
    /// <summary>More groups than this and <c>--by</c> is not an overview; the diff stops and says so.</summary>
    public const int MaxGroups = 10_000;

    private readonly Side _base;
    private readonly Side _new;
    private readonly IReadOnlyList<string> _columns;
    private readonly DateOnly? _fixedAt;
    private readonly int _atColumn;
    private readonly int _byColumn;
    private readonly int _threads;
    private readonly int _chunkRows;
    private readonly int _show;
    private readonly IReadOnlyList<ImpactOutput> _outputs;
    private readonly (int Base, int New)[] _outputIndex;

    public ImpactDiff(ImpactSide baseSide, ImpactSide newSide, string module, IReadOnlyList<string> columns, DateOnly? fixedAt,
        int threads, int byColumn = -1, int show = 10, int chunkRows = 16384)
    {
        _base = new Side(baseSide, module, columns);
        _new = new Side(newSide, module, columns);
        _columns = columns;
        _fixedAt = fixedAt;
        _atColumn = columns.Select(c => c.Trim()).ToList().IndexOf("at");
        _byColumn = byColumn;
        _threads = Math.Max(1, threads);
        _chunkRows = Math.Max(1, chunkRows);
        _show = show;

        // Outputs of the base in their order, then any the new version adds.
        var names = _base.Module.Outputs.Select(o => o.Name).Concat(_new.Module.Outputs.Select(o => o.Name)).Distinct().ToList();
        _outputIndex = names.Select(n => (_base.OutputIndex(n), _new.OutputIndex(n))).ToArray();
        _outputs = names.Select((n, k) =>
        {
            var (b, m) = _outputIndex[k];
            var typeBase = b < 0 ? null : _base.Module.Outputs[b].Type;
            var typeNew = m < 0 ? null : _new.Module.Outputs[m].Type;
            return new ImpactOutput(n, typeBase?.ToString(), typeNew?.ToString(), Summed(typeBase), Summed(typeNew));
        }).ToList();
    }

    private static bool Summed(RuleType? type) => type is { Kind: TypeKind.Money or TypeKind.Decimal };

    public IReadOnlyList<ImpactOutput> Outputs => _outputs;

    /// <summary>The header of the changes file: the line, the input columns, each output before and after, each side's error.</summary>
    public IReadOnlyList<string> ChangesHeader =>
        ["line", .. _columns, .. _outputs.SelectMany(o => new[] { o.Name + "_base", o.Name + "_new" }), "error_base", "error_new"];

    /// <summary>Which engine evaluated each side and how many rows fell back to the interpreter.</summary>
    public Msg EngineReport(long rows) => Msg.Of("diff.engine", ("base", _base.EngineReport(rows)), ("new", _new.EngineReport(rows)));

    /// <summary>The language of the examples and of the changes file's error texts (<c>--lang</c>).</summary>
    public Lang Language { get; init; }

    /// <summary>
    /// Runs the diff: <paramref name="fill"/> adds rows to a chunk until it is full (true) or the input ends (false);
    /// every changed row goes to <paramref name="changes"/> (UTF-8 CSV with a header) when given;
    /// <paramref name="progress"/> hears of every 100,000th row compared.
    /// </summary>
    public (OutcomeCounts Total, IReadOnlyList<(string Key, OutcomeCounts Counts)> Groups, IReadOnlyList<string> Examples) Run(
        Func<TextChunk, bool> fill, Stream? changes, Action<long>? progress = null)
    {
        if (changes is not null)
        {
            var header = new CharBuffer(256);
            var names = ChangesHeader;
            for (var k = 0; k < names.Count; k++)
            {
                if (k > 0) header.Append(',');
                header.AppendCsvField(names[k]);
            }
            header.Append('\n');
            changes.Write(Encoding.UTF8.GetBytes(header.Span.ToArray()));
        }

        var total = new OutcomeCounts(_outputs);
        var groups = new Dictionary<string, OutcomeCounts>(StringComparer.Ordinal);
        var examples = new List<string>();

        const int InFlight = 3;
        using var cancel = new CancellationTokenSource();
        using var free = new BlockingCollection<Work>(InFlight);
        using var filled = new BlockingCollection<Work>(InFlight);
        for (var k = 0; k < InFlight; k++) free.Add(new Work(this));
        Exception? readFailure = null;
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                var more = true;
                while (more)
                {
                    var w = free.Take(cancel.Token);
                    w.Chunk.Clear();
                    more = fill(w.Chunk);
                    if (w.Chunk.Count > 0) filled.Add(w, cancel.Token);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
            catch (Exception e) { readFailure = e; }
            finally { filled.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = _threads };
            foreach (var w in filled.GetConsumingEnumerable())
            {
                w.Plan(_threads);
                if (w.SliceCount == 1) w.Process(0);
                else Parallel.For(0, w.SliceCount, options, w.Process);

                var before = total.Rows;
                for (var k = 0; k < w.SliceCount; k++)
                {
                    var s = w.Slices[k];
                    total.Add(s.Counts);
                    foreach (var (key, counts) in s.Groups)
                    {
                        if (!groups.TryGetValue(key, out var g))
                        {
                            if (groups.Count == MaxGroups)
                                throw new ImpactException(Msg.Of("diff.too_many_groups", ("column", _columns[_byColumn].Trim()), ("max", MaxGroups.ToString("N0", CultureInfo.InvariantCulture))).Render(Language));
                            groups[key] = g = new OutcomeCounts(_outputs);
                        }
                        g.Add(counts);
                    }
                    foreach (var e in s.Examples)
                        if (examples.Count < _show) examples.Add(e);
                    if (changes is not null && s.ChangeByteCount > 0) changes.Write(s.ChangeBytes, 0, s.ChangeByteCount);
                    _base.Interpreted += s.InterpretedBase;
                    _new.Interpreted += s.InterpretedNew;
                }
                for (var n = (before / 100_000 + 1) * 100_000; n <= total.Rows; n += 100_000) progress?.Invoke(n);
                free.Add(w);
            }
        }
        finally
        {
            cancel.Cancel();
            reader.Wait();
        }
        if (readFailure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(readFailure).Throw();

        var ordered = groups.All(g => decimal.TryParse(g.Key, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            ? groups.OrderBy(g => decimal.Parse(g.Key, NumberStyles.Number, CultureInfo.InvariantCulture)).ThenBy(g => g.Key, StringComparer.Ordinal)
            : groups.OrderBy(g => g.Key, StringComparer.Ordinal);
        return (total, ordered.Select(g => (g.Key, g.Value)).ToList(), examples);
    }

    /// <summary>A side's compiled module and where each of its inputs is in the CSV.</summary>
    private sealed class Side
    {
        public Side(ImpactSide side, string module, IReadOnlyList<string> columns)
        {
            var model = side.Package.FindModule(module) ?? throw new ArgumentException($"'{side.Name}' has no module '{module}'", nameof(module));
            Module = CompiledModule.Compile(side.Package, model);
            InputColumns = CsvColumns.InputIndexes(model, columns);
        }

        public readonly CompiledModule Module;
        public readonly int[] InputColumns;

        /// <summary>The index of the output named <paramref name="name"/>, or -1 when this version has none.</summary>
        public int OutputIndex(string name) => Module.Outputs.ToList().FindIndex(o => o.Name == name);
        public long Interpreted;

        public Msg EngineReport(long rows) => Module.IsCompiled
            ? Msg.Of("run.engine_compiled", ("fallback", Interpreted), ("rows", rows))
            : Msg.Of("run.engine_not_compiled", ("module", Module.Module.Name), ("reason", Module.NotCompiledReason), ("rows", rows));
    }

    /// <summary>A side's batch for one chunk, with its cell readers and writers.</summary>
    private sealed class SideBatch
    {
        public SideBatch(Side side, int rows, DateOnly? fixedAt)
        {
            Side = side;
            Batch = side.Module.CreateBatch(rows);
            Batch.FixedAt = fixedAt;
            Readers = side.Module.Inputs.Select(c => CellReader.For(Batch, c.Index)).ToArray();
            Writers = side.Module.Outputs.Select(c => CellWriter.For(Batch, c.Index)).ToArray();
        }

        public readonly Side Side;
        public readonly BulkBatch Batch;
        public readonly CellReader[] Readers;
        public readonly CellWriter[] Writers;

        public bool Ok(int row) => Batch.Status[row] == (byte)RowStatus.Ok;
    }

    private sealed class Slice
    {
        private readonly IReadOnlyList<ImpactOutput> _outputs;

        public Slice(IReadOnlyList<ImpactOutput> outputs)
        {
            _outputs = outputs;
            Counts = new OutcomeCounts(outputs);
        }

        public int Start, End;
        public long InterpretedBase, InterpretedNew;
        public OutcomeCounts Counts;
        public readonly Dictionary<string, OutcomeCounts> Groups = new(StringComparer.Ordinal);
        public readonly List<string> Examples = [];
        public readonly CharBuffer Changes = new(1024);
        public readonly CharBuffer ScratchBase = new(64);
        public readonly CharBuffer ScratchNew = new(64);
        public byte[] ChangeBytes = new byte[1024];
        public int ChangeByteCount;

        public void Reset()
        {
            InterpretedBase = InterpretedNew = 0;
            Counts = new OutcomeCounts(_outputs);
            Groups.Clear();
            Examples.Clear();
            Changes.Clear();
        }
    }

    /// <summary>One chunk in flight: its text, a batch per side, and each slice's counts and changed rows.</summary>
    private sealed class Work
    {
        private readonly ImpactDiff _diff;
        private readonly SideBatch _base;
        private readonly SideBatch _new;
        private readonly Comparer[] _equal;
        private readonly Func<int, decimal?>?[] _valueBase;
        private readonly Func<int, decimal?>?[] _valueNew;
        public readonly TextChunk Chunk;
        public Slice[] Slices = [];
        public int SliceCount;

        public Work(ImpactDiff diff)
        {
            _diff = diff;
            Chunk = new TextChunk(diff._chunkRows);
            _base = new SideBatch(diff._base, diff._chunkRows, diff._fixedAt);
            _new = new SideBatch(diff._new, diff._chunkRows, diff._fixedAt);
            _equal = diff._outputIndex.Select(ix => Equality(_base, ix.Base, _new, ix.New)).ToArray();
            _valueBase = diff._outputIndex.Select((ix, k) => diff._outputs[k].SumBase ? Amount(_base.Batch.Outputs[ix.Base]) : null).ToArray();
            _valueNew = diff._outputIndex.Select((ix, k) => diff._outputs[k].SumNew ? Amount(_new.Batch.Outputs[ix.New]) : null).ToArray();
        }

        public void Plan(int threads)
        {
            var count = Chunk.Count;
            _base.Batch.Count = _new.Batch.Count = count;
            var slices = RowSlices.Count(count, threads);
            Slices = RowSlices.Grow(Slices, slices, () => new Slice(_diff._outputs));
            SliceCount = slices;
            for (var k = 0; k < slices; k++)
                (Slices[k].Start, Slices[k].End) = RowSlices.Range(count, slices, k);
        }

        public void Process(int slice)
        {
            var s = Slices[slice];
            s.Reset();
            s.InterpretedBase = Evaluate(_base, s.Start, s.End);
            s.InterpretedNew = Evaluate(_new, s.Start, s.End);
            var outputs = _diff._outputs;
            var lookup = s.Groups.GetAlternateLookup<ReadOnlySpan<char>>();
            for (var r = s.Start; r < s.End; r++)
            {
                OutcomeCounts? group = null;
                if (_diff._byColumn >= 0)
                {
                    var key = _diff._byColumn < Chunk.CellCount(r) ? Chunk.Cell(r, _diff._byColumn).Trim() : ReadOnlySpan<char>.Empty;
                    if (!lookup.TryGetValue(key, out group)) lookup[key] = group = new OutcomeCounts(outputs);
                }
                var okBase = _base.Ok(r);
                var okNew = _new.Ok(r);
                var changed = false;
                if (okBase && okNew)
                {
                    for (var k = 0; k < _equal.Length; k++)
                    {
                        if (_equal[k](r, s.ScratchBase, s.ScratchNew)) continue;
                        changed = true;
                        s.Counts.OutputChanged[k]++;
                        if (group is not null) group.OutputChanged[k]++;
                    }
                }
                for (var k = 0; k < _equal.Length; k++)
                {
                    if (okBase && _valueBase[k]?.Invoke(r) is { } b) { s.Counts.TotalBase[k]!.Add(b); group?.TotalBase[k]!.Add(b); }
                    if (okNew && _valueNew[k]?.Invoke(r) is { } n) { s.Counts.TotalNew[k]!.Add(n); group?.TotalNew[k]!.Add(n); }
                }
                Count(s.Counts, okBase, okNew, changed);
                if (group is not null) Count(group, okBase, okNew, changed);
                if (changed || okBase != okNew) Record(s, r, okBase, okNew);
            }
            var max = Encoding.UTF8.GetMaxByteCount(s.Changes.Length);
            if (s.ChangeBytes.Length < max) s.ChangeBytes = new byte[Math.Max(max, s.ChangeBytes.Length * 2)];
            s.ChangeByteCount = Encoding.UTF8.GetBytes(s.Changes.Span, s.ChangeBytes);
        }

        private static void Count(OutcomeCounts c, bool okBase, bool okNew, bool changed)
        {
            c.Rows++;
            if (okBase && okNew)
            {
                if (changed) c.Changed++;
                else c.Unchanged++;
            }
            else if (okBase) c.ErrorsNew++;
            else if (okNew) c.ErrorsBase++;
            else c.ErrorsBoth++;
        }

        /// <summary>Reads the slice's rows into a side's batch and evaluates them; returns how many the interpreter answered.</summary>
        private int Evaluate(SideBatch side, int start, int end)
        {
            var batch = side.Batch;
            var module = side.Side.Module;
            var columns = side.Side.InputColumns;
            var columnCount = _diff._columns.Count;
            var interpreted = 0;
            for (var r = start; r < end; r++)
            {
                batch.Status[r] = (byte)RowStatus.Pending;
                batch.Errors[r] = null;
                if (Chunk.CellCount(r) != columnCount)
                {
                    Fail(batch, r, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.column_count", ("expected", columnCount), ("found", Chunk.CellCount(r)))));
                    continue;
                }
                DateOnly at;
                if (_diff._fixedAt is { } f) at = f;
                else if (!DateOnly.TryParseExact(Chunk.Cell(r, _diff._atColumn).Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
                {
                    Fail(batch, r, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.bad_at", ("value", Chunk.Cell(r, _diff._atColumn).ToString())), "at"));
                    continue;
                }
                batch.At[r] = at;
                var parsed = true;
                for (var k = 0; k < side.Readers.Length; k++)
                {
                    if (columns[k] < 0) side.Readers[k].SetNone(r);
                    else if (!side.Readers[k].Read(Chunk.Cell(r, columns[k]), r)) { parsed = false; break; }
                }
                if (!parsed)
                {
                    // A cell that does not parse: the interpreter reads the text itself and says exactly what is wrong.
                    var inputs = new Dictionary<string, object?>();
                    foreach (var input in module.Module.Inputs)
                        if (columns[input.Index] is var c and >= 0) inputs[input.Name] = Chunk.Cell(r, c).ToString();
                    module.Store(batch, r, module.Package.EvaluateCells(module.Module, at, inputs));
                    interpreted++;
                }
            }
            return interpreted + module.Evaluate(batch, start, end - start);
        }

        private static void Fail(BulkBatch batch, int row, EvaluationError error)
        {
            batch.Errors[row] = error;
            batch.Status[row] = (byte)RowStatus.Error;
        }

        /// <summary>A changed row (or one only one side answers): a line of the changes file and, while wanted, an example.</summary>
        private void Record(Slice s, int r, bool okBase, bool okNew)
        {
            var b = s.Changes;
            b.AppendFormatted(Chunk.Line(r));
            for (var c = 0; c < _diff._columns.Count; c++)
            {
                b.Append(',');
                if (c < Chunk.CellCount(r)) b.AppendCsvField(Chunk.Cell(r, c));
            }
            var differences = new List<string>();
            for (var k = 0; k < _diff._outputIndex.Length; k++)
            {
                var (ib, iNew) = _diff._outputIndex[k];
                var before = okBase && ib >= 0 ? Text(_base.Writers[ib], r, s.ScratchBase) : null;
                var after = okNew && iNew >= 0 ? Text(_new.Writers[iNew], r, s.ScratchNew) : null;
                b.Append(',');
                if (before is not null) b.AppendCsvField(before);
                b.Append(',');
                if (after is not null) b.AppendCsvField(after);
                if (okBase && okNew && before != after) differences.Add($"{_diff._outputs[k].Name} {before ?? "—"} → {after ?? "—"}");
            }
            b.Append(',');
            if (!okBase) b.AppendCsvField(ErrorText(_base.Batch.Errors[r]!));
            b.Append(',');
            if (!okNew) b.AppendCsvField(ErrorText(_new.Batch.Errors[r]!));
            b.Append('\n');

            if (s.Examples.Count >= _diff._show) return;
            object first = Chunk.CellCount(r) > 0 ? Msg.Of("diff.example_key", ("column", _diff._columns[0].Trim()), ("value", Chunk.Cell(r, 0).ToString())) : "";
            var lang = _diff.Language;
            object what = okBase && okNew ? string.Join(lang == Lang.Zh ? "，" : ", ", differences)
                : okBase ? Msg.Of("diff.example_new_errs", ("error", ErrorText(_new.Batch.Errors[r]!)))
                : Msg.Of("diff.example_base_errs", ("error", ErrorText(_base.Batch.Errors[r]!)));
            s.Examples.Add(Msg.Of("diff.example", ("line", Chunk.Line(r)), ("first", first), ("what", what)).Render(lang));
        }

        private string ErrorText(EvaluationError e) => $"{e.Code}: {e.MessageIn(_diff.Language)}";

        private static string Text(CellWriter writer, int row, CharBuffer scratch)
        {
            scratch.Clear();
            writer.Write(row, scratch);
            return scratch.Span.ToString();
        }
    }

    /// <summary>Whether an output has the same value on both sides for a row (both sides answered).</summary>
    private delegate bool Comparer(int row, CharBuffer scratchBase, CharBuffer scratchNew);

    private static Comparer Equality(SideBatch @base, int baseIndex, SideBatch @new, int newIndex)
    {
        if (baseIndex < 0 || newIndex < 0) return static (_, _, _) => false;
        var a = @base.Batch.Outputs[baseIndex];
        var b = @new.Batch.Outputs[newIndex];
        var typed = a.GetType() == b.GetType() && IsScalar(a.GetType().GetElementType()!);
        if (typed)
            return (Comparer)typeof(ImpactDiff).GetMethod(nameof(TypedEquality), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(a.GetType().GetElementType()!).Invoke(null, [a, b])!;
        // Lists, records, or a type that changed between versions: compare the text run would write.
        var wa = @base.Writers[baseIndex];
        var wb = @new.Writers[newIndex];
        return (row, sa, sb) =>
        {
            sa.Clear();
            sb.Clear();
            wa.Write(row, sa);
            wb.Write(row, sb);
            return sa.Span.SequenceEqual(sb.Span);
        };
    }

    private static bool IsScalar(Type t)
    {
        var core = Nullable.GetUnderlyingType(t) ?? t;
        return core == typeof(int) || core == typeof(decimal) || core == typeof(Money) || core == typeof(Rate) || core == typeof(bool)
            || core == typeof(DateOnly) || core == typeof(DateTime) || core == typeof(string);
    }

    // Values compare as values: 25.0 and 25 are the same amount (and run writes both as 25).
    private static Comparer TypedEquality<T>(T[] a, T[] b)
    {
        var comparer = EqualityComparer<T>.Default;
        return (row, _, _) => comparer.Equals(a[row], b[row]);
    }

    private static Func<int, decimal?> Amount(Array column) => column switch
    {
        decimal[] d => row => d[row],
        decimal?[] d => row => d[row],
        Money[] m => row => m[row].Amount,
        Money?[] m => row => m[row]?.Amount,
        _ => throw new InvalidOperationException($"a column of {column.GetType()} has no amount"),
    };
}
