namespace Kairos.Host.Storage.Runs;

/// <summary>
/// Run recording: starts, outcomes and records that need no claim. A start or an outcome is written only with the
/// run's current fence, so a node that lost a run cannot overwrite what its new owner wrote.
/// </summary>
internal interface IRunRecorder
{
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

    /// <summary>
    /// Writes starts and outcomes in order, in one transaction where the store can (group commit); true for each change
    /// written. A start is written only while the stored run is still pending with the fence before the start's, an
    /// outcome only with its run's current fence. Only an exclusive store records starts behind the job: a shared one
    /// must check the limits of a concurrency key across nodes before the job starts (<see cref="TryStartMany"/>).
    /// An outcome's <see cref="RunWrite.Next"/> (a retry) and <see cref="RunWrite.Chained"/> runs are inserted with it, in
    /// its transaction, when it is written.
    /// </summary>
    IReadOnlyList<bool> WriteMany(IReadOnlyList<RunWrite> writes);

    /// <summary>Writes a run's outcome if <paramref name="record"/>'s fence is still the current one; false if a newer claim owns it.</summary>
    bool Complete(RunRecord record);

    /// <summary><see cref="Complete"/> for several runs; a store may write them in one transaction (group commit).</summary>
    IReadOnlyList<bool> CompleteMany(IReadOnlyList<RunRecord> records) => records.Select(Complete).ToList();

    /// <summary>Inserts records that need no claim (skipped, retry, manual trigger, recovery re-run).</summary>
    void Insert(IReadOnlyList<RunRecord> records);
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
