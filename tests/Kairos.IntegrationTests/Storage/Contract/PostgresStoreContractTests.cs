using Kairos.Host.Storage.Postgres;
using Npgsql;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract against a real PostgreSQL server: each "node" is its own store instance with its own connection
/// pool, as separate hosts would be. The tables are emptied before each test.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class PostgresStoreContractTests : StoreContractTests
{
    private readonly List<PostgresStore> _stores = [];
    private readonly string _connectionString;
    private readonly StoreUnderTest _view;

    public PostgresStoreContractTests(PostgresServer server)
    {
        _connectionString = server.SharedDatabase("contract");
        var first = Open("node-0");
        using (var connection = new NpgsqlConnection(_connectionString))
        {
            connection.Open();
            using var truncate = new NpgsqlCommand("TRUNCATE kairos_jobs, kairos_triggers, kairos_runs, kairos_nodes, kairos_audit", connection);
            truncate.ExecuteNonQuery();
        }
        _view = StoreUnderTest.Of(first);
    }

    internal override StoreUnderTest Store => _view;

    internal override StoreUnderTest OtherNode(int index)
    {
        lock (_stores)
        {
            while (_stores.Count <= index)
            {
                Open($"node-{_stores.Count}");
            }
            var store = _stores[index];
            return StoreUnderTest.Of(store);
        }
    }

    public override void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
    }

    private PostgresStore Open(string node)
    {
        var store = new PostgresStore(_connectionString, node, TimeSpan.FromSeconds(30));
        store.Open();
        _stores.Add(store);
        return store;
    }
}
