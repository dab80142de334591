using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// A chore of the loop (<see cref="Housekeeping"/>): resumes the jobs whose timed pause ran out (on a cluster, each by
/// one host only: the one the store gives its id), tells the listeners, and has the loop read the next due instant again.
/// </summary>
internal sealed class PauseExpiry(ICatalogStore jobs, IEventSink events, SchedulerSignal signal, IOptions<KairosOptions> options)
{
    /// <summary>Who resumes a job whose pause ran out, as <see cref="JobResumedEvent.By"/> names it.</summary>
    public const string By = "pause-expired";

    public void ResumeExpired(DateTimeOffset now)
    {
        var resumed = jobs.ResumeExpired(now);
        if (resumed.Count == 0)
        {
            return;
        }
        foreach (var jobId in resumed)
        {
            events.Publish(new JobResumedEvent { JobId = jobId, OccurredUtc = now, Node = options.Value.EffectiveNodeId, By = By });
        }
        signal.Wake();
    }
}
