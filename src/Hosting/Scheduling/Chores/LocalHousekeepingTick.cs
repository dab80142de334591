using Kairos.Host.Catalog;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// The chores on an exclusive store (LiteDB: this process holds its lock, and every change goes through it): only at
/// the instants they are needed, so an idle host does not wake. It has no leases to renew or expire (at start-up every
/// run still marked running is recovered).
/// </summary>
internal sealed class LocalHousekeepingTick(RunFeed feed, ICatalogStore jobs) : IHousekeepingTick
{
    public bool KeepLeases(DateTimeOffset now) => false;

    /// <summary>
    /// The earliest of the next pending run's instant (a retry's backoff), the end of a timed pause, and the next fire
    /// of a job no source provides (to record it waiting for its handler).
    /// </summary>
    public DateTimeOffset NextAfter(DateTimeOffset now, CatalogSnapshot snapshot)
    {
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

    /// <summary>At once.</summary>
    public DateTimeOffset Asked(DateTimeOffset now, DateTimeOffset planned) => now < planned ? now : planned;

    /// <summary>At the instant of the next pending run still waiting for its instant.</summary>
    public DateTimeOffset PendingAdded(DateTimeOffset now, CatalogSnapshot snapshot, DateTimeOffset planned) =>
        NextPending(now, snapshot) is { } next && next < planned ? next : planned;

    /// <summary>Then at the latest (one may belong to a job no source provides).</summary>
    public DateTimeOffset TriggersAdded(DateTimeOffset at, DateTimeOffset planned) => at < planned ? at : planned;

    /// <summary>
    /// When pending runs are next to be read: at the next one's instant, or a second from now while more are due than
    /// the last read took (a page of them: the rest wait for the ready queue to run short, as on a shared store).
    /// </summary>
    private DateTimeOffset? NextPending(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        var next = feed.NextPendingAfter(now, snapshot);
        return feed.MayHaveMorePending && (next is null || next > now + Housekeeping.Period) ? now + Housekeeping.Period : next;
    }
}
