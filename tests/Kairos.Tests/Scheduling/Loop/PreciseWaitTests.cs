using Kairos.Host.Scheduling.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Scheduling.Loop;

public sealed class PreciseWaitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Until_EndsAtTheInstant_WhenTheClockMovesWhileTheTimerIsSet()
    {
        // Another thread moves the clock between the wait's reading of it and its timer being set: a timer set for the
        // delay read before the move would end half a second after the instant.
        var time = new ClockMovingOnFirstRead(T0, TimeSpan.FromMilliseconds(500));
        var never = new TaskCompletionSource().Task;

        var wait = Task.Run(() => PreciseWait.Until(never, T0.AddSeconds(1), time, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(500));

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(T0.AddSeconds(1), time.GetUtcNow());
    }

    [Fact]
    public async Task Until_EndsAtOnce_WhenTheClockPassesTheInstantWhileTheTimerIsSet()
    {
        var time = new ClockMovingOnFirstRead(T0, TimeSpan.FromSeconds(2));
        var never = new TaskCompletionSource().Task;

        await Task.Run(() => PreciseWait.Until(never, T0.AddSeconds(1), time, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Until_WaitsForTheInstant_WhenNothingWakesIt()
    {
        var time = new FakeTimeProvider(T0);
        var never = new TaskCompletionSource().Task;

        var wait = Task.Run(() => PreciseWait.Until(never, T0.AddSeconds(1), time, CancellationToken.None));
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Until_EndsEarly_WhenWoken()
    {
        var time = new FakeTimeProvider(T0);
        var wake = new TaskCompletionSource();

        var wait = Task.Run(() => PreciseWait.Until(wake.Task, T0.AddMinutes(1), time, CancellationToken.None));
        wake.SetResult();

        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(T0, time.GetUtcNow());
    }

    /// <summary>Reports the time as it was, then moves on: as if another thread advanced it just after the read.</summary>
    private sealed class ClockMovingOnFirstRead(DateTimeOffset start, TimeSpan move) : FakeTimeProvider(start)
    {
        private int _reads;

        public override DateTimeOffset GetUtcNow()
        {
            var now = base.GetUtcNow();
            if (Interlocked.Increment(ref _reads) == 1)
            {
                Advance(move);
            }
            return now;
        }
    }
}
