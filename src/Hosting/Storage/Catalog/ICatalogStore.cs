namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// The stored catalog: job documents (declarations reconciled from sources, and pause state) and their triggers
/// (declared ones reconciled with the job, dynamic ones added and removed at run time).
/// </summary>
internal interface ICatalogStore
{
    /// <summary>
    /// Reconciles one declared job (<see cref="ReconcilePlan"/>): the job document is inserted or updated (its pause
    /// state kept); each declared trigger is inserted when new, updated when its description changed, and left alone
    /// when equal; declared triggers no longer declared are removed. Dynamic triggers and run history are never touched.
    /// </summary>
    ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers);

    IReadOnlyList<StoredJob> GetJobs();

    StoredJob? GetJob(string jobId);

    /// <summary>Pauses a job (<paramref name="pause"/> set) or resumes it (null); false when no such job.</summary>
    bool SetPaused(string jobId, JobPause? pause, DateTimeOffset now);

    /// <summary>
    /// Switches a job off by an operator (<paramref name="disable"/> set) or back on (null), apart from configuration's
    /// <see cref="StoredJob.DisabledReason"/>, which this leaves alone; false when no such job.
    /// </summary>
    bool SetDisabled(string jobId, JobDisable? disable, DateTimeOffset now);

    /// <summary>
    /// Resumes, in one atomic write, every job whose pause ends at or before <paramref name="now"/>
    /// (<see cref="StoredJob.PausedUntilUtc"/>); returns their ids. On a shared store, of hosts that call it together, each
    /// job is resumed by exactly one, which gets its id.
    /// </summary>
    IReadOnlyList<string> ResumeExpired(DateTimeOffset now);

    /// <summary>
    /// Removes a job in one atomic write: its document, all its triggers (declared and dynamic) and its runs that have
    /// not ended (pending, waiting for a handler, running: the caller checks that none runs); its ended runs, its
    /// history, only when <paramref name="deleteHistory"/>. Null when no such job. A source that declares the job again
    /// later reconciles it back as new.
    /// </summary>
    JobRemoval? RemoveJob(string jobId, bool deleteHistory);

    IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null);

    /// <summary>
    /// Adds or replaces triggers in one atomic write; a trigger whose schedule is unchanged keeps its next fire time.
    /// Ids must be distinct. A store may write it behind (LiteDB, <c>TriggerWriteBehind</c>): accepted now, written with
    /// other changes soon after and before any read or other write of triggers and runs this store serves, so every
    /// reader sees it; <see cref="FlushTriggerChanges"/> makes it durable now.
    /// </summary>
    void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers);

    /// <summary>Adds or replaces one trigger (<see cref="UpsertTriggers"/>).</summary>
    void UpsertTrigger(StoredTrigger trigger);

    /// <summary>Removes a trigger (written behind like <see cref="UpsertTriggers"/>); false when there was none.</summary>
    bool RemoveTrigger(string jobId, string key);

    /// <summary>
    /// Writes the trigger changes accepted and not yet written, and throws when that write fails: a caller that answers
    /// someone outside the process (the scheduler API, the HTTP API, the CLI) calls it before answering. Nothing to do
    /// for a store that writes every change before its call returns.
    /// </summary>
    void FlushTriggerChanges();
}

/// <summary>What <see cref="ICatalogStore.RemoveJob"/> deleted besides the job itself.</summary>
internal readonly record struct JobRemoval(int TriggersRemoved, int OpenRunsRemoved, int HistoryRemoved);

/// <summary>What a reconcile changed, for the log.</summary>
internal readonly record struct ReconcileResult(bool JobChanged, int TriggersAdded, int TriggersUpdated, int TriggersRemoved)
{
    public bool Changed => JobChanged || TriggersAdded + TriggersUpdated + TriggersRemoved > 0;
}
