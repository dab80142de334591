using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using static Kairos.Host.Storage.Postgres.PostgresRows;

namespace Kairos.Host.Storage.Postgres;

/// <summary>History and retention: reading run records, a page at a time, and deleting ended ones beyond each job's limits.</summary>
internal sealed partial class PostgresStore
{
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
