using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PolicyRules.Evaluation;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Bulk;

/// <summary>
/// Rows of a CSV file as text: the cells of each row (unescaped) and its line number. A reader fills one on one
/// thread; <see cref="BulkCsvRun"/> evaluates it on many and writes it in order. Reused, so it stops allocating once
/// it has grown to the size of its rows.
/// </summary>
internal sealed class TextChunk
{
    private char[] _text = new char[1 << 16];
    private int _textLength;
    private int[] _cellStart = new int[1024];
    private int[] _cellLength = new int[1024];
    private int _cells;
    private readonly int[] _firstCell;
    private readonly int[] _cellCount;
    private readonly long[] _line;

    public TextChunk(int capacity)
    {
        Capacity = capacity;
        _firstCell = new int[capacity];
        _cellCount = new int[capacity];
        _line = new long[capacity];
    }

    public int Capacity { get; }
    public int Count { get; private set; }
    public bool IsFull => Count == Capacity;

    public void Clear() { Count = 0; _cells = 0; _textLength = 0; }

    /// <summary>Starts a row at line <paramref name="lineNumber"/> (the header is line 1).</summary>
    public void BeginRow(long lineNumber)
    {
        if (IsFull) throw new InvalidOperationException("the chunk is full");
        _firstCell[Count] = _cells;
        _cellCount[Count] = 0;
        _line[Count] = lineNumber;
        Count++;
    }

    /// <summary>Adds a cell (its unescaped text) to the current row.</summary>
    public void AddCell(ReadOnlySpan<char> text)
    {
        if (_cells == _cellStart.Length)
        {
            Array.Resize(ref _cellStart, _cells * 2);
            Array.Resize(ref _cellLength, _cells * 2);
        }
        if (_textLength + text.Length > _text.Length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        text.CopyTo(_text.AsSpan(_textLength));
        _cellStart[_cells] = _textLength;
        _cellLength[_cells] = text.Length;
        _textLength += text.Length;
        _cells++;
        _cellCount[Count - 1]++;
    }

    public int CellCount(int row) => _cellCount[row];
    public long Line(int row) => _line[row];
    public ReadOnlySpan<char> Cell(int row, int column)
    {
        var k = _firstCell[row] + column;
        return _text.AsSpan(_cellStart[k], _cellLength[k]);
    }
}

/// <summary>The counts a bulk run reconciles: rows in = rows out + error rows.</summary>
internal readonly record struct BulkRunCounts(long RowsIn, long RowsOut, long ErrorRows)
{
    public bool Reconciled => RowsIn == RowsOut + ErrorRows;

    /// <summary>Rows the interpreter answered instead of the compiled code: errors, failed <c>requires</c>, dates out of force,
    /// cells that do not parse, or every row when the module is not compiled.</summary>
    public long InterpretedRows { get; init; }
}

/// <summary>
/// A bulk run of a module over CSV rows, on all cores, with output in input order: a reader thread fills chunks of
/// rows, each chunk is parsed, evaluated (<see cref="CompiledModule"/>) and formatted in slices on
/// <c>threads</c> threads, and a writer thread writes the chunks in order. Each row's output depends on that row
/// alone, so the files are byte-identical whatever the thread count; a fixed number of chunks circulate, so memory
/// does not grow with the row count. A row that is malformed or fails goes to the errors file with its line number
/// and the interpreter's exact reason; every other row is computed.
/// </summary>
internal sealed class BulkCsvRun
{
    private readonly CompiledModule _module;
    private readonly IReadOnlyList<string> _columns;
    private readonly int[] _inputColumns;
    private readonly int _atColumn;
    private readonly DateOnly? _fixedAt;
    private readonly int _threads;
    private readonly int _chunkRows;
    private readonly string[] _header;
    private readonly (bool IsOutput, int Index)[] _headerSources;

    /// <summary>The language of the messages in the errors file (<c>--lang</c>); English by default.</summary>
    public Lang Language { get; init; } = Lang.En;

    /// <param name="module">The compiled module.</param>
    /// <param name="columns">The CSV header.</param>
    /// <param name="fixedAt">The evaluation date of every row; null to read it from the <c>at</c> column.</param>
    /// <param name="threads">Evaluation threads (the reader and the writer have a thread each besides).</param>
    /// <param name="chunkRows">Rows per chunk.</param>
    public BulkCsvRun(CompiledModule module, IReadOnlyList<string> columns, DateOnly? fixedAt, int threads, int chunkRows = 16384)
    {
        if (module.Inputs.FirstOrDefault(i => i.Type.Kind is TypeKind.List or TypeKind.Record) is { } structured)
            throw new NotSupportedException($"input '{structured.Name}' is a {structured.Type}, which a CSV cell cannot hold");
        _module = module;
        _columns = columns;
        _fixedAt = fixedAt;
        _threads = Math.Max(1, threads);
        _chunkRows = Math.Max(1, chunkRows);
        var names = columns.Select(c => c.Trim()).ToList();
        _inputColumns = new int[module.Inputs.Count];
        var missing = new List<string>();
        foreach (var input in module.Module.Inputs)
        {
            var index = names.IndexOf(input.Name);
            if (index < 0 && input.Label is not null) index = names.IndexOf(input.Label);
            if (index < 0 && !input.Type.Optional) missing.Add(input.Label is null ? input.Name : $"{input.Name} ({input.Label})");
            _inputColumns[input.Index] = index;
        }
        _atColumn = names.IndexOf("at");
        if (fixedAt is null && _atColumn < 0) missing.Add("at (or give --at)");
        MissingColumns = missing;

        // The output header: the input columns, then the outputs; an output named like a column takes its place
        // (as the Sep writer did when a column was set twice), and a repeated column keeps its last cell.
        var header = new List<string>();
        var sources = new List<(bool, int)>();
        for (var c = 0; c < columns.Count; c++)
        {
            var at = header.IndexOf(columns[c]);
            if (at >= 0) sources[at] = (false, c);
            else { header.Add(columns[c]); sources.Add((false, c)); }
        }
        for (var k = 0; k < module.Outputs.Count; k++)
        {
            var at = header.IndexOf(module.Outputs[k].Name);
            if (at >= 0) sources[at] = (true, k);
            else { header.Add(module.Outputs[k].Name); sources.Add((true, k)); }
        }
        _header = header.ToArray();
        _headerSources = sources.ToArray();
    }

    /// <summary>Columns the module needs that the CSV lacks (the run cannot start while there are any).</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    /// <summary>The header of the output file.</summary>
    public IReadOnlyList<string> OutputHeader => _header;

    /// <summary>Which engine ran and how many rows fell back to the interpreter, or why the module could not be compiled.</summary>
    public Msg EngineReport(BulkRunCounts counts) => _module.IsCompiled
        ? Msg.Of("run.engine_compiled", ("fallback", counts.InterpretedRows), ("rows", counts.RowsIn))
        : Msg.Of("run.engine_not_compiled", ("module", _module.Module.Name), ("reason", _module.NotCompiledReason), ("rows", counts.RowsIn));

    private long _readTicks, _processTicks, _writeTicks;

    public static readonly string[] ErrorHeader = ["line", "code", "field", "message"];

    /// <summary>
    /// Runs: <paramref name="fill"/> adds rows to a chunk until it is full (returning true) or the input ends (false);
    /// results go to <paramref name="output"/>, errors to <paramref name="errors"/> (both UTF-8 CSV with a header);
    /// <paramref name="progress"/> hears of every 100,000th row written.
    /// </summary>
    public BulkRunCounts Run(Func<TextChunk, bool> fill, Stream output, Stream errors, Action<long>? progress = null)
    {
        if (MissingColumns.Count > 0) throw new InvalidOperationException("the CSV lacks columns: " + string.Join(", ", MissingColumns));
        WriteHeader(output, _header);
        WriteHeader(errors, ErrorHeader);

        const int InFlight = 4;
        using var cancel = new CancellationTokenSource();
        using var free = new BlockingCollection<Work>(InFlight);
        using var filled = new BlockingCollection<Work>(InFlight);
        using var written = new BlockingCollection<Work>(InFlight);
        for (var k = 0; k < InFlight; k++) free.Add(new Work(this));
        Exception? failure = null;
        void Fail(Exception e)
        {
            if (e is OperationCanceledException && cancel.IsCancellationRequested) return;
            Interlocked.CompareExchange(ref failure, e, null);
            cancel.Cancel();
        }

        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                var more = true;
                while (more)
                {
                    var w = free.Take(cancel.Token);
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    w.Chunk.Clear();
                    more = fill(w.Chunk);
                    Interlocked.Add(ref _readTicks, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                    if (w.Chunk.Count > 0) filled.Add(w, cancel.Token);
                    else free.Add(w, cancel.Token);
                }
            }
            catch (Exception e) { Fail(e); }
            finally { filled.CompleteAdding(); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        long rowsIn = 0, rowsOut = 0, errorRows = 0, interpreted = 0;
        var writer = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var w in written.GetConsumingEnumerable(cancel.Token))
                {
                    var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                    var before = rowsIn;
                    for (var k = 0; k < w.SliceCount; k++)
                    {
                        var s = w.Slices[k];
                        output.Write(s.OutBytes, 0, s.OutByteCount);
                        if (s.ErrorByteCount > 0) errors.Write(s.ErrBytes, 0, s.ErrorByteCount);
                        rowsOut += s.Ok;
                        errorRows += s.Errors;
                        interpreted += s.Interpreted;
                    }
                    rowsIn += w.Chunk.Count;
                    for (var n = (before / 100_000 + 1) * 100_000; n <= rowsIn; n += 100_000) progress?.Invoke(n);
                    Interlocked.Add(ref _writeTicks, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                    free.Add(w, cancel.Token);
                }
            }
            catch (Exception e) { Fail(e); }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = _threads, CancellationToken = cancel.Token };
            foreach (var w in filled.GetConsumingEnumerable(cancel.Token))
            {
                var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                w.Plan(_threads);
                if (w.SliceCount == 1) w.Process(0);
                else Parallel.For(0, w.SliceCount, options, w.Process);
                Interlocked.Add(ref _processTicks, System.Diagnostics.Stopwatch.GetTimestamp() - t0);
                written.Add(w, cancel.Token);
            }
        }
        catch (Exception e) { Fail(e); }
        finally { written.CompleteAdding(); }
        Task.WaitAll(reader, writer);
        if (Environment.GetEnvironmentVariable("POLICYRULES_TRACE") == "1")
            Console.Error.WriteLine($"bulk: read {_readTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency:F0} ms, process {_processTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency:F0} ms, write {_writeTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency:F0} ms (busy time per stage)");
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        return new BulkRunCounts(rowsIn, rowsOut, errorRows) { InterpretedRows = interpreted };
    }

    private static void WriteHeader(Stream stream, IReadOnlyList<string> names)
    {
        var b = new CharBuffer(256);
        for (var k = 0; k < names.Count; k++)
        {
            if (k > 0) b.Append(',');
            b.AppendCsvField(names[k]);
        }
        b.Append('\n');
        stream.Write(Encoding.UTF8.GetBytes(b.Span.ToArray()));
    }

    /// <summary>One chunk in flight: its text, its batch, and the output of each slice.</summary>
    private sealed class Work
    {
        private readonly BulkCsvRun _run;
        private readonly CellReader[] _readers;
        private readonly CellWriter[] _writers;
        public readonly TextChunk Chunk;
        public readonly BulkBatch Batch;
        public Slice[] Slices = [];
        public int SliceCount;

        public Work(BulkCsvRun run)
        {
            _run = run;
            Chunk = new TextChunk(run._chunkRows);
            Batch = run._module.CreateBatch(run._chunkRows);
            Batch.FixedAt = run._fixedAt;
            _readers = run._module.Inputs.Select(c => CellReader.For(Batch, c.Index)).ToArray();
            _writers = run._module.Outputs.Select(c => CellWriter.For(Batch, c.Index)).ToArray();
        }

        /// <summary>Splits the chunk into slices: one per thread when single-threaded, several per thread otherwise.</summary>
        public void Plan(int threads)
        {
            var count = Chunk.Count;
            Batch.Count = count;
            var slices = RowSlices.Count(count, threads);
            Slices = RowSlices.Grow(Slices, slices, () => new Slice());
            SliceCount = slices;
            for (var k = 0; k < slices; k++)
                (Slices[k].Start, Slices[k].End) = RowSlices.Range(count, slices, k);
        }

        public void Process(int slice)
        {
            var s = Slices[slice];
            var run = _run;
            var module = run._module;
            var batch = Batch;
            var columnCount = run._columns.Count;
            s.Interpreted = 0;
            for (var r = s.Start; r < s.End; r++)
            {
                batch.Status[r] = (byte)RowStatus.Pending;
                batch.Errors[r] = null;
                if (Chunk.CellCount(r) != columnCount)
                {
                    Fail(r, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.column_count", ("expected", columnCount), ("found", Chunk.CellCount(r)))));
                    continue;
                }
                DateOnly at;
                if (run._fixedAt is { } f) at = f;
                else if (!InputConverter.TryParseDate(Chunk.Cell(r, run._atColumn), out at))
                {
                    Fail(r, EvaluationError.Of(ErrorCodes.InvalidInput, Msg.Of("csv.bad_at", ("value", Chunk.Cell(r, run._atColumn).ToString())), "at"));
                    continue;
                }
                batch.At[r] = at;
                var parsed = true;
                for (var k = 0; k < _readers.Length; k++)
                {
                    var column = run._inputColumns[k];
                    if (column < 0) _readers[k].SetNone(r);
                    else if (!_readers[k].Read(Chunk.Cell(r, column), r)) { parsed = false; break; }
                }
                if (!parsed) { module.Store(batch, r, Interpret(r, at)); s.Interpreted++; }
            }

            s.Interpreted += module.Evaluate(batch, s.Start, s.End - s.Start);

            s.Out.Clear();
            s.Err.Clear();
            s.Ok = s.Errors = 0;
            var sources = run._headerSources;
            for (var r = s.Start; r < s.End; r++)
            {
                if (batch.Status[r] == (byte)RowStatus.Ok)
                {
                    s.Ok++;
                    var b = s.Out;
                    for (var h = 0; h < sources.Length; h++)
                    {
                        if (h > 0) b.Append(',');
                        var (isOutput, index) = sources[h];
                        if (!isOutput) b.AppendCsvField(Chunk.Cell(r, index));
                        else
                        {
                            var start = b.Length;
                            _writers[index].Write(r, b);
                            if (_writers[index].MayNeedQuotes) b.QuoteSince(start);
                        }
                    }
                    b.Append('\n');
                }
                else
                {
                    s.Errors++;
                    var e = batch.Errors[r]!;
                    var b = s.Err;
                    b.AppendFormatted(Chunk.Line(r));
                    b.Append(',');
                    b.AppendCsvField(e.Code);
                    b.Append(',');
                    b.AppendCsvField(e.Field ?? "");
                    b.Append(',');
                    b.AppendCsvField(run.Language == Lang.En ? e.Message : e.MessageIn(run.Language));
                    b.Append('\n');
                }
            }
            s.OutByteCount = Encode(s.Out, ref s.OutBytes);
            s.ErrorByteCount = Encode(s.Err, ref s.ErrBytes);
        }

        private void Fail(int row, EvaluationError error)
        {
            Batch.Errors[row] = error;
            Batch.Status[row] = (byte)RowStatus.Error;
        }

        /// <summary>A row whose cells do not parse: the interpreter reads the text itself and says exactly what is wrong.</summary>
        private EvaluationResult Interpret(int row, DateOnly at)
        {
            var inputs = new Dictionary<string, object?>();
            foreach (var input in _run._module.Module.Inputs)
                if (_run._inputColumns[input.Index] is var c and >= 0) inputs[input.Name] = Chunk.Cell(row, c).ToString();
            return _run._module.Package.EvaluateCells(_run._module.Module, at, inputs);
        }

        private static int Encode(CharBuffer text, ref byte[] bytes)
        {
            var max = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (bytes.Length < max) bytes = new byte[Math.Max(max, bytes.Length * 2)];
            return Encoding.UTF8.GetBytes(text.Span, bytes);
        }
    }

    private sealed class Slice
    {
        public int Start, End, Ok, Errors, Interpreted;
        public readonly CharBuffer Out = new(1 << 16);
        public readonly CharBuffer Err = new(1024);
        public byte[] OutBytes = new byte[1 << 16];
        public byte[] ErrBytes = new byte[1024];
        public int OutByteCount, ErrorByteCount;
    }
}
