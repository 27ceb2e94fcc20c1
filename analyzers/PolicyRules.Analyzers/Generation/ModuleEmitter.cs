using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Core;
using PolicyRules.Language.Model;

namespace PolicyRules.Analyzers.Generation;

/// <summary>
/// Emits one module as a C# class from its lowered core (<see cref="Lowering.Lower(ModuleModel)"/>), the form the
/// interpreter evaluates: definitions are computed on demand and once (<see cref="CoreForce"/>, so an untaken branch
/// never raises its <c>not_determinable</c>), labelled rules follow the core's default logic (<see cref="CoreDefault"/>:
/// exceptions first, a conflict when two rules apply), every operator goes through <c>RuleOps</c> and every builtin
/// calls the one implementation the catalogue names (<see cref="CoreCall.Implementation"/>), and the trace records the
/// same steps.
/// </summary>
internal sealed class ModuleEmitter : CoreVisitor<string>
{
    private const string Ops = "global::PolicyRules.Rules.RuleOps";
    private const string CitationType = "global::PolicyRules.Rules.Citation";
    private const string RuleInfoType = "global::PolicyRules.Rules.RuleInfo";
    private const string StepType = "global::PolicyRules.Rules.ExplanationStep";
    private const string TraceKindType = "global::PolicyRules.Evaluation.TraceKind";
    private const string DerivationType = "global::PolicyRules.Language.Core.Derivation";
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    // The evaluation's mode tests, written out rather than as properties: the importer folds them in every instantiation,
    // and they take nothing from the JIT's inlining budget, which a large module's evaluation exhausts.
    private const string Check = "typeof(TMode) != typeof(FastMode)";
    private const string Tracing = "typeof(TMode) == typeof(TracedMode)";
    // The trailing arguments of an operation that checks (and throws the interpreter's error) in Checked and Traced mode,
    // and in FastMode sets the evaluation's failure flag instead of throwing (RuleOps.Fast.cs); in a straight-line
    // evaluation (_eager) the flag is TryEvaluate's local.
    private string CheckOrFail => _eager ? "false, ref __failed" : Check + ", ref _failed";
    private const string FailedField = "// the failure flag";
    private const string NoInline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";

    private readonly PackageEmitter _p;
    private readonly ModuleModel _m;
    private readonly CoreModule _core;
    private readonly string _name;
    private readonly string _full;
    private readonly Dictionary<InputModel, string> _inputProperties = new();
    // The inputs as parameters (TryEvaluate over values, Validate, the evaluation's constructor) and as the evaluation's fields.
    private readonly Dictionary<InputModel, string> _inputParameters = new();
    private readonly Dictionary<DefinitionModel, string> _methods = new();
    private readonly Dictionary<DefinitionModel, string> _outputProperties = new();

    // Static data, emitted before the code that reads it (static initializers run in textual order).
    private readonly List<string> _citationFields = new();
    private readonly Dictionary<CitationModel, string> _citations = new();
    private readonly List<string> _arrayFields = new();
    private readonly Dictionary<string, string> _arrays = new(StringComparer.Ordinal);
    private readonly List<string> _ruleFields = new();
    private readonly Dictionary<RuleModel, string> _rules = new();
    private readonly List<string> _ruleArrayFields = new();
    private readonly List<string> _listFields = new();
    private readonly List<string> _howFields = new();

    // Comprehension variables by slot.
    private readonly List<string> _variables = new();
    private int _matchDepth;

    // Whether the evaluation's code has a lambda that reads the evaluation (a comprehension): then the
    // per-call state must be a class; otherwise it is a struct local of Evaluate, and a call allocates nothing for it.
    private bool _capturesEvaluation;

    // Whether the fast evaluation is total: it throws nothing (every failure sets the flag), because it has only scalar
    // values of value types (no lists, records, text or none) and only operations with a total form. Then TryEvaluate
    // evaluates inline, with no protected region on its path; otherwise its Fast method catches what the evaluation throws.
    private bool _total = true;

    // While emitting a straight-line evaluation (TryEvaluate of a module whose definitions need no memo,
    // CoreStrictness.IsStraightLine): inputs, the date and definitions are TryEvaluate's parameters, locals and code written
    // in place, not the evaluation struct's fields and memoised methods.
    private bool _eager;

    /// <summary>The evaluation date in the code being emitted.</summary>
    private string At => _eager ? "at" : "_at";

    // In a straight-line evaluation: the definitions computed first, each into its local (CoreStrictness.AlwaysForced); any
    // other is written where it is read, and one given by rules is a call of its Fast_N method (written into _ruleMethods).
    private ISet<DefinitionModel> _forced = new HashSet<DefinitionModel>();
    private CodeWriter _ruleMethods = new();
    private readonly HashSet<DefinitionModel> _ruleMethodsWritten = new();
    // Each rule's index in its definition's Rules_N array (the order EmitRules gives them).
    private readonly Dictionary<RuleModel, int> _ruleIndex = new();

    /// <summary>The local of a definition in a straight-line evaluation.</summary>
    private static string Local(DefinitionModel d) => "__v" + d.Index.ToString(CultureInfo.InvariantCulture);

    public ModuleEmitter(PackageEmitter package, ModuleModel module, string className)
    {
        _p = package; _m = module; _core = Lowering.Lower(module); _name = className;
        _full = $"global::{package.Namespace}.{className}";

        var inputNames = PackageEmitter.PropertyNames("Input", module.Inputs.Select(i => i.Name));
        foreach (var i in module.Inputs) _inputProperties[i] = inputNames[i.Name];
        var parameters = new HashSet<string>(StringComparer.Ordinal) { "at", "outputs", "error", "evaluation", "invalid", "input", "values", "result", "o", "trace", "v0", "v1", "v2", "v3", "i0", "i1", "i2", "i3", "e0", "e1", "e2", "e3" };
        foreach (var i in module.Inputs)
        {
            var pascal = inputNames[i.Name];
            _inputParameters[i] = Names.Local(Names.Unique(char.ToLowerInvariant(pascal[0]) + pascal.Substring(1), parameters));
        }
        var outputNames = PackageEmitter.PropertyNames("Output", module.Outputs.Select(o => o.Name));
        foreach (var o in module.Outputs) _outputProperties[o] = outputNames[o.Name];
        var methods = new HashSet<string>(StringComparer.Ordinal)
        {
            "Evaluation", "StartTrace", "Trace", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        };
        foreach (var d in module.Definitions) _methods[d] = Names.Unique(Names.Pascal(d.Name), methods);
    }

    private string Cs(RuleType t) => _p.Cs(t);

    /// <summary>The inputs as a parameter list (<c>int grade, decimal areaM2</c>), in the Input record's order.</summary>
    private string InputParameters() => string.Join(", ", _m.Inputs.Select(i => $"{Cs(i.Type)} {_inputParameters[i]}"));

    /// <summary>The inputs as arguments: the parameters' names, or an Input record's properties (<paramref name="record"/>).</summary>
    private string InputArguments(string? record = null) => string.Join(", ", _m.Inputs.Select(i => InputValue(i, record)));

    /// <summary>An input's value: its parameter, or the property of the Input record <paramref name="record"/>.</summary>
    private string InputValue(InputModel i, string? record) => record is null ? _inputParameters[i] : $"{record}.{_inputProperties[i]}";

    /// <summary>The same list followed by a comma, or nothing for a module without inputs.</summary>
    private static string Then(string list) => list.Length == 0 ? "" : list + ", ";
    private static string Str(string? s) => Names.Literal(s);
    private static string Src(Language.Diagnostics.TextSpan span) => Str(span.ToString());

    public string Emit()
    {
        var w = new CodeWriter();
        w.Doc(_m.Label ?? _m.Name, _m.Note);
        w.Line($"[global::PolicyRules.Rules.RuleName({Str(_m.Name)}{PackageEmitter.LabelArgument(_m.Label)})]");
        foreach (var c in ModuleCitations())
            w.Line($"[global::PolicyRules.Rules.Cites({Str(c.Document.Number)}{(c.Section is null ? "" : ", " + Str(c.Section))})]");
        w.Line(PackageEmitter.GeneratedCodeAttribute);
        w.Open($"public sealed partial class {_name} : global::PolicyRules.Rules.IRuleModule<{_full}.Input, {_full}.Output>");
        w.Line($"private {_name}() {{ }}");
        w.Line();
        w.Doc("The module's name, label, period in force and documents.");
        // The core's period-in-force check, which Evaluate and TryEvaluate make first (Info.IsInForce).
        var inForce = _core.InForce;
        w.Line($"public static global::PolicyRules.Rules.ModuleInfo Info {{ get; }} = new({Str(_m.Name)}, {Str(_m.Label)}, {Str(_m.Note)}, " +
               $"{PackageEmitter.Date(inForce.From)}, {(inForce.To is { } to ? PackageEmitter.Date(to) : "null")}, " +
               $"new global::PolicyRules.Rules.DocumentInfo[] {{ {string.Join(", ", inForce.Documents.Select(_p.DocumentField))} }}{(inForce.Always ? ", alwaysInForce: true" : "")});");
        w.Line();
        // The evaluation's members first: emitting them learns whether the evaluation is total.
        var members = new CodeWriter();
        EmitEvaluationMembers(members);
        EmitInput(w);
        w.Line();
        EmitOutput(w);
        w.Line();
        EmitOutputValues(w);
        w.Line();
        EmitEvaluate(w);
        w.Line();
        EmitTryEvaluate(w);
        w.Line();
        EmitValidate(w);
        w.Line();
        EmitEvaluation(w, members);
        EmitKnownValues(w);
        // Static data last, in the order its initializers read each other: citations, their arrays, rules, lists.
        w.Line();
        foreach (var f in _citationFields.Concat(_arrayFields).Concat(_ruleFields).Concat(_ruleArrayFields).Concat(_listFields).Concat(_howFields)) w.Line(f);
        w.Close();
        return _p.Header() + w;
    }

    /// <summary>Every provision the module's definitions and rules cite, once, in order of appearance.</summary>
    private IEnumerable<CitationModel> ModuleCitations() =>
        _m.ModuleCitations.Concat(_m.Definitions.SelectMany(d => d.AllCitations)).Distinct();

    // ---- static data -----------------------------------------------------------------------------

    private string Citation(CitationModel c)
    {
        if (_citations.TryGetValue(c, out var name)) return name;
        name = "Cite_" + _citations.Count.ToString(CultureInfo.InvariantCulture);
        _citations[c] = name;
        _citationFields.Add($"private static readonly {CitationType} {name} = {_p.NewCitation(c)};");
        return name;
    }

    private string Citations(IEnumerable<CitationModel> citations)
    {
        var names = citations.Select(Citation).ToList();
        if (names.Count == 0) return $"global::System.Array.Empty<{CitationType}>()";
        var key = string.Join(",", names);
        if (_arrays.TryGetValue(key, out var field)) return field;
        field = "Cites_" + _arrays.Count.ToString(CultureInfo.InvariantCulture);
        _arrays[key] = field;
        _arrayFields.Add($"private static readonly {CitationType}[] {field} = {{ {string.Join(", ", names)} }};");
        return field;
    }

    private string Rule(DefinitionModel d, CoreRule core)
    {
        var r = core.Rule;
        if (_rules.TryGetValue(r, out var name)) return name;
        name = $"Rule_{d.Index}_{r.Label}";
        _rules[r] = name;
        var cites = Citations(r.Citations);
        _ruleFields.Add($"private static readonly {RuleInfoType} {name} = new({Str(r.Label)}, {Src(r.Span)}, {cites}, {Str(r.Note)}, {NewDerivation(core.Derivation)});");
        return name;
    }

    /// <summary>The core's derivations of a definition written <c>= EXPR</c>, one per branch, as a static array.</summary>
    private string Derivations(CoreDefinition d)
    {
        var name = $"How_{d.Definition.Index}";
        _howFields.Add($"private static readonly {DerivationType}[] {name} = {{ {string.Join(", ", d.Derivations.Select(NewDerivation))} }};");
        return name;
    }

    private static string NewDerivation(Derivation how)
    {
        var conditions = how.Conditions.Count == 0
            ? $"global::System.Array.Empty<{DerivationType}Condition>()"
            : $"new {DerivationType}Condition[] {{ {string.Join(", ", how.Conditions.Select(c => $"new({Str(c.Text)}, {(c.Holds ? "true" : "false")})"))} }}";
        return $"new {DerivationType}({Str(how.Rule)}, {Str(how.ExceptionOf)}, {conditions}, {Str(how.Formula)}, {(how.IsBranch ? "true" : "false")}, {(how.IsTest ? "true" : "false")})";
    }

    // ---- public surface ----------------------------------------------------------------------------

    private void EmitInput(CodeWriter w)
    {
        w.Doc($"The inputs of {_m.Name}.");
        var fields = _m.Inputs.Select(i => new PackageEmitter.RecordField(_inputProperties[i], i.Name, i.Label, i.Type)).ToList();
        _p.EmitRecordBody(w, "Input", fields, "global::PolicyRules.Rules.IRuleFields", required: true);
        w.Close();
    }

    private void EmitOutput(CodeWriter w)
    {
        w.Doc($"The outputs of {_m.Name}.");
        var fields = _m.Outputs.Select(o => new PackageEmitter.RecordField(_outputProperties[o], o.Name, o.Label, o.Type)).ToList();
        _p.EmitRecordBody(w, "Output", fields, "global::PolicyRules.Rules.IRuleFields", required: true);
        w.Close();
    }

    private void EmitOutputValues(CodeWriter w)
    {
        w.Doc($"The outputs of {_m.Name} as a value, from TryEvaluate: a successful evaluation allocates nothing for them.");
        w.Open("public readonly struct OutputValues");
        foreach (var o in _m.Outputs)
        {
            w.Doc(o.Label);
            w.Line($"[global::PolicyRules.Rules.RuleName({Str(o.Name)}{PackageEmitter.LabelArgument(o.Label)})]");
            w.Line($"public {(o.Type.Optional ? "" : "required ")}{Cs(o.Type)} {_outputProperties[o]} {{ get; init; }}");
            w.Line();
        }
        w.Doc("The same outputs as an Output record (what Evaluate answers).");
        w.Line($"public {_full}.Output ToOutput() => new() {{ {string.Join(", ", _m.Outputs.Select(o => $"{_outputProperties[o]} = {_outputProperties[o]}"))} }};");
        w.Close();
    }

    private void EmitTryEvaluate(CodeWriter w)
    {
        var error = "global::PolicyRules.Rules.RuleError";
        w.Doc($"Evaluates {_m.Name} at a date without an explanation (Evaluate with explain: false): true and the outputs, or false and the error. " +
              "A module without list comprehensions allocates nothing on success.");
        w.Line(Inline);
        w.Open($"public static bool TryEvaluate({_full}.Input input, global::System.DateOnly at, out {_full}.OutputValues outputs, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out {error}? error)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
        if (!_m.AlwaysInForce && !_total) w.Line($"if ({NotInForceTest("at")}) return Refuse(NotInForce(at), out outputs, out error);");
        if (_total)
        {
            // A total module has no text inputs (so no known values to read first): the record's values go to the overload below.
            w.Line($"return TryEvaluate({Then(InputArguments("input"))}at, out outputs, out error);");
            w.Close();
            w.Line();

            // A total evaluation throws nothing: it inlines here (and into the caller's loop), and a failure is answered by Retry.
            w.Doc($"TryEvaluate with the inputs as values, in the Input record's order, for callers whose data is not in Input records " +
                  "(columns, spans, a reader's fields): the same answer, and nothing allocated on success.");
            w.Line(Inline);
            w.Open($"public static bool TryEvaluate({Then(InputParameters())}global::System.DateOnly at, out {_full}.OutputValues outputs, [global::System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out {error}? error)");
            if (!_m.AlwaysInForce) w.Line($"if ({NotInForceTest("at")}) return Refuse(NotInForce(at), out outputs, out error);");
            w.Line($"if (Validate({InputArguments()}) is {{ }} invalid) return Refuse(invalid, out outputs, out error);");
            var ruleMethods = new CodeWriter();
            var forced = CoreStrictness.AlwaysForced(_core);
            if (CoreStrictness.IsStraightLine(_core, forced)) EmitStraightLineEvaluation(w, ruleMethods, forced);
            else
            {
                EmitFastEvaluation(w, "outputs", "Refuse({0}, out outputs, out error)", record: null);
                w.Line($"if (evaluation.Failed) return Answer(Retry({Then(InputArguments())}at), out outputs, out error);");
            }
            w.Line("error = null;");
            w.Line("return true;");
            w.Close();
            w.Line();
            if (ruleMethods.ToString() is { Length: > 0 } methods) w.Raw(methods);
        }
        else
        {
            w.Line($"if (Validate({InputArguments("input")}) is {{ }} invalid) return Refuse(invalid, out outputs, out error);");
            foreach (var i in _m.Inputs.Where(i => i.Known is not null))
            {
                EmitKnownInput(w, i);
                w.Line($"if (unknown{i.Index} is not null) return Refuse(unknown{i.Index}, out outputs, out error);");
                w.Line($"input = input with {{ {_inputProperties[i]} = known{i.Index}! }};");
            }
            w.Line("return Fast(input, at, out outputs, out error);");
            w.Close();
            w.Line();

            // TryEvaluate itself has no protected region, so that it inlines into its caller; the evaluation's own method
            // has the one the rules need (an unexpected exception becomes Evaluate's answer, evaluation_error at its place).
            w.Doc("TryEvaluate's evaluation, without the checks that name a failing operation (so the operations inline).");
            w.Line(NoInline);
            w.Open($"private static bool Fast({_full}.Input input, global::System.DateOnly at, out {_full}.OutputValues outputs, out {error}? error)");
            // Declared outside the protected region: after a failure the evaluation goes on with default values, and an error it
            // then throws is not the answer (Retry's is).
            w.Line($"var evaluation = new Evaluation<FastMode>({Then(InputArguments("input"))}at);");
            w.Open("try");
            EmitFastEvaluation(w, "outputs", "Refuse({0}, out outputs, out error)", record: "input", declare: false);
            w.Line("if (evaluation.Failed) return Answer(Retry(input, at), out outputs, out error);");
            w.Line("error = null;");
            w.Line("return true;");
            w.Close();
            w.Open("catch (global::PolicyRules.Rules.RuleErrorException e) when (!evaluation.Failed)");
            w.Line("return Refuse(e.Error, out outputs, out error);");
            w.Close();
            w.Open("catch (global::System.Exception)");
            w.Line("return Answer(Retry(input, at), out outputs, out error);");
            w.Close();
            w.Close();
            w.Line();
        }

        // After a failure in the fast evaluation (an overflow, a division by zero, a date out of range, a year without
        // calendar data, no rule or two rules applying, …), evaluating again as Evaluate does gives the interpreter's error
        // (or the same exception) for the same inputs.
        w.Doc("TryEvaluate after a failure in its fast evaluation: the answer of Evaluate.");
        w.Line(NoInline);
        var result = $"global::PolicyRules.Rules.RuleResult<{_full}.Output>";
        if (_total)
            w.Line($"private static {result} Retry({Then(InputParameters())}global::System.DateOnly at) => " +
                   $"Checked<CheckedMode>(new {_full}.Input {{ {string.Join(", ", _m.Inputs.Select(i => $"{_inputProperties[i]} = {_inputParameters[i]}"))} }}, at);");
        else
            w.Line($"private static {result} Retry({_full}.Input input, global::System.DateOnly at) => Checked<CheckedMode>(input, at);");
        w.Line();

        // Retry answers a value, not through out parameters: a call that is not inlined and takes the caller's outputs by
        // reference would keep them in memory on the successful path too.
        w.Doc("Retry's answer as TryEvaluate gives it.");
        w.Line(Inline);
        w.Open($"private static bool Answer({result} result, out {_full}.OutputValues outputs, out {error}? error)");
        w.Line("if (result.Output is not { } o) return Refuse(result.Error!, out outputs, out error);");
        w.Line($"outputs = new {_full}.OutputValues {{ {string.Join(", ", _m.Outputs.Select(o => $"{_outputProperties[o]} = o.{_outputProperties[o]}"))} }};");
        w.Line("error = null;");
        w.Line("return true;");
        w.Close();
        w.Line();

        w.Line(Inline);
        w.Open($"private static bool Refuse({error} reason, out {_full}.OutputValues outputs, out {error}? error)");
        w.Line("outputs = default;");
        w.Line("error = reason;");
        w.Line("return false;");
        w.Close();
        if (!_m.AlwaysInForce)
        {
            w.Line();
            w.Line(NoInline);
            w.Line($"private static {error} NotInForce(global::System.DateOnly at) => Info.NotInForceError(at);");
        }
        foreach (var r in _core.Requirements)
        {
            var i = r.Input;
            w.Line();
            w.Line(NoInline);
            w.Line($"private static {error} Invalid_{i.Name}({Cs(i.Type)} value) => {Ops}.RequirementFailed({Str(i.Name)}, {Str(i.Label)}, value, {Str(r.Text)});");
        }
    }

    /// <summary>
    /// The fast evaluation (FastMode) into <paramref name="outputs"/>, an OutputValues: a local <c>evaluation</c>, the
    /// requirements (a failed one answers <paramref name="refuse"/> with its error, unless an operation failed first: then
    /// the caller's test of <c>evaluation.Failed</c> answers), and the outputs.
    /// </summary>
    private void EmitFastEvaluation(CodeWriter w, string outputs, string refuse, string? record, bool declare = true)
    {
        if (declare) w.Line($"var evaluation = new Evaluation<FastMode>({Then(InputArguments(record))}at);");
        foreach (var r in _core.Requirements)
            w.Line($"if (!evaluation.Requires_{r.Input.Name}() && !evaluation.Failed) return {string.Format(CultureInfo.InvariantCulture, refuse, $"Invalid_{r.Input.Name}({InputValue(r.Input, record)})")};");
        w.Line($"{outputs} = new {_full}.OutputValues");
        w.Line("{");
        foreach (var o in _m.Outputs) w.Line($"    {_outputProperties[o]} = evaluation.{_methods[o]}(),");
        w.Line("};");
    }

    /// <summary>
    /// TryEvaluate's fast evaluation as straight-line code, for a module whose definitions need no memo
    /// (<see cref="CoreStrictness.IsStraightLine(CoreModule)"/>): the requirements, then one local per always-forced definition in
    /// evaluation order (any other definition is written where it is read), with no evaluation struct, so that the JIT keeps
    /// every value in a register. A failing operation sets <c>__failed</c> (as FastMode sets the struct's flag) and the
    /// answer is Retry's.
    /// </summary>
    private void EmitStraightLineEvaluation(CodeWriter w, CodeWriter ruleMethods, ISet<DefinitionModel> forced)
    {
        w.Line("var __failed = false;");
        _eager = true;
        _forced = forced;
        _ruleMethods = ruleMethods;
        try
        {
            foreach (var r in _core.Requirements)
                w.Line($"if (!{EmitAs(r.Condition, RuleType.Bool)} && !__failed) return Refuse(Invalid_{r.Input.Name}({_inputParameters[r.Input]}), out outputs, out error);");
            foreach (var d in _core.EvaluationOrder.Where(d => _forced.Contains(d.Definition)))
                w.Line($"{Cs(d.Definition.Type)} {Local(d.Definition)} = {(d.Value is not null ? EmitAs(d.Value, d.Definition.Type) : FastRulesCall(d))};");
        }
        finally
        {
            _eager = false;
        }
        w.Line($"if (__failed) return Answer(Retry({Then(InputArguments())}at), out outputs, out error);");
        w.Line($"outputs = new {_full}.OutputValues {{ {string.Join(", ", _m.Outputs.Select(o => $"{_outputProperties[o]} = {Local(o)}"))} }};");
    }

    /// <summary>
    /// A call of the straight-line form of a definition given by labelled rules that read only inputs, the date and
    /// parameters: a static method <c>Fast_N</c> with the core's default logic as statements (each rule's exceptions
    /// first, then its condition; two rules applying, or none, set <c>__failed</c>), written once into _ruleMethods.
    /// </summary>
    private string FastRulesCall(CoreDefinition core)
    {
        var d = core.Definition;
        var name = "Fast_" + d.Index.ToString(CultureInfo.InvariantCulture);
        if (_ruleMethodsWritten.Add(d))
        {
            var w = _ruleMethods;
            var type = Cs(d.Type);
            w.Doc($"{d.Name} without the checks, for TryEvaluate's straight-line evaluation: a failure sets __failed.");
            w.Line(Inline);
            w.Open($"private static {type} {name}({Then(InputParameters())}global::System.DateOnly at, ref bool __failed)");
            if (IsChain(core.Rules!))
            {
                var root = core.Rules!.Candidates[0];
                w.Line($"return {Pick(d, root, EmitAs(root.Value, d.Type))};");
            }
            else
            {
                w.Line("var __rule = -1;");
                w.Line($"{type} __value = default!;");
                EmitFastRules(w, d, core.Rules!, "__rule", "__value", 0);
                w.Line("if (__rule < 0)");
                w.Line($"    {Ops}.NoRuleApplies({Str(d.Name)}, new string[] {{ {string.Join(", ", d.Rules.Select(r => Str(r.Label)))} }}, {Citations(d.AllCitations)}, {CheckOrFail});");
                w.Line("return __value;");
            }
            w.Close();
            w.Line();
        }
        return $"{name}({Then(InputArguments())}at, ref __failed)";
    }

    /// <summary>
    /// Whether a definition's rules are one rule without a condition whose exceptions nest one inside another (at most one
    /// exception at each level): then no two rules can both apply and one always does, so the default logic is a chain of
    /// conditionals (<see cref="Pick"/>) with neither the conflict nor the no-rule case.
    /// </summary>
    private static bool IsChain(CoreDefault rules)
    {
        if (rules.Candidates.Count != 1 || rules.Candidates[0].When is not null) return false;
        for (var c = rules.Candidates[0]; c.Exceptions.Candidates.Count > 0; c = c.Exceptions.Candidates[0])
            if (c.Exceptions.Candidates.Count > 1) return false;
        return true;
    }

    /// <summary>
    /// A rule of a chain (<see cref="IsChain"/>) as one conditional expression: its exception's value when that exception
    /// applies, else its own value when its condition holds, else <paramref name="otherwise"/>. Conditions and values are
    /// evaluated in the order of the default logic's statements (<see cref="EmitFastRules"/>): the exception first.
    /// </summary>
    private string Pick(DefinitionModel d, CoreRule rule, string otherwise)
    {
        var own = rule.When is null ? otherwise : $"({EmitAs(rule.When, RuleType.Bool)} ? {EmitAs(rule.Value, d.Type)} : {otherwise})";
        return rule.Exceptions.Candidates.Count == 0 ? own : Pick(d, rule.Exceptions.Candidates[0], own);
    }

    /// <summary>The candidates of a default into <paramref name="found"/> (a rule's index, or -1) and <paramref name="value"/>, as <c>Apply_N_label</c> and <c>Take</c> do.</summary>
    private void EmitFastRules(CodeWriter w, DefinitionModel d, CoreDefault rules, string found, string value, int depth)
    {
        var f = "__rule" + (depth + 1).ToString(CultureInfo.InvariantCulture);
        var x = "__value" + (depth + 1).ToString(CultureInfo.InvariantCulture);
        var first = true;
        foreach (var c in rules.Candidates)
        {
            w.Open($"// rule {c.Rule.Label}");
            w.Line($"var {f} = -1;");
            w.Line($"{Cs(d.Type)} {x} = default!;");
            if (c.Exceptions.Candidates.Count > 0) EmitFastRules(w, d, c.Exceptions, f, x, depth + 1);
            var when = c.When is null ? "" : $" && {EmitAs(c.When, RuleType.Bool)}";
            w.Line($"if ({f} < 0{when}) {{ {f} = {_ruleIndex[c.Rule].ToString(CultureInfo.InvariantCulture)}; {x} = {EmitAs(c.Value, d.Type)}; }}");
            // Before the first candidate nothing applies (found is -1 and value the default), so Take would copy: no test.
            w.Line(first
                ? $"{found} = {f}; {value} = {x};"
                : $"{Ops}.Take(ref {found}, ref {value}, {f}, {x}, Rules_{d.Index}, {Str(d.Name)}, {CheckOrFail});");
            w.Close();
            first = false;
        }
    }

    /// <summary>
    /// C# that is true when a module not always in force does not answer at <paramref name="at"/>: Info.IsInForce with
    /// the period's day numbers as constants, so that the test folds away when the date is a constant too.
    /// </summary>
    private string NotInForceTest(string at)
    {
        var first = $"{at}.DayNumber < {CoreInForce.DayNumber(_m.InForceFrom)} /* {Iso(_m.InForceFrom)} */";
        return _m.InForceTo is { } to ? $"{first} || {at}.DayNumber > {CoreInForce.DayNumber(to)} /* {Iso(to)} */" : first;
    }

    private static string Iso(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private void EmitEvaluate(CodeWriter w)
    {
        var result = $"global::PolicyRules.Rules.RuleResult<{_full}.Output>";
        w.Doc($"Evaluates {_m.Name} at a date: the outputs, or the error (not_in_force, invalid_input, not_determinable, conflict, …), with the explanation trace.");
        w.Open($"public static {result} Evaluate({_full}.Input input, global::System.DateOnly at, bool explain = true)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(input);");
        if (!_m.AlwaysInForce) w.Line($"if ({NotInForceTest("at")}) return {result}.Failure(Info, at, NotInForce(at));");
        w.Line($"if (Validate({InputArguments("input")}) is {{ }} invalid) return {result}.Failure(Info, at, invalid);");
        foreach (var i in _m.Inputs.Where(i => i.Known is not null))
        {
            EmitKnownInput(w, i);
            w.Line($"if (unknown{i.Index} is not null) return {result}.Failure(Info, at, unknown{i.Index});");
            w.Line($"input = input with {{ {_inputProperties[i]} = known{i.Index}! }};");
        }
        if (_total)
        {
            // Without an explanation a total module takes TryEvaluate's fast evaluation; after a failure, the checked one.
            w.Open("if (!explain)");
            EmitFastEvaluation(w, "var values", $"{result}.Failure(Info, at, {{0}})", record: "input");
            w.Line($"if (!evaluation.Failed) return {result}.Success(Info, at, values.ToOutput(), evaluation.Trace);");
            w.Close();
        }
        w.Line("return explain ? Checked<TracedMode>(input, at) : Checked<CheckedMode>(input, at);");
        w.Close();
        w.Line();

        w.Doc("Evaluate's evaluation, with the checks that name a failing operation, and with the trace in TracedMode.");
        w.Open($"private static {result} Checked<TMode>({_full}.Input input, global::System.DateOnly at) where TMode : struct");
        w.Line($"var evaluation = new Evaluation<TMode>({Then(InputArguments("input"))}at);");
        w.Open("try");
        foreach (var r in _core.Requirements)
            w.Line($"if (!evaluation.Requires_{r.Input.Name}()) return {result}.Failure(Info, at, Invalid_{r.Input.Name}({InputValue(r.Input, "input")}));");
        w.Line($"var output = new {_full}.Output");
        w.Line("{");
        foreach (var o in _m.Outputs) w.Line($"    {_outputProperties[o]} = evaluation.{_methods[o]}(),");
        w.Line("};");
        w.Line($"return {result}.Success(Info, at, output, evaluation.Trace);");
        w.Close();
        w.Open("catch (global::PolicyRules.Rules.RuleErrorException e)");
        w.Line($"return {result}.Failure(Info, at, e.Error, evaluation.Trace);");
        w.Close();
        w.Close();
    }

    /// <summary>A text input with known values, read by the runtime's one function for it (RuleOps.KnownInput).</summary>
    private void EmitKnownInput(CodeWriter w, InputModel i) =>
        w.Line($"var known{i.Index} = {Ops}.KnownInput({Str(i.Name)}, {Str(i.Label)}, input.{_inputProperties[i]}, Known{i.Index}, out var unknown{i.Index});");

    private void EmitKnownValues(CodeWriter w)
    {
        foreach (var i in _m.Inputs.Where(i => i.Known is not null))
        {
            var k = i.Known!;
            w.Line($"private static readonly global::PolicyRules.Language.Model.KnownText Known{i.Index} = new(" +
                   $"new string[] {{ {string.Join(", ", k.Values.Select(Str))} }}, " +
                   $"new global::PolicyRules.Language.Model.KnownVariant[] {{ {string.Join(", ", k.Variants.Select(v => $"new({Str(v.Text)}, {Str(v.Known)}, {Str(v.Note)})"))} }});");
        }
    }

    private void EmitValidate(CodeWriter w)
    {
        w.Open($"private static global::PolicyRules.Rules.RuleError? Validate({InputParameters()})");
        foreach (var i in _m.Inputs)
            _p.EmitValidation(w, _inputParameters[i], i.Type, Str(i.Name), 0);
        w.Line("return null;");
        w.Close();
    }

    // ---- the evaluation ----------------------------------------------------------------------------

    private void EmitEvaluation(CodeWriter w, CodeWriter members)
    {
        // The mode is a type argument, so its tests (Check, Tracing) are constants in each instantiation and the JIT removes
        // the checks and the trace (and the branches on them) from TryEvaluate's evaluation, which bool fields would leave in.
        w.Doc("Evaluation with the checks that name a failing operation, without a trace (Evaluate with explain: false, and TryEvaluate's second attempt).");
        w.Line("private struct CheckedMode { }");
        w.Doc("Evaluation with the checks and the explanation trace (Evaluate).");
        w.Line("private struct TracedMode { }");
        w.Doc("Evaluation without checks or trace (TryEvaluate's first attempt): a failing operation sets the evaluation's Failed.");
        w.Line("private struct FastMode { }");
        w.Line();
        w.Open(_capturesEvaluation ? "private sealed class Evaluation<TMode> where TMode : struct" : "private struct Evaluation<TMode> where TMode : struct");
        // Without an operation that can fail, Failed is a constant.
        var text = members.ToString();
        w.Raw(text.Contains("ref _failed") ? text.Replace(FailedField, "private bool _failed;") : text.Replace(FailedField, "private const bool _failed = false;"));
        w.Close();
    }

    private void EmitEvaluationMembers(CodeWriter w)
    {
        foreach (var i in _m.Inputs) w.Line($"private readonly {Cs(i.Type)} {InputField(i)};");
        w.Line("private readonly global::System.DateOnly _at;");
        w.Line($"private readonly global::System.Collections.Generic.List<{StepType}>? _trace;");
        foreach (var d in _m.Definitions)
        {
            w.Line($"private bool _done{d.Index};");
            w.Line($"private {Cs(d.Type)} _value{d.Index} = default!;");
        }
        w.Line();
        w.Line(Inline);
        w.Open($"internal Evaluation({Then(InputParameters())}global::System.DateOnly at)");
        foreach (var i in _m.Inputs) w.Line($"{InputField(i)} = {_inputParameters[i]};");
        w.Line("_at = at;");
        w.Line($"_trace = {Tracing} ? StartTrace({InputArguments()}) : null;");
        w.Close();
        w.Line();
        w.Doc("The explanation's first steps: the inputs.");
        w.Line(NoInline);
        w.Open($"private static global::System.Collections.Generic.List<{StepType}> StartTrace({InputParameters()})");
        w.Line($"var trace = new global::System.Collections.Generic.List<{StepType}>();");
        foreach (var i in _m.Inputs)
            w.Line($"trace.Add(new {StepType}({Str(i.Name)}, {Str(i.Label)}, {TraceKindType}.Input, {_inputParameters[i]}, null, global::System.Array.Empty<{CitationType}>(), null, {Src(i.Span)}));");
        w.Line("return trace;");
        w.Close();
        w.Line();
        w.Doc("In FastMode: whether an operation failed (its value is then a default, and the answer is a second evaluation's).");
        w.Line("internal bool Failed => _failed;");
        w.Line(FailedField);
        w.Line();
        w.Line($"internal global::System.Collections.Generic.IReadOnlyList<{StepType}> Trace => (global::System.Collections.Generic.IReadOnlyList<{StepType}>?)_trace ?? global::System.Array.Empty<{StepType}>();");

        foreach (var r in _core.Requirements)
        {
            w.Line();
            w.Line(Inline);
            w.Line($"internal bool Requires_{r.Input.Name}() => {EmitAs(r.Condition, RuleType.Bool)};");
        }
        foreach (var d in _core.Definitions)
        {
            w.Line();
            EmitDefinition(w, d);
        }
    }

    private void EmitDefinition(CodeWriter w, CoreDefinition core)
    {
        var d = core.Definition;
        var type = Cs(d.Type);
        var kind = d.IsOutput ? "Output" : "Definition";
        w.Doc(d.Label ?? d.Name, d.Note);
        // Small enough to inline into Evaluate and TryEvaluate: the trace step is recorded out of line.
        w.Line(Inline);
        w.Open($"internal {type} {_methods[d]}()");
        w.Line($"if (_done{d.Index}) return _value{d.Index};");
        var list = $"global::System.Collections.Generic.List<{StepType}>";
        if (core.Value is not null)
        {
            w.Line($"var __value = {EmitAs(core.Value, d.Type)};");
            w.Line($"_value{d.Index} = __value;");
            w.Line($"_done{d.Index} = true;");
            // The branch taken, only when explaining: the core's selector repeats tests already made, out of line so that the
            // method stays as small as before for inlining.
            var parameters = ParameterLines(core);
            var at = parameters.Length == 0 ? "" : "_at, ";
            var atParameter = parameters.Length == 0 ? "" : "global::System.DateOnly at, ";
            w.Line($"if ({Tracing}) Record_{d.Index}(_trace!, {at}__value, {(core.BranchSelector is null ? "0" : $"Branch_{d.Index}()")});");
            w.Line("return __value;");
            w.Close();
            if (core.BranchSelector is not null)
            {
                w.Line();
                w.Line(NoInline);
                w.Line($"private int Branch_{d.Index}() => {EmitAs(core.BranchSelector, RuleType.Int)};");
            }
            w.Line();
            w.Line(NoInline);
            w.Line($"private static void Record_{d.Index}({list} trace, {atParameter}{type} value, int branch) =>");
            w.Line($"    trace.Add(new {StepType}({Str(d.Name)}, {Str(d.Label)}, {TraceKindType}.{kind}, value, null, {Citations(d.Citations)}, {Str(d.Note)}, {Src(d.Span)}, {Derivations(core)}[branch]){parameters});");
            return;
        }

        // The rules of a definition by index (Rules_N): an applying rule answers its index and its value, so that the
        // default logic carries no object reference (RuleOps.Take); the RuleInfo is read only for a conflict or the trace.
        var rules = core.Rules!;
        var ruleArray = $"Rules_{d.Index}";
        var ruleNames = new List<string>();
        w.Line("var __rule = -1;");
        w.Line($"{type} __value = default!;");
        foreach (var r in rules.Candidates)
            w.Line($"{Ops}.Take(ref __rule, ref __value, Apply_{d.Index}_{r.Rule.Label}(out var __{r.Rule.Label}), __{r.Rule.Label}, {ruleArray}, {Str(d.Name)}, {CheckOrFail});");
        w.Line("if (__rule < 0)");
        w.Line($"    {Ops}.NoRuleApplies({Str(d.Name)}, new string[] {{ {string.Join(", ", d.Rules.Select(r => Str(r.Label)))} }}, {Citations(d.AllCitations)}, {CheckOrFail});");
        w.Line($"_value{d.Index} = __value;");
        w.Line($"_done{d.Index} = true;");
        var ruleParameters = ParameterLines(core);
        var ruleAt = ruleParameters.Length == 0 ? "" : "_at, ";
        var ruleAtParameter = ruleParameters.Length == 0 ? "" : "global::System.DateOnly at, ";
        w.Line($"if ({Tracing}) Record_{d.Index}(_trace!, {ruleAt}__value, {ruleArray}[__rule]);");
        w.Line("return __value;");
        w.Close();
        w.Line();
        w.Line(NoInline);
        w.Line($"private static void Record_{d.Index}({list} trace, {ruleAtParameter}{type} value, {RuleInfoType} rule) =>");
        w.Line($"    trace.Add(new {StepType}({Str(d.Name)}, {Str(d.Label)}, {TraceKindType}.{kind}, value, rule.Label, rule.Citations, rule.Note ?? {Str(d.Note)}, {Src(d.Span)}, rule.How){ruleParameters});");
        EmitRules(w, d, rules, ruleNames);
        _ruleArrayFields.Add($"private static readonly {RuleInfoType}[] {ruleArray} = {{ {string.Join(", ", ruleNames)} }};");
    }

    /// <summary>
    /// One method per rule of a default, then its exceptions' (depth first): the index in <paramref name="ruleNames"/> of
    /// the rule that gives the value (this one or an exception), or -1 when none applies.
    /// </summary>
    private void EmitRules(CodeWriter w, DefinitionModel d, CoreDefault rules, List<string> ruleNames)
    {
        var type = Cs(d.Type);
        foreach (var core in rules.Candidates)
        {
            var r = core.Rule;
            var index = ruleNames.Count;
            ruleNames.Add(Rule(d, core));
            _ruleIndex[r] = index;
            w.Line();
            w.Line($"/// <summary>rule {Xml(r.Label)}{(r.ExceptionOf is null ? "" : " exception of " + Xml(r.ExceptionOf.Label))} ({Xml(r.Span.ToString())})</summary>");
            w.Line(Inline);
            w.Open($"private int Apply_{d.Index}_{r.Label}(out {type} value)");
            w.Line("value = default!;");
            if (core.Exceptions.Candidates.Count > 0)
            {
                w.Line("var __rule = -1;");
                foreach (var e in core.Exceptions.Candidates)
                    w.Line($"{Ops}.Take(ref __rule, ref value, Apply_{d.Index}_{e.Rule.Label}(out var __{e.Rule.Label}), __{e.Rule.Label}, Rules_{d.Index}, {Str(d.Name)}, {CheckOrFail});");
                w.Line("if (__rule >= 0) return __rule;");
            }
            if (core.When is not null) w.Line($"if (!{EmitAs(core.When, RuleType.Bool)}) return -1;");
            w.Line($"value = {EmitAs(core.Value, d.Type)};");
            w.Line($"return {index.ToString(CultureInfo.InvariantCulture)};");
            w.Close();
            EmitRules(w, d, core.Exceptions, ruleNames);
        }
    }

    private static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    // ---- expressions -------------------------------------------------------------------------------

    /// <summary>C# for <paramref name="e"/>, of the C# type of <paramref name="target"/>.</summary>
    private string EmitAs(CoreExpr e, RuleType target)
    {
        if (!(TotalType(e.Type) && TotalType(target) || e is CoreLiteral { Value: string })) _total = false;
        switch (e)
        {
            case CoreNotDeterminable n:
                // The reason alone: the runtime joins it with the citations through the catalogue (eval.not_determinable).
                return $"{Ops}.NotDeterminable<{Cs(target)}>({Str(n.Reason)}, {Citations(n.Citations)}, {CheckOrFail})";
            case CoreLiteral { Value: null }:
                return $"default({Cs(target.Kind == TypeKind.None ? target : target.AsOptional())})";
            case CoreIf i:
                return $"({EmitAs(i.Condition, RuleType.Bool)} ? {EmitAs(i.Then, target)} : {EmitAs(i.Else, target)})";
            case CoreMatch m:
                return Match(m, target);
            case CoreList l when target.Kind == TypeKind.List:
                return List(l, target);
        }
        if (Cs(e.Type) == Cs(target) || e.Type.Kind is TypeKind.Never or TypeKind.None or TypeKind.Error || target.Kind is TypeKind.Never or TypeKind.Error)
            return Convert(Visit(e), e.Type, target);
        throw new InvalidOperationException($"{e.Span}: the core gives {e.Type} where {target} is taken, without a CoreConvert");
    }

    /// <summary>The types a total evaluation may have: values whose default (after a failure) no operation can trip on.</summary>
    private static bool TotalType(RuleType t) => !t.Optional
        && t.Kind is TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate or TypeKind.Bool or TypeKind.Date or TypeKind.DateTime or TypeKind.Enum or TypeKind.Calendar or TypeKind.Never;

    /// <summary>Converts C# code of rule type <paramref name="from"/> to the C# type of <paramref name="to"/>: the code of a
    /// <see cref="CoreConvert"/> (and of a value that never has one, or of <c>none</c>).</summary>
    private string Convert(string code, RuleType from, RuleType to)
    {
        if (Cs(from) == Cs(to) || from.Kind is TypeKind.Never or TypeKind.Error || to.Kind is TypeKind.Never or TypeKind.Error) return code;
        if (from.Kind == TypeKind.None) return $"default({Cs(to)})";
        if (to.Optional && !from.Optional)
        {
            var inner = Convert(code, from, to.AsRequired());
            return PackageEmitter.IsValueType(to) ? $"(({Cs(to)}){inner})" : inner;
        }
        var f = from.AsRequired();
        var t = to.AsRequired();
        if (f.Kind == TypeKind.Int && t.Kind == TypeKind.Decimal) return $"(({Cs(to)}){code})";
        if (f.Kind == TypeKind.List && t.Kind == TypeKind.List && Cs(f.Element!) != Cs(t.Element!))
        {
            var x = "__x" + _variables.Count.ToString(CultureInfo.InvariantCulture);
            return $"{Ops}.Convert<{Cs(f.Element!)}, {Cs(t.Element!)}>({code}, {x} => {Convert(x, f.Element!, t.Element!)})";
        }
        return code;
    }

    public override string VisitLiteral(CoreLiteral e) => Literal(e.Value, e.Type);
    public override string VisitInput(CoreInput e) => _eager ? _inputParameters[e.Input] : InputField(e.Input);

    /// <summary>The evaluation's field holding an input's value.</summary>
    private string InputField(InputModel i) => "_in_" + _inputParameters[i].TrimStart('@');
    public override string VisitForce(CoreForce e)
    {
        var d = e.Definition;
        if (!_eager) return $"{_methods[d]}()";
        if (_forced.Contains(d)) return Local(d);
        var core = _core.Definitions[d.Index];
        return core.Value is not null ? $"({EmitAs(core.Value, d.Type)})" : FastRulesCall(core);
    }
    public override string VisitVariable(CoreVariable e) { _total = false; return _variables[e.Slot]; }
    public override string VisitEvaluationDate(CoreEvaluationDate e) => At;
    public override string VisitCalendar(CoreCalendar e) => _p.CalendarField(e.Calendar);
    public override string VisitConvert(CoreConvert e) => e.Operand is CoreLiteral { Value: int n } && e.Type.Kind == TypeKind.Decimal
        ? PackageEmitter.DecimalLiteral(n)
        : Convert(Visit(e.Operand), e.Operand.Type, e.Type);

    public override string VisitUnary(CoreUnary u)
    {
        if (u.Operator == UnaryOperator.Not) return $"(!{EmitAs(u.Operand, RuleType.Bool)})";
        var operand = EmitAs(u.Operand, u.Type);
        return u.Type.Kind switch
        {
            TypeKind.Int => $"{Ops}.Negate({operand}, {Src(u.Span)}, {CheckOrFail})",
            TypeKind.Rate => $"{Ops}.Negate({operand})",
            _ => $"(-{operand})",
        };
    }

    public override string VisitIf(CoreIf e) => EmitAs(e, e.Type);
    public override string VisitMatch(CoreMatch e) => EmitAs(e, e.Type);
    public override string VisitList(CoreList e) => EmitAs(e, e.Type);
    public override string VisitNotDeterminable(CoreNotDeterminable e) => EmitAs(e, e.Type);

    /// <summary>
    /// A parameter read with the base package's values baked in (reforms are a runtime feature of the interpreter and the
    /// bulk engine): a choice by date, latest first, of the value, the table entry (a switch on the key) or the scale
    /// (<c>RuleOps.Scale</c>, the one implementation); before the first value, <c>not_in_force</c>.
    /// </summary>
    public override string VisitParameter(CoreParameter e)
    {
        var parameter = e.Parameter;
        var type = Cs(e.Type);
        var result = parameter.BeforeFirstReason is null
            ? $"{Ops}.ParameterNotInForce<{type}>({Str(parameter.Name)}, {Str(Iso(parameter.Values[0].From))}, {Citations(new[] { parameter.Values[0].Citation })}, {CheckOrFail})"
            : $"{Ops}.ParameterBeforeFirst<{type}>({Str(parameter.Name)}, {Str(Iso(parameter.Values[0].From))}, {Str(parameter.BeforeFirstReason)}, "
              + $"{Str(parameter.BeforeFirstCitation?.ToString())}, {Citations(parameter.BeforeFirstCitation is { } c ? new[] { c } : Array.Empty<CitationModel>())}, {CheckOrFail})";
        foreach (var value in parameter.Values)
        {
            string read;
            switch (parameter.Shape)
            {
                case ParameterShape.Table when parameter.ByRange:
                    var ranges = value.Keys.Cast<ParameterRange>().ToList();
                    string Decimals(IEnumerable<decimal> ds) => $"new decimal[] {{ {string.Join(", ", ds.Select(PackageEmitter.DecimalLiteral))} }}";
                    string Bools(IEnumerable<bool> bs) => $"new bool[] {{ {string.Join(", ", bs.Select(b => b ? "true" : "false"))} }}";
                    var rangeArms = value.Entries.Select((entry, i) => $"{i} => {Literal(entry, parameter.Type)}, ");
                    read = $"({Ops}.RangeIndex({EmitAs(e.Key!, e.Key!.Type)}, {Decimals(ranges.Select(r => r.Lower ?? decimal.MinValue))}, {Bools(ranges.Select(r => r.Lower is null || r.LowerIncludes))}, "
                        + $"{Decimals(ranges.Select(r => r.Upper ?? decimal.MaxValue))}, {Bools(ranges.Select(r => r.Upper is null || r.UpperIncludes))}) switch "
                        + $"{{ {string.Concat(rangeArms)}_ => {NoEntry(parameter, value, type)} }})";
                    break;
                case ParameterShape.Table:
                    var arms = value.Keys.Select((key, i) => $"{Literal(key, parameter.KeyType!)} => {Literal(value.Entries[i], parameter.Type)}, ").ToList();
                    // A read that cannot miss has no missing-entry case: its last entry is the default, as C# written by hand
                    // has it (no failure flag for the JIT to carry).
                    var missing = NoEntry(parameter, value, type);
                    if (ListsEveryKey(e.Key!, value))
                    {
                        arms.RemoveAt(arms.Count - 1);
                        missing = Literal(value.Entries[value.Entries.Count - 1], parameter.Type);
                    }
                    read = $"({EmitAs(e.Key!, parameter.KeyType!)} switch {{ {string.Concat(arms)}_ => {missing} }})";
                    break;
                case ParameterShape.Scale:
                    read = $"{Ops}.Scale({EmitAs(e.Key!, e.Key!.Type)}, new decimal[] {{ {string.Join(", ", value.Boundaries.Select(b => PackageEmitter.DecimalLiteral(b.Amount)))} }}, "
                        + $"new bool[] {{ {string.Join(", ", value.Boundaries.Select(b => b.UpperIncludes ? "true" : "false"))} }}, "
                        + $"new decimal[] {{ {string.Join(", ", value.Entries.Select(r => PackageEmitter.DecimalLiteral((decimal)r!)))} }}, "
                        + $"{(parameter.Method == ScaleMethod.Marginal ? "true" : "false")}, {Src(e.Span)}, {CheckOrFail})";
                    break;
                default:
                    read = Literal(value.Value, parameter.Type);
                    break;
            }
            // The module answers only from its first day in force (checked before any definition): a first value in force
            // by then needs no date test, and the read before it cannot happen.
            result = value == parameter.Values[0] && !_core.InForce.Always && value.From <= _core.InForce.From
                ? read
                : $"({At}.DayNumber >= {CoreInForce.DayNumber(value.From)} /* {Iso(value.From)} */ ? {read} : {result})";
        }
        return result;
    }

    /// <summary>The explanation's parameter lines (<see cref="ParameterReads"/>): for each read, the line of the value in force at <c>at</c>.</summary>
    private static string ParameterLines(CoreDefinition core)
    {
        var reads = ParameterReads.Lines(core);
        if (reads.Count == 0) return "";
        var items = reads.Select(read => string.Concat(read.Reverse().Select(v => $"at >= {PackageEmitter.Date(v.From)} ? {ParameterRead(v)} : ")) + "null");
        return $" {{ Parameters = {Ops}.ParameterLines({string.Join(", ", items.Select(i => "(" + i + ")"))}) }}";
    }

    /// <summary>
    /// Whether the table value lists every key <paramref name="key"/> can have: an int input whose requirements bound it
    /// (<see cref="CoreInputRanges"/>) to a range the value's keys cover (the land tax's grade, 1–5). Then the read cannot
    /// miss, and any entry may be the switch's default: every key that reaches the switch has its own arm or is the default's.
    /// </summary>
    private bool ListsEveryKey(CoreExpr key, ParameterValueModel value)
    {
        if (value.Keys.Count == 0 || key is not CoreInput input || CoreInputRanges.IntRange(_core, input.Input) is not { } range || range.High - range.Low >= 4096)
            return false;
        var keys = new HashSet<int>(value.Keys.OfType<int>());
        for (var k = range.Low; k <= range.High; k++)
            if (!keys.Contains((int)k)) return false;
        return true;
    }

    /// <summary>The error of a table read with a key the value in force does not list (the message is put into words at run time, in either language).</summary>
    private string NoEntry(ParameterModel parameter, ParameterValueModel value, string type) =>
        $"{Ops}.ParameterNoEntry<{type}>({CheckOrFail}, {Str(parameter.Name)}, {Str(Iso(value.From))}{string.Concat(value.Keys.Select(k => ", " + Str(k.ToString())))})";

    private static string ParameterRead(ParameterRead r) =>
        $"new global::PolicyRules.Language.Core.ParameterRead({Str(r.Name)}, global::PolicyRules.Language.Core.ParameterReadShape.{r.Shape}, {Str(r.Key)}, " +
        $"new global::System.DateTime({r.From.Year}, {r.From.Month}, {r.From.Day}), {Str(r.Citation)}, {Str(r.Reform)})";

    public override string VisitInList(CoreInList i)
    {
        _total = false;
        var type = RuleType.Unify(i.Value.Type, i.List.Type.Element!) ?? i.Value.Type;
        return $"{Ops}.Contains<{Cs(type)}>({EmitAs(i.Value, type)}, {EmitAs(i.List, RuleType.ListOf(type))})";
    }

    public override string VisitField(CoreField f)
    {
        _total = false;
        return $"{EmitAs(f.Target, f.Target.Type)}.{_p.RecordProperty(f.Record.Name, f.Field.Name)}";
    }

    private string Literal(object? value, RuleType type) => type.Kind switch
    {
        _ when value is null => "null",
        TypeKind.Int => (int)value < 0 ? $"({(int)value})" : ((int)value).ToString(CultureInfo.InvariantCulture),
        TypeKind.Decimal => PackageEmitter.DecimalLiteral((decimal)value),
        TypeKind.Money => $"new global::PolicyRules.Money({PackageEmitter.DecimalLiteral((decimal)value)})",
        TypeKind.Rate => $"new global::PolicyRules.Rate({PackageEmitter.DecimalLiteral((decimal)value)})",
        TypeKind.Bool => (bool)value ? "true" : "false",
        TypeKind.Date => $"global::System.DateOnly.FromDayNumber({CoreInForce.DayNumber((DateTime)value)}) /* {Iso((DateTime)value)} */",
        TypeKind.DateTime => DateTimeLiteral((DateTime)value),
        TypeKind.String => Str((string)value),
        TypeKind.Enum => _p.EnumMember(type.Name!, (string)value),
        _ => throw new InvalidOperationException($"no literal of type {type}"),
    };

    private static string DateTimeLiteral(DateTime t) => t.Ticks % TimeSpan.TicksPerSecond == 0
        ? $"new global::System.DateTime({t.Year}, {t.Month}, {t.Day}, {t.Hour}, {t.Minute}, {t.Second})"
        : $"new global::System.DateTime({t.Ticks.ToString(CultureInfo.InvariantCulture)}L)";

    private string List(CoreList l, RuleType target)
    {
        _total = false;
        var element = target.Element!;
        if (l.Items.Count == 0) return $"global::System.Array.Empty<{Cs(element)}>()";
        var items = string.Join(", ", l.Items.Select(i => EmitAs(i, element)));
        var array = $"new {Cs(element)}[] {{ {items} }}";
        if (!l.Items.All(i => i is CoreLiteral or CoreConvert { Operand: CoreLiteral })) return array;
        var name = "List_" + _listFields.Count.ToString(CultureInfo.InvariantCulture);
        _listFields.Add($"private static readonly {Cs(element)}[] {name} = {{ {items} }};");
        return name;
    }

    private string Match(CoreMatch m, RuleType target)
    {
        var s = "__s" + _matchDepth.ToString(CultureInfo.InvariantCulture);
        _matchDepth++;
        var subject = EmitAs(m.Subject, m.Subject.Type);
        var arms = new List<string>();
        foreach (var c in m.Cases)
        {
            var tests = c.Patterns.Select(p => Equality(s, m.Subject.Type, p, false)).ToList();
            var condition = tests.Count == 0 ? "false" : string.Join(" || ", tests);
            arms.Add($"var {s} when {condition} => {EmitAs(c.Value, target)}");
        }
        arms.Add(m.Else is not null
            ? $"_ => {EmitAs(m.Else, target)}"
            : $"var {s} => {Ops}.NoCase<{Cs(target)}>({Src(m.Span)}, {s}, {CheckOrFail})");
        _matchDepth--;
        return $"({subject} switch {{ {string.Join(", ", arms)} }})";
    }

    /// <summary>Rule-language equality of code <paramref name="left"/> (rule type <paramref name="leftType"/>) and an expression.</summary>
    private string Equality(string left, RuleType leftType, CoreExpr right, bool negate)
    {
        if (right.Type.Kind == TypeKind.None || right is CoreLiteral { Value: null })
            return $"({left} {(negate ? "!=" : "==")} null)";
        var type = RuleType.Unify(leftType, right.Type) ?? leftType;
        var l = Convert(left, leftType, type);
        var r = EmitAs(right, type);
        if (type.Kind is TypeKind.List or TypeKind.Record)
            return $"{(negate ? "!" : "")}{Ops}.AreEqual<{Cs(type)}>({l}, {r})";
        return $"({l} {(negate ? "!=" : "==")} {r})";
    }

    public override string VisitBinary(CoreBinary b)
    {
        switch (b.Operator)
        {
            case BinaryOperator.And: return $"({EmitAs(b.Left, RuleType.Bool)} && {EmitAs(b.Right, RuleType.Bool)})";
            case BinaryOperator.Or: return $"({EmitAs(b.Left, RuleType.Bool)} || {EmitAs(b.Right, RuleType.Bool)})";
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
                var negate = b.Operator == BinaryOperator.NotEqual;
                if (b.Left.Type.Kind == TypeKind.None || b.Left is CoreLiteral { Value: null })
                    return b.Right.Type.Kind == TypeKind.None ? (negate ? "false" : "true") : $"({EmitAs(b.Right, b.Right.Type)} {(negate ? "!=" : "==")} null)";
                var type = RuleType.Unify(b.Left.Type, b.Right.Type) ?? b.Left.Type;
                if (b.Left.Type.Kind == TypeKind.Never) type = b.Right.Type;
                // Evaluate the left side first, as the interpreter does.
                return Equality(EmitAs(b.Left, type), type, b.Right, negate);
            case BinaryOperator.Less:
            case BinaryOperator.LessOrEqual:
            case BinaryOperator.Greater:
            case BinaryOperator.GreaterOrEqual:
                var symbol = b.Operator switch { BinaryOperator.Less => "<", BinaryOperator.LessOrEqual => "<=", BinaryOperator.Greater => ">", _ => ">=" };
                var (lt, rt) = Operands(b.Left.Type, b.Right.Type);
                return $"({EmitAs(b.Left, lt)} {symbol} {EmitAs(b.Right, rt)})";
            default:
                var name = b.Operator switch
                {
                    BinaryOperator.Add => "Add", BinaryOperator.Subtract => "Subtract", BinaryOperator.Multiply => "Multiply", _ => "Divide",
                };
                var (left, right) = Operands(b.Left.Type, b.Right.Type);
                return $"{Ops}.{name}({EmitAs(b.Left, left)}, {EmitAs(b.Right, right)}, {Src(b.Span)}, {CheckOrFail})";
        }
    }

    /// <summary>The C# types of two operands: their own, as the core converted them (an int meeting a decimal, money or rate
    /// is a <see cref="CoreConvert"/>); a side that never has a value (<c>not_determinable</c>) takes the other's type.</summary>
    private static (RuleType Left, RuleType Right) Operands(RuleType left, RuleType right)
    {
        if (left.Kind == TypeKind.Never) left = right.Kind == TypeKind.Never ? RuleType.Decimal : right;
        if (right.Kind == TypeKind.Never) right = left;
        return (left, right);
    }

    /// <summary>
    /// A call of the builtin's one implementation, the method the catalogue names (<see cref="BuiltinImplementation"/>):
    /// the call's own arguments, then the implicit arguments the catalogue lists (the evaluation date, the call's place,
    /// the registry). Where the runtime has a variant with a trailing <c>check</c> flag (<see cref="Checked"/>),
    /// the mode test <see cref="Check"/> (a constant in each instantiation) selects it, so the first attempt of TryEvaluate runs without the checks that name a failing operation.
    /// </summary>
    public override string VisitCall(CoreCall c)
    {
        var impl = c.Implementation;
        var a = c.Arguments;
        // Each argument at the type the catalogue gives (Lowering converted it to that type already).
        var types = BuiltinCatalogue.ArgumentTypes(c.Function, a.Select(x => x.Type).ToList(), c.Type);
        var own = a.Select((x, i) => EmitAs(x, types[i]));
        var typeArgument = c.Function switch
        {
            BuiltinFunction.Min2 or BuiltinFunction.Max2 => Cs(c.Type),
            BuiltinFunction.MinOf or BuiltinFunction.MaxOf => Cs(c.Type.AsRequired()),
            // The fast working-day operations read a named calendar's tables as constant data (PackageEmitter.CalendarTables).
            BuiltinFunction.WorkingDaysAfter or BuiltinFunction.NextWorkingDay or BuiltinFunction.IsWorkingDay
                when a[a.Count - 1] is CoreCalendar calendar => _p.CalendarTables(calendar.Calendar),
            _ => null,
        };
        var args = new List<string>(own);
        if (impl.Implicit.HasFlag(ImplicitArguments.EvaluationDate)) args.Add(At);
        if (impl.Implicit.HasFlag(ImplicitArguments.Location)) args.Add(Src(c.Span));
        if (impl.Implicit.HasFlag(ImplicitArguments.Registry)) args.Add($"{_p.RegistryType}.Documents");
        if (Array.IndexOf(Checked, c.Function) >= 0) args.Add(CheckOrFail);
        else if (Array.IndexOf(Total, c.Function) < 0) _total = false;
        var method = $"global::{impl.TypeName}.{impl.MethodName}{(typeArgument is null ? "" : "<" + typeArgument + ">")}";
        return $"{method}({string.Join(", ", args)})";
    }

    /// <summary>Builtins whose implementation has an overload with a trailing <c>bool check, ref bool failed</c>
    /// (<see cref="CheckOrFail"/>): without the checks it throws nothing and sets the failure flag where the checked
    /// call would throw, and TryEvaluate answers by evaluating again with the checks.</summary>
    private static readonly BuiltinFunction[] Checked =
    {
        BuiltinFunction.Round, BuiltinFunction.RoundUp, BuiltinFunction.RoundDown, BuiltinFunction.Ceil, BuiltinFunction.Floor, BuiltinFunction.Abs,
        BuiltinFunction.Age, BuiltinFunction.AgeOn, BuiltinFunction.AddDays, BuiltinFunction.AddMonths, BuiltinFunction.AddYears,
        BuiltinFunction.AddHours, BuiltinFunction.WorkingDaysAfter, BuiltinFunction.NextWorkingDay, BuiltinFunction.IsWorkingDay,
        BuiltinFunction.WorkingDaysBetween, BuiltinFunction.DocumentInForce,
    };

    /// <summary>Builtins that cannot fail on the values a total module has (<see cref="_total"/>); the list builtins can.</summary>
    private static readonly BuiltinFunction[] Total =
    {
        BuiltinFunction.Min2, BuiltinFunction.Max2, BuiltinFunction.DateOf, BuiltinFunction.DaysBetween,
    };

    public override string VisitComprehension(CoreComprehension c)
    {
        var source = EmitAs(c.Source, c.Source.Type);
        var element = c.Source.Type.Kind == TypeKind.List ? c.Source.Type.Element! : c.Variable.Type;
        var name = Names.Local(c.Variable.Name);
        if (name.StartsWith("_", StringComparison.Ordinal) || _methods.ContainsValue(name) || _variables.Contains(name))
            name = "v" + c.Variable.Slot.ToString(CultureInfo.InvariantCulture) + "_" + c.Variable.Name;
        _variables.Add(name);
        _capturesEvaluation = true;
        _total = false;
        try
        {
            var lambda = $"({Cs(element)} {name}) =>";
            switch (c.Kind)
            {
                case ComprehensionKind.Map:
                    var result = c.Type.Element!;
                    return $"{Ops}.Map<{Cs(element)}, {Cs(result)}>({source}, {lambda} {EmitAs(c.Body, result)})";
                case ComprehensionKind.Filter: return $"{Ops}.Filter<{Cs(element)}>({source}, {lambda} {EmitAs(c.Body, RuleType.Bool)})";
                case ComprehensionKind.Any: return $"{Ops}.Any<{Cs(element)}>({source}, {lambda} {EmitAs(c.Body, RuleType.Bool)})";
                default: return $"{Ops}.All<{Cs(element)}>({source}, {lambda} {EmitAs(c.Body, RuleType.Bool)})";
            }
        }
        finally
        {
            _variables.RemoveAt(_variables.Count - 1);
        }
    }
}
