using Kairos.Host.Scheduling.Chores;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scheduling.Loop;

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
            var delay = wakeAt - time.GetUtcNow();
            // A wait counts as progress until its instant; a loop that oversleeps it (a starved pool) is stalled.
            progress?.Loop.Waiting(delay > TimeSpan.Zero ? wakeAt : time.GetUtcNow());
            // After the stamp: whoever hears of the iteration reads the wait it planned.
            Iterated?.Invoke();
            // Triggers added since this iteration began and due before the wake-up: no sleep, another iteration.
            if (delay > TimeSpan.Zero && signal.WillSleepUntil(wakeAt))
            {
                PreciseWait.Until(wake, wakeAt, time, stop);
            }
        }
    }

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Scheduler loop iteration failed; retrying in a second")]
    private static partial void LogLoopError(ILogger logger, Exception error);
}
