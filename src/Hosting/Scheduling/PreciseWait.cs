namespace Kairos.Host.Scheduling;

/// <summary>
/// Waits until an instant or a wake-up. Timer-based waits wake up to 4–8 ms late on Linux, so with the system clock
/// the wait ends a few milliseconds early on a timer and finishes with short sleeps; with any other
/// <see cref="TimeProvider"/> (tests) it is a plain timer wait.
/// </summary>
internal static class PreciseWait
{
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(8);

    public static async Task UntilAsync(Task wake, DateTimeOffset until, TimeProvider time, CancellationToken stop)
    {
        var precise = ReferenceEquals(time, TimeProvider.System);
        await TimerUntilAsync(wake, precise ? until - Early : until, time, precise, stop).ConfigureAwait(false);
        if (!precise)
        {
            return;
        }
        while (!wake.IsCompleted && !stop.IsCancellationRequested)
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            // Short sleeps on a pool thread are precise to about a millisecond, unlike timers.
            Thread.Sleep(left > TimeSpan.FromMilliseconds(2) ? 1 : 0);
        }
    }

    private static async Task TimerUntilAsync(Task wake, DateTimeOffset until, TimeProvider time, bool precise, CancellationToken stop)
    {
        while (!wake.IsCompleted && !stop.IsCancellationRequested)
        {
            var read = time.GetUtcNow();
            var delay = until - read;
            if (delay <= TimeSpan.Zero)
            {
                return;
            }
            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(stop);
            // A timer counts its delay from the clock as it is when set. A clock another thread moves (a manual one)
            // may have moved since it was read: the timer would then end late, so it is set again from the new reading.
            // The system clock always moves, and the short sleeps after the timer absorb its drift.
            var timer = Task.Delay(delay, time, cancelDelay.Token);
            if (!precise && time.GetUtcNow() != read)
            {
                await cancelDelay.CancelAsync().ConfigureAwait(false);
                continue;
            }
            await Task.WhenAny(wake, timer).ConfigureAwait(false);
            await cancelDelay.CancelAsync().ConfigureAwait(false);
            return;
        }
    }
}
