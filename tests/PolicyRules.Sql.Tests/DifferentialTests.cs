using PolicyRules.Sql.Tests.Infrastructure;

namespace PolicyRules.Sql.Tests;

/// <summary>
/// Every module that compiles to SQL, over random rows with the extremes mixed in, on embedded DuckDB and on a real
/// PostgreSQL server: every row's error code, and every output of a row without error, equal the interpreter's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DifferentialTests(PostgresCluster postgres)
{
    private const int Rows = 160;

    public static TheoryData<string> Modules => TestPackage.SqlModules();

    private static List<Dictionary<string, object?>> Generate(string name)
    {
        var module = TestPackage.Module(name);
        var generator = new InputGenerator(module, TestPackage.Package.Model, seed: name.Aggregate(20171, (h, c) => h * 31 + c));
        return Enumerable.Range(0, Rows).Select(_ => generator.Row(TestPackage.Package.Model)).ToList();
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
