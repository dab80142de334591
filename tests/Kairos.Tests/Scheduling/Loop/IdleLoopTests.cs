using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Watchdog;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Scheduling.Loop;

public sealed class IdleLoopTests
{
    [Fact]
    public async Task AnIdleHostOnAnExclusiveStore_SleepsUntilItsNextFire_NotForAHousekeepingSecond()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());

        var until = await WaitingUntilAsync(host);

        // The fire is at 10:01:00, 30 s after the clock's start: no chore is due before it.
        Assert.True(until >= host.Time.GetUtcNow() + TimeSpan.FromSeconds(25), $"the loop waits until {until:O} only");
    }

    [Fact]
    public async Task ARetryOnAnExclusiveStore_RunsAtTheEndOfItsBackoff_WithoutAHousekeepingTick()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: new InMemoryStore());
        await WaitingUntilAsync(host);
        var iterated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = host.Services.GetRequiredService<SchedulerService>();
        Action done = () => iterated.TrySetResult();
        service.Iterated += done;
        var retryAt = KairosTestHost.DefaultStart + TimeSpan.FromSeconds(10);
        host.Services.GetRequiredService<IRunRecorder>().Insert([new RunRecord
        {
            Id = RunIds.New(retryAt),
            JobId = "test.every-minute",
            TriggerKey = "retry",
            ConcurrencyKey = "test.every-minute",
            ScheduledUtc = retryAt,
            NotBeforeUtc = retryAt,
            Status = RunStatus.Pending,
            Attempt = 2,
        }]);
        host.Services.GetRequiredService<SchedulerSignal>().PendingAdded();
        // The loop read the pending runs (none due yet) and planned its sleep before the clock moves.
        await iterated.Task.WaitAsync(TimeSpan.FromSeconds(20));
        service.Iterated -= done;

        host.Advance(TimeSpan.FromSeconds(10));

        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.TriggerKey == "retry" && x.Status == RunStatus.Succeeded));
        Assert.Equal(retryAt, runs.Single(x => x.TriggerKey == "retry").StartedUtc);
    }

    /// <summary>The instant the loop sleeps until once it waits, read from its progress stamp after its iterations.</summary>
    /// <summary>
    /// The instant the loop plans to sleep until, as it stamps it at the end of an iteration it was asked for (a wake-up
    /// runs its chores): read on the loop's thread, before a later iteration can change it.
    /// </summary>
    private static async Task<DateTimeOffset> WaitingUntilAsync(KairosTestHost host)
    {
        var stamp = host.Services.GetRequiredService<SchedulerProgress>().Loop;
        var iterated = new TaskCompletionSource<ProgressSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = host.Services.GetRequiredService<SchedulerService>();
        Action done = () => iterated.TrySetResult(stamp.Current);
        service.Iterated += done;
        try
        {
            host.Services.GetRequiredService<SchedulerSignal>().Wake();
            var planned = await iterated.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(planned is { Step: "waiting", UntilUtc: not null }, $"expected the loop to wait after an iteration; it is at '{planned.Step}'");
            return planned.UntilUtc!.Value;
        }
        finally
        {
            service.Iterated -= done;
        }
    }
}
