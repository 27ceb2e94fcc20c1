namespace PolicyRules.Benchmarks;

/// <summary>Deterministic pseudo-random data (System.Random with a seed is a fixed algorithm).</summary>
public sealed class Seeded(int seed)
{
    private readonly Random _random = new(seed);
    public int Int(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);
    public bool Chance(double p) => _random.NextDouble() < p;
    /// <summary>A decimal with <paramref name="places"/> decimal places between min and max.</summary>
    public decimal Decimal(decimal min, decimal max, int places)
    {
        var scale = (long)Math.Pow(10, places);
        var units = _random.NextInt64((long)(min * scale), (long)(max * scale) + 1);
        return new decimal(units) / scale;
    }
    public DateOnly Date(DateOnly from, DateOnly to) => DateOnly.FromDayNumber(_random.Next(from.DayNumber, to.DayNumber + 1));
}
