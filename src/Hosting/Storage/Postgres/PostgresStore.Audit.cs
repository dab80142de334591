using static Kairos.Host.Storage.Postgres.PostgresRows;

using Kairos.Host.Storage.Operator;

namespace Kairos.Host.Storage.Postgres;

/// <summary>The audit trail: the <c>kairos_audit</c> table (schema 5), read newest first by its time-ordered ids.</summary>
internal sealed partial class PostgresStore
{
    private const string AuditColumns = "id, at_utc, actor, action, job_id, run_id, detail";

    public void Append(AuditEntry entry) => Read(c =>
    {
        using var command = Command($"INSERT INTO kairos_audit ({AuditColumns}) VALUES (@id, @at, @actor, @action, @job, @run, @detail) ON CONFLICT (id) DO NOTHING", c);
        command.Parameters.Text("id", entry.Id).Instant("at", entry.AtUtc).Text("actor", entry.Actor).Text("action", entry.Action)
            .Text("job", entry.JobId).Text("run", entry.RunId).Text("detail", entry.Detail);
        return command.ExecuteNonQuery();
    });

    public IReadOnlyList<AuditEntry> AuditPage(string? jobId, string? beforeId, int limit) => Read(c =>
    {
        var where = new List<string>();
        if (jobId is not null)
        {
            where.Add("job_id = @job");
        }
        if (beforeId is not null)
        {
            where.Add("id < @before");
        }
        var clause = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        using var command = Command($"SELECT {AuditColumns} FROM kairos_audit{clause} ORDER BY id DESC LIMIT @limit", c);
        command.Parameters.Text("job", jobId).Text("before", beforeId).Int("limit", limit);
        return ReadAll(command, r => new AuditEntry
        {
            Id = r.GetString(0),
            AtUtc = new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(1), DateTimeKind.Utc)),
            Actor = r.GetString(2),
            Action = r.GetString(3),
            JobId = r.IsDBNull(4) ? null : r.GetString(4),
            RunId = r.IsDBNull(5) ? null : r.GetString(5),
            Detail = r.IsDBNull(6) ? null : r.GetString(6),
        });
    });

    public int ApplyAuditRetention(int keep, DateTimeOffset olderThan) => Read(c =>
    {
        using var command = Command("""
            DELETE FROM kairos_audit WHERE at_utc < @cutoff
                OR id IN (SELECT id FROM kairos_audit ORDER BY id DESC OFFSET @keep)
            """, c);
        command.Parameters.Instant("cutoff", olderThan).Int("keep", keep);
        return command.ExecuteNonQuery();
    });
}
