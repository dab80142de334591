using System.Data;
using System.Diagnostics;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// The cluster store: several hosts share one PostgreSQL database. Every operation that changes more than one row is
/// one short transaction; claims lock due triggers with <c>FOR UPDATE SKIP LOCKED</c>, starts serialise on an advisory
/// lock per concurrency key, and outcomes are written only with the fence of the start that owns the run.
/// Instants are the callers' (each host's clock, checked against the database's by <see cref="ClusterMembershipService"/>);
/// node liveness is judged by the database's clock only.
/// </summary>
internal sealed partial class PostgresStore : ICatalogStore, IClaimStore, IRunRecorder, ILeaseStore, IRunHistory, IAuditLog, IBackfillStore, IRunOnceLedger, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeSpan _nodeTimeout;
    private long _lastConnectionFailure;

    public PostgresStore(string connectionString, string nodeId, TimeSpan nodeTimeout)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StoreOpenException($"Kairos:ConnectionString is not a valid PostgreSQL connection string: {e.Message}", e);
        }
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "kairos";
        }
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
        }
        // The store leaves no session state behind (the migration lock is released), so pooled connections need no reset.
        settings.NoResetOnClose = true;
        Describe = DescribeSettings(settings);
        _dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString).Build();
        NodeId = nodeId;
        _nodeTimeout = nodeTimeout;
        Incarnation = Guid.NewGuid().ToString("N");
    }

    /// <summary>Where the store is, for messages (never the password).</summary>
    public string Describe { get; }

    /// <summary>Where a connection string points, for messages and <c>kairos info</c>: database, host and port, never the password.</summary>
    public static string DescribeConnection(string? connectionString)
    {
        try
        {
            return DescribeSettings(new NpgsqlConnectionStringBuilder(connectionString ?? ""));
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (the connection string is not valid)";
        }
    }

    private static string DescribeSettings(NpgsqlConnectionStringBuilder settings) =>
        $"PostgreSQL database '{settings.Database ?? settings.Username ?? "?"}' on {settings.Host}:{settings.Port}";

    /// <summary>This host's node id.</summary>
    public string NodeId { get; }

    /// <summary>This process's identity under <see cref="NodeId"/>: a restarted host is a new incarnation of its node.</summary>
    public string Incarnation { get; }


    /// <summary>False while this host's clock is too far from the database's: it then claims no fire.</summary>
    public bool ClockTrusted { get; set; } = true;

    /// <summary>Connects once and creates or migrates the schema. Throws <see cref="NpgsqlException"/> when unreachable.</summary>
    public void Open()
    {
        using var connection = _dataSource.OpenConnection();
        PostgresSchema.Migrate(connection, Describe, typeof(PostgresStore).Assembly.GetName().Version?.ToString() ?? "0");
    }

    /// <summary>
    /// Connects once and checks that the schema is the one this version writes, changing nothing (the CLI reads a
    /// cluster's database this way). Throws <see cref="StoreOpenException"/> when unreachable or of another version.
    /// </summary>
    public void OpenExisting()
    {
        try
        {
            using var connection = _dataSource.OpenConnection();
            PostgresSchema.Check(connection, Describe);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new StoreOpenException($"{Describe} is unreachable: {e.Message}", e);
        }
    }

    public void Dispose() => _dataSource.Dispose();

    /// <summary>
    /// False for a node timeout after this host last lost its connection: the other hosts may have lost theirs too
    /// (a database restart) and need that long to heartbeat again, so none of them is judged dead meanwhile.
    /// </summary>
    private bool MayJudgeOthers
    {
        get
        {
            var failed = Interlocked.Read(ref _lastConnectionFailure);
            return failed == 0 || Stopwatch.GetElapsedTime(failed) >= _nodeTimeout;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one read-committed transaction and commits it.</summary>
    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work, bool retry = true) => Read(c =>
    {
        using var transaction = c.BeginTransaction(IsolationLevel.ReadCommitted);
        var result = work(c, transaction);
        transaction.Commit();
        return result;
    }, retry);

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. When the connection turns out broken (the server restarted,
    /// the network dropped), the pool is cleared and the work runs once more on a fresh connection: a pooled connection
    /// is not checked before use. Every operation is one transaction, so a failed attempt left nothing behind, except
    /// when the failure hit the commit itself; the operations are written so that a repeat is then harmless.
    /// </summary>
    private T Read<T>(Func<NpgsqlConnection, T> work, bool retry = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _dataSource.OpenConnection();
                return work(connection);
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                Interlocked.Exchange(ref _lastConnectionFailure, Stopwatch.GetTimestamp());
                _dataSource.Clear();
                if (!retry || attempt >= 2)
                {
                    throw;
                }
            }
        }
    }

    private static bool IsConnectionFailure(Exception e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException n => n.InnerException is IOException or System.Net.Sockets.SocketException or EndOfStreamException,
        _ => false,
    };

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);
}
