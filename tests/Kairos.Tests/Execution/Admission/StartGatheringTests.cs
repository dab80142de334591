using Kairos.Host.Execution.Admission;

namespace Kairos.Tests.Execution.Admission;

public sealed class StartGatheringTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    private static StartGathering AfterBatch(params string[] started)
    {
        var gathering = new StartGathering(Window);
        gathering.Started(started, T0);
        gathering.Begin();
        return gathering;
    }

    [Fact]
    public void RightAfterABatch_ASmallerBatchWaitsWhileItsRunsAreStillToReturn_UntilTheWindowEnds()
    {
        var gathering = AfterBatch("a", "b", "c");

        Assert.False(gathering.MayStart(free: 1, due: 50, allFree: false, T0.AddMilliseconds(1), id => id == "a"));
        Assert.Equal(T0 + Window, gathering.WithheldUntil);
        Assert.True(gathering.MayStart(free: 1, due: 50, allFree: false, T0 + Window, id => id == "a"));
    }

    [Fact]
    public void ABatchGoesAtOnce_OnceEveryRunOfTheLastBatchHasReturned()
    {
        var gathering = AfterBatch("a", "b");

        Assert.True(gathering.MayStart(free: 2, due: 50, allFree: false, T0.AddMilliseconds(1), _ => true));
        Assert.Null(gathering.WithheldUntil);
    }

    [Theory]
    [InlineData(3, 3, false)]
    [InlineData(3, 2, false)]
    [InlineData(1, 50, true)]
    public void ABatchThatTakesEveryDueRunOrEverySlot_GoesAtOnce(int free, int due, bool allFree)
    {
        var gathering = AfterBatch("a", "b", "c");

        Assert.True(gathering.MayStart(free, due, allFree, T0.AddMilliseconds(1), _ => false));
    }

    [Fact]
    public void WithAZeroWindow_EveryBatchGoesAtOnce()
    {
        var gathering = new StartGathering(TimeSpan.Zero);
        gathering.Started(["a"], T0);

        Assert.False(gathering.Gathers);
        Assert.True(gathering.MayStart(free: 1, due: 50, allFree: false, T0, _ => false));
    }

    [Fact]
    public void BeforeAnyBatch_NothingWaits()
    {
        var gathering = new StartGathering(Window);

        Assert.True(gathering.MayStart(free: 1, due: 50, allFree: false, T0, _ => false));
    }

    [Fact]
    public void ABatchThatStartedNothing_KeepsTheLastOnesWindow()
    {
        var gathering = AfterBatch("a");
        gathering.Started([], T0.AddMilliseconds(4));

        Assert.True(gathering.MayStart(free: 1, due: 50, allFree: false, T0 + Window, _ => false));
    }
}
