namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// Waits, blocking the calling thread (the scheduler loop's own), until an instant or a wake-up. With the system clock
/// the wait is an OS timed wait on the wake-up, never a timer: timers run their callbacks on the thread pool, so a
/// starved pool (blocked store calls, busy jobs) would make the loop oversleep; and timed waits wake up a few
/// milliseconds late on Linux, so the wait ends a few milliseconds early and finishes with short sleeps. With any
/// other <see cref="TimeProvider"/> (tests) it is a plain timer wait on that provider.
/// </summary>
internal static class PreciseWait
{
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(8);

    public static void Until(Task wake, DateTimeOffset until, TimeProvider time, CancellationToken stop)
    {
        if (!ReferenceEquals(time, TimeProvider.System))
        {
            TimerUntilAsync(wake, until, time, stop).GetAwaiter().GetResult();
            return;
        }
        while (!wake.IsCompleted && !stop.IsCancellationRequested)
        {
            var left = until - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            if (left > Early)
            {
                // Ends when the wake-up completes (the waker sets this thread's event inline), or after the timeout.
                wake.Wait(left - Early, CancellationToken.None);
                continue;
            }
            // Short sleeps are precise to about a millisecond, unlike timers.
            Thread.Sleep(left > TimeSpan.FromMilliseconds(2) ? 1 : 0);
        }
    }

    private static async Task TimerUntilAsync(Task wake, DateTimeOffset until, TimeProvider time, CancellationToken stop)
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
            var timer = Task.Delay(delay, time, cancelDelay.Token);
            if (time.GetUtcNow() != read)
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
