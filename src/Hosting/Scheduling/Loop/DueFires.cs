using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// The loop's claims (<see cref="RunFeed"/>'s first half): the next due instant, read again only when it may have
/// changed, and the fires due within <see cref="KairosOptions.ClaimAhead"/> claimed atomically under the job's policies
/// (<see cref="FirePlanner"/>) and queued in the dispatcher; misfires told to the listeners.
/// </summary>
internal sealed class DueFires(IClaimStore claims, Dispatcher dispatcher, EngineEvents events, IOptions<KairosOptions> options, TriggerSchedule schedule)
{
    private const int ClaimBatch = 512;
    private readonly KairosOptions _options = options.Value;
    private readonly FirePlanner _fires = new(schedule, options.Value.MisfireThreshold, options.Value.MisfireFireAllCap);
    private DateTimeOffset? _due;
    private CatalogSnapshot? _dueFor;

    private string Node => _options.EffectiveNodeId;

    /// <inheritdoc cref="RunFeed.ClaimDue"/>
    public DateTimeOffset ClaimDue(DateTimeOffset now, CatalogSnapshot snapshot, bool stale)
    {
        if (stale || !ReferenceEquals(snapshot, _dueFor))
        {
            _due = EarliestDue(snapshot);
            _dueFor = snapshot;
        }
        if (_due <= now + _options.ClaimAhead)
        {
            Claim(now, snapshot);
            _due = EarliestDue(snapshot);
        }
        return (_due ?? DateTimeOffset.MaxValue) - _options.ClaimAhead;
    }

    /// <inheritdoc cref="RunFeed.Forget"/>
    public void Forget() => _dueFor = null;

    /// <inheritdoc cref="RunFeed.DueBy"/>
    public void DueBy(DateTimeOffset at)
    {
        if (_due is not { } due || at < due)
        {
            _due = at;
        }
    }

    private DateTimeOffset? EarliestDue(CatalogSnapshot snapshot) =>
        snapshot.RunnableJobIds.Count == 0 ? null : claims.GetEarliestDue(snapshot.RunnableJobIds);

    private void Claim(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        if (snapshot.RunnableJobIds.Count == 0)
        {
            return;
        }
        IClaimPlanner planner = new ClaimPlanner(_fires, id => snapshot.Handlers.TryGetValue(id, out var h) ? h.Definition.Policies : null);
        // Only with listeners: the misfired records are kept to be told about once the claim is written.
        var misfires = events.HasListeners ? new MisfireReport(planner) : null;
        planner = misfires ?? planner;
        IReadOnlyList<RunRecord> claimed;
        do
        {
            claimed = claims.ClaimDueFires(new ClaimRequest(now, snapshot.RunnableJobIds, Node, now + _options.LeaseDuration, ClaimBatch, planner)
            {
                Until = now + _options.ClaimAhead,
            });
            foreach (var misfired in misfires?.Take() ?? [])
            {
                events.FireNotRun(misfired);
            }
            dispatcher.Enqueue(claimed);
            if (claimed.Count >= ClaimBatch)
            {
                // More are due: start what is due from this batch before claiming the next, so that with thousands
                // due the first runs start after one batch's claim (the loop dispatches after the last one).
                dispatcher.Dispatch(snapshot);
            }
        }
        while (claimed.Count >= ClaimBatch);
    }
}
