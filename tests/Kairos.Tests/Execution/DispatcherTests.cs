using Kairos.Host.Execution;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Execution;

/// <summary>The dispatcher in a real host (real DI) on the in-memory store, which has the exclusive store's semantics, and a fake clock.</summary>
public sealed class DispatcherTests
{
    /// <summary>The store still shows the run pending, as it does while its start is written behind it.</summary>
    private static RunRecord PendingCopy(RunRecord run)
    {
        return run with { Status = RunStatus.Pending, StartedUtc = null, Fence = run.Fence - 1 };
    }

    [Fact]
    public async Task EnqueuePending_LeavesOutARunThatStartedAndEndedDuringTheRead_EvenWhenTheReadSawItPending()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), o => o.ClaimAhead = TimeSpan.FromMilliseconds(50), store: new InMemoryStore());
        var dispatcher = host.Services.GetRequiredService<Dispatcher>();
        var executing = host.Services.GetRequiredService<ExecutingRuns>();
        host.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(20));
        // The claim is committed to the store before the loop queues it in the dispatcher: wait for both.
        var claimed = Assert.Single(await host.WaitForRunsAsync("test.every-minute",
            r => r.Any(x => x.Status == RunStatus.Pending) && dispatcher.ReadyCount == 1));

        dispatcher.EnqueuePending(() =>
        {
            // While the read is under way the run's instant comes: it starts, ends and is recorded. The read saw it pending.
            host.Advance(TimeSpan.FromMilliseconds(20));
            host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded)).Wait(TimeSpan.FromSeconds(20));
            SpinWait.SpinUntil(() => !executing.All.Any(), TimeSpan.FromSeconds(20));
            return [claimed];
        });

        Assert.Equal(0, dispatcher.ReadyCount);
        Assert.Equal(1, host.Probe.Started);
    }

    [Fact]
    public async Task EnqueuePending_LeavesOutARunStillExecuting_AndQueuesOneThatNeverStarted()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: new InMemoryStore());
        var dispatcher = host.Services.GetRequiredService<Dispatcher>();
        host.Probe.Gate = JobProbe.Held();
        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        var execution = Assert.Single(host.Services.GetRequiredService<ExecutingRuns>().All);
        var pendingCopy = PendingCopy(execution.Run);
        var later = pendingCopy.ScheduledUtc.AddHours(1);
        var neverStarted = pendingCopy with { Id = RunIds.New(later), NotBeforeUtc = later, ScheduledUtc = later };

        dispatcher.EnqueuePending(() => [PendingCopy(execution.Run), neverStarted]);

        Assert.Equal(1, dispatcher.ReadyCount);
        host.Probe.Gate.SetResult();
    }
}
