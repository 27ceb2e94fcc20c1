using System.Runtime.CompilerServices;

namespace PolicyRules.Analyzers.Tests.Infrastructure;

/// <summary>
/// In CI (CI=true, as .ci/run and the build machine set it) a snapshot test whose snapshot is missing fails
/// instead of writing one and passing: Snapshooter's strict mode. A new or changed snapshot is written on a
/// developer's machine and reviewed in the diff.
/// </summary>
internal static class StrictSnapshots
{
    [ModuleInitializer]
    internal static void InCi()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Environment.SetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE", "true");
    }
}
