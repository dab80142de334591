using System.Globalization;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

internal sealed partial class PostgresStore
{
    private const string OpenStatuses = "('pending', 'running', 'waiting-for-handler')";

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

    /// <summary>A key for the advisory lock every start of a run with this concurrency key takes.</summary>
    private const long StartLockSpace = 0x4B41_4952;

    public IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max) =>
        InTransaction((c, tx) =>
        {
            List<RunRecord> ready;
            using (var select = Command($"""
                SELECT {RunColumns} FROM kairos_runs
                WHERE status = 'pending' AND not_before_utc <= @now AND (node IS NULL OR node = @node) AND job_id = ANY(@runnable)
                ORDER BY priority DESC, not_before_utc
                LIMIT @max
                FOR UPDATE SKIP LOCKED
                """, c, tx))
            {
                select.Parameters.Instant("now", now).Text("node", node).Texts("runnable", runnableJobIds).Int("max", max);
                ready = ReadAll(select, ReadRun);
            }
            var adopted = ready.Where(r => r.Node is null).ToList();
            if (adopted.Count > 0)
            {
                using var adopt = Command("UPDATE kairos_runs SET node = @node, incarnation = @incarnation, lease_expires_utc = @lease WHERE id = ANY(@ids)", c, tx);
                adopt.Parameters.Text("node", node).Text("incarnation", Incarnation).Instant("lease", leaseUntil).Texts("ids", adopted.Select(r => r.Id));
                adopt.ExecuteNonQuery();
                foreach (var run in adopted)
                {
                    run.Node = node;
                    run.LeaseExpiresUtc = Us(leaseUntil);
                }
            }
            return (IReadOnlyList<RunRecord>)ready;
        });

    public StartResult TryStart(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, out RunRecord? started)
    {
        var (result, run) = Read(c => TryStart(c, runId, node, version, now, leaseUntil, limit));
        started = run;
        return result;
    }

    private (StartResult, RunRecord?) TryStart(NpgsqlConnection connection, string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        // One round trip, one implicit transaction. Every start of a run with this key holds the key's advisory lock
        // until commit; the count in the UPDATE is a later statement, so its snapshot is taken after the lock and
        // sees every committed start of the key, on any host.
        using var batch = new NpgsqlBatch(connection);
        var lockKey = new NpgsqlBatchCommand(
            "SELECT pg_advisory_xact_lock(@space::int, hashtext(concurrency_key)) FROM kairos_runs WHERE id = @id AND status = 'pending'");
        lockKey.Parameters.Text("id", runId).Long("space", StartLockSpace);
        var start = new NpgsqlBatchCommand($"""
            UPDATE kairos_runs r SET status = 'running', started_utc = @now, node = @node, incarnation = @incarnation, version = @version,
                fence = nextval('kairos_fence'), lease_expires_utc = @lease
            WHERE r.id = @id AND r.status = 'pending'
              AND (SELECT count(*) FROM kairos_runs o WHERE o.concurrency_key = r.concurrency_key AND o.status = 'running') < @limit
            RETURNING {RunColumns}
            """);
        start.Parameters.Text("id", runId).Instant("now", now).Text("node", node).Text("incarnation", Incarnation).Text("version", version)
            .Instant("lease", leaseUntil).Int("limit", limit);
        var check = new NpgsqlBatchCommand("SELECT status FROM kairos_runs WHERE id = @id");
        check.Parameters.Text("id", runId);
        batch.BatchCommands.Add(lockKey);
        batch.BatchCommands.Add(start);
        batch.BatchCommands.Add(check);
        using var reader = batch.ExecuteReader();
        while (reader.Read())
        {
            // The lock statement's rows carry nothing.
        }
        reader.NextResult();
        var started = reader.Read() ? ReadRun(reader) : null;
        reader.NextResult();
        var status = reader.Read() ? reader.GetString(0) : null;
        return (started is not null ? StartResult.Started
            : status == RunStatus.Pending ? StartResult.Busy
            : StartResult.Gone, started);
    }

    public IReadOnlyList<RunRecord> GetRunning(string concurrencyKey) => Read(c =>
    {
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs WHERE concurrency_key = @key AND status = 'running'", c);
        command.Parameters.Text("key", concurrencyKey);
        return ReadAll(command, ReadRun);
    });

    public bool Complete(RunRecord record) => Read(c =>
    {
        using var command = Command($"""
            UPDATE kairos_runs SET started_utc = @p_started_utc, ended_utc = @p_ended_utc, status = @p_status, attempt = @p_attempt,
                node = @p_node, version = @p_version, error_type = @p_error_type, error_message = @p_error_message,
                error_stack = @p_error_stack, log = @p_log, lease_expires_utc = NULL
            WHERE id = @p_id AND fence = @p_fence AND status IN {OpenStatuses}
            """, c);
        AddRun(command.Parameters, record, null);
        if (command.ExecuteNonQuery() != 1)
        {
            return false;
        }
        record.LeaseExpiresUtc = null;
        return true;
    });

    public void Insert(IReadOnlyList<RunRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }
        InTransaction((c, tx) =>
        {
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var run in records)
            {
                var command = new NpgsqlBatchCommand(UpsertRun);
                AddRun(command.Parameters, run, run.Node is null ? null : Incarnation);
                batch.BatchCommands.Add(command);
            }
            return batch.ExecuteNonQuery();
        });
    }

    public void RenewLeases(string node, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil) => InTransaction((c, tx) =>
    {
        using (var renew = Command($"UPDATE kairos_runs SET lease_expires_utc = @lease WHERE id = ANY(@ids) AND node = @node AND status IN {OpenStatuses}", c, tx))
        {
            renew.Parameters.Instant("lease", leaseUntil).Texts("ids", runIds).Text("node", node);
            renew.ExecuteNonQuery();
        }
        // A host that still renews its leases is alive, however late its heartbeat (a slow host is not a dead one).
        using var seen = Command("UPDATE kairos_nodes SET last_seen_utc = now() WHERE node_id = @node AND incarnation = @incarnation AND stopped_utc IS NULL", c, tx);
        seen.Parameters.Text("node", node).Text("incarnation", Incarnation);
        return seen.ExecuteNonQuery();
    });

    public IReadOnlyList<RunRecord> ExpireLeases(DateTimeOffset now) => InTransaction((c, tx) =>
    {
        now = Us(now);
        List<(RunRecord Run, DateTimeOffset? LastSeen)> expired;
        using (var select = Command($"""
            SELECT {string.Join(", ", RunColumns.Split(", ").Select(col => "r." + col))},
                (SELECT n.last_seen_utc FROM kairos_nodes n WHERE n.node_id = r.node AND n.incarnation = r.incarnation)
            FROM kairos_runs r
            WHERE r.status = 'running' AND {LeaseLost}
            FOR UPDATE OF r SKIP LOCKED
            """, c, tx))
        {
            select.Parameters.Instant("now", now).Interval("timeout", _nodeTimeout).Bool("judge", MayJudgeOthers).Text("me", Incarnation);
            expired = ReadAll(select, r => (ReadRun(r), r.IsDBNull(20) ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(20), DateTimeKind.Utc))));
        }
        var interrupted = new List<RunRecord>();
        if (expired.Count > 0)
        {
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var (run, lastSeen) in expired)
            {
                var heartbeat = lastSeen is { } seen
                    ? string.Create(CultureInfo.InvariantCulture, $"its last heartbeat was at {seen:O}")
                    : "it is not a live member of the cluster";
                run.ErrorMessage = string.Create(CultureInfo.InvariantCulture,
                    $"node '{run.Node}' stopped renewing the run's lease (it was killed or lost; {heartbeat}); lease expired at {run.LeaseExpiresUtc:O}");
                run.Status = RunStatus.Interrupted;
                run.EndedUtc = now;
                run.LeaseExpiresUtc = null;
                var update = new NpgsqlBatchCommand(
                    "UPDATE kairos_runs SET status = 'interrupted', ended_utc = @now, error_message = @message, lease_expires_utc = NULL WHERE id = @id");
                update.Parameters.Text("id", run.Id).Instant("now", now).Text("message", run.ErrorMessage);
                batch.BatchCommands.Add(update);
                interrupted.Add(run);
            }
            batch.ExecuteNonQuery();
        }
        using var release = Command($"""
            UPDATE kairos_runs SET node = NULL, incarnation = NULL, lease_expires_utc = NULL
            WHERE id IN (SELECT r.id FROM kairos_runs r
                         WHERE r.status = 'pending' AND r.node IS NOT NULL AND {LeaseLost}
                         FOR UPDATE OF r SKIP LOCKED)
            """, c, tx);
        release.Parameters.Instant("now", now).Interval("timeout", _nodeTimeout).Bool("judge", MayJudgeOthers).Text("me", Incarnation);
        release.ExecuteNonQuery();
        return (IReadOnlyList<RunRecord>)interrupted;
    }, retry: false);

    public RunRecord? GetRun(string runId) => Read(c =>
    {
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs WHERE id = @id", c);
        command.Parameters.Text("id", runId);
        return ReadAll(command, ReadRun).FirstOrDefault();
    });

    public IReadOnlyList<RunRecord> Query(string? jobId, string? status, int limit) => Read(c =>
    {
        var filters = new List<string>();
        if (jobId is not null)
        {
            filters.Add("job_id = @job");
        }
        if (status is not null)
        {
            filters.Add("status = @status");
        }
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs{where} ORDER BY scheduled_utc DESC, id DESC LIMIT @limit", c);
        command.Parameters.Text("job", jobId).Text("status", status).Int("limit", limit);
        return ReadAll(command, ReadRun);
    });

    public int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now) => InTransaction((c, tx) =>
    {
        // One host at a time; the others find the work done.
        using (var gate = Command("SELECT pg_try_advisory_xact_lock(@space::int, 1)", c, tx))
        {
            gate.Parameters.Long("space", StartLockSpace + 1);
            if (gate.ExecuteScalar() is not true)
            {
                return 0;
            }
        }
        List<string> jobIds;
        using (var select = Command("SELECT DISTINCT job_id FROM kairos_runs", c, tx))
        {
            jobIds = ReadAll(select, r => r.GetString(0));
        }
        var deleted = 0;
        foreach (var jobId in jobIds)
        {
            var (count, age) = limitsForJob(jobId);
            using var delete = Command($"""
                DELETE FROM kairos_runs WHERE id IN (
                    SELECT id FROM (
                        SELECT id, coalesce(ended_utc, scheduled_utc) AS at, row_number() OVER (ORDER BY scheduled_utc DESC, id DESC) AS n
                        FROM kairos_runs WHERE job_id = @job AND status NOT IN {OpenStatuses}) terminal
                    WHERE n > @count OR at < @cutoff)
                """, c, tx);
            delete.Parameters.Text("job", jobId).Int("count", count).Instant("cutoff", now - age);
            deleted += delete.ExecuteNonQuery();
        }
        return deleted;
    });
}
