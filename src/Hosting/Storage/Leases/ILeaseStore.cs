using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Leases;

/// <summary>
/// Leases and cancellation: a node keeps its runs alive by renewing their leases; runs whose lease expired are
/// interrupted (and recovered) by any node; a node shutting down releases what it claimed; a node asks another to stop
/// a run (overlap policy Replace across hosts).
/// </summary>
internal interface ILeaseStore
{
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

    /// <summary>Running runs with this concurrency key (for <see cref="OverlapPolicy.Replace"/>).</summary>
    IReadOnlyList<RunRecord> GetRunning(string concurrencyKey);

    /// <summary>
    /// Asks the owners of the running runs with this concurrency key on nodes other than <paramref name="node"/> to stop
    /// them (overlap policy Replace across hosts): marks each run whose cancellation was not requested yet and returns
    /// those. The owner learns it from <see cref="GetCancellationRequests"/>.
    /// </summary>
    IReadOnlyList<RunRecord> RequestCancellation(string concurrencyKey, string node, DateTimeOffset now);

    /// <summary>
    /// Asks the owner of the running run <paramref name="runId"/> to stop it, for the operator <paramref name="by"/>
    /// (<c>kairos cancel</c> on another node): marks it (a request already made is kept, its asker too) and returns it
    /// as stored; null when no run has this id or it is not running. The owner learns it from <see cref="GetCancellationRequests"/>.
    /// </summary>
    RunRecord? RequestRunCancellation(string runId, string by, DateTimeOffset now);

    /// <summary>
    /// Of <paramref name="runIds"/>, the runs still running on <paramref name="node"/> whose cancellation was requested
    /// (by another node, or by an operator: <see cref="CancellationRequest.By"/>).
    /// </summary>
    IReadOnlyList<CancellationRequest> GetCancellationRequests(string node, IReadOnlyCollection<string> runIds);
}
