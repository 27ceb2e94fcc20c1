using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Every module that compiles to SQL, over random rows with the extremes mixed in, on embedded DuckDB and on a real
/// PostgreSQL server: every row's error code, and every output of a row without error, equal the interpreter's. The rows
/// come from the generator every back end's tests share.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DifferentialTests(PostgresCluster postgres)
{
    public static TheoryData<string> Modules => TestPackage.SqlModules();

    private static List<Dictionary<string, object?>> Generate(string name) => GeneratedRows.For(TestPackage.Module(name), randomRows: 100);

    [Fact]
    public void The_rows_include_the_shared_extremes_the_SQL_decimal_holds()
    {
        var rows = Generate("land_use_tax_parcel");   // grade: int requires 1..5, area_m2: decimal requires >= 0
        Assert.Superset(new HashSet<object?> { int.MinValue, int.MaxValue, 0, 1, 5, 6 }, rows.Select(r => r["grade"]).ToHashSet());
        Assert.Superset(new HashSet<object?> { -0.01m, 0m, 0.01m }, rows.Select(r => r["area_m2"]).ToHashSet());
        Assert.Superset(new HashSet<object?> { DateOnly.MinValue, DateOnly.MaxValue }, rows.Select(r => r["at"]).ToHashSet());
        // decimal.MaxValue and 28-decimal values become the largest and finest values the SQL tests use.
        Assert.Superset(new HashSet<object?> { 999999999999999999m, -999999999999999999m, 0.0000000001m },
            rows.Select(r => r["area_m2"]).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void DuckDb_agrees_with_the_interpreter(string name)
    {
        var module = TestPackage.Module(name);
        var rows = Generate(name);
        var differences = Reference.Differences(module, rows, Engines.DuckDb(module, rows));
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Postgres_agrees_with_the_interpreter(string name)
    {
        var module = TestPackage.Module(name);
        var rows = Generate(name);
        var differences = Reference.Differences(module, rows, Engines.Postgres(postgres, module, rows));
        Assert.True(differences.Count == 0, $"{differences.Count} differences:\n" + string.Join("\n", differences.Take(10)));
    }
}
