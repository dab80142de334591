using Kairos.Host.Catalog;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;

namespace Kairos.Host.Execution;

/// <summary>The triggers of one job, changed at run time by the job itself (per-entity triggers).</summary>
internal sealed class JobTriggers(string jobId, ITriggerStore store, TriggerSchedule schedule, TimeProvider time, SchedulerSignal signal) : IJobTriggers
{
    public Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TriggerSpec>>(store.GetTriggers(jobId).Select(t => t.Spec).ToList());

    public Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (TriggerValidation.Validate(trigger) is { } error)
        {
            throw new ArgumentException($"job '{jobId}': {error}", nameof(trigger));
        }
        var now = time.GetUtcNow();
        var spec = TriggerNormalizer.Normalize(trigger);
        store.UpsertTrigger(new StoredTrigger
        {
            Id = StoredTrigger.MakeId(jobId, spec.Key),
            JobId = jobId,
            Spec = spec,
            Origin = TriggerOrigin.Dynamic,
            NextFireUtc = schedule.First(spec, now),
        });
        signal.Wake();
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var removed = store.RemoveTrigger(jobId, key);
        signal.Wake();
        return Task.FromResult(removed);
    }
}
