using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Execution;

public sealed class ExecutingRunsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static ExecutingRuns WithSlots(int slots) => new(Options.Create(new KairosOptions { MaxConcurrency = slots }));

    private static RunRecord Run(string id, string key = "key") => new()
    {
        Id = id, JobId = "job", TriggerKey = "t", ConcurrencyKey = key, ScheduledUtc = T0, NotBeforeUtc = T0, Status = RunStatus.Running,
    };

    [Fact]
    public void FreeSlots_CountDownAsRunsStart_AndUpOnceWhenTheirCodeReturns()
    {
        var executing = WithSlots(3);
        var first = executing.Add(Run("r1"));
        executing.Add(Run("r2", "other"));

        Assert.Equal(1, executing.FreeSlots);
        Assert.Equal(1, executing.WithKey("key"));
        executing.Returned(first);
        executing.Returned(first);
        Assert.Equal(2, executing.FreeSlots);
        Assert.Equal(0, executing.WithKey("key"));
        Assert.True(executing.Contains("r1")); // returned, its outcome still being written
    }

    [Fact]
    public void APendingRead_LeavesOutRunsExecutingBeforeItDuringItOrEndedDuringIt_AndNoOthers()
    {
        var executing = WithSlots(4);
        var before = executing.Add(Run("before"));
        var endsDuring = executing.Add(Run("ends-during"));

        var executingBefore = executing.BeginPendingRead();
        executing.Add(Run("starts-during"));
        executing.Remove(endsDuring);
        executing.Remove(before);
        executing.EndPendingRead();

        Assert.True(executing.ExecutedAround("before", executingBefore));
        Assert.True(executing.ExecutedAround("ends-during", executingBefore));
        Assert.True(executing.ExecutedAround("starts-during", executingBefore));
        Assert.False(executing.ExecutedAround("never-here", executingBefore));
        Assert.False(executing.ExecutedAround("ends-during", executing.BeginPendingRead()));
    }
}
