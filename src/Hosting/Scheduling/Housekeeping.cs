using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The loop's chores: this node's leases (<see cref="LeaseKeeper"/>), pauses that ran out, fires waiting for a handler,
/// and pending runs added elsewhere or whose instant came; and, once at start-up, the runs the store's last hosts left
/// running. On a shared store (a cluster) they run once a second: other hosts change it. On an exclusive store (LiteDB:
/// this process holds its lock, and every change goes through it) they run only at the instants they are needed
/// (<see cref="NextAfter"/>), so an idle host does not wake; it has no leases to renew or expire either (at start-up
/// every run still marked running is recovered).
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

    private readonly bool _exclusive = !options.Value.UsesPostgres;

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
        if (!_exclusive && leases.Keep(now))
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
    /// When the chores are next needed after <paramref name="now"/>: a second later on a shared store; on an exclusive
    /// store the earliest of the next pending run's instant (a retry's backoff), the end of a timed pause, and the next
    /// fire of a job no source provides (to record it waiting for its handler); <see cref="DateTimeOffset.MaxValue"/> when
    /// none. The loop asks again whenever the store or the catalog may have changed.
    /// </summary>
    public DateTimeOffset NextAfter(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        if (!_exclusive)
        {
            return now + Period;
        }
        var next = NextPending(now, snapshot) ?? DateTimeOffset.MaxValue;
        foreach (var job in jobs.GetJobs())
        {
            if (job.Paused && job.PausedUntilUtc is { } until && until < next)
            {
                next = until > now ? until : now;
            }
            else if (!job.Held && !snapshot.RunnableJobIds.Contains(job.Id))
            {
                foreach (var trigger in jobs.GetTriggers(job.Id))
                {
                    if (trigger.NextFireUtc is { } fire && fire > now && fire < next)
                    {
                        next = fire;
                    }
                }
            }
        }
        return next;
    }

    /// <summary>
    /// Something changed that the chores may have to act on (a job paused, resumed or loaded, a trigger changed by an
    /// operator): on an exclusive store they run at once; on a shared one at their next tick.
    /// </summary>
    public DateTimeOffset Asked(DateTimeOffset now, DateTimeOffset planned) => _exclusive && now < planned ? now : planned;

    /// <summary>
    /// This host added pending runs (a retry, a chain, a manual trigger), collected at once when due: on an exclusive
    /// store the chores run at the instant of the next one still waiting for its instant.
    /// </summary>
    public DateTimeOffset PendingAdded(DateTimeOffset now, CatalogSnapshot snapshot, DateTimeOffset planned) =>
        _exclusive && NextPending(now, snapshot) is { } next && next < planned ? next : planned;

    /// <summary>
    /// When pending runs are next to be read: at the next one's instant, or a second from now while more are due than
    /// the last read took (a page of them: the rest wait for the ready queue to run short, as on a shared store).
    /// </summary>
    private DateTimeOffset? NextPending(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        var next = feed.NextPendingAfter(now, snapshot);
        return feed.MayHaveMorePending && (next is null || next > now + Period) ? now + Period : next;
    }

    /// <summary>
    /// Triggers were added whose earliest first fire is <paramref name="at"/>: on an exclusive store the chores run then
    /// at the latest (one may belong to a job no source provides).
    /// </summary>
    public DateTimeOffset TriggersAdded(DateTimeOffset at, DateTimeOffset planned) =>
        _exclusive && at < planned ? at : planned;

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
