using Kairos.Host.Catalog;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The scheduler loop: claims due fires (<see cref="RunFeed"/>), has the dispatcher start them, keeps house once a
/// second (<see cref="Housekeeping"/>), and sleeps until the next fire, the next claimed instant or a wake-up.
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
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated;

    /// <summary>Before the first iteration: the runs the store's last hosts left running.</summary>
    public void Prepare() => housekeeping.RecoverAtStart(time.GetUtcNow());

    public void Start() => _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);

    /// <summary>Ends the loop after its current iteration.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        signal.Wake();
        await _loop.ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoopAsync(CancellationToken stop)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        while (!stop.IsCancellationRequested)
        {
            var wake = signal.Next();
            var now = time.GetUtcNow();
            var wakeAt = now + Housekeeping.Period;
            try
            {
                var snapshot = catalog.Current;
                var stale = signal.TakeChanged();
                // Housekeeping waits (up to a period) while claimed runs are about to start: it would hold this thread
                // past their instant.
                var postponed = now >= nextHousekeeping && now < nextHousekeeping + Housekeeping.Period
                    && feed.NextInstantAfter(now) < now + HousekeepingClearance;
                if (now >= nextHousekeeping && !postponed)
                {
                    progress?.Loop.Step("housekeeping");
                    housekeeping.Run(now, snapshot);
                    nextHousekeeping = now + Housekeeping.Period;
                    stale = true;
                }
                else if (signal.TakePendingAdded())
                {
                    progress?.Loop.Step("collecting pending runs");
                    feed.CollectPending(snapshot);
                }
                progress?.Loop.Step("claiming due fires");
                var claimAt = feed.ClaimDue(now, snapshot, stale);
                progress?.Loop.Step("dispatching");
                feed.Dispatch(snapshot);
                wakeAt = Min(Min(claimAt, feed.NextInstantAfter(time.GetUtcNow()) ?? DateTimeOffset.MaxValue),
                    postponed ? DateTimeOffset.MaxValue : nextHousekeeping);
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
            if (delay > TimeSpan.Zero)
            {
                await PreciseWait.UntilAsync(wake, wakeAt, time, stop).ConfigureAwait(false);
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Scheduler loop iteration failed; retrying in a second")]
    private static partial void LogLoopError(ILogger logger, Exception error);
}
