using System.Collections.Concurrent;
using PolicyRules.Evaluation;
using PolicyRules.Language;
using PolicyRules.Language.Messages;
using PolicyRules.Language.Core;
using PolicyRules.Language.Diagnostics;
using PolicyRules.Language.Model;
using PolicyRules.Rules;
using PolicyRules.Time;

namespace PolicyRules;

/// <summary>A rule package that has no errors, ready to evaluate.</summary>
public sealed class RulePackage
{
    private readonly ConcurrentDictionary<CalendarModel, RuleCalendar> _calendars = new();
    private readonly ConcurrentDictionary<ModuleModel, CoreModule> _cores = new();

    private RulePackage(RuleCompilation compilation) { Compilation = compilation; }

    /// <summary>The front end's compilation of the package's rule files.</summary>
    public RuleCompilation Compilation { get; }
    /// <summary>The checked model: documents, calendars, enums, records and modules.</summary>
    public PackageModel Model => Compilation.Package;

    /// <summary>Compiles a rule package folder. Throws <see cref="RulePackageException"/> carrying the diagnostics when it has errors.</summary>
    public static RulePackage Load(string directory) => FromCompilation(RuleCompilation.FromDirectory(directory));

    /// <summary>The package with a reform file applied (docs/language.md#reforms): a new package, its parameters overridden
    /// by the reform from its dates. Throws <see cref="RulePackageException"/> when the package or the reform has errors.</summary>
    public static RulePackage Load(string directory, string? reformPath) => FromCompilation(RuleCompilation.FromDirectory(directory, reformPath));

    /// <summary>This package with a reform file applied (docs/language.md#reforms): a new package, as <see cref="Load(string, string?)"/>
    /// gives, made from the rule files this one has already read and parsed (<see cref="RuleCompilation.WithReform(string)"/>).
    /// Throws <see cref="RulePackageException"/> when the reform has errors; this package is left as it is.</summary>
    public RulePackage WithReform(string reformPath) => FromCompilation(Compilation.WithReform(reformPath));

    /// <summary>A package from a compilation. Throws <see cref="RulePackageException"/> carrying the diagnostics when it has errors.</summary>
    public static RulePackage FromCompilation(RuleCompilation compilation)
    {
        if (compilation.HasErrors) throw new RulePackageException(compilation.Diagnostics);
        return new RulePackage(compilation);
    }

    /// <summary>The runtime calendar for a calendar declared in the package.</summary>
    public WorkingCalendar Calendar(CalendarModel calendar) => RuleCalendar(calendar);

    private IReadOnlyList<DocumentInfo>? _registry;

    /// <summary>A calendar as the builtins (<see cref="RuleOps"/>) take it: the runtime calendar with the notices it cites
    /// (one object per declared calendar; <see cref="Calendar"/> answers the same one).</summary>
    internal RuleCalendar RuleCalendar(CalendarModel calendar) => _calendars.GetOrAdd(calendar, c =>
        new RuleCalendar(new WorkingCalendar(c.Name, DateOnly.FromDateTime(c.CoversFrom), DateOnly.FromDateTime(c.CoversTo),
            c.Holidays.Select(DateOnly.FromDateTime), c.Workdays.Select(DateOnly.FromDateTime)), c.Citations.Select(Citation).ToList()));

    /// <summary>The package's documents as the builtins (<see cref="RuleOps.DocumentInForce(string, DateOnly, IReadOnlyList{DocumentInfo})"/>) take them.</summary>
    internal IReadOnlyList<DocumentInfo> Registry => _registry ??= Model.Documents.Select(d => new DocumentInfo(d.Alias, d.Number, d.Title,
        DateOnly.FromDateTime(d.InForceFrom), d.InForceTo is { } to ? DateOnly.FromDateTime(to) : null,
        d.EffectiveTo is { } end ? DateOnly.FromDateTime(end) : null, d.External, d.RepealedBy?.Number)).ToList();

    private Citation Citation(CitationModel c) => new(Registry.First(d => d.Alias == c.Document.Alias), c.Section, c.Quote);

    /// <summary>The model's citations for those an error from <see cref="RuleOps"/> carries.</summary>
    internal IReadOnlyList<CitationModel> CitationModels(IReadOnlyList<Citation> citations) => citations
        .Select(c => new CitationModel(Model.Documents.First(d => d.Alias == c.Document.Alias), c.Section)).ToList();

    /// <summary>The module with this name, else with this label, or null.</summary>
    public ModuleModel? FindModule(string nameOrLabel) => Model.FindModule(nameOrLabel);

    /// <summary>The module lowered to the core (<see cref="Lowering.Lower(ModuleModel)"/>), once per module.</summary>
    internal CoreModule Core(ModuleModel module) => _cores.GetOrAdd(module, Lowering.Lower);

    /// <summary>Evaluates a module, named by name or label, without the explanation trace.</summary>
    public EvaluationResult Evaluate(string module, DateOnly at, IReadOnlyDictionary<string, object?> inputs) => Evaluate(module, at, inputs, explain: false);

    /// <summary>Evaluates a module. Inputs are keyed by name or Chinese label; values may be CLR values, text or JSON elements.</summary>
    public EvaluationResult Evaluate(string module, DateOnly at, IReadOnlyDictionary<string, object?> inputs, bool explain)
    {
        var model = FindModule(module);
        if (model is null)
        {
            var hint = NameSuggester.DidYouMeanMsg(module, Model.Modules.Select(m => m.Name));
            return new EvaluationResult
            {
                Module = new ModuleModel(module, null, null, TextSpan.None("")),
                At = at,
                Error = EvaluationError.Of(ErrorCodes.UnknownModule, hint is null ? Msg.Of("eval.unknown_module", ("module", module))
                    : Msg.Of("eval.unknown_module_hint", ("module", module), ("hint", hint))),
            };
        }
        return Evaluate(model, at, inputs, explain);
    }

    /// <summary>Evaluates a module of this package. Inputs are keyed by name or Chinese label; values may be CLR values, text or JSON elements.</summary>
    public EvaluationResult Evaluate(ModuleModel module, DateOnly at, IReadOnlyDictionary<string, object?> inputs, bool explain) =>
        Evaluate(module, at, inputs, explain, onBranch: null);

    /// <summary>Evaluates a module of this package without the explanation trace.</summary>
    public EvaluationResult Evaluate(ModuleModel module, DateOnly at, IReadOnlyDictionary<string, object?> inputs) =>
        Evaluate(module, at, inputs, explain: false, onBranch: null);

    /// <summary>
    /// Evaluates a module on the text cells of a CSV row (<c>run</c>), read as <see cref="InputConverter.FromText"/> reads
    /// them: a blank cell is none for an optional input and <c>invalid_input</c> for a required one, text included, as
    /// in <c>eval</c> and SQL (a C# caller's empty string stays a string).
    /// </summary>
    internal EvaluationResult EvaluateCells(ModuleModel module, DateOnly at, IReadOnlyDictionary<string, object?> cells) =>
        Evaluate(module, at, cells, explain: false, onBranch: null, cells: true);

    /// <remarks><c>onBranch</c> (for scenario coverage) is told of every branch taken: an <c>if</c> with 0 (then) or
    /// 1 (else), a <c>match</c> with the index of its case or, for its <c>else</c>, the number of cases.</remarks>
    internal EvaluationResult Evaluate(ModuleModel module, DateOnly at, IReadOnlyDictionary<string, object?> inputs, bool explain,
        Action<BoundExpression, int>? onBranch, bool cells = false)
    {
        var day = at.ToDateTime(TimeOnly.MinValue);
        var core = Core(module);
        if (!core.InForce.Contains(day))
            return Failed(module, at, EvaluationError.Of(ErrorCodes.NotInForce, core.InForce.Message(day), null,
                core.InForce.Documents.Select(d => new CitationModel(d, null)).ToList()));

        object?[] values;
        try { values = BindInputs(module, inputs, cells); }
        catch (InputException e) { return Failed(module, at, new EvaluationError(ErrorCodes.InvalidInput, e.Message, e.Field) { Text = e.Text }); }
        foreach (var input in module.Inputs)
        {
            if (input.Known is null) continue;
            values[input.Index] = RuleOps.KnownInput(input.Name, input.Label, (string?)values[input.Index], input.Known!, out var unknown);
            if (unknown is not null) return Failed(module, at, new EvaluationError(unknown.Code, unknown.Message, unknown.Field) { Text = unknown.Text });
        }

        var interpreter = new Interpreter(this, core, at, values, explain, onBranch);
        try
        {
            if (interpreter.CheckRequirements() is { } unmet) return Failed(module, at, unmet);
            var outputs = new List<KeyValuePair<string, object?>>();
            foreach (var d in module.Definitions)
                if (d.IsOutput) outputs.Add(new KeyValuePair<string, object?>(d.Name, interpreter.Definition(d)));
            return new EvaluationResult { Module = module, At = at, Outputs = outputs, Trace = interpreter.Trace };
        }
        catch (RuleEvaluationException e)
        {
            return new EvaluationResult { Module = module, At = at, Error = e.Error, Trace = interpreter.Trace };
        }
    }

    private object?[] BindInputs(ModuleModel module, IReadOnlyDictionary<string, object?> inputs, bool cells)
    {
        var values = new object?[module.Inputs.Count];
        var seen = new string?[module.Inputs.Count];
        foreach (var (key, value) in inputs)
        {
            var input = InputKey(module, key, i => seen[i.Index]);
            values[input.Index] = cells && value is string text
                ? InputConverter.FromText(text, input.Type, Model, input.Name)
                : InputConverter.FromClr(value, input.Type, Model, input.Name);
            seen[input.Index] = key;
        }
        foreach (var input in module.Inputs)
            if (seen[input.Index] is null && !input.Type.Optional)
                throw new InputException(input.Name, Msg.Of("input.missing", ("input", RuleOps.InputName(input.Name, input.Label)), ("type", TypeWords.DescribeMsg(input.Type))));
        return values;
    }

    /// <summary>The input <paramref name="key"/> names (its name or label); an unknown key, or an input already given under
    /// the key <paramref name="given"/> returns for it, is an <see cref="InputException"/>.</summary>
    internal static InputModel InputKey(ModuleModel module, string key, Func<InputModel, string?> given)
    {
        var input = module.FindInput(key) ?? throw new InputException(key, Msg.Of("input.unknown", ("module", module.Name), ("name", key), ("hint", UnknownInputHint(module, key))));
        // By its name and by its label at once: refused, rather than one silently winning.
        if (given(input) is { } first)
            throw new InputException(input.Name, Msg.Of("input.given_twice", ("name", input.Name), ("first", first), ("second", key)));
        return input;
    }

    /// <summary>For an unknown input name: the nearest input name or label, or that it is an output, or every input.</summary>
    private static Msg UnknownInputHint(ModuleModel module, string key)
    {
        if (module.FindDefinition(key) is { IsOutput: true }) return Msg.Of("hint.output_computed", ("name", key), ("module", module.Name));
        var candidates = module.Inputs.Select(i => i.Name).Concat(module.Inputs.Where(i => i.Label is not null).Select(i => i.Label!)).ToList();
        if (NameSuggester.DidYouMeanMsg(key, candidates) is { } hint) return hint;
        if (key.Length >= 2 && candidates.FirstOrDefault(c => c.Contains(key, StringComparison.Ordinal)) is { } c) return Msg.Of("hint.did_you_mean", ("name", c));
        return Msg.Of("hint.inputs_are", ("inputs", module.Inputs.Select(i => RuleOps.InputName(i.Name, i.Label)).ToList()));
    }

    private static EvaluationResult Failed(ModuleModel module, DateOnly at, EvaluationError error) =>
        new() { Module = module, At = at, Error = error };
}

/// <summary>A rule package with errors cannot be evaluated; the diagnostics say why.</summary>
public sealed class RulePackageException(IReadOnlyList<Diagnostic> diagnostics)
    : Exception($"the rule package has {diagnostics.Count(d => d.IsError)} error(s):\n" + string.Join("\n", diagnostics.Where(d => d.IsError).Take(20)))
{
    /// <summary>Every diagnostic of the compilation, errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
