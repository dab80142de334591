namespace Kairos.Host.Storage.Operator;

/// <summary>
/// The audit trail: every operator action taken through the scheduler API, appended as it is taken, read newest first
/// a page at a time, and trimmed by retention.
/// </summary>
internal interface IAuditLog
{
    void Append(AuditEntry entry);

    /// <summary>
    /// The entries of <paramref name="jobId"/> (null: of every job, and those of none) with an id before
    /// <paramref name="beforeId"/> (null: from the newest), newest first, at most <paramref name="limit"/>. Keyset paging:
    /// a page is stable while entries are added.
    /// </summary>
    IReadOnlyList<AuditEntry> AuditPage(string? jobId, string? beforeId, int limit);

    /// <summary>Deletes the entries beyond the newest <paramref name="keep"/> and those before <paramref name="olderThan"/>; returns how many.</summary>
    int ApplyAuditRetention(int keep, DateTimeOffset olderThan);
}
