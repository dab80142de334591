using System.Text.Json;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Views;
using Kairos.Host.Storage.Catalog;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Operations.Views;

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
        Assert.Equal(JobState.Paused, paused.State);
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
    public async Task Job_IsTheJobAsTheListShowsIt_WithItsLastRunAndSuccessRate()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>().AddJob<EveryMinuteJob>());
        var operations = host.Services.GetOperations();
        operations.Pause("test.every-minute", "maintenance");
        operations.Trigger("test.retry");
        await host.WaitForRunsAsync("test.retry", r => r.Any(x => x.Status is RunStatus.Succeeded or RunStatus.Failed));

        foreach (var listed in operations.Jobs())
        {
            Assert.Equal(JsonSerializer.Serialize(listed), JsonSerializer.Serialize(operations.Job(listed.Id)));
        }
        Assert.NotNull(operations.Job("test.retry").LastRun);
        Assert.Equal("maintenance", operations.Job("test.every-minute").PauseReason);
    }

    [Fact]
    public async Task Job_NamesTheKnownJobs_WhenTheJobIsUnknown()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var error = Assert.Throws<JobNotFoundException>(() => host.Services.GetOperations().Job("nope"));

        Assert.Equal("unknown job 'nope': expected one of test.retry", ErrorText.Of(error));
    }

    [Fact]
    public async Task Trigger_RunsTheJobNow_WithTriggerKeyManual()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var queued = host.Services.GetOperations().Trigger("test.retry");
        var context = await host.Probe.NextStartAsync();

        Assert.Equal(queued.RunId, context.RunId);
        Assert.Null(queued.Note);
        Assert.Equal("manual", context.TriggerKey);
    }

    [Fact]
    public async Task Trigger_NamesTheKnownJobs_WhenTheJobIsUnknown()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var error = Assert.Throws<JobNotFoundException>(() => host.Services.GetOperations().Trigger("nope"));

        Assert.Equal("unknown job 'nope': expected one of test.retry", ErrorText.Of(error));
        Assert.Equal("nope", error.JobId);
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
        Assert.Equal(TriggerOrigin.Dynamic, trigger.Origin);

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

        Assert.Equal(JobState.Orphaned, host.Services.GetOperations().Jobs().Single().State);
        Assert.Single(runs);
        Assert.NotNull(host.Catalog.GetTriggers("test.every-minute").Single().NextFireUtc);
    }
    [Fact]
    public async Task Jobs_ShowsTheScheduleOfTheTriggerThatFiresNext_WhenAJobHasSeveralTriggers()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<WeekdaysAndPollJob>());

        var job = host.Services.GetOperations().Jobs().Single();

        // Monday 10:00:30: the 10-s poll fires next, the weekday cron on Tuesday at 09:00.
        var poll = job.Triggers.Single(t => t.Key == "poll");
        var daily = job.Triggers.Single(t => t.Key == "daily");
        Assert.Equal(("poll", "every 00:00:10", "UTC", poll.NextFireUtc), (job.NextTrigger, job.Schedule, job.TimeZone, job.NextFireUtc));
        Assert.Equal(("0 9 * * 1-5", new DateTimeOffset(2026, 1, 6, 9, 0, 0, TimeSpan.Zero)), (daily.Schedule, daily.NextFireUtc));
        Assert.Equal("fire-once", poll.Misfire);
    }

    [Fact]
    public async Task History_RefusesAJobIdTheStoreNeverKnew_NamingTheKnownJobs()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());
        var operations = host.Services.GetOperations();

        var error = Assert.Throws<JobNotFoundException>(() => operations.History("no.such-job", null, 10));

        Assert.Equal("unknown job 'no.such-job': expected one of test.retry", ErrorText.Of(error));
        Assert.Empty(operations.History("test.retry", null, 10));
    }

    [Fact]
    public async Task Info_GivesThisHostsNodeEntryTheHostsStart()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());

        var info = JsonDocument.Parse(JsonOutput.Serialize(host.Services.GetOperations().Info())).RootElement;

        var started = info.GetProperty("startedUtc").GetString();
        Assert.Equal(KairosTestHost.DefaultStart, DateTimeOffset.Parse(started!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(started, Assert.Single(info.GetProperty("nodes").EnumerateArray()).GetProperty("startedUtc").GetString());
    }

    [Fact]
    public async Task Remove_RefusesAJobThatALoadedSourceDeclares()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());
        var operations = host.Services.GetOperations();

        var error = Assert.Throws<OperationException>(() => operations.Remove("test.every-minute", RemovalView.Keep));

        Assert.StartsWith("job 'test.every-minute' is not orphaned: app declares it;", error.Message, StringComparison.Ordinal);
        Assert.Single(operations.Jobs());
        Assert.StartsWith("unknown job 'nope'", Assert.Throws<JobNotFoundException>(() => operations.Remove("nope", RemovalView.Keep)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RemovalView.Keep)]
    [InlineData(RemovalView.Delete)]
    public async Task Remove_DeletesAnOrphanedJobWithItsTriggersAndWaitingFires_AndKeepsOrDeletesItsHistory(string history)
    {
        using var dir = new TempDirectory();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(KairosTestHost.DefaultStart);
        await using (var first = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), time: time, directory: dir))
        {
            first.Services.GetOperations().Trigger("test.every-minute");
            await first.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
        }
        await using var host = await KairosTestHost.StartAsync(_ => { }, time: time, directory: dir);
        host.Advance(TimeSpan.FromSeconds(31));
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.WaitingForHandler));
        var operations = host.Services.GetOperations();
        var queued = operations.Trigger("test.every-minute");

        var removed = operations.Remove("test.every-minute", history);

        Assert.Equal("no loaded plugin or script declares job 'test.every-minute' now: the run waits until one does", queued.Note);
        Assert.Equal(new RemovalView("test.every-minute", history, 1, 2, history == RemovalView.Delete ? 1 : 0), removed);
        Assert.Empty(operations.Jobs());
        Assert.Empty(host.Catalog.GetTriggers("test.every-minute"));
        if (history == RemovalView.Keep)
        {
            Assert.Equal(RunStatus.Succeeded, Assert.Single(operations.History("test.every-minute", null, 10)).Status);
        }
        else
        {
            Assert.StartsWith("unknown job 'test.every-minute'", Assert.Throws<JobNotFoundException>(() => operations.History("test.every-minute", null, 10)).Message, StringComparison.Ordinal);
        }
    }
}
