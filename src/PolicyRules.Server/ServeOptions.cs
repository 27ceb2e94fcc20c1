namespace PolicyRules.Server;

/// <summary>What <c>policyrules serve</c> is given. The limits bound what one request can cost.</summary>
internal sealed record ServeOptions(string RulesDirectory)
{
    /// <summary>Loopback by default: another machine reaches the service only when a host is given on purpose.</summary>
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 picks a free port (tests and the load test); the address is printed on start.</summary>
    public int Port { get; init; } = 5000;
    /// <summary>Reload the package when its files change; a broken package keeps the last good one serving.</summary>
    public bool Watch { get; init; }
    /// <summary>A reform file applied to the package (<c>--reform</c>), on every load; null for the package as it is.</summary>
    public string? Reform { get; init; }
    /// <summary>The language of error messages when a request does not choose one (<c>?lang=</c>, then Accept-Language): <c>--lang</c>, else the locale's.</summary>
    public PolicyRules.Language.Messages.Lang Language { get; init; }
    /// <summary>The largest body of an evaluate request.</summary>
    public long MaxBodyBytes { get; init; } = 1024 * 1024;
    /// <summary>The largest body of a batch request.</summary>
    public long MaxBatchBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>The most questions in one batch.</summary>
    public int MaxBatchLines { get; init; } = 10_000;
    /// <summary>How long one evaluation may take before the request is answered 503 <c>timeout</c>.</summary>
    public TimeSpan EvaluationTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long <c>--watch</c> waits after the last file change before it reloads (editors write in bursts).</summary>
    public TimeSpan WatchDelay { get; init; } = TimeSpan.FromMilliseconds(300);
}
