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
        var delay = until - time.GetUtcNow();
        if (precise)
        {
            delay -= Early;
        }
        if (delay > TimeSpan.Zero)
        {
            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var timer = Task.Delay(delay, time, cancelDelay.Token);
            await Task.WhenAny(wake, timer).ConfigureAwait(false);
            await cancelDelay.CancelAsync().ConfigureAwait(false);
        }
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
}
