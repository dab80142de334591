using Kairos.Host.Storage;
using Kairos.Host.Storage.Operator;

namespace Kairos.Host.Operations.Audit;

/// <summary>The audit trail the operations write to and read from: one entry per action an actor took, ids in the order made.</summary>
internal sealed class AuditTrail(IAuditLog audit, TimeProvider time)
{
    private readonly AuditIds _ids = new();

    /// <summary>Appends an entry for an action <paramref name="actor"/> took, now.</summary>
    public void Record(string actor, string action, string? jobId, string? runId, string? detail)
    {
        var now = time.GetUtcNow();
        audit.Append(new AuditEntry
        {
            Id = _ids.Next(now), AtUtc = StoreInstants.Milliseconds(now), Actor = actor, Action = action, JobId = jobId, RunId = runId, Detail = detail,
        });
    }

    /// <summary>At most <paramref name="limit"/> entries of <paramref name="jobId"/> (null: all) older than <paramref name="before"/>, newest first.</summary>
    public IReadOnlyList<AuditEntry> Page(string? jobId, string? before, int limit) => audit.AuditPage(jobId, before, limit);
}
