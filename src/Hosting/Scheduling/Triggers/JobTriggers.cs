using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Triggers;

/// <summary>
/// The triggers of one job, changed at run time by the job itself (per-entity triggers). A change is validated here,
/// before the call returns; a store may write it behind (LiteDB: within <c>Kairos:TriggerWriteWindow</c>, before any
/// read), so the call costs no transaction.
/// </summary>
internal sealed class JobTriggers(string jobId, ICatalogStore store, TriggerSchedule schedule, TimeProvider time, SchedulerSignal signal) : IJobTriggers
{
    public Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TriggerSpec>>(store.GetTriggers(jobId).Select(t => t.Spec).ToList());

    public Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return UpsertManyAsync([trigger], cancellationToken);
    }

    public Task UpsertManyAsync(IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var stored = DynamicTriggers.Prepare(jobId, triggers, schedule, time.GetUtcNow());
        cancellationToken.ThrowIfCancellationRequested();
        if (stored.Count > 0)
        {
            store.UpsertTriggers(stored);
            // The loop learns the earliest first fire, and is woken only when it sleeps past it.
            signal.TriggersAdded(Earliest(stored));
        }
        return Task.CompletedTask;
    }

    private static DateTimeOffset? Earliest(List<StoredTrigger> triggers)
    {
        DateTimeOffset? earliest = null;
        foreach (var trigger in triggers)
        {
            if (trigger.NextFireUtc is { } next && (earliest is null || next < earliest))
            {
                earliest = next;
            }
        }
        return earliest;
    }

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var removed = store.RemoveTrigger(jobId, key);
        signal.Wake();
        return Task.FromResult(removed);
    }
}
