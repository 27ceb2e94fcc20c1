using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Model;

namespace PolicyRules.Language.Scenarios;

// The checked scenarios: every name resolved against the package, every value typed, every citation bound.

/// <summary>
/// A value written in a scenario, typed against the input or output it is given for. <see cref="Value"/> is, like a
/// rule literal, language-neutral: <c>int</c>; <c>decimal</c> (decimal, money in yuan, rate as a fraction); <c>bool</c>;
/// <c>DateTime</c> (date, datetime); <c>string</c> (text, enum member id); null (none);
/// <c>IReadOnlyList&lt;ScenarioValue&gt;</c> (list); <c>IReadOnlyDictionary&lt;string, ScenarioValue&gt;</c> (record, by field id).
/// </summary>
public sealed class ScenarioValue
{
    internal ScenarioValue(RuleType type, object? value, string text) { Type = type; Value = value; Text = text; }
    /// <summary>The type of the input or output the value is given for.</summary>
    public RuleType Type { get; }
    /// <summary>The value, in the language-neutral form described above.</summary>
    public object? Value { get; }
    /// <summary>The value as written in the scenario.</summary>
    public string Text { get; }
    /// <summary>The value as written in the scenario.</summary>
    public override string ToString() => Text;
}

/// <summary>An input given to a case.</summary>
public sealed class ScenarioInput
{
    internal ScenarioInput(InputModel input, ScenarioValue value, TextSpan span) { Input = input; Value = value; Span = span; }
    /// <summary>The module input given.</summary>
    public InputModel Input { get; }
    /// <summary>The value given to it.</summary>
    public ScenarioValue Value { get; }
    /// <summary>Where the input is given.</summary>
    public TextSpan Span { get; }
}

/// <summary>An expected output, with a tolerance only where one was written.</summary>
public sealed class ScenarioExpectation
{
    internal ScenarioExpectation(DefinitionModel output, ScenarioValue value, ScenarioValue? tolerance, TextSpan span)
    { Output = output; Value = value; Tolerance = tolerance; Span = span; }
    /// <summary>The output expected.</summary>
    public DefinitionModel Output { get; }
    /// <summary>The value expected.</summary>
    public ScenarioValue Value { get; }
    /// <summary>The tolerance written after the value (<c>± 0.01 元</c>), or null: the value must then match exactly.</summary>
    public ScenarioValue? Tolerance { get; }
    /// <summary>Where the expectation is written.</summary>
    public TextSpan Span { get; }
}

/// <summary>
/// One thing to run: a scenario without a table, or one row of a table. A case with <see cref="Diagnostics"/> cannot
/// run and is reported as failed with them.
/// </summary>
public sealed class ScenarioCase
{
    internal ScenarioCase(ScenarioModel scenario, int? row, TextSpan span, IReadOnlyList<ScenarioInput> inputs,
        IReadOnlyList<ScenarioExpectation> expectations, string? expectedError, IReadOnlyList<Diagnostic> diagnostics)
    {
        Scenario = scenario; Row = row; Span = span; Inputs = inputs; Expectations = expectations; ExpectedError = expectedError;
        Diagnostics = diagnostics;
    }

    /// <summary>The scenario the case belongs to.</summary>
    public ScenarioModel Scenario { get; }
    /// <summary>The table row, counted from 1; null for a scenario without a table.</summary>
    public int? Row { get; }
    /// <summary>The scenario line, or the row's line.</summary>
    public TextSpan Span { get; }
    /// <summary>The inputs given, in the order written.</summary>
    public IReadOnlyList<ScenarioInput> Inputs { get; }
    /// <summary>The outputs expected, in the order written.</summary>
    public IReadOnlyList<ScenarioExpectation> Expectations { get; }
    /// <summary>The error code expected instead of outputs (<c>invalid_input</c>, …), or null.</summary>
    public string? ExpectedError { get; }
    /// <summary>The problems that stop the case from running, in line order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    /// <summary>Whether the case has an error and cannot run.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary><c>name</c>, or <c>name [row 2]</c> for a table row.</summary>
    public string DisplayName => DisplayNameIn(Lang.En);

    /// <summary><see cref="DisplayName"/> in <paramref name="lang"/>: <c>name [第2行]</c> in Chinese.</summary>
    public string DisplayNameIn(Lang lang) => (Row is { } row
        ? Msg.Of("report.row_name", ("name", Scenario.NameIn(lang)), ("row", row))
        : Msg.Of("report.name", ("name", Scenario.NameIn(lang)))).Render(lang);

    /// <summary><c>file(line)</c>: where the case is written.</summary>
    public string Location => $"{Span.File}({Span.Line.ToString(CultureInfo.InvariantCulture)})";
}

/// <summary>A named scenario, checked: a module at a date, the provisions it checks, its tags, and its cases.</summary>
public sealed class ScenarioModel
{
    internal ScenarioModel(string file, string name, TextSpan span, ModuleModel? module, DateTime? at,
        IReadOnlyList<CitationModel> citations, IReadOnlyList<string> tags, string? skipReason)
    {
        File = file; Name = name; Span = span; Module = module; At = at; Citations = citations; Tags = tags; SkipReason = skipReason;
    }

    /// <summary>The scenario file's path, as diagnostics show it.</summary>
    public string File { get; }
    /// <summary>The scenario's name, as written after <c>scenario</c>/<c>场景</c>.</summary>
    public string Name { get; }
    /// <summary>The name a report shows in <paramref name="lang"/>: <see cref="Name"/>, or for the case that holds the lines
    /// outside any scenario, those words in <paramref name="lang"/>.</summary>
    public string NameIn(Lang lang) => NameText?.Render(lang) ?? Name;
    /// <summary>The name as a message, when it is the catalogue's words rather than the file's.</summary>
    internal Msg? NameText { get; init; }
    /// <summary>Where the scenario starts.</summary>
    public TextSpan Span { get; }
    /// <summary>Null when the scenario names no module the package has (its cases then carry a PR0302).</summary>
    public ModuleModel? Module { get; }
    /// <summary>The evaluation date; null when the scenario gives none or an invalid one (its cases then carry the error).</summary>
    public DateTime? At { get; }
    /// <summary>The provisions the scenario checks (<c>依据</c>/<c>cites</c>).</summary>
    public IReadOnlyList<CitationModel> Citations { get; }
    /// <summary>The scenario's tags, which <c>policyrules test --filter</c> matches.</summary>
    public IReadOnlyList<string> Tags { get; }
    /// <summary>Why the scenario is skipped (<c>skip "…"</c>), or null when it runs.</summary>
    public string? SkipReason { get; }
    /// <summary>The reform file (a path in the package folder) the scenario's outcomes are stated under, or null.</summary>
    public string? Reform { get; internal set; }
    internal TextSpan? ReformSpan { get; set; }

    private Func<IEnumerable<ScenarioCase>> _cases = Array.Empty<ScenarioCase>;

    /// <summary>
    /// Its cases in file order: one, or one per table row. A table's cases are read, checked and made one at a time
    /// each time this is enumerated, never held together (a table may have millions of rows).
    /// </summary>
    public IEnumerable<ScenarioCase> Cases => _cases();

    /// <summary>How many cases <see cref="Cases"/> gives, without making them.</summary>
    public int CaseCount { get; private set; }

    internal void SetCases(int count, Func<IEnumerable<ScenarioCase>> cases)
    {
        CaseCount = count;
        _cases = cases;
    }
}

/// <summary>A scenario file, checked. <see cref="Diagnostics"/> are the problems outside any scenario.</summary>
public sealed class ScenarioFileModel
{
    internal ScenarioFileModel(string path, IReadOnlyList<ScenarioModel> scenarios, IReadOnlyList<Diagnostic> diagnostics)
    { Path = path; Scenarios = scenarios; Diagnostics = diagnostics; }
    /// <summary>The file's path, as diagnostics show it.</summary>
    public string Path { get; }
    /// <summary>The scenarios, in file order.</summary>
    public IReadOnlyList<ScenarioModel> Scenarios { get; }
    /// <summary>The problems outside any scenario.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
    /// <summary>Every case of every scenario, in file order.</summary>
    public IEnumerable<ScenarioCase> Cases => Scenarios.SelectMany(s => s.Cases);

    /// <summary>Every diagnostic of the file, its scenarios and their cases, each once, in file order (this makes every case).</summary>
    public IEnumerable<Diagnostic> AllDiagnostics =>
        Diagnostics.Concat(Cases.SelectMany(c => c.Diagnostics)).Distinct()
            .OrderBy(d => d.Span.Line).ThenBy(d => d.Span.Column);
}
