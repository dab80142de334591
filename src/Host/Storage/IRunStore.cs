namespace Kairos.Host.Storage;

/// <summary>
/// Run records and the operations that move them. Every method that changes more than one document does it
/// atomically: no code path can run a fire twice or lose one.
/// </summary>
internal interface IRunStore
{
    /// <summary>
    /// True when no other node can use this store while this process holds it (LiteDB's lock file): at start-up
    /// every run still marked running is then known to be abandoned, whatever its lease says.
    /// </summary>
    bool IsExclusive { get; }

    /// <summary>
    /// Claims every due fire of unpaused jobs in <see cref="ClaimRequest.RunnableJobIds"/>: in one atomic step each
    /// due trigger is advanced past now and its run records are written (<c>pending</c> for fires to run, owned by
    /// the claiming node under a lease; <c>misfired</c> for dropped ones). Returns the pending runs created.
    /// </summary>
    IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request);

    /// <summary>Pending runs this node may start now (its own, or ones released by a dead node), oldest first.</summary>
    IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max);

    /// <summary>
    /// Starts a pending run if fewer than <paramref name="limit"/> runs with its concurrency key are running;
    /// sets it <c>running</c> with a new fence and lease. Atomic.
    /// </summary>
    StartResult TryStart(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, out RunRecord? started);

    /// <summary>
    /// <see cref="TryStart"/> for several runs; a store may do them in one transaction (group commit). Runs later in
    /// the list see the starts of earlier ones, so limits per concurrency key hold within the batch.
    /// </summary>
    IReadOnlyList<(StartResult Result, RunRecord? Started)> TryStartMany(IReadOnlyList<StartRequest> requests, string node, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        var results = new List<(StartResult, RunRecord?)>(requests.Count);
        foreach (var request in requests)
        {
            var result = TryStart(request.RunId, node, request.Version, now, leaseUntil, request.Limit, out var started);
            results.Add((result, started));
        }
        return results;
    }

    /// <summary><see cref="Complete"/> for several runs; a store may write them in one transaction (group commit).</summary>
    IReadOnlyList<bool> CompleteMany(IReadOnlyList<RunRecord> records) => records.Select(Complete).ToList();

    /// <summary>
    /// Writes starts and outcomes in order, in one transaction where the store can (group commit); true for each change
    /// written. A start is written only while the stored run is still pending with the fence before the start's, an
    /// outcome only with its run's current fence. Only an exclusive store records starts behind the job: a shared one
    /// must check the limits of a concurrency key across nodes before the job starts (<see cref="TryStartMany"/>).
    /// An outcome's <see cref="RunWrite.Next"/> (a retry) is inserted with it, in its transaction, when it is written.
    /// </summary>
    IReadOnlyList<bool> WriteMany(IReadOnlyList<RunWrite> writes);

    /// <summary>Running runs with this concurrency key (for <see cref="OverlapPolicy.Replace"/>).</summary>
    IReadOnlyList<RunRecord> GetRunning(string concurrencyKey);

    /// <summary>
    /// Asks the owners of the running runs with this concurrency key on nodes other than <paramref name="node"/> to stop
    /// them (overlap policy Replace across hosts): marks each run whose cancellation was not requested yet and returns
    /// those. The owner learns it from <see cref="GetCancellationRequests"/>.
    /// </summary>
    IReadOnlyList<RunRecord> RequestCancellation(string concurrencyKey, string node, DateTimeOffset now);

    /// <summary>Of <paramref name="runIds"/>, the runs still running on <paramref name="node"/> whose cancellation another node requested.</summary>
    IReadOnlyList<string> GetCancellationRequests(string node, IReadOnlyCollection<string> runIds);

    /// <summary>Writes a run's outcome if <paramref name="record"/>'s fence is still the current one; false if a newer claim owns it.</summary>
    bool Complete(RunRecord record);

    /// <summary>Inserts records that need no claim (skipped, retry, manual trigger, recovery re-run).</summary>
    void Insert(IReadOnlyList<RunRecord> records);

    /// <summary>Extends the lease of the node's running and pending runs.</summary>
    void RenewLeases(string node, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil);

    /// <summary>
    /// Marks running runs whose lease expired before <paramref name="now"/> as <c>interrupted</c> and releases
    /// pending runs of dead nodes, counting a host death on each (<see cref="RunRecord.HostDeaths"/>: a pending run's
    /// start may have been on its way to the store); returns the interrupted runs. For each interrupted run,
    /// <paramref name="recover"/> (the job's recovery policy; none: no re-run) decides its next attempt, which is
    /// inserted in the same transaction: a process that dies at any instant leaves either the run open (expired again at
    /// the next start) or both the interrupted record and its re-run written, never an interrupted run whose re-run
    /// was lost.
    /// </summary>
    IReadOnlyList<RunRecord> ExpireLeases(DateTimeOffset now, Func<RunRecord, RecoveryDecision>? recover = null);

    /// <summary>
    /// Releases the pending runs <paramref name="node"/> claimed (ahead of their instant) but did not start: they lose
    /// their owner and lease, so any node may start them at once. Called by a node that is shutting down, after its
    /// last run was recorded. Returns how many were released.
    /// </summary>
    int ReleasePending(string node);

    /// <summary>Records <c>waiting-for-handler</c> for due fires of jobs no source provides (once per fire).</summary>
    int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now);

    RunRecord? GetRun(string runId);

    IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit);

    /// <summary>Deletes terminal records beyond the per-job count or older than the age. Returns how many.</summary>
    int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now);
}

/// <summary>
/// One run to start: its id, the version that will run it, and the limit of its concurrency key
/// (<see cref="Unchecked"/>: the caller has checked it).
/// </summary>
internal readonly record struct StartRequest(string RunId, string Version, int Limit)
{
    /// <summary>No limit for the store to check: on an exclusive store the dispatcher counts its own runs.</summary>
    public const int Unchecked = int.MaxValue;
}

internal enum StartResult
{
    Started,
    Busy,
    Gone,
}
