using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Syntax;
using Sprache;

namespace PolicyRules.Language.Scenarios;

/// <summary>
/// Reads a .scenario file. The format is line-oriented (a keyword at the start of a line starts a new part), so the
/// file is read line by line and the content of each line (a date, citations, <c>name = value</c>, a table row) is
/// parsed with a Sprache grammar. A line that cannot be read gives a PR0301 diagnostic naming the line and what was
/// expected; reading goes on with the next line, so one mistake does not hide the rest of the file.
/// One instance per file, so that every span carries the file's path.
/// </summary>
internal sealed class ScenarioParser
{
    private enum Keyword { Scenario, Module, At, Cites, Tags, Given, Expect, Table, Skip, Reform }
    private enum Part { None, Given, Expect, Table }

    // Longest first, so that 表格 is not read as 表 followed by 格.
    private static readonly (string Text, Keyword Keyword)[] Keywords =
    {
        ("scenario", Keyword.Scenario), ("module", Keyword.Module), ("at", Keyword.At), ("cites", Keyword.Cites),
        ("tags", Keyword.Tags), ("given", Keyword.Given), ("expect", Keyword.Expect), ("table", Keyword.Table), ("skip", Keyword.Skip), ("reform", Keyword.Reform),
        ("场景", Keyword.Scenario), ("模块", Keyword.Module), ("日期", Keyword.At), ("依据", Keyword.Cites), ("标签", Keyword.Tags),
        ("已知", Keyword.Given), ("预期", Keyword.Expect), ("表格", Keyword.Table), ("表", Keyword.Table), ("跳过", Keyword.Skip), ("改革", Keyword.Reform),
    };

    /// <summary>The error words an <c>expect</c> may hold alone, English and Chinese, and the error code each stands for.</summary>
    public static readonly IReadOnlyList<(string Word, string Code)> ErrorWords = new[]
    {
        ("not_in_force", "not_in_force"), ("不在施行期", "not_in_force"),
        ("not_determinable", "not_determinable"), ("无法确定", "not_determinable"),
        ("invalid_input", "invalid_input"), ("输入无效", "invalid_input"),
        ("conflict", "conflict"), ("规则冲突", "conflict"),
        ("no_rule_applies", "no_rule_applies"), ("无规则适用", "no_rule_applies"),
        ("evaluation_error", "evaluation_error"), ("计算错误", "evaluation_error"),
    };

    /// <summary>The error code an error word stands for (<c>输入无效</c> → <c>invalid_input</c>), or null.</summary>
    public static string? ErrorCode(string word) =>
        ErrorWords.Where(w => string.Equals(w.Word, word, StringComparison.OrdinalIgnoreCase)).Select(w => w.Code).FirstOrDefault();

    /// <summary>'=' and the full-width '＝' a Chinese input method types.</summary>
    private static readonly char[] EqualSigns = { '=', '＝' };

    private const string KeywordList = "scenario, module, at, cites, tags, given, expect, table, reform (场景, 模块, 日期, 依据, 标签, 已知, 预期, 表, 改革)";
    private const string ErrorWordList = "not_in_force, not_determinable, invalid_input, conflict (不在施行期, 无法确定, 输入无效, 规则冲突)";

    private readonly string _file;

    public ScenarioParser(string file)
    {
        _file = file;
    }

    /// <summary>Whether a scenario file is written with the Chinese keywords (a line starting with 场景, 模块, 日期, 已知 …).</summary>
    public static bool UsesChineseKeywords(string text)
    {
        foreach (var raw in text.Split('\n'))
            if (FileReader.MatchKeyword(raw.Trim(), out _, out _) && raw.Trim()[0] >= 128) return true;
        return false;
    }

    /// <summary>
    /// Parses a whole file. Never throws for bad text: problems are in the diagnostics. A table's rows are not held:
    /// this reads its first row (the columns) and counts the rest; <see cref="ScenarioTableSyntax.Rows"/> reads them
    /// from <paramref name="text"/> one at a time each time it is enumerated, so a table of any length takes memory
    /// for one row (and the text).
    /// </summary>
    public ScenarioFileSyntax Parse(string text)
    {
        var reader = new FileReader(this, new SourceLines(text, 0, 1));
        Tokens.With(new ParseState(_file), () => { reader.Run(); return 0; });
        return new ScenarioFileSyntax(_file, reader.Scenarios, reader.FileDiagnostics);
    }

    private TextSpan LineSpan(int line, int column, int endColumn) => new(_file, line, column, line, Math.Max(endColumn, column + 1));

    private static Diagnostic Error(DiagnosticDescriptor id, TextSpan span, Msg message, Msg? hint = null) =>
        Diagnostic.Error(id, span, message, hint);

    /// <summary>The state of reading one file, line by line.</summary>
    private sealed class FileReader
    {
        private readonly ScenarioParser _p;
        private readonly SourceLines _lines;
        private ScenarioSyntax? _scenario;
        private Part _part;
        private int _moduleLine, _atLine;
        private bool _sawTable;
        private TableBuilder? _table;

        public FileReader(ScenarioParser parser, SourceLines lines) { _p = parser; _lines = lines; }

        public List<ScenarioSyntax> Scenarios { get; } = new();
        public List<Diagnostic> FileDiagnostics { get; } = new();

        private void Report(Diagnostic d) => (_scenario?.Diagnostics ?? FileDiagnostics).Add(d);

        private void Report(int line, int column, int endColumn, Msg message, Msg? hint = null) =>
            Report(Error(DiagnosticIds.ScenarioSyntax, _p.LineSpan(line, column, endColumn), message, hint));

        public void Run()
        {
            while (_lines.Read(out var raw))
            {
                var content = StripComment(raw);
                if (content.Trim().Length == 0) continue;
                var indent = content.Length - content.TrimStart().Length;
                var body = content.Trim();
                var line = _lines.Number;
                var column = indent + 1;

                if (body.StartsWith("|", StringComparison.Ordinal)) { Row(body, line, column); continue; }
                if (MatchKeyword(body, out var keyword, out var restOffset))
                {
                    var rest = body.Substring(restOffset).Trim();
                    var restColumn = column + body.Length - body.Substring(restOffset).TrimStart().Length;
                    KeywordLine(keyword, body.Substring(0, KeywordLength(body, restOffset)), rest, line, column, restColumn);
                    continue;
                }
                switch (_part)
                {
                    case Part.Given:
                    case Part.Expect:
                        Assignment(body, line, column);
                        break;
                    case Part.Table:
                        Report(line, column, column + body.Length, Msg.Of("scenario.expected_row"));
                        break;
                    default:
                        var firstWord = new string(body.TakeWhile(c => !char.IsWhiteSpace(c) && c != ':' && c != '：').ToArray());
                        var nearest = NameSuggester.Nearest(firstWord, Keywords.Select(k => k.Text));
                        var hint = nearest is not null && OneEditApart(firstWord.ToLowerInvariant(), nearest) ? Msg.Of("hint.did_you_mean", ("name", nearest)) : null;
                        Report(line, column, column + firstWord.Length,
                            _scenario is null
                                ? Msg.Of("scenario.expected_start", ("found", Shorten(body)))
                                : Msg.Of("scenario.expected_keyword", ("found", Shorten(body))), hint);
                        break;
                }
            }
            FinishScenario();
        }

        private static int KeywordLength(string body, int restOffset)
        {
            var end = restOffset;
            while (end > 0 && (char.IsWhiteSpace(body[end - 1]) || body[end - 1] is ':' or '：')) end--;
            return end;
        }

        /// <summary>A keyword at the start of the line, followed by a space, a colon or the line's end; <c>NAME = value</c> is never a keyword line.</summary>
        internal static bool MatchKeyword(string body, out Keyword keyword, out int restOffset)
        {
            foreach (var (text, kw) in Keywords)
            {
                if (!body.StartsWith(text, text[0] < 128 ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) continue;
                var after = text.Length;
                if (after < body.Length && !(char.IsWhiteSpace(body[after]) || body[after] is ':' or '：')) continue;
                var offset = after;
                while (offset < body.Length && char.IsWhiteSpace(body[offset])) offset++;
                if (offset < body.Length && body[offset] is ':' or '：') offset++;
                var rest = body.Substring(offset).TrimStart();
                if (rest.Length > 0 && rest[0] is '=' or '＝' && !rest.StartsWith("=>", StringComparison.Ordinal)) continue;
                keyword = kw;
                restOffset = offset;
                return true;
            }
            keyword = default;
            restOffset = 0;
            return false;
        }

        private void KeywordLine(Keyword keyword, string word, string rest, int line, int column, int restColumn)
        {
            if (keyword == Keyword.Scenario) { StartScenario(rest, line, column, restColumn); return; }
            if (_scenario is null)
            {
                Report(line, column, column + word.Length, Msg.Of("scenario.outside", ("word", word)));
                return;
            }
            var s = _scenario;
            var span = _p.LineSpan(line, restColumn, restColumn + rest.Length);
            switch (keyword)
            {
                case Keyword.Module:
                    _part = Part.None;
                    if (_moduleLine != 0) { Report(line, column, column + word.Length, Msg.Of("scenario.module_twice", ("line", _moduleLine))); break; }
                    _moduleLine = line;
                    if (rest.Length == 0) Report(line, column, column + word.Length, Msg.Of("scenario.module_needs_name", ("word", word)));
                    else s.Module = new ScenarioNameSyntax(Unquote(rest), span);
                    break;
                case Keyword.At:
                    _part = Part.None;
                    if (_atLine != 0) { Report(line, column, column + word.Length, Msg.Of("scenario.at_twice", ("line", _atLine))); break; }
                    _atLine = line;
                    if (rest.Length == 0) { Report(line, column, column + word.Length, Msg.Of("scenario.at_needs_date", ("word", word))); break; }
                    var date = ScenarioGrammar.Run(ScenarioGrammar.DateLine, new[] { rest }, line, restColumn, s.Diagnostics, Msg.Of("expect.date"));
                    if (date is not null) { s.At = date.Value; s.AtSpan = date.Span; }
                    break;
                case Keyword.Cites:
                    _part = Part.None;
                    s.CitesSpan ??= span;
                    if (rest.Length == 0) { Report(line, column, column + word.Length, Msg.Of("scenario.cites_needs_provision", ("word", word))); break; }
                    var cites = ScenarioGrammar.Run(ScenarioGrammar.CitationLine, new[] { rest }, line, restColumn, s.Diagnostics,
                        Msg.Of("expect.citation"));
                    if (cites is not null) s.Cites.AddRange(cites);
                    break;
                case Keyword.Tags:
                    _part = Part.None;
                    foreach (var tag in rest.Split(new[] { ',', '，', '、' }))
                        if (Unquote(tag.Trim()) is { Length: > 0 } t && !s.Tags.Contains(t)) s.Tags.Add(t);
                    break;
                case Keyword.Reform:
                    _part = Part.None;
                    if (s.Reform is not null) { Report(line, column, column + word.Length, Msg.Of("scenario.reform_twice")); break; }
                    if (rest.Length == 0) Report(line, column, column + word.Length, Msg.Of("scenario.reform_needs_path", ("word", word)));
                    else { s.Reform = Unquote(rest); s.ReformSpan = span; }
                    break;
                case Keyword.Skip:
                    _part = Part.None;
                    s.SkipReason = rest.Length == 0 ? "skipped" : Unquote(rest);
                    break;
                case Keyword.Given:
                    _part = Part.Given;
                    if (rest.Length > 0) Assignment(rest, line, restColumn);
                    break;
                case Keyword.Expect:
                    _part = Part.Expect;
                    s.HasExpectPart = true;
                    if (rest.Length > 0) Assignment(rest, line, restColumn);
                    break;
                case Keyword.Table:
                    FinishTable();
                    _part = Part.Table;
                    _table = new TableBuilder(_p.LineSpan(line, column, column + word.Length));
                    _sawTable = true;
                    if (rest.Length > 0) Report(line, restColumn, restColumn + rest.Length, Msg.Of("scenario.table_alone", ("word", word)));
                    break;
            }
        }

        private void StartScenario(string rest, int line, int column, int restColumn)
        {
            FinishScenario();
            var name = Unquote(rest);
            _scenario = new ScenarioSyntax(name.Length == 0 ? $"(unnamed scenario on line {line})" : name,
                _p.LineSpan(line, column, restColumn + rest.Length));
            if (name.Length == 0) Report(line, column, restColumn, Msg.Of("scenario.needs_name"));
            _part = Part.None;
            _moduleLine = _atLine = 0;
            _sawTable = false;
        }

        private void FinishScenario()
        {
            FinishTable();
            var s = _scenario;
            if (s is null) return;
            void Missing(string key) => s.Diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, s.Span, Msg.Of(key, ("name", s.Name))));
            if (_moduleLine == 0) Missing("scenario.no_module");
            if (_atLine == 0) Missing("scenario.no_date");
            if (s.CitesSpan is null) Missing("scenario.no_cites");
            if (!s.HasExpectPart && s.Table is null && !_sawTable)
                Missing("scenario.expects_nothing");
            else if (s.HasExpectPart && s.Table is null && s.Expect.Count == 0 && s.ExpectError is null && s.Diagnostics.Count == 0)
                Missing("scenario.expect_empty");
            if (s.ExpectError is not null && s.Table?.OutputColumns.Count > 0)
                s.Diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, s.ExpectError.Span, Msg.Of("scenario.error_with_table")));
            Scenarios.Add(s);
            _scenario = null;
            _part = Part.None;
        }

        // ---- given / expect ------------------------------------------------------------------

        private void Assignment(string body, int line, int column)
        {
            var s = _scenario!;
            // A list or record may run over several lines: read on while a bracket is open.
            var lines = new List<string> { body };
            var open = OpenBrackets(body);
            while (open > 0 && _lines.Peek() is { } next && IsContinuation(StripComment(next)))
            {
                _lines.Read(out var continuation);
                lines.Add(StripComment(continuation));
                open += OpenBrackets(lines[lines.Count - 1]);
            }

            var eq = body.IndexOfAny(EqualSigns);
            if (_part == Part.Expect && eq < 0)
            {
                var word = body.Trim();
                var code = ErrorCode(word);
                if (code is null)
                {
                    Report(line, column, column + word.Length,
                        Msg.Of("scenario.expected_assignment_or_error", ("found", Shorten(word))),
                        NameSuggester.DidYouMeanMsg(word, ErrorWords.Select(w => w.Word)));
                    return;
                }
                if (s.ExpectError is not null || s.Expect.Count > 0)
                {
                    Report(line, column, column + word.Length, Msg.Of("scenario.error_alone"));
                    return;
                }
                s.ExpectError = new ScenarioErrorWordSyntax(code, word, _p.LineSpan(line, column, column + word.Length));
                return;
            }

            var what = Msg.Of(_part == Part.Given ? "scenario.what_input" : "scenario.what_expected");
            if (eq < 0)
            {
                Report(line, column, column + body.Length, Msg.Of("scenario.expected_name_value", ("what", what), ("found", Shorten(body))));
                return;
            }
            if (body.Substring(0, eq).Trim().Length == 0)
            {
                Report(line, column, column + 1, Msg.Of("scenario.name_missing", ("what", what)));
                return;
            }
            if (body.Substring(eq + 1).Trim().Length == 0 && lines.Count == 1)
            {
                Report(line, column + eq, column + eq + 1, Msg.Of("scenario.value_missing", ("name", body.Substring(0, eq).Trim())));
                return;
            }
            var assignment = ScenarioGrammar.Run(ScenarioGrammar.AssignmentLine, lines.ToArray(), line, column, s.Diagnostics,
                Msg.Of("expect.value"));
            if (assignment is null) return;
            if (_part == Part.Given)
            {
                if (assignment.Tolerance is not null)
                    Report(assignment.Tolerance.Span.Line, assignment.Tolerance.Span.Column, assignment.Tolerance.Span.EndColumn,
                        Msg.Of("scenario.tolerance_on_input"));
                else s.Given.Add(assignment);
            }
            else if (s.ExpectError is not null)
                Report(line, column, column + body.Length, Msg.Of("scenario.already_expects_error", ("error", s.ExpectError.Text)));
            else s.Expect.Add(assignment);
        }

        /// <summary>A line that may go on an open list or record: not blank, not a table row, not a keyword line, not 'name = value'.</summary>
        private static bool IsContinuation(string line)
        {
            var body = line.Trim();
            return body.Length > 0 && !body.StartsWith("|", StringComparison.Ordinal) && !MatchKeyword(body, out _, out _)
                   && Unquoted(body).IndexOfAny(EqualSigns) < 0;
        }

        private static string Unquoted(string text)
        {
            var sb = new StringBuilder();
            var quote = '\0';
            foreach (var c in text)
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c == '"') quote = '"';
                else if (c == '“') quote = '”';
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Brackets opened minus brackets closed on one line (quoted text does not span lines).</summary>
        private static int OpenBrackets(string text)
        {
            var depth = 0;
            var quote = '\0';
            foreach (var c in text)
            {
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                switch (c)
                {
                    case '"': quote = '"'; break;
                    case '“': quote = '”'; break;
                    case '[': case '{': depth++; break;
                    case ']': case '}': depth--; break;
                }
            }
            return depth;
        }

        // ---- tables --------------------------------------------------------------------------

        private sealed class TableBuilder
        {
            public TableBuilder(TextSpan span) { Span = span; }
            public TextSpan Span { get; }
            public List<ScenarioNameSyntax>? Inputs;
            public List<ScenarioNameSyntax>? Outputs;
            public int Arrow = -1;
            public int Columns;
            public bool HeaderBroken;
            /// <summary>The data rows counted so far; they are read again, one at a time, by <see cref="ReadRows"/>.</summary>
            public int RowCount;
            /// <summary>Where the lines after the first row start (offset in the text, line number), and where the last data row ends.</summary>
            public int BodyStart, BodyLine, BodyEnd;
        }

        private void Row(string body, int line, int column)
        {
            if (_part != Part.Table || _table is null)
            {
                Report(line, column, column + 1, Msg.Of("table.row_without_table"));
                return;
            }
            var table = _table;
            var cells = SplitCells(body, column);
            if (cells.All(c => IsRule(c.Text))) return; // | --- | --- | as in Markdown

            if (table.Inputs is null && !table.HeaderBroken)
            {
                var arrow = cells.FindIndex(c => IsArrow(c.Text));
                if (arrow < 0)
                {
                    table.HeaderBroken = true;
                    Report(line, column, column + body.Length, Msg.Of("table.header"));
                    return;
                }
                var names = cells.Select(c => new ScenarioNameSyntax(Unquote(c.Text), _p.LineSpan(line, c.Column, c.Column + c.Text.Length))).ToList();
                foreach (var blank in cells.Where((c, k) => k != arrow && c.Text.Length == 0))
                    Report(line, blank.Column, blank.Column + 1, Msg.Of("table.column_unnamed"));
                if (cells.Count(c => IsArrow(c.Text)) > 1)
                    Report(line, column, column + body.Length, Msg.Of("table.arrow_twice"));
                table.Arrow = arrow;
                table.Columns = cells.Count;
                table.BodyStart = table.BodyEnd = _lines.Position;
                table.BodyLine = _lines.Number + 1;
                table.Inputs = names.Take(arrow).ToList();
                table.Outputs = names.Skip(arrow + 1).ToList();
                if (table.Outputs.Count == 0)
                    Report(line, column, column + body.Length, Msg.Of("table.no_outputs"));
                return;
            }
            if (table.Inputs is null) return; // the header was broken and already reported

            // A data row: counted here, read when the rows are enumerated (ReadRows reads the same lines).
            table.RowCount++;
            table.BodyEnd = _lines.Position;
        }

        /// <summary>
        /// The data rows of a table, read from the text between <paramref name="start"/> and <paramref name="end"/>
        /// (the lines after its first row), one at a time: the lines there are rows, rules (<c>| --- |</c>), comments,
        /// blank lines, or lines already reported as not being rows.
        /// </summary>
        private static IEnumerable<ScenarioRowSyntax> ReadRows(ScenarioParser p, string text, int start, int line, int end, int columns, int arrow)
        {
            var lines = new SourceLines(text, start, line);
            var number = 0;
            while (lines.Position < end && lines.Read(out var raw))
            {
                var content = StripComment(raw);
                var body = content.Trim();
                if (!body.StartsWith("|", StringComparison.Ordinal)) continue;
                var column = content.Length - content.TrimStart().Length + 1;
                var cells = SplitCells(body, column);
                if (cells.All(c => IsRule(c.Text))) continue;
                number++;
                var rowLine = lines.Number;
                yield return Tokens.With(new ParseState(p._file), () => ParseRow(p, body, cells, rowLine, column, number, columns, arrow));
            }
        }

        private static ScenarioRowSyntax ParseRow(ScenarioParser p, string body, List<(string Text, int Column)> cells, int line, int column,
            int number, int columns, int arrow)
        {
            var span = p.LineSpan(line, column, column + body.Length);
            var diagnostics = new List<Diagnostic>();
            var inputs = new List<ScenarioCellSyntax?>();
            var outputs = new List<ScenarioCellSyntax?>();
            if (cells.Count != columns)
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, span, Msg.Of("table.row_cells", ("row", number), ("cells", cells.Count), ("columns", columns))));
            else if (!IsArrow(cells[arrow].Text))
                diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, p.LineSpan(line, cells[arrow].Column, cells[arrow].Column + 1),
                    Msg.Of("table.row_arrow", ("row", number), ("column", arrow + 1))));
            else
            {
                for (var k = 0; k < cells.Count; k++)
                {
                    if (k == arrow) continue;
                    var cell = cells[k];
                    ScenarioCellSyntax? parsed = null;
                    if (cell.Text.Length > 0)
                        parsed = ScenarioGrammar.SimpleCell(p._file, cell.Text, line, cell.Column) ?? ScenarioGrammar.Run(ScenarioGrammar.CellLine, new[] { cell.Text }, line, cell.Column, diagnostics,
                            Msg.Of("expect.value"));
                    if (k < arrow) inputs.Add(parsed);
                    else outputs.Add(parsed);
                }
                for (var k = 0; k < arrow; k++)
                    if (inputs[k]?.Tolerance is { } tol)
                        diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, tol.Span, Msg.Of("scenario.tolerance_on_input")));
            }
            var row = new ScenarioRowSyntax(number, inputs, outputs, span);
            row.Diagnostics.AddRange(diagnostics);
            return row;
        }

        private void FinishTable()
        {
            var table = _table;
            if (table is null || _scenario is null) { _table = null; return; }
            _table = null;
            if (_scenario.Table is not null)
            {
                _scenario.Diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.Span, Msg.Of("table.second")));
                return;
            }
            if (table.Inputs is null)
            {
                if (!table.HeaderBroken)
                    _scenario.Diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.Span, Msg.Of("table.empty")));
                return;
            }
            if (table.RowCount == 0)
                _scenario.Diagnostics.Add(Error(DiagnosticIds.ScenarioSyntax, table.Span, Msg.Of("table.no_rows")));
            var (p, text, start, line, end, columns, arrow) = (_p, _lines.Text, table.BodyStart, table.BodyLine, table.BodyEnd, table.Columns, table.Arrow);
            _scenario.Table = new ScenarioTableSyntax(table.Inputs, table.Outputs!, table.RowCount,
                () => ReadRows(p, text, start, line, end, columns, arrow), table.Span);
        }

        private static bool IsArrow(string cell) => cell is "=>" or "→" or "⇒";

        private static bool IsRule(string cell) => cell.Length > 0 && cell.Trim(':').Length > 0 && cell.Trim(':').All(c => c is '-' or '—');

        /// <summary>Splits <c>| a | b |</c> into trimmed cells with their columns; '|' inside quotes or brackets does not split.</summary>
        private static List<(string Text, int Column)> SplitCells(string body, int column)
        {
            var cells = new List<(string Text, int Column)>();
            void Add(int from, int to)
            {
                var raw = body.Substring(from, to - from);
                cells.Add((raw.Trim(), column + from + (raw.Length - raw.TrimStart().Length)));
            }
            var start = 1;
            var depth = 0;
            var quote = '\0';
            for (var k = 1; k < body.Length; k++)
            {
                var c = body[k];
                if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
                if (c == '"') quote = '"';
                else if (c == '“') quote = '”';
                else if (c is '[' or '{') depth++;
                else if (c is ']' or '}') depth--;
                else if (c == '|' && depth <= 0) { Add(start, k); start = k + 1; depth = 0; }
            }
            if (body.Substring(start).Trim().Length > 0) Add(start, body.Length); // a row without its closing '|'
            return cells;
        }
    }

    /// <summary>The lines of a text read one at a time, without splitting the whole text ('\n', "\r\n" or '\r' ends a line).</summary>
    private sealed class SourceLines
    {
        private int _next;

        public SourceLines(string text, int start, int firstLine)
        {
            Text = text;
            _next = start;
            Number = firstLine - 1;
        }

        public string Text { get; }
        /// <summary>The number of the line last read (1-based).</summary>
        public int Number { get; private set; }
        /// <summary>Where the next line starts in <see cref="Text"/>.</summary>
        public int Position => _next;

        /// <summary>The next line, as <c>Split('\n')</c> would give it (so text ending in a line break ends with an empty line).</summary>
        public bool Read(out string line)
        {
            if (_next > Text.Length) { line = ""; return false; }
            var end = End(_next, out var after);
            line = Text.Substring(_next, end - _next);
            _next = after;
            Number++;
            return true;
        }

        public string? Peek() => _next > Text.Length ? null : Text.Substring(_next, End(_next, out _) - _next);

        private int End(int from, out int after)
        {
            var k = Text.IndexOfAny(Breaks, from);
            if (k < 0) { after = Text.Length + 1; return Text.Length; }
            after = Text[k] == '\r' && k + 1 < Text.Length && Text[k + 1] == '\n' ? k + 2 : k + 1;
            return k;
        }

        private static readonly char[] Breaks = { '\n', '\r' };
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /// <summary>The line without its <c>#</c> comment; a '#' inside quotes is text.</summary>
    internal static string StripComment(string line)
    {
        var quote = '\0';
        for (var k = 0; k < line.Length; k++)
        {
            var c = line[k];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c == '"') quote = '"';
            else if (c == '“') quote = '”';
            else if (c == '#') return line.Substring(0, k);
        }
        return line;
    }

    internal static string Unquote(string text)
    {
        var t = text.Trim();
        if (t.Length >= 2 && ((t[0] == '"' && t[t.Length - 1] == '"') || (t[0] == '“' && t[t.Length - 1] == '”')))
            return t.Substring(1, t.Length - 2).Replace("\\\"", "\"").Replace("\\\\", "\\");
        return t;
    }

    /// <summary>Whether one insertion, deletion, substitution or swap of neighbours turns <paramref name="a"/> into <paramref name="b"/>.</summary>
    private static bool OneEditApart(string a, string b)
    {
        if (a == b || Math.Abs(a.Length - b.Length) > 1) return a == b;
        var i = 0;
        while (i < Math.Min(a.Length, b.Length) && a[i] == b[i]) i++;
        if (a.Length == b.Length)
            return a.Substring(i + 1) == b.Substring(i + 1)
                   || (i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.Substring(i + 2) == b.Substring(i + 2));
        return a.Length < b.Length ? a.Substring(i) == b.Substring(i + 1) : a.Substring(i + 1) == b.Substring(i);
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "…";
}

/// <summary>
/// The Sprache grammar of what a scenario line holds: values with their units, dates, citations, <c>name = value</c>,
/// table cells. Tokens consume the whitespace after them (newlines too, for a list that runs over several lines).
/// </summary>
internal static class ScenarioGrammar
{

    /// <summary>Characters that end an unquoted word.</summary>
    private const string WordStops = ",，、[]{}|:：=＝#\"“”±\n";
    /// <summary>Characters that end a unit written after a number.</summary>
    private const string UnitStops = WordStops + " \t\u3000+";

    /// <summary>
    /// The cells most tables are made of — a number with or without its unit (<c>25000 元</c>, <c>7.9%</c>), or a plain
    /// word (<c>是</c>, an enum label) — read directly, with exactly the syntax the grammar gives them; anything else
    /// (dates, quotes, lists, tolerances, mistakes) returns null and goes through the grammar. A table of a million rows
    /// spent most of its time in the grammar's generality.
    /// </summary>
    public static ScenarioCellSyntax? SimpleCell(string file, string text, int line, int column)
    {
        var span = new TextSpan(file, line, column, line, column + text.Length);
        var k = 0;
        var sign = text[0] is '-' or '+' or '−' or '－' or '＋';
        if (sign) k++;
        if (k < text.Length && PersonText.IsDigit(text[k]))
        {
            var start = k;
            while (k < text.Length && PersonText.IsDigit(text[k])) k++;
            var whole = text.Substring(start, k - start);
            string? fraction = null;
            if (k + 1 < text.Length && text[k] is '.' or '．' && PersonText.IsDigit(text[k + 1]))
            {
                var from = ++k;
                while (k < text.Length && PersonText.IsDigit(text[k])) k++;
                fraction = text.Substring(from, k - from);
            }
            while (k < text.Length && text[k] is ' ' or '\t' or '\u3000') k++;
            var unit = text.Substring(k);
            // A unit of letters or a percent sign only: a digit, '-' or '年' after the number may make a date, which the grammar reads.
            if (unit.Length > 0 && (unit[0] == '年' || !unit.All(c => char.IsLetter(c) || c is '%' or '％')))
                return null;
            if (fraction is { Length: > Tokens.MaxScale }) return null;
            var written = (sign && text[0] is not ('+' or '＋') ? "-" : "") + whole + (fraction is null ? "" : "." + fraction);
            if (!decimal.TryParse(PersonText.Normalize(written), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                return null;
            var number = new ScenarioNumberSyntax(value, fraction is null, unit.Length == 0 ? null : PersonText.Normalize(unit), text, span);
            return new ScenarioCellSyntax(number, null, span);
        }
        if (sign || text[0] is '"' or '“' || text.Any(c => WordStops.IndexOf(c) >= 0 || c == '+')) return null;
        return new ScenarioCellSyntax(new ScenarioWordSyntax(text, text, span), null, span);
    }

    static ScenarioGrammar() => Build();

    public static Parser<ScenarioDateSyntax> DateLine = null!;
    public static Parser<IReadOnlyList<CitationSyntax>> CitationLine = null!;
    public static Parser<ScenarioAssignmentSyntax> AssignmentLine = null!;
    public static Parser<ScenarioCellSyntax> CellLine = null!;

    /// <summary>
    /// Runs <paramref name="parser"/> on <paramref name="lines"/> (the first starting at <paramref name="line"/>,
    /// <paramref name="column"/>). On failure adds a PR0301 (or PR0303 for a date that is not in the calendar) and returns default.
    /// </summary>
    public static T? Run<T>(Parser<T> parser, string[] lines, int line, int column, List<Diagnostic> diagnostics, Msg expected)
    {
        var state = Tokens.State;
        state.Line = line;
        state.Column = column;
        var text = lines.Length == 1 ? lines[0] : string.Join("\n", lines);
        state.Text = text;
        IResult<T> result;
        try { result = parser(Tokens.Input(text)); }
        catch (ParseException e)
        {
            diagnostics.Add(e is MsgParseException m
                ? Diagnostic.Error(DiagnosticIds.ScenarioBadValue, Map(e.Position, e.Position), m.Text)
                : new Diagnostic(DiagnosticIds.ScenarioBadValue.Id, Severity.Error, Map(e.Position, e.Position), e.Message));
            return default;
        }
        catch (SyntaxLimitException e)
        {
            var at = new Position(0, e.Line, e.Column);
            diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScenarioSyntax, Map(at, at), e.Text, Msg.Of("hint.less_nested")));
            return default;
        }
        if (result.WasSuccessful) return result.Value;
        var rest = result.Remainder;
        // Sprache's own expectations name single characters ("-", "年"); only the productions named in plain words are
        // worth showing. Otherwise say what the whole line should have been, and show it.
        var expectations = result.Expectations.Where(e => e.IndexOf(' ') >= 0).Distinct().ToList();
        var from = expectations.Count == 0 ? new Position(0, 1, 1) : new Position(rest.Position, rest.Line, rest.Column);
        var what = expectations.Count == 0 ? expected : expectations.Select(Expectation).Aggregate((a, b) => Msg.Of("expect.or", ("a", a), ("b", b)));
        Msg found;
        if (expectations.Count > 0 && rest.AtEnd) found = Msg.Of("found.end_of_line");
        else
        {
            var snippet = new string(text.Skip(from.Pos).TakeWhile(c => c != '\n').ToArray()).Trim();
            found = snippet.Length == 0 ? Msg.Of("found.end_of_line") : Msg.Of("found.text", ("text", ScenarioParser.Shorten(snippet)));
        }
        var position = from;
        diagnostics.Add(Diagnostic.Error(DiagnosticIds.ScenarioSyntax, Map(position, position), Msg.Of("syntax.expected_found", ("what", what), ("found", found))));
        return default;
    }

    /// <summary>The catalogue key of each production's name (<c>.Named(…)</c>), so that what was expected is said in the reader's language.</summary>
    private static readonly Dictionary<string, string> ExpectationKeys = new()
    {
        ["',' between items"] = "expect.comma",
        ["a date such as 2017-09-01 or 2017年9月1日"] = "expect.date",
        ["the end of the line after the date"] = "expect.end_after_date",
        ["'”' to close the quoted text"] = "expect.close_quote",
        ["']' to close the list"] = "expect.close_list",
        ["a field name"] = "expect.field_name",
        ["':' after the field name"] = "expect.field_colon",
        ["'}' to close the record"] = "expect.close_record",
        ["a value (a number, an amount such as 25000 元, a rate such as 7.9%, a date, true or false, \"text\" or a list [1, 2])"] = "expect.value",
        ["'±' and a tolerance"] = "expect.plus_minus",
        ["a tolerance after '±', e.g. ± 0.01 元"] = "expect.tolerance",
        ["the end of the line"] = "expect.end_of_line",
        ["'=' after the name"] = "expect.equals",
        ["a document alias or \"number\""] = "expect.document",
        ["§section"] = "expect.section",
    };

    private static Msg Expectation(string name) => Tokens.Expectation(name, ExpectationKeys);

    /// <summary>A span in the file from positions in the text being parsed (which starts at the state's line and column; continuation lines at column 1).</summary>
    private static TextSpan Map(Position start, Position end) => Map(Tokens.State, start, end);

    private static TextSpan Map(ParseState state, Position start, Position end)
    {
        int Line(Position p) => state.Line + p.Line - 1;
        int Col(Position p) => p.Line == 1 ? state.Column + p.Column - 1 : p.Column;
        var endCol = Col(end);
        if (Line(end) == Line(start) && endCol <= Col(start)) endCol = Col(start) + 1;
        return new TextSpan(state.File, Line(start), Col(start), Line(end), endCol);
    }

    /// <summary>A token: the parser, its span and text, then trailing whitespace (written out: this runs at every token).</summary>
    private static Parser<(T Value, TextSpan Span, string Text)> Tok<T>(Parser<T> p) => input =>
    {
        var result = p(input);
        if (!result.WasSuccessful) return Result.Failure<(T, TextSpan, string)>(result.Remainder, result.Message, result.Expectations);
        var end = result.Remainder;
        var state = Tokens.StateOf(input);
        var span = Map(state, new Position(input.Position, input.Line, input.Column), new Position(end.Position, end.Line, end.Column));
        var text = state.Text.Substring(input.Position, end.Position - input.Position);
        var rest = end;
        while (!rest.AtEnd && char.IsWhiteSpace(rest.Current)) rest = rest.Advance();
        return Result.Success((result.Value, span, text), rest);
    };

    private static void Build()
    {
        var ws = Parse.WhiteSpace.Many();
        var hspace = Parse.Chars(' ', '\t', '\u3000').Many();
        var digit = Tokens.PersonDigit;
        var digits = digit.AtLeastOnce().Text();
        var separator = Tok(Parse.Chars(",，、")).Named("',' between items");

        // dates: 2017-09-01, 2017-9-1, 2017年9月1日; times: 08:00, T08:00, 8时, 8时30分, 8点
        var isoDate = from y in digit.Repeat(4).Text()
                      from d1 in Parse.Char('-')
                      from m in digit.Repeat(1, 2).Text()
                      from d2 in Parse.Char('-')
                      from d in digit.Repeat(1, 2).Text()
                      select (y, m, d);
        var chineseDate = from y in digit.Repeat(4).Text()
                          from d1 in Parse.Char('年')
                          from m in digit.Repeat(1, 2).Text()
                          from d2 in Parse.Char('月')
                          from d in digit.Repeat(1, 2).Text()
                          from d3 in Parse.Char('日').Or(Parse.Char('号'))
                          select (y, m, d);
        var clock = from h in digit.Repeat(1, 2).Text()
                    from c in Parse.Char(':').Or(Parse.Char('：'))
                    from mi in digit.Repeat(2).Text()
                    from s in (from c2 in Parse.Char(':') from ss in digit.Repeat(2).Text() select ss).Optional()
                    select (h, mi, s.GetOrElse("0"));
        var chineseClock = from h in digit.Repeat(1, 2).Text()
                           from c in Parse.Char('时').Or(Parse.Char('点'))
                           from mi in (from m in digit.Repeat(1, 2).Text() from f in Parse.Char('分') select m).Optional()
                           select (h, mi.GetOrElse("0"), "0");
        var time = from sep in Parse.Char('T').Return("").Or(hspace.Text())
                   from t in clock.Or(chineseClock)
                   select t;
        var dateShape = from start in Parse.Return(0).Span()
                        from date in isoDate.Or(chineseDate)
                        from t in time.Optional()
                        select (date, t, start.Start);

        Parser<ScenarioValueSyntax> dateValue =
            Tok(dateShape).Select(tok =>
            {
                var ((y, m, d), t, start) = tok.Value;
                var day = Tokens.CalendarDate(y, m, d, tok.Text, start);
                if (!t.IsDefined) return (ScenarioValueSyntax)new ScenarioDateSyntax(day, false, tok.Text, tok.Span);
                var (hh, mm, ss) = t.Get();
                var h = int.Parse(PersonText.Normalize(hh), CultureInfo.InvariantCulture);
                var mi = int.Parse(PersonText.Normalize(mm), CultureInfo.InvariantCulture);
                var se = int.Parse(PersonText.Normalize(ss), CultureInfo.InvariantCulture);
                if (h > 23 || mi > 59 || se > 59)
                    throw new MsgParseException(Msg.Of("scenario.bad_time", ("time", tok.Text)), start);
                return new ScenarioDateSyntax(day.AddHours(h).AddMinutes(mi).AddSeconds(se), true, tok.Text, tok.Span);
            });
        DateLine = from lead in ws
                   from d in dateValue.Named("a date such as 2017-09-01 or 2017年9月1日")
                   from end in Parse.Return(0).End().Named("the end of the line after the date")
                   select d is ScenarioDateSyntax { HasTime: false } date ? date
                       : throw new MsgParseException(Msg.Of("scenario.date_has_time", ("date", d.Text)), new Position(0, 1, 1));

        // numbers, with the unit people write after them
        var number = from sign in Parse.Chars('-', '+', '−', '－', '＋').Optional()
                     from n in Tokens.NumberText(digit, Parse.Chars('.', '．'))
                     select (sign.IsDefined && sign.Get() is not ('+' or '＋') ? "-" : "") + n;
        var unit = Parse.CharExcept(UnitStops).AtLeastOnce().Text();
        var numberValue = Tok(from start in Parse.Return(0).Span()
                              from n in number
                              from u in (from sp in hspace from x in unit select x).Optional()
                              select (n, u.GetOrDefault(), start.Start))
            .Select(t => (ScenarioValueSyntax)new ScenarioNumberSyntax(
                Tokens.ExactDecimal(t.Value.n, t.Value.Item3),
                t.Value.n.IndexOf('.') < 0, t.Value.Item2 is { } u ? PersonText.Normalize(u) : null, t.Text.TrimEnd(), t.Span));

        // quoted text: "…" with \" and \\, or “…”
        var straight = Tokens.QuotedLine;
        var curly = from open in Parse.Char('“')
                    from chars in Parse.CharExcept("”\n").Many().Text()
                    from close in Parse.Char('”').Named("'”' to close the quoted text")
                    select chars;
        var stringValue = Tok(straight.Or(curly)).Select(t => (ScenarioValueSyntax)new ScenarioStringSyntax(t.Value, t.Text, t.Span));

        // an unquoted word: true/false/是/否, none/无, an enum member by id or label, unquoted text
        var word = Tok(Parse.CharExcept(WordStops).AtLeastOnce().Text())
            .Select(t => (Text: t.Value.TrimEnd(), t.Span));
        var wordValue = word.Select(w => (ScenarioValueSyntax)new ScenarioWordSyntax(w.Text, w.Text, w.Span));

        Parser<ScenarioValueSyntax> value = null!;
        var valueRef = Tokens.Nested(Tokens.Ref(() => value));

        var listValue = from open in Tok(Parse.Char('['))
                        from items in valueRef.DelimitedBy(separator).Optional()
                        from close in Tok(Parse.Char(']')).Named("']' to close the list")
                        select (ScenarioValueSyntax)new ScenarioListSyntax(items.GetOrElse(Array.Empty<ScenarioValueSyntax>()).ToList(),
                            "[" + string.Join(", ", items.GetOrElse(Array.Empty<ScenarioValueSyntax>()).Select(i => i.Text)) + "]",
                            Join(open.Span, close.Span));

        var field = from name in word.Named("a field name")
                    from colon in Tok(Parse.Chars(':', '：')).Named("':' after the field name")
                    from v in valueRef
                    select new ScenarioFieldSyntax(new ScenarioNameSyntax(name.Text, name.Span), v);
        var recordValue = from open in Tok(Parse.Char('{'))
                          from fields in field.DelimitedBy(separator).Optional()
                          from close in Tok(Parse.Char('}')).Named("'}' to close the record")
                          select (ScenarioValueSyntax)new ScenarioRecordSyntax(fields.GetOrElse(Array.Empty<ScenarioFieldSyntax>()).ToList(),
                              "{" + string.Join(", ", fields.GetOrElse(Array.Empty<ScenarioFieldSyntax>()).Select(f => $"{f.Name.Text}: {f.Value.Text}")) + "}",
                              Join(open.Span, close.Span));

        value = listValue
            .Or(recordValue)
            .Or(stringValue)
            .Or(dateValue)
            .Or(numberValue)
            .Or(wordValue)
            .Named("a value (a number, an amount such as 25000 元, a rate such as 7.9%, a date, true or false, \"text\" or a list [1, 2])");
        var plusMinus = Tok(Parse.String("±").Or(Parse.String("+/-")).Or(Parse.String("+-")).Text()).Named("'±' and a tolerance");
        var tolerance = from pm in plusMinus
                        from t in numberValue.Named("a tolerance after '±', e.g. ± 0.01 元")
                        select t;
        var endOfLine = Parse.Return(0).End().Named("the end of the line");

        AssignmentLine =
            from lead in ws
            from name in Tok(Parse.CharExcept("=＝\n").AtLeastOnce().Text())
            from eq in Tok(Parse.Chars('=', '＝')).Named("'=' after the name")
            from v in value
            from tol in tolerance.Optional()
            from end in endOfLine
            select new ScenarioAssignmentSyntax(new ScenarioNameSyntax(name.Value.Trim(), TrimSpan(name.Span, name.Value)), v, tol.GetOrDefault(),
                Join(name.Span, tol.IsDefined ? tol.Get().Span : v.Span));

        CellLine = from lead in ws
                   from v in value
                   from tol in tolerance.Optional()
                   from end in endOfLine
                   select new ScenarioCellSyntax(v, tol.GetOrDefault(), Join(v.Span, tol.IsDefined ? tol.Get().Span : v.Span));

        // citations: hz107 §二, "邯政字〔2017〕26号", 邯政办字〔2017〕107号 §三
        var section = Tokens.SectionPath;
        var quotedDocument = straight.Or(curly).Select(s => (Text: s, ByNumber: true));
        // 《邯政办字〔2017〕107号》: the title marks Chinese writing puts around a document's name are not part of its number.
        var bareDocument = Parse.CharExcept(" \t\n,，、;；\"“§").AtLeastOnce().Text()
            .Select(s => s.Trim('《', '》'))
            .Select(s => (Text: s, ByNumber: !IsAlias(s)));
        var citation = from doc in Tok(quotedDocument.Or(bareDocument)).Named("a document alias or \"number\"")
                       from sec in Tok(section).Named("§section").Optional()
                       select new CitationSyntax(doc.Value.Text, doc.Value.ByNumber, sec.IsDefined ? sec.Get().Value : null,
                           sec.IsDefined ? Join(doc.Span, sec.Get().Span) : doc.Span);
        CitationLine = from lead in ws
                       from list in citation.DelimitedBy(separator)
                       from end in endOfLine
                       select (IReadOnlyList<CitationSyntax>)list.ToList();
    }

    private static bool IsAlias(string s) =>
        s.Length > 0 && (char.IsLetter(s[0]) && s[0] < 128 || s[0] == '_') && s.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'));

    private static TextSpan Join(TextSpan a, TextSpan b) => new(a.File, a.Line, a.Column, b.EndLine, b.EndColumn);

    private static TextSpan TrimSpan(TextSpan span, string raw)
    {
        var trailing = raw.Length - raw.TrimEnd().Length;
        return span.EndLine == span.Line ? span with { EndColumn = Math.Max(span.Column + 1, span.EndColumn - trailing) } : span;
    }
}
