using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Claims;

/// <summary>
/// Claims: the scheduler loop's side of the store. Due fires become pending runs owned by the claiming node, in one
/// atomic step per trigger, so no fire runs twice or is lost; pending runs added outside a claim are taken up; fires of
/// jobs no host can run are recorded as waiting for a handler.
/// </summary>
internal interface IClaimStore
{
    /// <summary>
    /// Claims every due fire of unpaused jobs in <see cref="ClaimRequest.RunnableJobIds"/>: in one atomic step each
    /// due trigger is planned (<see cref="ClaimRequest.Planner"/>), advanced past now, and its run records are written
    /// (<c>pending</c> for fires to run, owned by the claiming node under a lease; <c>misfired</c> for dropped ones).
    /// Returns the pending runs created.
    /// </summary>
    IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request);

    /// <summary>The earliest next fire among triggers of unpaused jobs this host can run, or null when none.</summary>
    DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds);

    /// <summary>Pending runs this node may start now (its own, or ones released by a dead node), oldest first.</summary>
    IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max);

    /// <summary>
    /// The earliest instant after <paramref name="after"/> at which a pending run this node may start (its own, or one
    /// no node owns) becomes due, or null when none: a retry waiting for its backoff. Lets an exclusive host sleep until
    /// then instead of reading the pending runs every second.
    /// </summary>
    DateTimeOffset? GetNextPending(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset after);

    /// <summary>Records <c>waiting-for-handler</c> for due fires of jobs no source provides (once per fire).</summary>
    int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now);
}
