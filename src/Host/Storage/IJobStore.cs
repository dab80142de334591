namespace Kairos.Host.Storage;

/// <summary>The store's job documents: declarations reconciled from sources, and pause state.</summary>
internal interface IJobStore
{
    /// <summary>
    /// Reconciles one declared job: the job document is inserted or updated (its pause state kept); each declared
    /// trigger is inserted when new, updated when its description changed, and left alone when equal; declared
    /// triggers no longer declared are removed. Dynamic triggers and run history are never touched.
    /// </summary>
    ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers);

    IReadOnlyList<StoredJob> GetJobs();

    StoredJob? GetJob(string jobId);

    /// <summary>Pauses or resumes a job; false when no such job.</summary>
    bool SetPaused(string jobId, bool paused, string? reason, DateTimeOffset now);
}

/// <summary>What a reconcile changed, for the log.</summary>
internal readonly record struct ReconcileResult(bool JobChanged, int TriggersAdded, int TriggersUpdated, int TriggersRemoved)
{
    public bool Changed => JobChanged || TriggersAdded + TriggersUpdated + TriggersRemoved > 0;
}
