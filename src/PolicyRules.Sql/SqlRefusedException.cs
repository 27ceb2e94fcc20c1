using PolicyRules.Language.Messages;

namespace PolicyRules.Sql;

/// <summary>
/// The module uses something the SQL back end cannot express exactly (a list input, a division, a datetime …).
/// The module is refused whole: never emitted half-right.
/// </summary>
public sealed class SqlRefusedException : Exception
{
    /// <summary>A refusal whose reason is given as text, shown as it is in every language.</summary>
    public SqlRefusedException(string module, string reason, string? location) : this(module, (object)reason, location) { }

    /// <summary>A refusal whose reason is a catalogue message, shown in the language asked (<see cref="Text"/>).</summary>
    public SqlRefusedException(string module, Msg reason, string? location) : this(module, (object)reason, location) { }

    private SqlRefusedException(string module, object reason, string? location)
        : this(module, reason, location is null
            ? Msg.Of("sql.refused", ("module", module), ("reason", reason))
            : Msg.Of("sql.refused_at", ("module", module), ("reason", reason), ("at", location)))
    {
    }

    private SqlRefusedException(string module, object reason, Msg text) : base(text.Render(Lang.En))
    {
        Module = module;
        Reason = reason is Msg m ? m.Render(Lang.En) : (string)reason;
        Text = text;
    }

    /// <summary>The module that was refused.</summary>
    public string Module { get; }
    /// <summary>What in it SQL cannot express, in English.</summary>
    public string Reason { get; }
    /// <summary>The whole refusal (<c>module 'm' cannot be written as SQL: … (at …)</c>) as a catalogue message; <see cref="Exception.Message"/> is its English.</summary>
    public Msg Text { get; }
}
