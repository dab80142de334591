using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Scheduling.Loop;

public sealed class SchedulerTests
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 5, 10, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task CronTrigger_FiresAtItsScheduledInstant_AndRecordsSuccess()
    {
        var store = new InMemoryStore();
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: store);

        host.Advance(TimeSpan.FromSeconds(30));
        var context = await host.Probe.NextStartAsync();

        Assert.Equal("test.every-minute", context.JobId);
        Assert.Equal(Minute1, context.ScheduledUtc);
        Assert.Equal(1, context.Attempt);
        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
        var run = Assert.Single(runs);
        Assert.Equal("test-node", run.Node);
        Assert.Equal(Minute1, run.StartedUtc);
        Assert.Equal(run.Id, Assert.Single(store.Query("test.every-minute", RunStatus.Succeeded, 10)).Id);
    }

    [Fact]
    public async Task Starting_ReservesAPoolThreadForEverySlot_PlusTheHostsOwn()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), o => o.MaxConcurrency = 40);

        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= 40 + Kairos.Host.Scheduling.Loop.NodeSlots.ReservedThreads, $"minimum worker threads {workers}");
    }

    [Fact]
    public async Task AFireIsClaimedAhead_ButStartsOnlyAtItsInstant()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), o => o.ClaimAhead = TimeSpan.FromMilliseconds(50), store: new InMemoryStore());

        host.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(20));
        var claimed = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Pending));
        Assert.Equal(Minute1, Assert.Single(claimed).ScheduledUtc);
        Assert.Equal(0, host.Probe.Started);

        host.Advance(TimeSpan.FromMilliseconds(20));
        var context = await host.Probe.NextStartAsync();
        Assert.Equal(Minute1, context.ScheduledUtc);
        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.Equal(Minute1, Assert.Single(runs).StartedUtc);
    }

    [Fact]
    public async Task OverlapSkip_RecordsTheSecondFireAsSkipped_WhenTheFirstStillRuns()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: new InMemoryStore());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));

        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Skipped));
        Assert.Contains(runs, r => r.Status == RunStatus.Running && r.ScheduledUtc == Minute1);
        Assert.Contains(runs, r => r.Status == RunStatus.Skipped && r.ScheduledUtc == Minute1.AddMinutes(1));
        host.Probe.Gate.SetResult();
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
    }

    [Fact]
    public async Task OverlapSkip_StartsOneAndSkipsTheOther_WhenTwoTriggersOfTheJobFireAtTheSameInstant()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<TwoTriggersJob>(), store: new InMemoryStore());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));

        var runs = await host.WaitForRunsAsync("test.two-triggers", r => r.Any(x => x.Status == RunStatus.Skipped));
        await host.Probe.NextStartAsync();
        Assert.Equal(1, host.Probe.Started);
        Assert.Single(runs, r => r.Status == RunStatus.Skipped && r.ScheduledUtc == Minute1);
        host.Probe.Gate.SetResult();
        await host.WaitForRunsAsync("test.two-triggers", r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.Equal(1, host.Probe.Started);
    }

    [Fact]
    public async Task OverlapQueue_RunsTheSecondFireAfterTheFirst_WhenTheFirstStillRuns()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<QueueJob>(), store: new InMemoryStore());
        var first = JobProbe.Held();
        host.Probe.Gate = first;

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Probe.Gate = JobProbe.Completed();
        host.Advance(TimeSpan.FromMinutes(1));
        await host.WaitForRunsAsync("test.queue", r => r.Any(x => x.Status == RunStatus.Pending));
        first.SetResult();

        var second = await host.Probe.NextStartAsync();
        Assert.Equal(Minute1.AddMinutes(1), second.ScheduledUtc);
        await host.WaitForRunsAsync("test.queue", r => r.Count(x => x.Status == RunStatus.Succeeded) == 2);
    }

    [Fact]
    public async Task OverlapAllow_RunsTwoAtOnceAndSkipsTheThird()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<AllowTwoJob>(), store: new InMemoryStore());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));

        var runs = await host.WaitForRunsAsync("test.allow-two", r => r.Any(x => x.Status == RunStatus.Skipped));
        Assert.Equal(2, runs.Count(r => r.Status == RunStatus.Running));
        host.Probe.Gate.SetResult();
        await host.WaitForRunsAsync("test.allow-two", r => r.Count(x => x.Status == RunStatus.Succeeded) == 2);
    }

    [Fact]
    public async Task OverlapReplace_CancelsTheRunningOneAndRunsTheNewFire()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<ReplaceJob>());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));

        var second = await host.Probe.NextStartAsync();
        Assert.Equal(Minute1.AddMinutes(1), second.ScheduledUtc);
        var runs = await host.WaitForRunsAsync("test.replace", r => r.Any(x => x.Status == RunStatus.Cancelled));
        Assert.Contains("Replace", runs.Single(r => r.Status == RunStatus.Cancelled).ErrorMessage);
        host.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task ConcurrencyScopeTrigger_RunsEachTriggerIndependently_WithItsOwnData()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<PerTriggerJob>());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        var started = new[] { await host.Probe.NextStartAsync(), await host.Probe.NextStartAsync() };

        Assert.Equal(["a", "b"], started.Select(c => c.TriggerKey).Order());
        Assert.Equal("{\"entity\":\"a\"}", started.Single(c => c.TriggerKey == "a").DataJson);
        host.Probe.Gate.SetResult();
        await host.WaitForRunsAsync("test.per-trigger", r => r.Count(x => x.Status == RunStatus.Succeeded) == 2);
    }

    [Fact]
    public async Task Priority_StartsTheHigherPriorityFireFirst_WhenSlotsAreShort()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<PerTriggerJob>(), o => o.MaxConcurrency = 1);
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        var first = await host.Probe.NextStartAsync();
        host.Probe.Gate.SetResult();
        var second = await host.Probe.NextStartAsync();

        Assert.Equal("b", first.TriggerKey); // priority 5
        Assert.Equal("a", second.TriggerKey);
    }

    [Fact]
    public async Task Retry_RunsAgainAfterBackoff_AndFailsLoudlyAfterMaxAttempts()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Fail = c => new InvalidOperationException($"boom {c.Attempt}");
        var runId = host.Services.GetOperations().Trigger("test.retry").RunId;

        Assert.Equal(1, (await host.Probe.NextStartAsync()).Attempt);
        await host.WaitForRunsAsync("test.retry", r => r.Any(x => x.Status == RunStatus.Retrying));
        host.Advance(TimeSpan.FromSeconds(13)); // 10 s ±20%
        Assert.Equal(2, (await host.Probe.NextStartAsync()).Attempt);
        await host.WaitForRunsAsync("test.retry", r => r.Count(x => x.Status == RunStatus.Retrying) == 2);
        host.Advance(TimeSpan.FromSeconds(25)); // 20 s ±20%
        Assert.Equal(3, (await host.Probe.NextStartAsync()).Attempt);

        var runs = await host.WaitForRunsAsync("test.retry", r => r.Any(x => x.Status == RunStatus.Failed));
        var failed = runs.Single(r => r.Status == RunStatus.Failed);
        Assert.Equal(3, failed.Attempt);
        Assert.Equal("boom 3", failed.ErrorMessage);
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.ErrorType);
        Assert.Contains(runs, r => r.Id == runId && r.Status == RunStatus.Retrying);
    }

    [Fact]
    public async Task Timeout_RecordsTimedOutAndKeepsTheSlotBusy_WhenTheJobIgnoresItsToken()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<StubbornJob>().AddJob<EveryMinuteJob>(), o => o.MaxConcurrency = 2);
        var stubborn = JobProbe.Held();
        host.Probe.Gate = stubborn;

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        await host.Probe.NextStartAsync();
        host.Probe.Gate = JobProbe.Completed();
        // 30 s timeout, then 5 s of cancellation grace, both on the fake clock.
        var runs = await host.WaitForRunsAsync("test.stubborn", r => r.Any(x => x.Status == RunStatus.TimedOut), pump: TimeSpan.FromSeconds(1));
        Assert.Contains("ignored cancellation", runs.Single().ErrorMessage);
        Assert.Equal(2, host.Services.GetExecutingRuns().Busy); // the stubborn one still holds its slot
        stubborn.SetResult();
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
    }

    [Fact]
    public async Task Shutdown_InterruptsRunsThatOutliveTheGrace()
    {
        var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), o => o.ShutdownGrace = TimeSpan.FromSeconds(5));
        host.Probe.Gate = JobProbe.Held();
        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();

        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Running));
        await host.PumpUntilAsync(host.StopAsync(), TimeSpan.FromSeconds(1));

        var run = host.Runs.Query("test.every-minute", null, 10).Single();
        Assert.Equal(RunStatus.Interrupted, run.Status);
        await host.DisposeAsync();
    }
}
