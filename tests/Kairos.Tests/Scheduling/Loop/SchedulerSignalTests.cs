using Kairos.Host.Scheduling.Loop;

namespace Kairos.Tests.Scheduling.Loop;

public sealed class SchedulerSignalTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ATriggerAddedAfterTheLoopsWakeUp_DoesNotWakeIt_AndIsTakenAtTheNextIteration()
    {
        var signal = new SchedulerSignal();
        var wake = signal.Next();
        Assert.True(signal.WillSleepUntil(Now.AddMinutes(1)));

        signal.TriggersAdded(Now.AddDays(30));

        Assert.False(wake.IsCompleted);
        Assert.Equal(Now.AddDays(30), signal.TakeEarliestAdded());
        Assert.Null(signal.TakeEarliestAdded());
    }

    [Fact]
    public void ATriggerAddedBeforeTheLoopsWakeUp_WakesIt()
    {
        var signal = new SchedulerSignal();
        var wake = signal.Next();
        Assert.True(signal.WillSleepUntil(Now.AddMinutes(1)));

        signal.TriggersAdded(Now.AddSeconds(10));

        Assert.True(wake.IsCompleted);
    }

    [Fact]
    public void ATriggerAddedWhileTheLoopIterates_KeepsItFromSleepingPastItsFire()
    {
        var signal = new SchedulerSignal();

        signal.TriggersAdded(Now.AddSeconds(10));
        signal.TriggersAdded(Now.AddSeconds(20));

        Assert.False(signal.WillSleepUntil(Now.AddMinutes(1)));
        Assert.Equal(Now.AddSeconds(10), signal.TakeEarliestAdded());
        Assert.True(signal.WillSleepUntil(Now.AddMinutes(1)));
    }

    [Fact]
    public void TriggersThatNeverFire_AreNotReported()
    {
        var signal = new SchedulerSignal();

        signal.TriggersAdded(null);

        Assert.Null(signal.TakeEarliestAdded());
    }

    [Fact]
    public void AWakeAsksForTheChores_APendingRunDoesNot()
    {
        var signal = new SchedulerSignal();

        signal.PendingAdded();
        Assert.False(signal.TakeChoresAsked());
        Assert.True(signal.TakeChanged());

        signal.Wake();
        Assert.True(signal.TakeChoresAsked());
        Assert.False(signal.TakeChoresAsked());
    }
}
