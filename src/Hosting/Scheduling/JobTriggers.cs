using Kairos.Host.Catalog;
using Kairos.Host.Storage;

namespace Kairos.Host.Scheduling;

/// <summary>The triggers of one job, changed at run time by the job itself (per-entity triggers).</summary>
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
        var now = time.GetUtcNow();
        var stored = new List<StoredTrigger>(triggers.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            if (trigger is null)
            {
                throw new ArgumentException($"job '{jobId}': trigger {stored.Count} of {triggers.Count} is null", nameof(triggers));
            }
            if (TriggerValidation.Validate(trigger) is { } error)
            {
                throw new ArgumentException($"job '{jobId}': {error}", nameof(triggers));
            }
            if (!keys.Add(trigger.Key))
            {
                throw new ArgumentException($"job '{jobId}': trigger key '{trigger.Key}' appears twice in one upsert; keys must be distinct", nameof(triggers));
            }
            var spec = TriggerNormalizer.Normalize(trigger);
            stored.Add(new StoredTrigger
            {
                Id = StoredTrigger.MakeId(jobId, spec.Key),
                JobId = jobId,
                Spec = spec,
                Origin = TriggerOrigin.Dynamic,
                NextFireUtc = schedule.First(spec, now),
            });
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (stored.Count > 0)
        {
            store.UpsertTriggers(stored);
            signal.Wake();
        }
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var removed = store.RemoveTrigger(jobId, key);
        signal.Wake();
        return Task.FromResult(removed);
    }
}
