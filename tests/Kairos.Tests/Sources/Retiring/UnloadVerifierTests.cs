using System.Runtime.CompilerServices;
using Kairos.Host.Sources.Retiring;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Retiring;

public sealed class UnloadVerifierTests
{
    [Fact]
    public async Task WaitCollectedAsync_ReturnsTrue_WhenNothingHoldsTheContext()
    {
        var weak = Unreferenced();

        Assert.True(await UnloadVerifier.WaitCollectedAsync(weak, 10, TimeSpan.FromHours(1), new FakeTimeProvider(), CancellationToken.None));
    }

    [Fact]
    public async Task WaitCollectedAsync_ReturnsFalse_WhenTheContextIsStillHeldAfterEveryRound()
    {
        var held = new object();
        var time = new FakeTimeProvider();

        var check = UnloadVerifier.WaitCollectedAsync(new WeakReference(held), 2, TimeSpan.FromSeconds(1), time, CancellationToken.None);
        while (!check.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        Assert.False(await check);
        GC.KeepAlive(held);
    }

    [Fact]
    public async Task WaitCollectedAsync_ChecksOnceMore_WhenStoppedDuringAPause()
    {
        var held = new object();

        var collected = await UnloadVerifier.WaitCollectedAsync(new WeakReference(held), 10, TimeSpan.FromHours(1), new FakeTimeProvider(), new CancellationToken(canceled: true));

        Assert.False(collected);
        GC.KeepAlive(held);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Unreferenced() => new(new object());
}
