using static Kairos.Host.Storage.Postgres.PostgresRows;

using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// Backfill and the run-once ledger. A backfill's check-and-insert holds a transaction-scoped advisory lock per job, so
/// two backfills of one job (on two nodes) cannot both find an instant free; a run-once key is the ledger's primary key,
/// so of two nodes queueing it together one inserts the row and the other finds it there, and no run is written for it.
/// </summary>
internal sealed partial class PostgresStore
{
    /// <summary>The space of the advisory lock a backfill of one job holds (beside the start locks' space).</summary>
    private const long BackfillLockSpace = StartLockSpace + 2;

    public IReadOnlySet<DateTimeOffset> GetRecordedInstants(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        Read(c => RecordedInstants(c, null, jobId, triggerKey, fromUtc, toUtc));

    public IReadOnlyList<RunRecord> InsertMissing(IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0)
        {
            return [];
        }
        return InTransaction((c, tx) =>
        {
            var first = runs[0];
            using (var gate = Command("SELECT pg_advisory_xact_lock(@space::int, hashtext(@job))", c, tx))
            {
                gate.Parameters.Long("space", BackfillLockSpace).Text("job", first.JobId);
                gate.ExecuteNonQuery();
            }
            var recorded = RecordedInstants(c, tx, first.JobId, first.TriggerKey, runs.Min(r => r.ScheduledUtc), runs.Max(r => r.ScheduledUtc));
            var missing = runs.Where(r => recorded.Add(StoreInstants.Microseconds(r.ScheduledUtc))).ToList();
            if (missing.Count > 0)
            {
                using var batch = new Npgsql.NpgsqlBatch(c, tx);
                foreach (var run in missing)
                {
                    var command = new Npgsql.NpgsqlBatchCommand(UpsertRun);
                    AddRun(command.Parameters, run, null);
                    batch.BatchCommands.Add(command);
                }
                batch.ExecuteNonQuery();
            }
            return (IReadOnlyList<RunRecord>)missing;
        });
    }

    private static HashSet<DateTimeOffset> RecordedInstants(
        Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction? tx, string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        using var select = Command(
            "SELECT DISTINCT scheduled_utc FROM kairos_runs WHERE job_id = @job AND trigger_key = @trigger AND scheduled_utc >= @from AND scheduled_utc <= @to", c, tx);
        select.Parameters.Text("job", jobId).Text("trigger", triggerKey).Instant("from", fromUtc).Instant("to", toUtc);
        return ReadAll(select, r => new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(0), DateTimeKind.Utc))).ToHashSet();
    }

    public RunOnceEntry? GetRunOnce(string key) => Read(c =>
    {
        using var select = Command("SELECT key, job_id, run_id, queued_utc, queued_by FROM kairos_run_once WHERE key = @key", c);
        select.Parameters.Text("key", key);
        return ReadAll(select, ReadRunOnce).FirstOrDefault();
    });

    public IReadOnlyList<RunOnceEntry> GetRunOnceEntries() => Read(c =>
    {
        using var select = Command("SELECT key, job_id, run_id, queued_utc, queued_by FROM kairos_run_once ORDER BY key", c);
        return (IReadOnlyList<RunOnceEntry>)ReadAll(select, ReadRunOnce);
    });

    public bool TryQueueRunOnce(RunOnceEntry entry, RunRecord run) => InTransaction((c, tx) =>
    {
        using (var insert = Command("""
            INSERT INTO kairos_run_once (key, job_id, run_id, queued_utc, queued_by) VALUES (@key, @job, @run, @at, @by)
            ON CONFLICT (key) DO NOTHING
            """, c, tx))
        {
            AddEntry(insert.Parameters, entry);
            if (insert.ExecuteNonQuery() == 0)
            {
                return false;
            }
        }
        InsertRun(c, tx, run);
        return true;
    });

    public bool RequeueRunOnce(RunOnceEntry entry, RunRecord run, string previousRunId) => InTransaction((c, tx) =>
    {
        using (var update = Command(
            "UPDATE kairos_run_once SET job_id = @job, run_id = @run, queued_utc = @at, queued_by = @by WHERE key = @key AND run_id = @previous", c, tx))
        {
            AddEntry(update.Parameters, entry);
            update.Parameters.Text("previous", previousRunId);
            if (update.ExecuteNonQuery() == 0)
            {
                return false;
            }
        }
        InsertRun(c, tx, run);
        return true;
    });

    private static void AddEntry(Npgsql.NpgsqlParameterCollection p, RunOnceEntry entry) =>
        p.Text("key", entry.Key).Text("job", entry.JobId).Text("run", entry.RunId).Instant("at", entry.QueuedUtc).Text("by", entry.QueuedBy);

    private static void InsertRun(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction tx, RunRecord run)
    {
        using var insert = Command(UpsertRun, c, tx);
        AddRun(insert.Parameters, run, null);
        insert.ExecuteNonQuery();
    }

    private static RunOnceEntry ReadRunOnce(Npgsql.NpgsqlDataReader r) => new()
    {
        Key = r.GetString(0),
        JobId = r.GetString(1),
        RunId = r.GetString(2),
        QueuedUtc = new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(3), DateTimeKind.Utc)),
        QueuedBy = r.GetString(4),
    };
}
