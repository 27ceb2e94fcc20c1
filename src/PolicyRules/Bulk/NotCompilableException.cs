using PolicyRules.Language.Messages;

namespace PolicyRules.Bulk;

/// <summary>A construct the bulk compiler does not handle; <see cref="Reason"/> says which, in the catalogue's words, so
/// <c>run</c> and <c>diff</c> report it in the run's language (<see cref="CompiledModule.NotCompiledReason"/>).</summary>
internal sealed class NotCompilableException(Msg reason) : NotSupportedException(reason.Render(Lang.En))
{
    /// <summary>Why the module cannot be compiled.</summary>
    public Msg Reason { get; } = reason;
}
