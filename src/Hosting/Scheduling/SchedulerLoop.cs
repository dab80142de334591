using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The scheduler loop's life and sleep: it runs iterations (<see cref="LoopIteration"/>: chores, claims, dispatch) one
/// after the other on its own flow, survives a failed one, and sleeps until the instant the last one named (the next
/// fire, the next claimed instant, the next chore) or a wake-up (<see cref="SchedulerSignal"/>).
/// </summary>
internal sealed partial class SchedulerLoop(
    LoopIteration iteration,
    SchedulerSignal signal,
    TimeProvider time,
    ILogger<SchedulerLoop> logger,
    SchedulerProgress? progress = null) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated;

    /// <summary>Before the first iteration: the runs the store's last hosts left running.</summary>
    public void Prepare() => iteration.Prepare(time.GetUtcNow());

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
        while (!stop.IsCancellationRequested)
        {
            var wake = signal.Next();
            var now = time.GetUtcNow();
            var wakeAt = now + Housekeeping.Period;
            try
            {
                wakeAt = iteration.Run(now);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogLoopError(logger, e);
                iteration.Forget();
            }
            Iterated?.Invoke();
            var delay = wakeAt - time.GetUtcNow();
            // A wait counts as progress until its instant; a loop that oversleeps it (a starved pool) is stalled.
            progress?.Loop.Waiting(delay > TimeSpan.Zero ? wakeAt : time.GetUtcNow());
            // Triggers added since this iteration began and due before the wake-up: no sleep, another iteration.
            if (delay > TimeSpan.Zero && signal.WillSleepUntil(wakeAt))
            {
                await PreciseWait.UntilAsync(wake, wakeAt, time, stop).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Scheduler loop iteration failed; retrying in a second")]
    private static partial void LogLoopError(ILogger logger, Exception error);
}
