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

    /// <summary>
    /// Removes a job in one atomic write: its document, all its triggers (declared and dynamic) and its runs that have
    /// not ended (pending, waiting for a handler, running: the caller checks that none runs); its ended runs, its
    /// history, only when <paramref name="deleteHistory"/>. Null when no such job. A source that declares the job again
    /// later reconciles it back as new.
    /// </summary>
    JobRemoval? RemoveJob(string jobId, bool deleteHistory);
}

/// <summary>What <see cref="IJobStore.RemoveJob"/> deleted besides the job itself.</summary>
internal readonly record struct JobRemoval(int TriggersRemoved, int OpenRunsRemoved, int HistoryRemoved);

/// <summary>What a reconcile changed, for the log.</summary>
internal readonly record struct ReconcileResult(bool JobChanged, int TriggersAdded, int TriggersUpdated, int TriggersRemoved)
{
    public bool Changed => JobChanged || TriggersAdded + TriggersUpdated + TriggersRemoved > 0;
}
