namespace Kairos.IntegrationTests.Storage;

/// <summary>Every test class that needs PostgreSQL shares one server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
