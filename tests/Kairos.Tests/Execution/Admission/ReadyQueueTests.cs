using Kairos.Host.Execution.Admission;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Execution.Admission;

public sealed class ReadyQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryTake_GivesHighestPriorityThenOldest_AmongDueRuns()
    {
        var queue = new ReadyQueue();
        queue.Add(Run("late-low", T0.AddSeconds(2), priority: 0));
        queue.Add(Run("early-low", T0.AddSeconds(1), priority: 0));
        queue.Add(Run("high", T0.AddSeconds(3), priority: 5));

        Assert.Equal(["high", "early-low", "late-low"], TakeAll(queue, T0.AddSeconds(3)));
    }

    [Fact]
    public void TryTake_GivesTheRerunOfAnEarlierFireFirst_ThoughItBecameDueAfterALaterFire()
    {
        var queue = new ReadyQueue();
        // A host restarted at T0+4 s re-runs the fire of T0 interrupted by the crash; the fire of T0+3 s is due too.
        queue.Add(Run("later-fire", T0.AddSeconds(3), priority: 0));
        var rerun = Run("rerun", T0.AddSeconds(4), priority: 0) with { ScheduledUtc = T0, Attempt = 2 };
        queue.Add(rerun);

        Assert.Equal(["rerun", "later-fire"], TakeAll(queue, T0.AddSeconds(4)));
    }

    [Fact]
    public void TryTake_KeepsARunClaimedAhead_UntilItsInstant()
    {
        var queue = new ReadyQueue();
        queue.Add(Run("ahead", T0.AddMilliseconds(40), priority: 9));
        queue.Add(Run("due", T0, priority: 0));

        Assert.Equal(["due"], TakeAll(queue, T0));
        Assert.Equal(T0.AddMilliseconds(40), queue.NextInstantAfter(T0));
        Assert.Equal(["ahead"], TakeAll(queue, T0.AddMilliseconds(40)));
        Assert.Null(queue.NextInstantAfter(T0.AddMilliseconds(40)));
    }

    [Fact]
    public void NextInstantAfter_IgnoresARunThatIsDueButWaiting_SoTheLoopDoesNotSpinOnIt()
    {
        var queue = new ReadyQueue();
        queue.Add(Run("queued-behind-a-running-one", T0, priority: 0));

        Assert.Null(queue.NextInstantAfter(T0.AddSeconds(1)));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void TryTake_GivesRunsAlikeInPriorityAndInstant_InTheOrderTheyWereQueued()
    {
        var queue = new ReadyQueue();
        var ids = Enumerable.Range(0, 200).Select(i => $"run-{i:D3}").ToList();
        foreach (var id in ids)
        {
            queue.Add(Run(id, T0, priority: 0));
        }

        Assert.Equal(ids, TakeAll(queue, T0));
    }

    [Fact]
    public void Add_IgnoresARunAlreadyQueued()
    {
        var queue = new ReadyQueue();
        queue.Add(Run("a", T0, priority: 0));
        queue.Add(Run("a", T0, priority: 0));

        Assert.Equal(1, queue.Count);
    }

    private static List<string> TakeAll(ReadyQueue queue, DateTimeOffset now)
    {
        var ids = new List<string>();
        while (queue.TryTake(now, out var run))
        {
            ids.Add(run.Id);
        }
        return ids;
    }

    private static RunRecord Run(string id, DateTimeOffset notBefore, int priority) => new()
    {
        Id = id,
        JobId = "job",
        TriggerKey = "t",
        ConcurrencyKey = "job",
        ScheduledUtc = notBefore,
        NotBeforeUtc = notBefore,
        Status = RunStatus.Pending,
        Priority = priority,
    };
}
