using System.Globalization;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

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

    /// <summary>A key for the advisory lock every start of a run with this concurrency key takes.</summary>
    private const long StartLockSpace = 0x4B41_4952;

    public IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max) =>
        InTransaction((c, tx) =>
        {
            List<RunRecord> ready;
            using (var select = Command($"""
                SELECT {RunColumns} FROM kairos_runs
                WHERE status = {StatusSql.Pending} AND not_before_utc <= @now AND (node IS NULL OR node = @node) AND job_id = ANY(@runnable)
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
                var lease = StoreInstants.Microseconds(leaseUntil);
                using var adopt = Command("UPDATE kairos_runs SET node = @node, incarnation = @incarnation, lease_expires_utc = @lease WHERE id = ANY(@ids)", c, tx);
                adopt.Parameters.Text("node", node).Text("incarnation", Incarnation).Instant("lease", leaseUntil).Texts("ids", adopted.Select(r => r.Id));
                adopt.ExecuteNonQuery();
                ready = ready.Select(r => r.Node is null ? r.Claimed(node, lease) : r).ToList();
            }
            return (IReadOnlyList<RunRecord>)ready;
        });

    public StartResult TryStart(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, out RunRecord? started)
    {
        var (result, run) = TryStartMany([new StartRequest(runId, version, limit)], node, now, leaseUntil)[0];
        started = run;
        return result;
    }

    /// <summary>
    /// Starts several runs in one round trip and one transaction (group commit). First the advisory locks of all their
    /// concurrency keys are taken, in one statement and in hash order (two hosts locking the same keys can never
    /// deadlock); then each run is started by its own statement, whose snapshot is taken after the locks and after
    /// the earlier starts of the batch, so it counts every committed start of its key on any host and the batch's own.
    /// </summary>
    public IReadOnlyList<(StartResult Result, RunRecord? Started)> TryStartMany(IReadOnlyList<StartRequest> requests, string node, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        if (requests.Count == 0)
        {
            return [];
        }
        return Read(c =>
        {
            using var batch = new NpgsqlBatch(c);
            var ids = requests.Select(r => r.RunId).ToArray();
            var lockKeys = new NpgsqlBatchCommand($"""
                SELECT pg_advisory_xact_lock(@space::int, k.h)
                FROM (SELECT DISTINCT hashtext(concurrency_key) AS h FROM kairos_runs WHERE id = ANY(@ids) AND status = {StatusSql.Pending} ORDER BY 1) k
                """);
            lockKeys.Parameters.Texts("ids", ids).Long("space", StartLockSpace);
            batch.BatchCommands.Add(lockKeys);
            foreach (var request in requests)
            {
                var start = new NpgsqlBatchCommand($"""
                    UPDATE kairos_runs r SET status = {StatusSql.Running}, started_utc = @now, node = @node, incarnation = @incarnation, version = @version,
                        fence = nextval('kairos_fence'), lease_expires_utc = @lease
                    WHERE r.id = @id AND r.status = {StatusSql.Pending}
                      AND (SELECT count(*) FROM kairos_runs o WHERE o.concurrency_key = r.concurrency_key AND o.status = {StatusSql.Running}) < @limit
                    RETURNING {RunColumns}
                    """);
                start.Parameters.Text("id", request.RunId).Instant("now", now).Text("node", node).Text("incarnation", Incarnation)
                    .Text("version", request.Version).Instant("lease", leaseUntil).Int("limit", request.Limit);
                batch.BatchCommands.Add(start);
            }
            var check = new NpgsqlBatchCommand("SELECT id, status FROM kairos_runs WHERE id = ANY(@ids)");
            check.Parameters.Texts("ids", ids);
            batch.BatchCommands.Add(check);

            using var reader = batch.ExecuteReader();
            while (reader.Read())
            {
                // The lock statement's rows carry nothing.
            }
            var started = new RunRecord?[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                reader.NextResult();
                started[i] = reader.Read() ? ReadRun(reader) : null;
            }
            reader.NextResult();
            var status = new Dictionary<string, RunStatus>(StringComparer.Ordinal);
            while (reader.Read())
            {
                status[reader.GetString(0)] = KebabCase.Parse<RunStatus>(reader.GetString(1));
            }
            // A run listed twice is started by its first request; the second finds it running: gone for that request.
            return (IReadOnlyList<(StartResult, RunRecord?)>)requests.Select((request, i) =>
                started[i] is { } run ? (StartResult.Started, run)
                : status.TryGetValue(request.RunId, out var current) && current == RunStatus.Pending ? (StartResult.Busy, (RunRecord?)null)
                : (StartResult.Gone, (RunRecord?)null)).ToList();
        });
    }

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

    public bool Complete(RunRecord record) => CompleteMany([record])[0];

    /// <summary>Writes several outcomes in one round trip and one transaction (group commit), each only with its run's current fence.</summary>
    public IReadOnlyList<bool> CompleteMany(IReadOnlyList<RunRecord> records) =>
        WriteMany(records.Select(r => new RunWrite(r, IsStart: false)).ToList());

    /// <summary>
    /// Outcomes only (a shared store starts runs before they run, <see cref="TryStartMany"/>), in one round trip and one
    /// transaction. An outcome with a next attempt or chained runs is one statement: the update, and the inserts of the
    /// retry and the chained runs from its result, so they are written exactly when the outcome is.
    /// </summary>
    public IReadOnlyList<bool> WriteMany(IReadOnlyList<RunWrite> writes)
    {
        if (writes.Any(w => w.IsStart))
        {
            throw new NotSupportedException("only an exclusive store records starts behind the job");
        }
        if (writes.Count == 0)
        {
            return [];
        }
        var written = InTransaction((c, tx) =>
        {
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var write in writes)
            {
                var inserted = write.Inserted;
                var command = new NpgsqlBatchCommand(CompleteWithInserts(inserted.Count));
                AddRun(command.Parameters, write.Record, null);
                for (var i = 0; i < inserted.Count; i++)
                {
                    AddRun(command.Parameters, inserted[i], null, prefix: InsertedPrefix(i));
                }
                batch.BatchCommands.Add(command);
            }
            batch.ExecuteNonQuery();
            var affected = new List<bool>(writes.Count);
            foreach (NpgsqlBatchCommand command in batch.BatchCommands)
            {
                affected.Add(command.RecordsAffected == 1);
            }
            return affected;
        });
        return written;
    }

    /// <summary>An outcome, only with the run's current fence and while the run is open.</summary>
    private static readonly string CompleteRun = $"""
        UPDATE kairos_runs SET started_utc = @p_started_utc, ended_utc = @p_ended_utc, status = @p_status, attempt = @p_attempt,
            node = @p_node, version = @p_version, error_type = @p_error_type, error_message = @p_error_message,
            error_stack = @p_error_stack, log = @p_log, lease_expires_utc = NULL
        WHERE id = @p_id AND fence = @p_fence AND status IN {StatusSql.Open}
        """;

    /// <summary>The next attempt (parameters <c>@n_COLUMN</c>), inserted once for each row of <c>done</c>: none when the outcome was refused.</summary>
    private static readonly string InsertNextRun = InsertRunFrom("done", "n_");

    /// <summary>
    /// An outcome with <paramref name="inserts"/> runs inserted from its result (a retry, chained runs): the first is the
    /// statement (whose one affected row says the outcome was written), the others data-modifying CTEs beside it.
    /// </summary>
    private static string CompleteWithInserts(int inserts) => inserts switch
    {
        0 => CompleteRun,
        1 => $"WITH done AS ({CompleteRun} RETURNING id) {InsertNextRun}",
        _ => $"WITH done AS ({CompleteRun} RETURNING id), "
            + string.Join(", ", Enumerable.Range(1, inserts - 1).Select(i => $"i{i} AS ({InsertRunFrom("done", InsertedPrefix(i))})"))
            + $" {InsertNextRun}",
    };

    /// <summary>The parameter prefix of the <paramref name="index"/>th run inserted with an outcome.</summary>
    private static string InsertedPrefix(int index) => index == 0 ? "n_" : $"n{index}_";

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

    public RunRecord? GetRun(string runId) => Read(c =>
    {
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs WHERE id = @id", c);
        command.Parameters.Text("id", runId);
        return ReadAll(command, ReadRun).FirstOrDefault();
    });

    public IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit) => Read(c =>
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
        command.Parameters.Text("job", jobId).Text("status", status?.Word()).Int("limit", limit);
        return ReadAll(command, ReadRun);
    });

    /// <summary>Keyset paging on the primary key (run ids are time-ordered), newest first; the filters narrow the walk.</summary>
    public IReadOnlyList<RunRecord> QueryPage(RunFilter filter, string? beforeRunId, int limit) => Read(c =>
    {
        var filters = new List<string>();
        void When(bool set, string condition)
        {
            if (set)
            {
                filters.Add(condition);
            }
        }
        When(beforeRunId is not null, "id < @before");
        When(filter.JobId is not null, "job_id = @job");
        When(filter.Status is not null, "status = @status");
        When(filter.TriggerKey is not null, "trigger_key = @trigger");
        When(filter.FromUtc is not null, "scheduled_utc >= @from");
        When(filter.ToUtc is not null, "scheduled_utc < @to");
        var where = filters.Count == 0 ? "" : " WHERE " + string.Join(" AND ", filters);
        using var command = Command($"SELECT {RunColumns} FROM kairos_runs{where} ORDER BY id DESC LIMIT @limit", c);
        command.Parameters.Text("before", beforeRunId).Text("job", filter.JobId).Text("status", filter.Status?.Word())
            .Text("trigger", filter.TriggerKey).Instant("from", filter.FromUtc).Instant("to", filter.ToUtc).Int("limit", limit);
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
                        FROM kairos_runs WHERE job_id = @job AND status NOT IN {StatusSql.Open}) terminal
                    WHERE n > @count OR at < @cutoff)
                """, c, tx);
            delete.Parameters.Text("job", jobId).Int("count", count).Instant("cutoff", now - age);
            deleted += delete.ExecuteNonQuery();
        }
        return deleted;
    });
}
