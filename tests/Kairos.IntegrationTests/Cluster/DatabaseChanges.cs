using Npgsql;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>
/// Raises a <see cref="ChangeSignal"/> each time a host commits a change to the cluster's tables: row triggers the test
/// installs in its own database send a PostgreSQL <c>NOTIFY</c> (delivered at commit, one per transaction), and a
/// dedicated connection <c>LISTEN</c>s. A database restart drops that connection; <see cref="EnsureListening"/> opens
/// it again once the server is back.
/// </summary>
internal sealed class DatabaseChanges : IDisposable
{
    private const string Channel = "kairos_test_changed";
    private static readonly string[] Tables = ["kairos_jobs", "kairos_triggers", "kairos_runs", "kairos_nodes"];

    private readonly string _connectionString;
    private readonly ChangeSignal _signal;
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlConnection? _connection;
    private Task _listening = Task.CompletedTask;

    public DatabaseChanges(string connectionString, ChangeSignal signal)
    {
        // Its own unpooled connection: a pooled one would be reset (UNLISTEN) when returned.
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 }.ConnectionString;
        _signal = signal;
        Install();
        if (!EnsureListening())
        {
            throw new InvalidOperationException($"cannot LISTEN on {connectionString}");
        }
    }

    /// <summary>Listens again when the connection was lost; false while the database cannot be reached.</summary>
    public bool EnsureListening()
    {
        if (!_listening.IsCompleted)
        {
            return true;
        }
        _connection?.Dispose();
        _connection = null;
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            connection.Notification += (_, _) => _signal.Raise();
            using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
            {
                listen.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            connection.Dispose();
            return false;
        }
        _connection = connection;
        _listening = Task.Run(() => ListenAsync(connection, _stop.Token));
        // A change may have been committed while nobody listened.
        _signal.Raise();
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listening.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation.
        }
        _connection?.Dispose();
        _stop.Dispose();
    }

    private async Task ListenAsync(NpgsqlConnection connection, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await connection.WaitAsync(stop);
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Stopped, or the server went away: waiters re-check and the next wait listens again.
        }
        finally
        {
            _signal.Raise();
        }
    }

    private void Install()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        var sql = $"""
            CREATE OR REPLACE FUNCTION kairos_test_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('{Channel}', '');
                RETURN NULL;
            END $$;
            """
            + string.Concat(Tables.Select(t =>
                $"CREATE OR REPLACE TRIGGER {t}_test_notify AFTER INSERT OR UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION kairos_test_notify();\n"));
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
