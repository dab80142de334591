using System.Globalization;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

/// <summary>Leases and cancellation: renewal, expiry with the recovery decision, release at shutdown, requests to stop a run.</summary>
internal sealed partial class PostgresStore
{
    /// <summary>
    /// A run whose lease expired is taken from its host when the host is dead (no heartbeat nor lease renewal within
    /// the node timeout, by the database's clock), or, for a live host, once the lease is over by more than the node
    /// timeout too: the host has stopped renewing that run (say its outcome could not be written). A slow host that
    /// still renews its leases keeps its runs. A host never judges itself dead, and judges no one dead for a node
    /// timeout after it lost its own connection (<see cref="MayJudgeOthers"/>).
    /// </summary>
    private const string LeaseLost = """
        (r.lease_expires_utc IS NULL OR r.lease_expires_utc < @now)
        AND (r.lease_expires_utc IS NULL OR r.lease_expires_utc < @now - @timeout
             OR (@judge AND r.incarnation IS DISTINCT FROM @me
                 AND NOT EXISTS (SELECT 1 FROM kairos_nodes n WHERE n.node_id = r.node AND n.incarnation = r.incarnation
                                 AND n.stopped_utc IS NULL AND n.last_seen_utc >= now() - @timeout)))
        """;

    public IReadOnlyList<RunRecord> GetRunning(string concurrencyKey) => Read(c =>
    {
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs WHERE concurrency_key = @key AND status = {StatusSql.Running}", c);
        command.Parameters.Text("key", concurrencyKey);
        return ReadAll(command, ReadRun);
    });

    public IReadOnlyList<RunRecord> RequestCancellation(string concurrencyKey, string node, DateTimeOffset now) => Read(c =>
    {
        using var command = Command($"""
            UPDATE kairos_runs SET cancel_requested_utc = @now
            WHERE concurrency_key = @key AND status = {StatusSql.Running} AND node IS DISTINCT FROM @node AND cancel_requested_utc IS NULL
            RETURNING {RunColumns}
            """, c);
        command.Parameters.Instant("now", now).Text("key", concurrencyKey).Text("node", node);
        return ReadAll(command, ReadRun);
    });

    public RunRecord? RequestRunCancellation(string runId, string by, DateTimeOffset now) => Read(c =>
    {
        // A request already made is kept (its asker too); the row is returned as stored either way while it runs.
        using var command = Command($"""
            UPDATE kairos_runs SET cancel_requested_utc = coalesce(cancel_requested_utc, @now),
                cancel_requested_by = CASE WHEN cancel_requested_utc IS NULL THEN @by ELSE cancel_requested_by END
            WHERE id = @id AND status = {StatusSql.Running}
            RETURNING {RunColumns}
            """, c);
        command.Parameters.Instant("now", now).Text("by", by).Text("id", runId);
        return ReadAll(command, ReadRun).FirstOrDefault();
    });

    public IReadOnlyList<CancellationRequest> GetCancellationRequests(string node, IReadOnlyCollection<string> runIds) => runIds.Count == 0 ? [] : Read(c =>
    {
        using var command = Command($"""
            SELECT id, cancel_requested_by FROM kairos_runs
            WHERE id = ANY(@ids) AND node = @node AND status = {StatusSql.Running} AND cancel_requested_utc IS NOT NULL
            """, c);
        command.Parameters.Texts("ids", runIds).Text("node", node);
        return ReadAll(command, r => new CancellationRequest(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
    });

    public void RenewLeases(string node, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil) => InTransaction((c, tx) =>
    {
        using (var renew = Command($"UPDATE kairos_runs SET lease_expires_utc = @lease WHERE id = ANY(@ids) AND node = @node AND status IN {StatusSql.Open}", c, tx))
        {
            renew.Parameters.Instant("lease", leaseUntil).Texts("ids", runIds).Text("node", node);
            renew.ExecuteNonQuery();
        }
        // A host that still renews its leases is alive, however late its heartbeat (a slow host is not a dead one).
        using var seen = Command("UPDATE kairos_nodes SET last_seen_utc = now() WHERE node_id = @node AND incarnation = @incarnation AND stopped_utc IS NULL", c, tx);
        seen.Parameters.Text("node", node).Text("incarnation", Incarnation);
        return seen.ExecuteNonQuery();
    });

    public IReadOnlyList<RunRecord> ExpireLeases(DateTimeOffset now, Func<RunRecord, RecoveryDecision>? recover = null) => InTransaction((c, tx) =>
    {
        now = StoreInstants.Microseconds(now);
        List<(RunRecord Run, DateTimeOffset? LastSeen)> expired;
        using (var select = Command($"""
            SELECT {string.Join(", ", RunColumns.Split(", ").Select(col => "r." + col))},
                (SELECT n.last_seen_utc FROM kairos_nodes n WHERE n.node_id = r.node AND n.incarnation = r.incarnation)
            FROM kairos_runs r
            WHERE r.status = {StatusSql.Running} AND {LeaseLost}
            FOR UPDATE OF r SKIP LOCKED
            """, c, tx))
        {
            select.Parameters.Instant("now", now).Interval("timeout", _nodeTimeout).Bool("judge", MayJudgeOthers).Text("me", Incarnation);
            expired = ReadAll(select, r => (ReadRun(r), r.IsDBNull(RunColumnCount)
                ? (DateTimeOffset?)null
                : new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(RunColumnCount), DateTimeKind.Utc))));
        }
        var interrupted = new List<RunRecord>();
        if (expired.Count > 0)
        {
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var (expiredRun, lastSeen) in expired)
            {
                var heartbeat = lastSeen is { } seen
                    ? string.Create(CultureInfo.InvariantCulture, $"its last heartbeat was at {seen:O}")
                    : "it is not a live member of the cluster";
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"node '{expiredRun.Node}' stopped renewing the run's lease (it was killed or lost; {heartbeat}); lease expired at {expiredRun.LeaseExpiresUtc:O}");
                var (run, decision) = RecoveryDecision.ForDeath(expiredRun.Interrupted(now, message) with { LeaseExpiresUtc = null }, recover);
                var update = new NpgsqlBatchCommand(
                    $"UPDATE kairos_runs SET status = {StatusSql.Interrupted}, ended_utc = @now, error_message = @message, lease_expires_utc = NULL, host_deaths = @deaths WHERE id = @id");
                update.Parameters.Text("id", run.Id).Instant("now", now).Text("message", run.ErrorMessage).Int("deaths", run.HostDeaths);
                batch.BatchCommands.Add(update);
                if (decision.Rerun is { } rerun)
                {
                    AddUpsert(batch, rerun, rerun.Node is null ? null : Incarnation);
                }
                interrupted.Add(run);
            }
            batch.ExecuteNonQuery();
        }
        using var release = Command($"""
            UPDATE kairos_runs SET node = NULL, incarnation = NULL, lease_expires_utc = NULL, host_deaths = host_deaths + 1
            WHERE id IN (SELECT r.id FROM kairos_runs r
                         WHERE r.status = {StatusSql.Pending} AND r.node IS NOT NULL AND {LeaseLost}
                         FOR UPDATE OF r SKIP LOCKED)
            """, c, tx);
        release.Parameters.Instant("now", now).Interval("timeout", _nodeTimeout).Bool("judge", MayJudgeOthers).Text("me", Incarnation);
        release.ExecuteNonQuery();
        return (IReadOnlyList<RunRecord>)interrupted;
    }, retry: false);

    public int ReleasePending(string node) => InTransaction((c, tx) =>
    {
        using var release = Command(
            $"UPDATE kairos_runs SET node = NULL, incarnation = NULL, lease_expires_utc = NULL WHERE status = {StatusSql.Pending} AND node = @node", c, tx);
        release.Parameters.Text("node", node);
        return release.ExecuteNonQuery();
    });
}
