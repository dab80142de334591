using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Claims;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// What the loop takes from the store and hands to the dispatcher: the next due instant and the due fires claimed
/// atomically (<see cref="DueFires"/>), the pending runs added elsewhere, and the marks of fires waiting for a handler.
/// </summary>
internal sealed class RunFeed(DueFires due, IClaimStore claims, Dispatcher dispatcher, IOptions<KairosOptions> options, TimeProvider time)
{
    private readonly KairosOptions _options = options.Value;

    private string Node => _options.EffectiveNodeId;

    /// <summary>True while fewer claimed runs are queued than the read of every pending run is worth waiting for.</summary>
    public bool ReadyIsShort => dispatcher.ReadyCount < 4 * _options.EffectiveMaxConcurrency;

    /// <summary>
    /// Claims the fires due within <see cref="KairosOptions.ClaimAhead"/> and returns when to claim next. The next due
    /// instant is read again only when it may have changed: <paramref name="stale"/> (a trigger or job changed, or the
    /// housekeeping tick for another host's changes), the catalog changed, or a claim advanced triggers. A wake-up
    /// for a freed slot reads nothing.
    /// </summary>
    public DateTimeOffset ClaimDue(DateTimeOffset now, CatalogSnapshot snapshot, bool stale) => due.ClaimDue(now, snapshot, stale);

    /// <summary>The next due instant is read again at the next claim (after a failed iteration).</summary>
    public void Forget() => due.Forget();

    /// <summary>
    /// Triggers were added whose earliest first fire is <paramref name="at"/>: a fire is due no later than that (read
    /// again after the claim then, in case the trigger's job is held).
    /// </summary>
    public void DueBy(DateTimeOffset at) => due.DueBy(at);

    /// <summary>
    /// True when the last read of pending runs filled its page: more due ones may wait in the store for the ready queue
    /// to run short (<see cref="ReadyIsShort"/>).
    /// </summary>
    public bool MayHaveMorePending { get; private set; }

    /// <summary>
    /// The instant of the earliest pending run this node may start that becomes due after <paramref name="now"/> (a
    /// retry after its backoff), or null.
    /// </summary>
    public DateTimeOffset? NextPendingAfter(DateTimeOffset now, CatalogSnapshot snapshot) =>
        snapshot.RunnableJobIds.Count == 0 ? null : claims.GetNextPending(Node, snapshot.RunnableJobIds, now);

    /// <summary>
    /// Adds pending runs that did not come from this loop's claims (manual, retries, recovered, adopted). The clock is
    /// read here, after the caller took the pending-added flag, never earlier: a run is inserted before the flag is
    /// raised, with a start no later than the clock then, so the read sees every run whose flag it took. (With the
    /// iteration's own earlier reading, a run triggered meanwhile was not yet due for the read while its flag was spent,
    /// and it waited for the next housekeeping tick.)
    /// </summary>
    public void CollectPending(CatalogSnapshot snapshot)
    {
        var now = time.GetUtcNow();
        var max = 4 * _options.EffectiveMaxConcurrency;
        dispatcher.EnqueuePending(() =>
        {
            var pending = claims.GetPendingRuns(Node, snapshot.RunnableJobIds, now, now + _options.LeaseDuration, max);
            MayHaveMorePending = pending.Count >= max;
            return pending;
        });
    }

    /// <summary>Records <c>waiting-for-handler</c> for due fires of jobs no source provides.</summary>
    public void MarkWaitingForHandler(DateTimeOffset now, CatalogSnapshot snapshot) => claims.MarkWaitingForHandler(snapshot.RunnableJobIds, now);

    /// <inheritdoc cref="Dispatcher.Dispatch"/>
    public void Dispatch(CatalogSnapshot snapshot) => dispatcher.Dispatch(snapshot);

    /// <inheritdoc cref="Dispatcher.NextInstantAfter"/>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now) => dispatcher.NextInstantAfter(now);

    /// <summary>The instant of the earliest queued run claimed ahead of the clock now (read after a dispatch).</summary>
    public DateTimeOffset? NextQueuedInstant() => dispatcher.NextInstantAfter(time.GetUtcNow());
}
