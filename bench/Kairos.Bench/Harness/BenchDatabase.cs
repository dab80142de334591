namespace Kairos.Bench.Harness;

/// <summary>One repetition's database on the bench's PostgreSQL server; disposing drops it.</summary>
internal sealed class BenchDatabase(string connectionString, BenchPostgres server) : IDisposable
{
    public string ConnectionString { get; } = connectionString;

    public void Dispose() => server.Drop(ConnectionString);
}
