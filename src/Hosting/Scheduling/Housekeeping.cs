using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The loop's chores once a second: this node's leases (<see cref="LeaseKeeper"/>), fires waiting for a handler, and
/// pending runs added elsewhere; and, once at start-up, the runs the store's last hosts left running.
/// </summary>
internal sealed class Housekeeping(LeaseKeeper leases, RunFeed feed, SchedulerSignal signal)
{
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
        feed.MarkWaitingForHandler(now, snapshot);
        // Runs added elsewhere (another host's retry or recovery) are picked up here; while plenty are queued the
        // read of every pending run can wait (a signal still brings this host's own additions at once).
        if (signal.TakePendingAdded() || feed.ReadyIsShort)
        {
            feed.CollectPending(now, snapshot);
        }
    }
}
