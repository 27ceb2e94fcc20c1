namespace PolicyRules.Rules;

/// <summary>
/// Names the provision a rule comes from: a document of the package's registry, by its official number
/// (<c>"邯政办字〔2017〕107号"</c>) or its alias (<c>"hz107"</c>), and optionally a section path as the
/// registry lists it (<c>"二"</c>, <c>"一.三级地段.第1段"</c>). Without a section the whole document is cited.
/// </summary>
/// <remarks>
/// The PolicyRules analyzer checks every class that implements <see cref="IRule"/> or is marked
/// <see cref="RuleAttribute"/>: it must carry at least one <c>[Cites]</c> (PR0401), naming a document
/// the registry has (PR0103), a section that document has (PR0104), and no repealed document (PR0105).
/// Generated rule modules carry one <c>[Cites]</c> per provision their definitions cite.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field,
    AllowMultiple = true, Inherited = false)]
public sealed class CitesAttribute : Attribute
{
    /// <param name="document">The document's official number or its registry alias.</param>
    /// <param name="section">A section path the registry lists for it, without '§'; null for the whole document.</param>
    public CitesAttribute(string document, string? section = null)
    {
        Document = document;
        Section = section;
    }

    /// <summary>The document's official number or registry alias.</summary>
    public string Document { get; }

    /// <summary>The section path (without '§'), or null for the whole document.</summary>
    public string? Section { get; }

    /// <summary>The citation as messages write it: <c>邯政办字〔2017〕107号 §二</c>.</summary>
    public override string ToString() => Section is null ? Document : $"{Document} §{Section}";
}

/// <summary>
/// Marks a class as a rule written by hand in C#. Like a class implementing <see cref="IRule"/>, it must
/// cite its provisions with <see cref="CitesAttribute"/>; the analyzer refuses it otherwise (PR0401).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class RuleAttribute : Attribute
{
    /// <summary>Marks a rule named after its method or class.</summary>
    public RuleAttribute() { }

    /// <param name="name">The rule's name as the rule language would write it (<c>land_use_tax</c>).</param>
    public RuleAttribute(string name) { Name = name; }

    /// <summary>The rule's name, if given.</summary>
    public string? Name { get; }

    /// <summary>A label in the gazette's words (<c>城镇土地使用税</c>).</summary>
    public string? Label { get; set; }
}

/// <summary>
/// The rule-language name of a generated type, enum member, input, output or record field
/// (<c>area_m2</c> for <c>AreaM2</c>), with its label. Explanations and error messages use it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Field | AttributeTargets.Property,
    AllowMultiple = false, Inherited = false)]
public sealed class RuleNameAttribute : Attribute
{
    /// <summary>Names the generated member <paramref name="name"/> in the rule language.</summary>
    public RuleNameAttribute(string name) { Name = name; }

    /// <summary>The rule-language name (<c>area_m2</c>).</summary>
    public string Name { get; }

    /// <summary>The Chinese label, if declared.</summary>
    public string? Label { get; set; }
}
