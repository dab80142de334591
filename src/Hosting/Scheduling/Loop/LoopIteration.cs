using Kairos.Host.Catalog;
using Kairos.Host.Scheduling.Chores;
using Kairos.Host.Watchdog;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// What one iteration of the scheduler loop (<see cref="SchedulerLoop"/>) does, and when the next is due: keeps house
/// when needed (<see cref="Housekeeping"/>: once a second on a shared store, at the instants its chores are due on an
/// exclusive one), claims due fires (<see cref="RunFeed"/>) and has the dispatcher start them. Called by the loop's
/// thread only.
/// </summary>
internal sealed class LoopIteration(
    RunFeed feed,
    Housekeeping housekeeping,
    JobCatalog catalog,
    SchedulerSignal signal,
    SchedulerProgress? progress = null)
{
    private static readonly TimeSpan HousekeepingClearance = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest the loop sleeps when nothing is due (it then finds nothing to do and sleeps again).</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    private DateTimeOffset _nextHousekeeping = DateTimeOffset.MinValue;
    private CatalogSnapshot? _planned;

    /// <summary>Before the first iteration: the runs the store's last hosts left running.</summary>
    public void Prepare(DateTimeOffset now) => housekeeping.RecoverAtStart(now);

    /// <summary>Runs one iteration begun at <paramref name="now"/>; returns when the next is due.</summary>
    public DateTimeOffset Run(DateTimeOffset now)
    {
        var snapshot = catalog.Current;
        var stale = signal.TakeChanged();
        if (signal.TakeChoresAsked() || !ReferenceEquals(snapshot, _planned))
        {
            _nextHousekeeping = housekeeping.Asked(now, _nextHousekeeping);
            _planned = snapshot;
        }
        if (signal.TakeEarliestAdded() is { } added)
        {
            feed.DueBy(added);
            _nextHousekeeping = housekeeping.TriggersAdded(added, _nextHousekeeping);
        }
        // Housekeeping waits (up to a period) while claimed runs are about to start: it would hold this thread
        // past their instant.
        var postponed = now >= _nextHousekeeping && now < _nextHousekeeping + Housekeeping.Period
            && feed.NextInstantAfter(now) < now + HousekeepingClearance;
        if (now >= _nextHousekeeping && !postponed)
        {
            progress?.Loop.Step("housekeeping");
            housekeeping.Run(now, snapshot);
            _nextHousekeeping = housekeeping.NextAfter(now, snapshot);
            stale = true;
        }
        else if (signal.TakePendingAdded())
        {
            progress?.Loop.Step("collecting pending runs");
            feed.CollectPending(snapshot);
            _nextHousekeeping = housekeeping.PendingAdded(now, snapshot, _nextHousekeeping);
        }
        progress?.Loop.Step("claiming due fires");
        var claimAt = feed.ClaimDue(now, snapshot, stale);
        progress?.Loop.Step("dispatching");
        feed.Dispatch(snapshot);
        return Min(Min(claimAt, feed.NextQueuedInstant() ?? DateTimeOffset.MaxValue),
            Min(postponed ? DateTimeOffset.MaxValue : _nextHousekeeping, now + LongestSleep));
    }

    /// <summary>An iteration failed: the next due instant is read again at the next claim.</summary>
    public void Forget() => feed.Forget();

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
