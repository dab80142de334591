using Kairos.Host.Execution.Running;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Triggers;

/// <summary>Gives each run its job's <see cref="JobTriggers"/>: trigger changes are normalized, scheduled and wake the loop here.</summary>
internal sealed class JobTriggersFactory(ICatalogStore store, TriggerSchedule schedule, TimeProvider time, SchedulerSignal signal) : IJobTriggersFactory
{
    public IJobTriggers For(string jobId) => new JobTriggers(jobId, store, schedule, time, signal);
}
