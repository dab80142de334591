using Kairos.IntegrationTests.Storage;
using Npgsql;

namespace Kairos.Bench.Harness;

/// <summary>
/// One private PostgreSQL server for the whole bench run (the integration tests' <see cref="PostgresServer"/>: initdb
/// in a temp folder, a free loopback port, started on first use), shared by Kairos and Quartz with the same settings;
/// each repetition gets a database of its own, dropped afterwards.
/// </summary>
internal sealed class BenchPostgres : IDisposable
{
    private readonly Lock _gate = new();
    private PostgresServer? _server;

    /// <summary>The server settings both schedulers run against (durability off: see <see cref="PostgresServer.Tuning"/>).</summary>
    public static string Settings => PostgresServer.Tuning.Replace("-c ", "", StringComparison.Ordinal);

    /// <summary>A new, empty database (the server starts on first use, about a second); dropped when the result is disposed.</summary>
    public BenchDatabase CreateDatabase(string prefix)
    {
        lock (_gate)
        {
            _server ??= new PostgresServer();
            return new BenchDatabase(_server.CreateDatabase(prefix), this);
        }
    }

    /// <summary>Closes the pooled connections to a repetition's database and drops it, so the disk and the connection limit stay small.</summary>
    internal void Drop(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (_server is null || name is null)
        {
            return;
        }
        using var connection = new NpgsqlConnection(_server.AdminConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    public void Dispose() => _server?.Dispose();
}
