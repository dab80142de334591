using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Watching;

public sealed class WakeSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task WaitAsync_ReturnsTrueOnce_ForManySetsBeforeIt()
    {
        var signal = new WakeSignal();
        var time = new FakeTimeProvider();
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(Long, time, CancellationToken.None));
        var second = signal.WaitAsync(Long, time, CancellationToken.None);
        Assert.False(second.IsCompleted);
        time.Advance(Long);
        Assert.False(await second);
    }

    [Fact]
    public async Task WaitAsync_WakesOnASetDuringTheWait()
    {
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(Long, new FakeTimeProvider(), CancellationToken.None);

        signal.Set();

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
