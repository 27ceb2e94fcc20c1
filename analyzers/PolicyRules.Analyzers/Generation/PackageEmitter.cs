using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using PolicyRules.Language.Model;

namespace PolicyRules.Analyzers.Generation;

/// <summary>
/// Turns a checked rule package into C#: one enum per rule enum, one record per rule record, one class per
/// module, and a <c>RuleRegistry</c> with the documents and calendars. Only what the project's own
/// <c>.rules</c> files declare is generated; types from a referenced rule package are used by name.
/// </summary>
internal sealed class PackageEmitter
{
    public const string ToolName = "PolicyRules.Analyzers";
    /// <summary>The analyzer assembly's version as the build stamped it (its informational version, without the
    /// "+commit" suffix, so the generated code does not change with every commit).</summary>
    public static readonly string ToolVersion = VersionOf(typeof(PackageEmitter).Assembly);

    internal static string VersionOf(System.Reflection.Assembly assembly)
    {
        var version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version.Substring(0, plus);
    }
    public const string RegistryName = "RuleRegistry";

    private readonly RulesPackage _package;
    private readonly string _namespace;
    private readonly Dictionary<string, string> _enumTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _recordTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _enumMembers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _recordFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _documentFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _calendarFields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _calendarTables = new(StringComparer.Ordinal);
    private readonly Dictionary<ModuleModel, string> _moduleTypes = new();

    private PackageEmitter(RulesPackage package, string @namespace)
    {
        _package = package;
        _namespace = @namespace;
    }

    public PackageModel Model => _package.Compilation.Package;

    /// <summary>The generated files; none when the package has errors (the analyzer reports them).</summary>
    public static IReadOnlyList<GeneratedSource> Generate(RulesPackage package, string @namespace)
    {
        if (package.Compilation.HasErrors || package.Files.All(f => f.Reference)) return Array.Empty<GeneratedSource>();
        var emitter = new PackageEmitter(package, @namespace);
        emitter.AssignNames();
        return emitter.EmitAll();
    }

    private bool IsOwn(Language.Diagnostics.TextSpan span) => _package.IsOwn(span.File);

    private string NamespaceOf(Language.Diagnostics.TextSpan span) =>
        _package.FileOf(span.File) is { Reference: true, Namespace: { } ns } ? ns : _namespace;

    private void AssignNames()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { RegistryName };
        foreach (var e in Model.Enums)
        {
            var name = IsOwn(e.Span) ? Names.Unique(Names.Pascal(e.Name), taken, "Enum") : Names.Pascal(e.Name);
            _enumTypes[e.Name] = $"global::{NamespaceOf(e.Span)}.{name}";
            var members = new HashSet<string>(StringComparer.Ordinal);
            _enumMembers[e.Name] = e.Members.ToDictionary(m => m.Name, m => Names.Unique(Names.Pascal(m.Name), members, "_"), StringComparer.Ordinal);
        }
        foreach (var r in Model.Records)
        {
            var name = IsOwn(r.Span) ? Names.Unique(Names.Pascal(r.Name), taken, "Record") : Names.Pascal(r.Name);
            _recordTypes[r.Name] = $"global::{NamespaceOf(r.Span)}.{name}";
            _recordFields[r.Name] = PropertyNames(name, r.Fields.Select(f => f.Name));
        }
        foreach (var m in Model.Modules.Where(m => IsOwn(m.Span)))
        {
            var candidate = Names.Pascal(m.Name);
            // A class cannot have a member of its own name: not the public members, nor the private ones ModuleEmitter writes.
            if (candidate is "Info" or "Input" or "Output" or "OutputValues" or "Evaluation" or "Evaluate" or "TryEvaluate" or "Validate"
                or "Fast" or "Retry" or "Refuse" or "Checked" or "NotInForce" or "CheckedMode" or "TracedMode" or "FastMode") candidate += "Module";
            _moduleTypes[m] = Names.Unique(candidate, taken, "Module");
        }

        var fields = new HashSet<string>(StringComparer.Ordinal) { "Documents", "Calendars", RegistryName };
        foreach (var d in Model.Documents) _documentFields[d.Alias] = $"global::{_namespace}.{RegistryName}.{Names.Unique(Names.Pascal(d.Alias), fields, "Document")}";
        foreach (var c in Model.Calendars) _calendarFields[c.Name] = $"global::{_namespace}.{RegistryName}.{Names.Unique(Names.Pascal(c.Name), fields, "Calendar")}";
        foreach (var c in Model.Calendars) _calendarTables[c.Name] = $"global::{_namespace}.{RegistryName}.{Names.Unique(Names.Pascal(c.Name) + "Tables", fields, "Data")}";
    }

    /// <summary>Property names for the fields of a generated record, avoiding the members every record has.</summary>
    internal static Dictionary<string, string> PropertyNames(string typeName, IEnumerable<string> ruleNames)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal)
        {
            typeName, "EqualityContract", "Equals", "GetHashCode", "ToString", "GetType", "Deconstruct", "PrintMembers", "MemberwiseClone",
            "Finalize", "ReferenceEquals", "GetFields", "RecordName", "ToOutput",
        };
        return ruleNames.ToDictionary(n => n, n => Names.Unique(Names.Pascal(n), taken), StringComparer.Ordinal);
    }

    // ---- names the module emitter uses ----------------------------------------------------------

    public string Namespace => _namespace;
    public string RegistryType => $"global::{_namespace}.{RegistryName}";
    public string DocumentField(DocumentModel d) => _documentFields[d.Alias];
    public string CalendarField(CalendarModel c) => _calendarFields[c.Name];
    /// <summary>The calendar's tables as constant data: the type (an IWorkingDayTables) the fast working-day operations read.</summary>
    public string CalendarTables(CalendarModel c) => _calendarTables[c.Name];
    public string EnumMember(string enumName, string member) => $"{_enumTypes[enumName]}.{_enumMembers[enumName][member]}";
    public string RecordProperty(string recordName, string field) => _recordFields[recordName][field];
    public string RecordType(string recordName) => _recordTypes[recordName];

    /// <summary>The C# type of a rule type.</summary>
    public string Cs(RuleType t)
    {
        var core = t.Kind switch
        {
            TypeKind.Int => "int",
            TypeKind.Decimal => "decimal",
            TypeKind.Money => "global::PolicyRules.Money",
            TypeKind.Rate => "global::PolicyRules.Rate",
            TypeKind.Bool => "bool",
            TypeKind.Date => "global::System.DateOnly",
            TypeKind.DateTime => "global::System.DateTime",
            TypeKind.String => "string",
            TypeKind.Enum => _enumTypes[t.Name!],
            TypeKind.Record => _recordTypes[t.Name!],
            TypeKind.List => $"global::System.Collections.Generic.IReadOnlyList<{Cs(t.Element!)}>",
            TypeKind.Calendar => "global::PolicyRules.Rules.RuleCalendar",
            _ => "object",
        };
        return t.Optional || t.Kind == TypeKind.None ? core + "?" : core;
    }

    public static bool IsValueType(RuleType t) =>
        t.Kind is TypeKind.Int or TypeKind.Decimal or TypeKind.Money or TypeKind.Rate or TypeKind.Bool or TypeKind.Date or TypeKind.DateTime or TypeKind.Enum;

    /// <summary>How the interpreter describes a type in an input error: the same words (TypeWords).</summary>
    public static string Describe(RuleType type) => TypeWords.Describe(type);

    public static string Date(DateTime d) => $"new global::System.DateOnly({d.Year}, {d.Month}, {d.Day})";

    public static string DecimalLiteral(decimal d) => d < 0
        ? $"(-{(-d).ToString(CultureInfo.InvariantCulture)}m)"
        : d.ToString(CultureInfo.InvariantCulture) + "m";

    public string Header() => $"// <auto-generated/>\n// Generated by {ToolName} from the package's .rules files. Do not edit: change the rules.\n#nullable enable\n#pragma warning disable CS1591\n\nnamespace {_namespace};\n\n";

    public static string GeneratedCodeAttribute => $"[global::System.CodeDom.Compiler.GeneratedCode(\"{ToolName}\", \"{ToolVersion}\")]";

    // ---- files ------------------------------------------------------------------------------------

    private IReadOnlyList<GeneratedSource> EmitAll()
    {
        var sources = new List<GeneratedSource> { new(RegistryName + ".g.cs", EmitRegistry()) };
        foreach (var e in Model.Enums.Where(e => IsOwn(e.Span))) sources.Add(new(TypeName(_enumTypes[e.Name]) + ".g.cs", EmitEnum(e)));
        foreach (var r in Model.Records.Where(r => IsOwn(r.Span))) sources.Add(new(TypeName(_recordTypes[r.Name]) + ".g.cs", EmitRecord(r)));
        foreach (var m in Model.Modules.Where(m => IsOwn(m.Span)))
            sources.Add(new(_moduleTypes[m] + ".g.cs", new ModuleEmitter(this, m, _moduleTypes[m]).Emit()));
        return sources;
    }

    private static string TypeName(string fullName) => fullName.Substring(fullName.LastIndexOf('.') + 1);

    private string EmitRegistry()
    {
        var w = new CodeWriter();
        w.Doc("The package's document registry and working-day calendars, as the generated rule modules use them.");
        w.Line(GeneratedCodeAttribute);
        w.Open($"public static partial class {RegistryName}");
        foreach (var d in Model.Documents)
        {
            w.Doc(d.Title is null ? d.Number : $"{d.Number} {d.Title}");
            w.Line($"public static readonly global::PolicyRules.Rules.DocumentInfo {TypeName(_documentFields[d.Alias])} = new({Names.Literal(d.Alias)}, {Names.Literal(d.Number)}, {Names.Literal(d.Title)}, " +
                   $"{Date(d.InForceFrom)}, {OptionalDate(d.InForceTo)}, {OptionalDate(d.EffectiveTo)}, {(d.External ? "true" : "false")}, {Names.Literal(d.RepealedBy?.Number)});");
        }
        w.Line();
        w.Doc("Every document of the registry, in declaration order.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<global::PolicyRules.Rules.DocumentInfo> Documents {{ get; }} = new global::PolicyRules.Rules.DocumentInfo[]");
        w.Line("{");
        foreach (var d in Model.Documents) w.Line("    " + TypeName(_documentFields[d.Alias]) + ",");
        w.Line("};");
        foreach (var c in Model.Calendars)
        {
            w.Line();
            w.Doc(c.Label ?? c.Name);
            w.Line($"public static readonly global::PolicyRules.Rules.RuleCalendar {TypeName(_calendarFields[c.Name])} = new(");
            w.Line($"    new global::PolicyRules.Time.WorkingCalendar({Names.Literal(c.Name)}, {Date(c.CoversFrom)}, {Date(c.CoversTo)},");
            w.Line($"        new global::System.DateOnly[] {{ {string.Join(", ", c.Holidays.Select(Date))} }},");
            w.Line($"        new global::System.DateOnly[] {{ {string.Join(", ", c.Workdays.Select(Date))} }}),");
            w.Line($"    new global::PolicyRules.Rules.Citation[] {{ {string.Join(", ", c.Citations.Select(NewCitation))} }});");
            w.Line();
            EmitCalendarTables(w, c);
        }
        w.Close();
        return Header() + w;
    }

    /// <summary>
    /// The calendar's lookup tables, built by the code that builds <c>WorkingCalendar</c>'s (<see cref="WorkingDayTables"/>), as
    /// constant data (spans over data in the assembly, which the JIT reads at a constant address with a constant length).
    /// </summary>
    private void EmitCalendarTables(CodeWriter w, CalendarModel c)
    {
        var t = WorkingDayTables.Of(c);
        static string Ints(int[] xs) => string.Join(", ", xs.Select(x => x.ToString(CultureInfo.InvariantCulture)));
        w.Doc($"The tables of {c.Name} as constant data, for the generated modules' fast working-day operations (the same tables as {TypeName(_calendarFields[c.Name])}'s).");
        w.Open($"public readonly struct {TypeName(_calendarTables[c.Name])} : global::PolicyRules.Time.IWorkingDayTables");
        w.Doc($"{c.CoversFrom:yyyy-MM-dd}, the first day covered.");
        w.Line($"public static int FirstDayNumber => {Language.Core.CoreInForce.DayNumber(c.CoversFrom).ToString(CultureInfo.InvariantCulture)};");
        w.Doc("Whether each day covered is a working day.");
        w.Line($"public static global::System.ReadOnlySpan<bool> Working => new bool[] {{ {string.Join(", ", t.Working.Select(x => x ? "true" : "false"))} }};");
        w.Doc("The number of working days before each day covered, and the count of all.");
        w.Line($"public static global::System.ReadOnlySpan<int> WorkingBefore => new int[] {{ {Ints(t.WorkingBefore)} }};");
        w.Doc("The offset of each working day.");
        w.Line($"public static global::System.ReadOnlySpan<int> WorkingIndex => new int[] {{ {Ints(t.WorkingIndex)} }};");
        w.Doc("The offset of the first working day at or after each day covered, or -1.");
        w.Line($"public static global::System.ReadOnlySpan<int> NextWorking => new int[] {{ {Ints(t.NextWorking)} }};");
        w.Close();
    }

    private static string OptionalDate(DateTime? d) => d is { } v ? Date(v) : "null";

    /// <summary>A new Citation for a citation of the model, quoting what the interpreter quotes.</summary>
    public string NewCitation(CitationModel c) =>
        $"new global::PolicyRules.Rules.Citation({DocumentField(c.Document)}, {Names.Literal(c.Section)}, {Names.Literal(c.Quote)})";

    private string EmitEnum(EnumModel e)
    {
        var w = new CodeWriter();
        w.Doc(e.Label);
        w.Line($"[global::PolicyRules.Rules.RuleName({Names.Literal(e.Name)}{LabelArgument(e.Label)})]");
        w.Line(GeneratedCodeAttribute);
        w.Open($"public enum {TypeName(_enumTypes[e.Name])}");
        foreach (var m in e.Members)
        {
            w.Doc(m.Label);
            w.Line($"[global::PolicyRules.Rules.RuleName({Names.Literal(m.Name)}{LabelArgument(m.Label)})]");
            w.Line(_enumMembers[e.Name][m.Name] + ",");
        }
        w.Close();
        return Header() + w;
    }

    public static string LabelArgument(string? label) => label is null ? "" : $", Label = {Names.Literal(label)}";

    private string EmitRecord(RecordModel r)
    {
        var w = new CodeWriter();
        var name = TypeName(_recordTypes[r.Name]);
        w.Doc(r.Label);
        w.Line($"[global::PolicyRules.Rules.RuleName({Names.Literal(r.Name)}{LabelArgument(r.Label)})]");
        w.Line(GeneratedCodeAttribute);
        var fields = r.Fields.Select(f => new RecordField(_recordFields[r.Name][f.Name], f.Name, f.Label, f.Type)).ToList();
        EmitRecordBody(w, name, fields, "global::PolicyRules.Rules.IRuleRecord", required: true);
        w.Line();
        w.Line($"string global::PolicyRules.Rules.IRuleRecord.RecordName => {Names.Literal(r.Name)};");
        w.Line();
        w.Line($"internal static global::PolicyRules.Rules.RuleError? __Validate({name} value, string path)");
        w.Line("{");
        foreach (var f in fields)
            EmitValidation(w, $"value.{f.Property}", f.Type, $"path + {Names.Literal("." + f.RuleName)}", 1);
        w.Line("    return null;");
        w.Line("}");
        w.Close();
        return Header() + w;
    }

    internal sealed record RecordField(string Property, string RuleName, string? Label, RuleType Type);

    /// <summary>Properties, <c>GetFields</c>, and value equality (lists item by item) of a generated record.</summary>
    internal void EmitRecordBody(CodeWriter w, string name, IReadOnlyList<RecordField> fields, string @interface, bool required)
    {
        w.Open($"public sealed record {name} : {@interface}");
        foreach (var f in fields)
        {
            w.Doc(f.Label);
            w.Line($"[global::PolicyRules.Rules.RuleName({Names.Literal(f.RuleName)}{LabelArgument(f.Label)})]");
            w.Line($"public {(required && !f.Type.Optional ? "required " : "")}{Cs(f.Type)} {f.Property} {{ get; init; }}");
            w.Line();
        }
        w.Open("global::System.Collections.Generic.IEnumerable<global::System.Collections.Generic.KeyValuePair<string, object?>> global::PolicyRules.Rules.IRuleFields.GetFields()");
        foreach (var f in fields) w.Line($"yield return new({Names.Literal(f.RuleName)}, {f.Property});");
        if (fields.Count == 0) w.Line("yield break;");
        w.Close();
        w.Line();
        w.Line($"public bool Equals({name}? other) =>");
        w.Line("    other is not null" + (fields.Count == 0 ? ";" : ""));
        for (var i = 0; i < fields.Count; i++)
            w.Line($"    && global::PolicyRules.Rules.RuleOps.AreEqual({fields[i].Property}, other.{fields[i].Property}){(i == fields.Count - 1 ? ";" : "")}");
        w.Line();
        w.Open("public override int GetHashCode()");
        w.Line("var hash = new global::System.HashCode();");
        foreach (var f in fields)
            w.Line(f.Type.Kind == TypeKind.List ? $"hash.Add(global::PolicyRules.Rules.RuleOps.ListHash({f.Property}));" : $"hash.Add({f.Property});");
        w.Line("return hash.ToHashCode();");
        w.Close();
    }

    /// <summary>Statements returning an <c>invalid_input</c> error for a null where a value is required, or an undefined enum value.</summary>
    internal void EmitValidation(CodeWriter w, string access, RuleType type, string path, int depth)
    {
        var indent = new string(' ', depth * 4);
        var v = "v" + depth;
        if (type.Optional)
        {
            if (type.Kind is TypeKind.Enum or TypeKind.Record or TypeKind.List)
            {
                w.Line($"{indent}if ({access} is {{ }} {v})");
                w.Line($"{indent}{{");
                EmitValidation(w, v, type.AsRequired(), path, depth + 1);
                w.Line($"{indent}}}");
            }
            return;
        }
        switch (type.Kind)
        {
            case TypeKind.Enum:
                var members = string.Join(", ", Model.FindEnum(type.Name!)!.Members.Select(m => Names.Literal(m.Name)));
                w.Line($"{indent}if (!global::System.Enum.IsDefined({access})) return global::PolicyRules.Rules.RuleOps.NotAMember({path}, {access}, {Names.Literal(type.Name)}, new string[] {{ {members} }});");
                return;
            case TypeKind.String:
                w.Line($"{indent}if ({access} is null) return global::PolicyRules.Rules.RuleOps.Required({path}, {Names.Literal(Describe(type))});");
                return;
            case TypeKind.Record:
                w.Line($"{indent}if ({access} is null) return global::PolicyRules.Rules.RuleOps.Required({path}, {Names.Literal(Describe(type))});");
                w.Line($"{indent}if ({RecordType(type.Name!)}.__Validate({access}, {path}) is {{ }} e{depth}) return e{depth};");
                return;
            case TypeKind.List:
                w.Line($"{indent}if ({access} is null) return global::PolicyRules.Rules.RuleOps.Required({path}, {Names.Literal(Describe(type))});");
                if (!NeedsValidation(type.Element!)) return;
                var i = "i" + depth;
                w.Line($"{indent}for (var {i} = 0; {i} < {access}.Count; {i}++)");
                w.Line($"{indent}{{");
                EmitValidation(w, $"{access}[{i}]", type.Element!, $"{path} + \"[\" + {i}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\"", depth + 1);
                w.Line($"{indent}}}");
                return;
        }
    }

    private static bool NeedsValidation(RuleType t) => t.Kind is TypeKind.Enum or TypeKind.Record or TypeKind.List || t.Kind == TypeKind.String && !t.Optional;
}
