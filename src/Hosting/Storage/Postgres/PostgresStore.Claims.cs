using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

internal sealed partial class PostgresStore
{
    /// <summary>A job id some live host can run: its due fires are about to be claimed, not waiting for a handler.</summary>
    private const string RunnableByLiveNode = """
        EXISTS (SELECT 1 FROM kairos_nodes n WHERE n.stopped_utc IS NULL AND n.last_seen_utc >= now() - @timeout
                AND t.job_id = ANY(n.runnable_job_ids))
        """;

    /// <summary>A claim takes at least this many due triggers (when due), so small bursts are not split.</summary>
    private const int MinShare = 16;

    /// <summary>
    /// How many due triggers one claim takes: at most the caller's batch, and with several live hosts about their share
    /// of what is due (hosts wake together at a due instant; each takes part of a burst and starts it, instead of one
    /// host taking all and starting it alone). What a claim leaves stays due, so the caller claims again at once.
    /// </summary>
    private const string FairShare = """
        LEAST(@max, (
            SELECT greatest(@share, ceil(count(*)::numeric / greatest(1,
                (SELECT count(*) FROM kairos_nodes n WHERE n.stopped_utc IS NULL AND n.last_seen_utc >= now() - @timeout))))::int
            FROM kairos_triggers d WHERE d.next_fire_utc <= @now AND d.job_id = ANY(@runnable)))
        """;

    public IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request)
    {
        if (!ClockTrusted || request.RunnableJobIds.Count == 0)
        {
            return [];
        }
        var window = request.Window(StoreInstants.Microseconds);
        return InTransaction((c, tx) =>
        {
            var claimed = new List<RunRecord>();
            List<StoredTrigger> due;
            using (var select = Command($"""
                SELECT {TriggerColumns} FROM kairos_triggers t
                WHERE t.next_fire_utc <= @now AND t.job_id = ANY(@runnable) AND {NotPaused}
                ORDER BY t.next_fire_utc, t.id
                LIMIT {FairShare}
                FOR UPDATE OF t SKIP LOCKED
                """, c, tx))
            {
                select.Parameters.Instant("now", window.Until).Texts("runnable", request.RunnableJobIds).Int("max", request.MaxTriggers)
                    .Int("share", MinShare).Interval("timeout", _nodeTimeout);
                due = ReadAll(select, ReadTrigger);
            }
            if (due.Count == 0)
            {
                return claimed;
            }
            var waiting = WaitingRecords(c, tx, due);
            using var batch = new NpgsqlBatch(c, tx);
            var spent = new List<StoredTrigger>();
            var advanced = new List<StoredTrigger>();
            foreach (var trigger in due)
            {
                if (request.Planner.Plan(trigger, waiting[(trigger.JobId, trigger.Spec.Key)], window) is not { } claim)
                {
                    continue;
                }
                claimed.AddRange(claim.Runs);
                foreach (var run in claim.Runs)
                {
                    AddUpsert(batch, run, Incarnation);
                }
                foreach (var run in claim.Misfired)
                {
                    AddUpsert(batch, run, null);
                }
                foreach (var leftover in claim.LeftoverRunIds)
                {
                    var delete = new NpgsqlBatchCommand("DELETE FROM kairos_runs WHERE id = @id");
                    delete.Parameters.Text("id", leftover);
                    batch.BatchCommands.Add(delete);
                }
                (claim.DeleteTrigger ? spent : advanced).Add(trigger);
            }
            // The claimed triggers' changes as one statement each way, not one per trigger (hundreds due together).
            if (spent.Count > 0)
            {
                var delete = new NpgsqlBatchCommand("DELETE FROM kairos_triggers WHERE id = ANY(@ids)");
                delete.Parameters.Texts("ids", spent.Select(t => t.Id));
                batch.BatchCommands.Add(delete);
            }
            if (advanced.Count > 0)
            {
                var advance = new NpgsqlBatchCommand("""
                    UPDATE kairos_triggers t SET next_fire_utc = a.next, last_fire_utc = a.last
                    FROM unnest(@ids, @next, @last) AS a(id, next, last) WHERE t.id = a.id
                    """);
                advance.Parameters.Texts("ids", advanced.Select(t => t.Id)).Instants("next", advanced.Select(t => t.NextFireUtc))
                    .Instants("last", advanced.Select(t => t.LastFireUtc));
                batch.BatchCommands.Add(advance);
            }
            if (batch.BatchCommands.Count > 0)
            {
                batch.ExecuteNonQuery();
            }
            return claimed;
        });
    }

    public DateTimeOffset? GetNextPending(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset after) => Read(c =>
    {
        using var command = Command($"""
            SELECT min(not_before_utc) FROM kairos_runs
            WHERE status = {StatusSql.Pending} AND not_before_utc > @after AND (node IS NULL OR node = @node) AND job_id = ANY(@runnable)
            """, c);
        command.Parameters.Instant("after", after).Text("node", node).Texts("runnable", runnableJobIds);
        return command.ExecuteScalar() is DateTime next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : (DateTimeOffset?)null;
    });

    public int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now)
    {
        now = StoreInstants.Microseconds(now);
        return InTransaction((c, tx) =>
        {
            List<StoredTrigger> due;
            using (var select = Command($"""
                SELECT {TriggerColumns} FROM kairos_triggers t
                WHERE t.next_fire_utc <= @now AND NOT (t.job_id = ANY(@runnable)) AND {NotPaused} AND NOT {RunnableByLiveNode}
                  AND NOT EXISTS (SELECT 1 FROM kairos_runs r WHERE r.status = {StatusSql.WaitingForHandler} AND r.job_id = t.job_id
                                  AND r.trigger_key = t.key AND r.scheduled_utc = t.next_fire_utc)
                FOR UPDATE OF t SKIP LOCKED
                """, c, tx))
            {
                select.Parameters.Instant("now", now).Texts("runnable", runnableJobIds).Interval("timeout", _nodeTimeout);
                due = ReadAll(select, ReadTrigger);
            }
            var added = 0;
            foreach (var trigger in due)
            {
                using var insert = Command($"""
                    INSERT INTO kairos_runs (id, job_id, trigger_key, concurrency_key, scheduled_utc, not_before_utc, status, attempt, priority,
                        data_json, error_message)
                    VALUES (@id, @job, @key, @job, @scheduled, @scheduled, {StatusSql.WaitingForHandler}, 1, @priority, @data, @message)
                    ON CONFLICT (job_id, trigger_key, scheduled_utc) WHERE status = {StatusSql.WaitingForHandler} DO NOTHING
                    """, c, tx);
                insert.Parameters.Text("id", RunIds.New(now)).Text("job", trigger.JobId).Text("key", trigger.Spec.Key)
                    .Instant("scheduled", trigger.NextFireUtc).Int("priority", trigger.Spec.Priority).Text("data", trigger.Spec.DataJson)
                    .Text("message", $"no live host declares job '{trigger.JobId}' (no loaded plugin or script); the fire waits for it");
                added += insert.ExecuteNonQuery();
            }
            return added;
        });
    }

    private static ILookup<(string JobId, string TriggerKey), RunRecord> WaitingRecords(NpgsqlConnection c, NpgsqlTransaction tx, List<StoredTrigger> due)
    {
        using var select = Command($"SELECT {RunColumns} FROM kairos_runs WHERE status = {StatusSql.WaitingForHandler} AND job_id = ANY(@jobs)", c, tx);
        select.Parameters.Texts("jobs", due.Select(t => t.JobId).Distinct(StringComparer.Ordinal));
        return ReadAll(select, ReadRun).ToLookup(r => (r.JobId, r.TriggerKey));
    }

    private static void AddUpsert(NpgsqlBatch batch, RunRecord run, string? incarnation)
    {
        var command = new NpgsqlBatchCommand(UpsertRun);
        AddRun(command.Parameters, run, incarnation);
        batch.BatchCommands.Add(command);
    }
}
