using Kairos.Host.Catalog;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The scheduler loop: claims due fires (<see cref="RunFeed"/>), has the dispatcher start them, keeps house when
/// needed (<see cref="Housekeeping"/>: once a second on a shared store, at the instants its chores are due on an
/// exclusive one), and sleeps until the next fire, the next claimed instant, the next chore or a wake-up.
/// </summary>
internal sealed partial class SchedulerLoop(
    RunFeed feed,
    Housekeeping housekeeping,
    JobCatalog catalog,
    SchedulerSignal signal,
    TimeProvider time,
    ILogger<SchedulerLoop> logger,
    SchedulerProgress? progress = null) : IDisposable
{
    private static readonly TimeSpan HousekeepingClearance = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest the loop sleeps when nothing is due (it then finds nothing to do and sleeps again).</summary>
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated;

    /// <summary>Before the first iteration: the runs the store's last hosts left running.</summary>
    public void Prepare() => housekeeping.RecoverAtStart(time.GetUtcNow());

    /// <summary>
    /// Runs the loop on a thread of its own, never the pool's: it calls the store synchronously and waits for instants
    /// with OS timed waits, so neither its calls nor busy jobs can delay its wake-ups (a starved pool adds threads
    /// only about one a second).
    /// </summary>
    public void Start()
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = ended.Task;
        var token = _stopping.Token;
        var thread = new Thread(() =>
        {
            try
            {
                Loop(token);
                ended.SetResult();
            }
            catch (Exception e)
            {
                ended.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Kairos scheduler loop",
        };
        thread.Start();
    }

    /// <summary>Ends the loop after its current iteration.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        signal.Wake();
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void Loop(CancellationToken stop)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        CatalogSnapshot? planned = null;
        while (!stop.IsCancellationRequested)
        {
            var wake = signal.Next();
            var now = time.GetUtcNow();
            var wakeAt = now + Housekeeping.Period;
            try
            {
                var snapshot = catalog.Current;
                var stale = signal.TakeChanged();
                if (signal.TakeChoresAsked() || !ReferenceEquals(snapshot, planned))
                {
                    nextHousekeeping = housekeeping.Asked(now, nextHousekeeping);
                    planned = snapshot;
                }
                if (signal.TakeEarliestAdded() is { } added)
                {
                    feed.DueBy(added);
                    nextHousekeeping = housekeeping.TriggersAdded(added, nextHousekeeping);
                }
                // Housekeeping waits (up to a period) while claimed runs are about to start: it would hold this thread
                // past their instant.
                var postponed = now >= nextHousekeeping && now < nextHousekeeping + Housekeeping.Period
                    && feed.NextInstantAfter(now) < now + HousekeepingClearance;
                if (now >= nextHousekeeping && !postponed)
                {
                    progress?.Loop.Step("housekeeping");
                    housekeeping.Run(now, snapshot);
                    nextHousekeeping = housekeeping.NextAfter(now, snapshot);
                    stale = true;
                }
                else if (signal.TakePendingAdded())
                {
                    progress?.Loop.Step("collecting pending runs");
                    feed.CollectPending(snapshot);
                    nextHousekeeping = housekeeping.PendingAdded(now, snapshot, nextHousekeeping);
                }
                progress?.Loop.Step("claiming due fires");
                var claimAt = feed.ClaimDue(now, snapshot, stale);
                progress?.Loop.Step("dispatching");
                feed.Dispatch(snapshot);
                wakeAt = Min(Min(claimAt, feed.NextInstantAfter(time.GetUtcNow()) ?? DateTimeOffset.MaxValue),
                    Min(postponed ? DateTimeOffset.MaxValue : nextHousekeeping, now + LongestSleep));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogLoopError(logger, e);
                feed.Forget();
            }
            Iterated?.Invoke();
            var delay = wakeAt - time.GetUtcNow();
            // A wait counts as progress until its instant; a loop that oversleeps it (a starved pool) is stalled.
            progress?.Loop.Waiting(delay > TimeSpan.Zero ? wakeAt : time.GetUtcNow());
            // Triggers added since this iteration began and due before the wake-up: no sleep, another iteration.
            if (delay > TimeSpan.Zero && signal.WillSleepUntil(wakeAt))
            {
                PreciseWait.Until(wake, wakeAt, time, stop);
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Scheduler loop iteration failed; retrying in a second")]
    private static partial void LogLoopError(ILogger logger, Exception error);
}
