using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// This host's membership of the cluster. Before the scheduler starts: reaches the database (retrying with backoff),
/// migrates the schema, checks the clock against the database's and registers the node. While running: heartbeats
/// with the job ids this host can run (at once when the catalog changes) and re-checks the clock. On stop: marks the
/// node stopped. Does nothing with the LiteDB store. (The node file that anchors this host's control endpoint is held
/// by Operations, around this service.)
/// </summary>
internal sealed partial class ClusterMembershipService(
    IServiceProvider services,
    IRunnableJobs runnable,
    TimeProvider time,
    IOptions<KairosOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    ILogger<ClusterMembershipService> logger) : IHostedLifecycleService, IDisposable
{
    private readonly ClusterOptions _cluster = clusterOptions.Value;
    private readonly CancellationTokenSource _stopping = new();
    private PostgresStore? _store;
    private Task _loop = Task.CompletedTask;
    private string _hostVersion = "0";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.UsesPostgres)
        {
            return;
        }
        _store = (PostgresStore)services.GetService(typeof(PostgresStore))!;
        _hostVersion = typeof(ClusterMembershipService).Assembly.GetName().Version?.ToString() ?? "0";
        await OpenWithRetryAsync(_store, cancellationToken).ConfigureAwait(false);
        var skew = MeasureSkew(_store);
        if (Math.Abs(skew.TotalMilliseconds) > _cluster.MaxClockSkew.TotalMilliseconds)
        {
            throw new StoreOpenException(
                $"this host's clock differs from the database's by {skew.TotalSeconds:0.000} s, more than Kairos:Cluster:MaxClockSkew "
                + $"({_cluster.MaxClockSkew.TotalSeconds:0.###} s): synchronise the clock (NTP) or raise the setting");
        }
        await RegisterWithRetryAsync(_store, skew, cancellationToken).ConfigureAwait(false);
        LogJoined(logger, _store.NodeId, _store.Describe, PostgresSchema.CurrentVersion);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            _loop = Task.Run(() => HeartbeatLoopAsync(_store, _stopping.Token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the scheduler stopped (services stop in reverse order): its runs are recorded, so the node can leave.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            _store.StopNode();
            LogLeft(logger, _store.NodeId);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            LogLeaveFailed(logger, e, _store.NodeId, _cluster.NodeTimeout);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task HeartbeatLoopAsync(PostgresStore store, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var wake = runnable.NextChange();
            try
            {
                var skew = MeasureSkew(store);
                var trusted = Math.Abs(skew.TotalMilliseconds) <= _cluster.MaxClockSkew.TotalMilliseconds;
                if (trusted != store.ClockTrusted)
                {
                    store.ClockTrusted = trusted;
                    if (trusted)
                    {
                        LogClockBack(logger, skew.TotalMilliseconds);
                    }
                }
                if (!trusted)
                {
                    LogClockSkewed(logger, skew.TotalMilliseconds, _cluster.MaxClockSkew.TotalMilliseconds);
                }
                if (!store.Heartbeat(Runnable(), skew.TotalMilliseconds))
                {
                    LogRowLost(logger, store.NodeId);
                    if (store.TryRegisterNode(_hostVersion, Runnable()) is { } holder)
                    {
                        LogNodeIdTaken(logger, store.NodeId, holder.HostName, holder.ProcessId);
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogHeartbeatFailed(logger, e, _cluster.NodeTimeout);
            }
            try
            {
                await Task.WhenAny(wake, Task.Delay(_cluster.HeartbeatInterval, time, stop)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task OpenWithRetryAsync(PostgresStore store, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                store.Open();
                return;
            }
            catch (Exception e) when (IsTransient(e))
            {
                var waited = time.GetUtcNow() - started;
                if (waited + delay > _cluster.StartupTimeout)
                {
                    throw new StoreOpenException(
                        $"{store.Describe} is unreachable: {attempt} attempt(s) over {waited.TotalSeconds:0} s failed, the last with: {e.Message} "
                        + $"(check Kairos:ConnectionString and that the server runs; Kairos:Cluster:StartupTimeout is {_cluster.StartupTimeout})", e);
                }
                LogUnreachable(logger, store.Describe, attempt, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
            catch (PostgresException e)
            {
                throw new StoreOpenException($"{store.Describe} refused this host: {e.MessageText} (SQL state {e.SqlState})", e);
            }
        }
    }

    /// <summary>A node id still held by a live process (a restart with a fixed id before the old heartbeat went stale) is waited for.</summary>
    private async Task RegisterWithRetryAsync(PostgresStore store, TimeSpan skew, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        while (store.TryRegisterNode(_hostVersion, Runnable()) is { } holder)
        {
            if (time.GetUtcNow() - started > _cluster.NodeTimeout + _cluster.HeartbeatInterval)
            {
                throw new StoreOpenException(
                    $"node id '{store.NodeId}' is in use by a live host ({holder.HostName}, process {holder.ProcessId}, last heartbeat {holder.LastSeenUtc:O}): "
                    + "give each host its own Kairos:NodeId");
            }
            LogWaitingForNodeId(logger, store.NodeId, holder.HostName, holder.ProcessId);
            await Task.Delay(_cluster.HeartbeatInterval, time, cancellationToken).ConfigureAwait(false);
        }
        store.Heartbeat(Runnable(), skew.TotalMilliseconds);
    }

    /// <summary>Database clock minus this host's clock, read at the midpoint of the round trip.</summary>
    private TimeSpan MeasureSkew(PostgresStore store)
    {
        var before = time.GetUtcNow();
        var database = store.DatabaseNow();
        var after = time.GetUtcNow();
        return database - (before + (after - before) / 2);
    }

    private string[] Runnable() => [.. runnable.Current.Order(StringComparer.Ordinal)];

    private static bool IsTransient(Exception e) =>
        e is NpgsqlException { IsTransient: true } or TimeoutException or System.Net.Sockets.SocketException
        || (e is PostgresException p && p.SqlState is "57P03" or "53300");

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Node {Node} joined the cluster on {Store} (schema version {Schema})")]
    private static partial void LogJoined(ILogger logger, string node, string store, int schema);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "{Store} is unreachable (attempt {Attempt}: {Error}); retrying in {Delay} s")]
    private static partial void LogUnreachable(ILogger logger, string store, int attempt, string error, double delay);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Heartbeat failed; other hosts declare this one dead after {Timeout} without heartbeat or lease renewal")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception error, TimeSpan timeout);

    [LoggerMessage(EventId = 803, Level = LogLevel.Error, Message = "This host's clock is {SkewMs:0} ms off the database's (allowed {MaxMs:0} ms): it claims no fire until the clock is fixed; running jobs go on")]
    private static partial void LogClockSkewed(ILogger logger, double skewMs, double maxMs);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "This host's clock is back within the allowed skew ({SkewMs:0} ms); claiming resumes")]
    private static partial void LogClockBack(ILogger logger, double skewMs);

    [LoggerMessage(EventId = 805, Level = LogLevel.Warning, Message = "Node {Node}'s row was no longer this process's (forgotten after a long outage); registering again")]
    private static partial void LogRowLost(ILogger logger, string node);

    [LoggerMessage(EventId = 806, Level = LogLevel.Critical, Message = "Node id {Node} is now held by another live host ({HostName}, process {ProcessId}): give each host its own Kairos:NodeId")]
    private static partial void LogNodeIdTaken(ILogger logger, string node, string hostName, int processId);

    [LoggerMessage(EventId = 807, Level = LogLevel.Warning, Message = "Node id {Node} is still held by {HostName} process {ProcessId}; waiting for its heartbeat to go stale")]
    private static partial void LogWaitingForNodeId(ILogger logger, string node, string hostName, int processId);

    [LoggerMessage(EventId = 808, Level = LogLevel.Information, Message = "Node {Node} left the cluster")]
    private static partial void LogLeft(ILogger logger, string node);

    [LoggerMessage(EventId = 809, Level = LogLevel.Warning, Message = "Node {Node} could not record that it stopped; other hosts declare it dead after {Timeout}")]
    private static partial void LogLeaveFailed(ILogger logger, Exception error, string node, TimeSpan timeout);
}
