using Kairos.Host.Storage;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Operations;

public sealed class KairosOperationsTests
{
    [Fact]
    public async Task Pause_StopsFiresUntilResume_ThenMisfirePolicyApplies()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());
        var operations = host.Services.GetOperations();

        operations.Pause("test.every-minute", "maintenance");
        host.Advance(TimeSpan.FromMinutes(5));
        var paused = operations.Jobs().Single();
        Assert.Equal("paused", paused.State);
        Assert.Equal("maintenance", paused.PauseReason);
        Assert.Empty(host.Runs.Query("test.every-minute", null, 10));

        operations.Resume("test.every-minute");

        // 10:01..10:04 are more than the 60 s threshold late: FireOnce runs the latest of them; 10:05 is on time
        // (it runs, or is skipped by the overlap policy when 10:04 still runs).
        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Count(x => x.Status is RunStatus.Succeeded or RunStatus.Skipped) == 2);
        Assert.Equal([4, 5], runs.Where(r => r.Status is RunStatus.Succeeded or RunStatus.Skipped).Select(r => r.ScheduledUtc.Minute).Order());
        Assert.Equal([1, 2, 3], runs.Where(r => r.Status == RunStatus.Misfired).Select(r => r.ScheduledUtc.Minute).Order());
    }

    [Fact]
    public async Task Trigger_RunsTheJobNow_WithTriggerKeyManual()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var runId = host.Services.GetOperations().Trigger("test.retry");
        var context = await host.Probe.NextStartAsync();

        Assert.Equal(runId, context.RunId);
        Assert.Equal("manual", context.TriggerKey);
    }

    [Fact]
    public async Task Trigger_NamesTheKnownJobs_WhenTheJobIsUnknown()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var error = Assert.Throws<Kairos.Host.Operations.OperationException>(() => host.Services.GetOperations().Trigger("nope"));

        Assert.Equal("unknown job 'nope': expected one of test.retry", error.Message);
    }

    [Fact]
    public async Task History_RejectsAnUnknownStatus_ListingTheValidOnes()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var error = Assert.Throws<Kairos.Host.Operations.OperationException>(() => host.Services.GetOperations().History(null, "done", 10));

        Assert.Contains("unknown status 'done'", error.Message);
        Assert.Contains("timed-out", error.Message);
    }

    [Fact]
    public async Task JobContextTriggers_AddsAPerEntityTriggerThatFiresWithItsData()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<DynamicTriggersJob>());

        host.Services.GetOperations().Trigger("test.dynamic");
        await host.Probe.NextStartAsync();
        // The manual run must be over, or the overlap policy (Skip) would skip the per-entity fire.
        await host.WaitForRunsAsync("test.dynamic", r => r.Any(x => x.Status == RunStatus.Succeeded));
        var job = host.Services.GetOperations().Jobs().Single();
        var trigger = Assert.Single(job.Triggers);
        Assert.Equal("customer-42", trigger.Key);
        Assert.Equal("dynamic", trigger.Origin);

        host.Advance(TimeSpan.FromMinutes(5));
        var fired = await host.Probe.NextStartAsync();
        Assert.Equal("customer-42", fired.TriggerKey);
        Assert.Equal("{\"customer\":42}", fired.DataJson);
    }

    [Fact]
    public async Task Jobs_ShowsOrphanedAndRecordsWaitingFires_WhenNoSourceDeclaresTheJobAnyMore()
    {
        using var dir = new TempDirectory();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(KairosTestHost.DefaultStart);
        await using (await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), time: time, directory: dir))
        {
        }
        await using var host = await KairosTestHost.StartAsync(_ => { }, time: time, directory: dir);

        host.Advance(TimeSpan.FromSeconds(31));
        var runs = await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.WaitingForHandler));

        Assert.Equal("orphaned", host.Services.GetOperations().Jobs().Single().State);
        Assert.Single(runs);
        Assert.NotNull(host.Triggers.GetTriggers("test.every-minute").Single().NextFireUtc);
    }
}
