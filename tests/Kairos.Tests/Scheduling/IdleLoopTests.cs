using Kairos.Host.Storage.Runs;
using Kairos.Host.Watchdog;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Kairos.Host.Scheduling.Loop;

namespace Kairos.Tests.Scheduling;

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
    private static async Task<DateTimeOffset> WaitingUntilAsync(KairosTestHost host)
    {
        var loop = host.Services.GetRequiredService<SchedulerProgress>().Loop;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (loop.Current is { Step: "waiting", UntilUtc: { } until })
            {
                return until;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
        throw new TimeoutException($"the loop did not wait within 20 s; it is at '{loop.Current.Step}'");
    }
}
