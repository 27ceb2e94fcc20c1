namespace PolicyRules.Sql.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL cluster shared by every test class that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
