namespace PolicyRules.Sql;

/// <summary>
/// The module uses something the SQL back end cannot express exactly (a list input, a division, a datetime …).
/// The module is refused whole: never emitted half-right.
/// </summary>
public sealed class SqlRefusedException(string module, string reason, string? location = null)
    : Exception($"module '{module}' cannot be written as SQL: {reason}{(location is null ? "" : $" (at {location})")}")
{
    /// <summary>The module that was refused.</summary>
    public string Module { get; } = module;
    /// <summary>What in it SQL cannot express.</summary>
    public string Reason { get; } = reason;
}
