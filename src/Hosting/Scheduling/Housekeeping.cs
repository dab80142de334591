using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The loop's chores once a second: this node's leases (<see cref="LeaseKeeper"/>), pauses that ran out, fires waiting
/// for a handler, and pending runs added elsewhere; and, once at start-up, the runs the store's last hosts left running.
/// </summary>
internal sealed class Housekeeping(
    LeaseKeeper leases,
    RunFeed feed,
    SchedulerSignal signal,
    ICatalogStore jobs,
    IEventSink events,
    IOptions<KairosOptions> options)
{
    /// <summary>Who resumes a job whose pause ran out, as <see cref="JobResumedEvent.By"/> names it.</summary>
    public const string PauseExpired = "pause-expired";

    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Records interrupted the runs the store's last hosts left running, with their re-runs.</summary>
    public void RecoverAtStart(DateTimeOffset now)
    {
        if (leases.RecoverAtStart(now))
        {
            signal.PendingAdded();
        }
    }

    public void Run(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        if (leases.Keep(now))
        {
            signal.PendingAdded();
        }
        ResumeExpiredPauses(now);
        feed.MarkWaitingForHandler(now, snapshot);
        // Runs added elsewhere (another host's retry or recovery) are picked up here; while plenty are queued the
        // read of every pending run can wait (a signal still brings this host's own additions at once).
        if (signal.TakePendingAdded() || feed.ReadyIsShort)
        {
            feed.CollectPending(snapshot);
        }
    }

    /// <summary>
    /// Resumes the jobs whose pause ran out (on a cluster, each by one host only: the one the store gives its id), tells
    /// the listeners, and has the loop read the next due instant again.
    /// </summary>
    private void ResumeExpiredPauses(DateTimeOffset now)
    {
        var resumed = jobs.ResumeExpired(now);
        if (resumed.Count == 0)
        {
            return;
        }
        foreach (var jobId in resumed)
        {
            events.Publish(new JobResumedEvent { JobId = jobId, OccurredUtc = now, Node = options.Value.EffectiveNodeId, By = PauseExpired });
        }
        signal.Wake();
    }
}
