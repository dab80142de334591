using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Scheduling.Loop;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// The loop's chores: this node's leases, pauses that ran out (<see cref="PauseExpiry"/>), fires waiting for a handler,
/// and pending runs added elsewhere or whose instant came; and, once at start-up, the runs the store's last hosts left
/// running. When they run, and whether there are leases to keep, is the store kind's <see cref="IHousekeepingTick"/>:
/// once a second on a shared store (other hosts change it), only at the instants they are needed on an exclusive one.
/// </summary>
internal sealed class Housekeeping(IHousekeepingTick tick, LeaseKeeper leases, RunFeed feed, SchedulerSignal signal, PauseExpiry pauses)
{
    /// <summary>The tick on a shared store; a chore postponed for runs about to start waits at most this long.</summary>
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
        if (tick.KeepLeases(now))
        {
            signal.PendingAdded();
        }
        pauses.ResumeExpired(now);
        feed.MarkWaitingForHandler(now, snapshot);
        // Runs added elsewhere (another host's retry or recovery) are picked up here; while plenty are queued the
        // read of every pending run can wait (a signal still brings this host's own additions at once).
        if (signal.TakePendingAdded() || feed.ReadyIsShort)
        {
            feed.CollectPending(snapshot);
        }
    }

    /// <inheritdoc cref="IHousekeepingTick.NextAfter"/>
    public DateTimeOffset NextAfter(DateTimeOffset now, CatalogSnapshot snapshot) => tick.NextAfter(now, snapshot);

    /// <inheritdoc cref="IHousekeepingTick.Asked"/>
    public DateTimeOffset Asked(DateTimeOffset now, DateTimeOffset planned) => tick.Asked(now, planned);

    /// <inheritdoc cref="IHousekeepingTick.PendingAdded"/>
    public DateTimeOffset PendingAdded(DateTimeOffset now, CatalogSnapshot snapshot, DateTimeOffset planned) =>
        tick.PendingAdded(now, snapshot, planned);

    /// <inheritdoc cref="IHousekeepingTick.TriggersAdded"/>
    public DateTimeOffset TriggersAdded(DateTimeOffset at, DateTimeOffset planned) => tick.TriggersAdded(at, planned);
}
