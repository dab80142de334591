using Kairos.Host.Operations.Queries;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Scheduling.Triggers;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Control;

/// <summary>
/// Dynamic triggers: added, replaced and removed through the scheduler API, the scheduler woken for them. Each change is
/// written before the call returns (<see cref="ICatalogStore.FlushTriggerChanges"/>): the scheduler API answers the HTTP
/// API and the CLI, whose callers are told it is done.
/// </summary>
internal sealed class TriggerControl(ICatalogStore jobs, JobLookup lookup, SchedulerSignal signal, TriggerSchedule schedule, TimeProvider time)
{
    /// <summary>A new key for a one-shot trigger.</summary>
    public string OnceKey() => "once-" + RunIds.New(time.GetUtcNow());

    public void Upsert(string jobId, IReadOnlyCollection<TriggerSpec> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        lookup.Require(jobId);
        var stored = DynamicTriggers.Prepare(jobId, triggers, schedule, time.GetUtcNow());
        if (stored.Count > 0)
        {
            jobs.UpsertTriggers(stored);
            jobs.FlushTriggerChanges();
            signal.Wake();
        }
    }

    /// <summary>Removes the job's triggers of <paramref name="keys"/>: how many there were.</summary>
    public int Remove(string jobId, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lookup.Require(jobId);
        var removed = keys.Distinct(StringComparer.Ordinal).Count(key => jobs.RemoveTrigger(jobId, key));
        if (removed > 0)
        {
            jobs.FlushTriggerChanges();
            signal.Wake();
        }
        return removed;
    }
}
