using Kairos.Host.Execution;

namespace Kairos.Tests.Execution;

public sealed class RunningCountsTests
{
    [Fact]
    public void Release_GivesBackTheSlotAndTheKeysPlace_WhileOtherKeysKeepTheirs()
    {
        var counts = new RunningCounts();
        counts.Take("a");
        counts.Take("a");
        counts.Take("b");

        counts.Release("a");

        Assert.Equal(2, counts.Busy);
        Assert.Equal(1, counts.WithKey("a"));
        Assert.Equal(1, counts.WithKey("b"));
        counts.Release("a");
        Assert.Equal(0, counts.WithKey("a"));
        Assert.Equal(1, counts.Busy);
    }
}
