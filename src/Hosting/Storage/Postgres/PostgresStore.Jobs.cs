using Kairos.Host.Storage.Catalog;
using Kairos.Host.Text;
using Npgsql;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

internal sealed partial class PostgresStore
{
    /// <summary>The trigger's job is neither paused nor disabled (<see cref="StoredJob.Held"/>).</summary>
    private const string NotPaused = "NOT EXISTS (SELECT 1 FROM kairos_jobs j WHERE j.id = t.job_id AND (j.paused OR j.disabled_reason IS NOT NULL OR j.disabled_by IS NOT NULL))";

    public ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers) => InTransaction((c, tx) =>
    {
        // Hosts reconcile the same job when they load the same plugin: one at a time, each seeing the other's result.
        using (var lockJob = Command("SELECT pg_advisory_xact_lock(hashtextextended('kairos-job:' || @id, 0))", c, tx))
        {
            lockJob.Parameters.Text("id", job.Id);
            lockJob.ExecuteNonQuery();
        }
        var plan = ReconcilePlan.Of(job, declaredTriggers, GetJob(c, tx, job.Id), GetTriggers(c, tx, job.Id, forUpdate: true));
        if (plan.InsertJob || plan.UpdateJob)
        {
            WriteJob(c, tx, plan.Job, insert: plan.InsertJob);
        }
        WriteTriggers(c, tx, plan.Added.Concat(plan.Updated));
        if (plan.Removed.Count > 0)
        {
            using var delete = Command("DELETE FROM kairos_triggers WHERE id = ANY(@ids)", c, tx);
            delete.Parameters.Texts("ids", plan.Removed);
            delete.ExecuteNonQuery();
        }
        return plan.Result;
    });

    public IReadOnlyList<StoredJob> GetJobs() => Read(c =>
    {
        using var command = Command($"SELECT {JobColumns} FROM kairos_jobs ORDER BY id COLLATE \"C\"", c);
        return ReadAll(command, ReadJob);
    });

    public StoredJob? GetJob(string jobId) => Read(c => GetJob(c, null, jobId));

    public bool SetPaused(string jobId, JobPause? pause, DateTimeOffset now) => Read(c =>
    {
        using var command = Command("""
            UPDATE kairos_jobs SET paused = @paused, pause_reason = @reason, paused_by = @by, paused_until_utc = @until, updated_utc = @now
            WHERE id = @id
            """, c);
        command.Parameters.Text("id", jobId).Bool("paused", pause is not null).Text("reason", pause?.Reason).Text("by", pause?.By)
            .Instant("until", pause?.UntilUtc).Instant("now", now);
        return command.ExecuteNonQuery() == 1;
    });

    public bool SetDisabled(string jobId, JobDisable? disable, DateTimeOffset now) => Read(c =>
    {
        using var command = Command("""
            UPDATE kairos_jobs SET disabled_by = @by, disabled_by_operator_reason = @reason, updated_utc = @now WHERE id = @id
            """, c);
        command.Parameters.Text("id", jobId).Text("by", disable?.By).Text("reason", disable?.Reason).Instant("now", now);
        return command.ExecuteNonQuery() == 1;
    });

    public IReadOnlyList<string> ResumeExpired(DateTimeOffset now) => Read(c =>
    {
        // One statement: of hosts that run it together, the row lock lets each job be resumed (and returned) once.
        using var command = Command("""
            UPDATE kairos_jobs SET paused = false, pause_reason = NULL, paused_by = NULL, paused_until_utc = NULL, updated_utc = @now
            WHERE paused AND paused_until_utc <= @now
            RETURNING id
            """, c);
        command.Parameters.Instant("now", StoreInstants.Microseconds(now));
        return (IReadOnlyList<string>)ReadAll(command, r => r.GetString(0));
    });

    public JobRemoval? RemoveJob(string jobId, bool deleteHistory) => InTransaction((c, tx) =>
    {
        // Under the job's lock, as Reconcile takes it: a host that loads the job meanwhile reconciles it after this, as new.
        using (var lockJob = Command("SELECT pg_advisory_xact_lock(hashtextextended('kairos-job:' || @id, 0))", c, tx))
        {
            lockJob.Parameters.Text("id", jobId);
            lockJob.ExecuteNonQuery();
        }
        int Delete(string sql)
        {
            using var command = Command(sql, c, tx);
            command.Parameters.Text("id", jobId);
            return command.ExecuteNonQuery();
        }
        if (Delete("DELETE FROM kairos_jobs WHERE id = @id") == 0)
        {
            return (JobRemoval?)null;
        }
        var triggers = Delete("DELETE FROM kairos_triggers WHERE job_id = @id");
        var open = Delete($"DELETE FROM kairos_runs WHERE job_id = @id AND status IN {StatusSql.Open}");
        var history = deleteHistory ? Delete("DELETE FROM kairos_runs WHERE job_id = @id") : 0;
        return new JobRemoval(triggers, open, history);
    });

    public IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null) => Read(c => GetTriggers(c, null, jobId, forUpdate: false));

    public void UpsertTrigger(StoredTrigger trigger) => UpsertTriggers([trigger]);

    /// <summary>One transaction: the stored rows are locked in id order (no deadlock with another upsert) and read in one round trip.</summary>
    public void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers) => InTransaction((c, tx) =>
    {
        using var select = Command($"SELECT {TriggerColumns} FROM kairos_triggers WHERE id = ANY(@ids) ORDER BY id COLLATE \"C\" FOR UPDATE", c, tx);
        select.Parameters.Texts("ids", triggers.Select(t => t.Id));
        var stored = ReadAll(select, ReadTrigger).ToDictionary(t => t.Id, StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            TriggerUpsert.KeepFireTimes(stored.GetValueOrDefault(trigger.Id), trigger);
        }
        WriteTriggers(c, tx, triggers);
        return 0;
    });

    public bool RemoveTrigger(string jobId, string key) => Read(c =>
    {
        using var command = Command("DELETE FROM kairos_triggers WHERE id = @id", c);
        command.Parameters.Text("id", StoredTrigger.MakeId(jobId, key));
        return command.ExecuteNonQuery() == 1;
    });

    /// <summary>Every change is written before its call returns: nothing waits.</summary>
    public void FlushTriggerChanges()
    {
    }

    /// <summary>Null while this host's clock is untrusted: it claims nothing then, so its loop must not wake for due fires.</summary>
    public DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds) => !ClockTrusted ? null : Read(c =>
    {
        using var command = Command($"SELECT min(t.next_fire_utc) FROM kairos_triggers t WHERE t.job_id = ANY(@runnable) AND {NotPaused}", c);
        command.Parameters.Texts("runnable", runnableJobIds);
        return command.ExecuteScalar() is DateTime next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : (DateTimeOffset?)null;
    });

    private static StoredJob? GetJob(NpgsqlConnection c, NpgsqlTransaction? tx, string jobId)
    {
        using var command = Command($"SELECT {JobColumns} FROM kairos_jobs WHERE id = @id", c, tx);
        command.Parameters.Text("id", jobId);
        return ReadAll(command, ReadJob).FirstOrDefault();
    }

    private static List<StoredTrigger> GetTriggers(NpgsqlConnection c, NpgsqlTransaction? tx, string? jobId, bool forUpdate)
    {
        var where = jobId is null ? "" : " WHERE job_id = @job";
        using var command = Command($"SELECT {TriggerColumns} FROM kairos_triggers{where} ORDER BY id COLLATE \"C\"{(forUpdate ? " FOR UPDATE" : "")}", c, tx);
        if (jobId is not null)
        {
            command.Parameters.Text("job", jobId);
        }
        return ReadAll(command, ReadTrigger);
    }

    private static void WriteJob(NpgsqlConnection c, NpgsqlTransaction tx, StoredJob job, bool insert)
    {
        var sql = insert
            ? """
              INSERT INTO kairos_jobs (id, description, source, version, policies, paused, pause_reason, updated_utc,
                  paused_by, paused_until_utc, disabled_reason, disabled_by, disabled_by_operator_reason)
              VALUES (@id, @description, @source, @version, @policies, @paused, @reason, @updated, @by, @until, @disabled, @disabled_by, @operator_reason)
              """
            : """
              UPDATE kairos_jobs SET description = @description, source = @source, version = @version, policies = @policies,
                  paused = @paused, pause_reason = @reason, updated_utc = @updated,
                  paused_by = @by, paused_until_utc = @until, disabled_reason = @disabled,
                  disabled_by = @disabled_by, disabled_by_operator_reason = @operator_reason
              WHERE id = @id
              """;
        using var command = Command(sql, c, tx);
        command.Parameters.Text("id", job.Id).Text("description", job.Description).Text("source", job.Source).Text("version", job.Version)
            .Json("policies", ToJson(job.Policies)).Bool("paused", job.Paused).Text("reason", job.PauseReason).Instant("updated", job.UpdatedUtc)
            .Text("by", job.PausedBy).Instant("until", job.PausedUntilUtc).Text("disabled", job.DisabledReason)
            .Text("disabled_by", job.DisabledBy).Text("operator_reason", job.DisabledByOperatorReason);
        command.ExecuteNonQuery();
    }

    private const string TriggerUpsertSql = """
        INSERT INTO kairos_triggers (id, job_id, key, spec, origin, next_fire_utc, last_fire_utc)
        VALUES (@id, @job, @key, @spec, @origin, @next, @last)
        ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, key = excluded.key, spec = excluded.spec, origin = excluded.origin,
            next_fire_utc = excluded.next_fire_utc, last_fire_utc = excluded.last_fire_utc
        """;

    /// <summary>Writes many triggers in few round trips (batches of <see cref="WriteBatch"/> statements).</summary>
    private static void WriteTriggers(NpgsqlConnection c, NpgsqlTransaction tx, IEnumerable<StoredTrigger> triggers)
    {
        foreach (var chunk in triggers.Chunk(WriteBatch))
        {
            using var batch = new NpgsqlBatch(c, tx);
            foreach (var trigger in chunk)
            {
                var command = new NpgsqlBatchCommand(TriggerUpsertSql);
                AddTrigger(command.Parameters, trigger);
                batch.BatchCommands.Add(command);
            }
            batch.ExecuteNonQuery();
        }
    }

    private const int WriteBatch = 500;

    private static void AddTrigger(NpgsqlParameterCollection parameters, StoredTrigger trigger) =>
        parameters.Text("id", trigger.Id).Text("job", trigger.JobId).Text("key", trigger.Spec.Key).Json("spec", ToJson(trigger.Spec))
            .Text("origin", trigger.Origin.Word()).Instant("next", trigger.NextFireUtc).Instant("last", trigger.LastFireUtc);
}
