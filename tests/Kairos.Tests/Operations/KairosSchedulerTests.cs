using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Operations;
using Kairos.Host.Scheduling.Chores;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Operations;

/// <summary>The scheduler API on a real host (real DI) with the in-memory store and a fake clock.</summary>
public sealed class KairosSchedulerTests
{
    private readonly InMemoryStore _store = new();
    private readonly RecordingEventSink _events = new();

    private Task<KairosTestHost> StartAsync(Action<IKairosBuilder> jobs) =>
        KairosTestHost.StartAsync(jobs, store: _store, services: s => s.AddSingleton<IEventSink>(_events));

    private static KairosScheduler Api(KairosTestHost host) => (KairosScheduler)host.Services.GetRequiredService<IScheduler>();

    [Fact]
    public async Task TriggerAsync_QueuesAManualRunWithTheData_ThatTheJobReceives()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());

        var runId = await Api(host).TriggerAsync("test.retry", """{"invoice":42}""");
        var context = await host.Probe.NextStartAsync();

        Assert.Equal(runId, context.RunId);
        Assert.Equal("manual", context.TriggerKey);
        Assert.Equal("""{"invoice":42}""", context.DataJson);
    }

    [Fact]
    public async Task TriggerAsync_RefusesDataThatIsNotJson_QuotingIt_AndWritesNothing()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Api(host).TriggerAsync("test.retry", "{invoice: 42"));

        Assert.StartsWith("data '{invoice: 42' is not valid JSON", ErrorText.Of(error), StringComparison.Ordinal);
        Assert.Empty(_store.Query(null, null, 100));
    }

    [Fact]
    public async Task EveryJobOperation_ThrowsJobNotFound_ListingTheKnownJobs_AndWritesNothing()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>().AddJob<EveryMinuteJob>());
        var api = Api(host);
        var triggersBefore = _store.GetTriggers().Count;

        Func<Task>[] calls =
        [
            () => api.TriggerAsync("nope"),
            () => api.ScheduleOnceAsync("nope", host.Time.GetUtcNow().AddMinutes(1)),
            () => api.UpsertTriggersAsync("nope", [TriggerSpec.Cron("k", "* * * * *")]),
            () => api.RemoveTriggersAsync("nope", ["default"]),
            () => api.PauseAsync("nope"),
            () => api.ResumeAsync("nope"),
            () => api.GetRunsAsync(new RunQuery { JobId = "nope" }),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<JobNotFoundException>(call);
            Assert.Equal("nope", error.JobId);
            Assert.Equal("unknown job 'nope': expected one of test.every-minute, test.retry", ErrorText.Of(error));
        }

        Assert.Empty(_store.Query(null, null, 100));
        Assert.Equal(triggersBefore, _store.GetTriggers().Count);
        Assert.Empty(_events.PausesAndResumes);
        Assert.Null(await api.GetJobAsync("nope"));
    }

    [Fact]
    public async Task ScheduleOnceAsync_AddsAOneShotTrigger_ThatRunsOnceWithItsData()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var at = host.Time.GetUtcNow().AddMinutes(2);

        var key = await Api(host).ScheduleOnceAsync("test.retry", at, """{"n":1}""");
        var trigger = _store.GetTriggers("test.retry").Single(t => t.Spec.Key == key);
        host.Advance(TimeSpan.FromMinutes(2));
        var context = await host.Probe.NextStartAsync();

        Assert.StartsWith("once-", key, StringComparison.Ordinal);
        Assert.Equal((TriggerKind.Once, TriggerOrigin.Dynamic, at), (trigger.Spec.Kind, trigger.Origin, trigger.NextFireUtc));
        Assert.Equal((key, """{"n":1}""", at), (context.TriggerKey, context.DataJson, context.ScheduledUtc));
    }

    [Fact]
    public async Task UpsertTriggersAsync_AddsAndReplacesTriggersOfAnyJob_AndRemoveTriggersAsyncRemovesThemByKey()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var api = Api(host);

        await api.UpsertTriggersAsync("test.retry", [TriggerSpec.Cron("nightly", "0 2 * * *", "Europe/London"), TriggerSpec.Interval("poll", TimeSpan.FromMinutes(5))]);
        await api.UpsertTriggersAsync("test.retry", [TriggerSpec.Interval("poll", TimeSpan.FromMinutes(10))]);
        var job = (await api.GetJobAsync("test.retry"))!;
        var removed = await api.RemoveTriggersAsync("test.retry", ["nightly", "no-such-key"]);

        Assert.Equal(["default", "nightly", "poll"], job.Triggers.Select(t => t.Spec.Key));
        Assert.Equal(TimeSpan.FromMinutes(10), job.Triggers.Single(t => t.Spec.Key == "poll").Spec.Period);
        Assert.Equal(["declared", "dynamic", "dynamic"], job.Triggers.Select(t => t.Origin));
        Assert.Equal(1, removed);
        Assert.Equal(["default", "poll"], _store.GetTriggers("test.retry").Select(t => t.Spec.Key).Order());
    }

    [Theory]
    [InlineData("cron", "not a cron")]
    [InlineData("zone", "Mars/Olympus")]
    [InlineData("data", "{oops")]
    public async Task UpsertTriggersAsync_RefusesTheWholeBatch_QuotingTheBadValue(string what, string value)
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var bad = what switch
        {
            "cron" => TriggerSpec.Cron("bad", value),
            "zone" => TriggerSpec.Cron("bad", "* * * * *", value),
            _ => TriggerSpec.Cron("bad", "* * * * *") with { DataJson = value },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Api(host).UpsertTriggersAsync("test.retry", [TriggerSpec.Cron("good", "* * * * *"), bad]));

        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(["default"], _store.GetTriggers("test.retry").Select(t => t.Spec.Key));
    }

    [Fact]
    public async Task PauseAsync_RecordsReasonWhoAndUntil_AndResumeAsyncClearsIt_EachTellingTheListeners()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        var api = Api(host).As("job:other");
        var until = host.Time.GetUtcNow().AddHours(1);

        await api.PauseAsync("test.every-minute", "deploy", until);
        var paused = (await api.GetJobAsync("test.every-minute"))!;
        await api.ResumeAsync("test.every-minute");
        await api.ResumeAsync("test.every-minute");
        var resumed = (await api.GetJobAsync("test.every-minute"))!;

        Assert.Equal((JobState.Paused, "deploy", "job:other", until), (paused.State, paused.StateReason, paused.PausedBy, paused.PausedUntilUtc));
        Assert.Equal((JobState.Active, null, null), (resumed.State, resumed.PausedBy, resumed.PausedUntilUtc));
        var pausedEvent = Assert.IsType<JobPausedEvent>(_events.PausesAndResumes[0]);
        Assert.Equal(("test.every-minute", "job:other", "deploy", until, "test-node"), (pausedEvent.JobId, pausedEvent.By, pausedEvent.Reason, pausedEvent.UntilUtc, pausedEvent.Node));
        // Resumed once: the second resume found the job running and did nothing.
        Assert.Equal("job:other", Assert.IsType<JobResumedEvent>(Assert.Single(_events.PausesAndResumes.Skip(1))).By);
    }

    [Fact]
    public async Task PauseAsync_RefusesAnInstantThatIsNotInTheFuture_AndWritesNothing()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Api(host).PauseAsync("test.every-minute", null, host.Time.GetUtcNow()));

        Assert.StartsWith("pause until 2026-01-05T10:00:30Z is not in the future", ErrorText.Of(error), StringComparison.Ordinal);
        Assert.False(_store.GetJob("test.every-minute")!.Paused);
        Assert.Empty(_events.PausesAndResumes);
    }

    [Fact]
    public async Task APauseUntilAnInstant_EndsByItselfOnTheHousekeepingTick_AndTellsTheListeners()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        var api = Api(host);
        await api.PauseAsync("test.every-minute", "maintenance", host.Time.GetUtcNow().AddMinutes(2));

        await host.PumpUntilAsync(_events.WaitForAsync(e => e is JobResumedEvent), TimeSpan.FromSeconds(1));

        var resumed = Assert.IsType<JobResumedEvent>(_events.PausesAndResumes[^1]);
        Assert.Equal((PauseExpiry.By, "test.every-minute"), (resumed.By, resumed.JobId));
        Assert.True(resumed.OccurredUtc >= KairosTestHost.DefaultStart.AddMinutes(2));
        Assert.Equal(JobState.Active, (await api.GetJobAsync("test.every-minute"))!.State);
    }

    [Fact]
    public async Task GetJobsAsync_ListsEachJobWithItsTriggersStateNextFireAndLastRun()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>().AddJob<EveryMinuteJob>());
        var api = Api(host);
        var runId = await api.TriggerAsync("test.retry");
        await api.WaitForRunAsync(runId, TimeSpan.FromMinutes(1));

        var jobs = await api.GetJobsAsync();

        Assert.Equal(["test.every-minute", "test.retry"], jobs.Select(j => j.Id));
        var everyMinute = jobs[0];
        Assert.Equal(("fires every minute", "app", JobState.Active), (everyMinute.Description, everyMinute.Source, everyMinute.State));
        Assert.Equal(KairosTestHost.DefaultStart.AddSeconds(30), everyMinute.NextFireUtc);
        Assert.Equal("* * * * *", Assert.Single(everyMinute.Triggers).Spec.CronExpression);
        Assert.Null(everyMinute.LastRun);
        Assert.Equal((runId, RunStatus.Succeeded), (jobs[1].LastRun!.Id, jobs[1].LastRun!.Status));
    }

    [Fact]
    public async Task TriggerAsync_RunsAtOnce_WhenTheLoopReadItsClockBeforeTheTriggerAndCollectsAfterIt()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var api = Api(host);
        using var held = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var hold = 0;
        _store.BeforeResumeExpired = () =>
        {
            if (Interlocked.Exchange(ref hold, 0) == 1)
            {
                held.Set();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        };
        Volatile.Write(ref hold, 1);
        // Chores asked: on an exclusive store the loop runs them at once; its iteration reads the clock, then stops in the store.
        host.Services.GetRequiredService<SchedulerSignal>().Wake();
        Assert.True(held.Wait(TimeSpan.FromSeconds(30)), "the loop did not reach its housekeeping");

        host.Advance(TimeSpan.FromMilliseconds(5));
        var runId = await api.TriggerAsync("test.retry"); // due at the new time, after the loop's reading
        release.Set(); // the loop goes on: it takes the pending-added flag and reads the pending runs

        // No other wake-up comes (the clock stands still): the run starts only if that read saw it.
        var run = await api.WaitForRunAsync(runId, Timeout.InfiniteTimeSpan).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Succeeded, run.Status);
    }

    [Fact]
    public async Task GetRunsAsync_FiltersAndPagesNewestFirst_WithAnOpaqueToken()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var api = Api(host);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await api.TriggerAsync("test.retry"));
            host.Advance(TimeSpan.FromMilliseconds(5));
        }
        await api.WaitForRunAsync(ids[^1], Timeout.InfiniteTimeSpan).WaitAsync(TimeSpan.FromMinutes(1));

        var first = await api.GetRunsAsync(new RunQuery { JobId = "test.retry", TriggerKey = "manual", Limit = 3 });
        var second = await api.GetRunsAsync(new RunQuery { JobId = "test.retry", TriggerKey = "manual", Limit = 3, PageToken = first.NextPageToken });
        var none = await api.GetRunsAsync(new RunQuery { TriggerKey = "default" });

        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), first.Runs.Select(r => r.Id));
        Assert.DoesNotContain(ids[2], first.NextPageToken!, StringComparison.Ordinal);
        Assert.Equal([ids[1], ids[0]], second.Runs.Select(r => r.Id));
        Assert.Null(second.NextPageToken);
        Assert.Empty(none.Runs);
    }

    [Theory]
    [InlineData(0, null, "limit 0 is invalid: expected 1 to 1000")]
    [InlineData(1001, null, "limit 1001 is invalid: expected 1 to 1000")]
    [InlineData(10, "bm90LWEtdG9rZW4", "page token 'bm90LWEtdG9rZW4' is invalid: expected the NextPageToken of a previous page")]
    public async Task GetRunsAsync_RefusesABadLimitOrToken_QuotingIt(int limit, string? token, string message)
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Api(host).GetRunsAsync(new RunQuery { Limit = limit, PageToken = token }));

        Assert.Equal(message, ErrorText.Of(error));
    }

    [Fact]
    public async Task GetRunAsync_ReturnsTheRunWithItsLogAndError_AndNullForAnUnknownId()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        var now = host.Time.GetUtcNow();
        _store.Insert([new RunRecord
        {
            Id = RunIds.New(now), JobId = "test.retry", TriggerKey = "manual", ConcurrencyKey = "test.retry", ScheduledUtc = now, NotBeforeUtc = now,
            Status = RunStatus.Failed, ErrorType = "System.InvalidOperationException", ErrorMessage = "boom", ErrorStack = "at X", Log = ["one", "two"],
        }]);
        var id = _store.Query("test.retry", null, 1)[0].Id;

        var run = (await Api(host).GetRunAsync(id))!;
        var page = await Api(host).GetRunsAsync(new RunQuery());

        Assert.Equal((RunStatus.Failed, "System.InvalidOperationException", "boom", "at X"), (run.Status, run.ErrorType, run.ErrorMessage, run.ErrorStackTrace));
        Assert.Equal(["one", "two"], run.Log);
        Assert.Empty(Assert.Single(page.Runs).Log);
        Assert.Null(await Api(host).GetRunAsync("no-such-run"));
    }

    [Fact]
    public async Task WaitForRunAsync_ReturnsWhenTheOutcomeIsWritten_WithoutTheClockMoving()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Gate = JobProbe.Held();
        var api = Api(host);
        var runId = await api.TriggerAsync("test.retry", """{"a":1}""");
        await host.Probe.NextStartAsync();

        var wait = api.WaitForRunAsync(runId, TimeSpan.FromMinutes(1));
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        Assert.False(wait.IsCompleted);
        host.Probe.Gate.SetResult();
        // The fake clock stands still, so no poll re-reads the store: only the outcome's signal ends the wait.
        var run = await wait.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System);

        Assert.Equal((runId, RunStatus.Succeeded, """{"a":1}"""), (run.Id, run.Status, run.DataJson));
    }

    [Fact]
    public async Task WaitForRunAsync_ThrowsTimeout_QuotingTheStatus_AndArgumentExceptionForAnUnknownRun()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Gate = JobProbe.Held();
        var api = Api(host);
        var runId = await api.TriggerAsync("test.retry");
        await host.Probe.NextStartAsync();

        var wait = api.WaitForRunAsync(runId, TimeSpan.FromSeconds(5));
        await host.PumpUntilAsync(Assert.ThrowsAsync<TimeoutException>(() => wait), TimeSpan.FromSeconds(1));
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => wait);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => api.WaitForRunAsync("no-such-run", TimeSpan.FromSeconds(1)));

        Assert.Equal($"run '{runId}' had not ended after 00:00:05: it is running", timeout.Message);
        Assert.StartsWith("unknown run 'no-such-run'", unknown.Message, StringComparison.Ordinal);
        host.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task GetInfoAsync_DescribesTheNodeStoreAndRunningRuns()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Gate = JobProbe.Held();
        var runId = await Api(host).TriggerAsync("test.retry");
        await host.Probe.NextStartAsync();

        var info = await Api(host).GetInfoAsync();

        Assert.Equal(("test-node", "litedb", true), (info.Node, info.StoreKind, info.HostRunning));
        Assert.Equal(KairosTestHost.DefaultStart, info.StartedUtc);
        Assert.Equal(runId, Assert.Single(info.Running).Id);
        var node = Assert.Single(info.Nodes);
        Assert.Equal(("test-node", true), (node.Id, node.Alive));
        Assert.Contains("test.retry", node.RunnableJobIds);
        host.Probe.Gate.SetResult();
    }
}
