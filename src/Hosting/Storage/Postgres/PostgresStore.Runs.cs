using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

/// <summary>Run recording: pending runs taken up, starts under the concurrency limits, outcomes written with their follow-ups.</summary>
internal sealed partial class PostgresStore
{
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
}
