using Kairos.Host.Hosting;
using Kairos.Host.Operations;
using Kairos.Host.Scheduling.Chores;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kairos.Tests.Operations.Control;

/// <summary>The operator actions of #20 (cancel, retry, disable, enable) and the audit trail, on a real host with a fake clock.</summary>
public sealed class OperatorActionsTests
{
    private readonly InMemoryStore _store = new();

    private Task<KairosTestHost> StartAsync(Action<IKairosBuilder> jobs, Action<KairosOptions>? configure = null, JobProbe? probe = null) =>
        KairosTestHost.StartAsync(jobs, configure, store: _store, probe: probe);

    private static KairosScheduler Ana(KairosTestHost host) => host.Services.GetRequiredService<KairosScheduler>().As("cli:ana");

    /// <summary>
    /// A run record of <c>test.retry</c> the host leaves alone: a pending one waits for a day (a backoff), a running one
    /// holds its lease for a day.
    /// </summary>
    private static RunRecord Record(string id, RunStatus status, string? node = null, int minute = 0) => new()
    {
        Id = id, JobId = "test.retry", TriggerKey = "manual", ConcurrencyKey = "test.retry", ScheduledUtc = KairosTestHost.DefaultStart.AddMinutes(-minute),
        NotBeforeUtc = KairosTestHost.DefaultStart.AddDays(1), Status = status, Node = node, StartedUtc = node is null ? null : KairosTestHost.DefaultStart,
        LeaseExpiresUtc = KairosTestHost.DefaultStart.AddDays(1),
    };

    [Fact]
    public async Task Cancel_StopsARunningRunOfThisHostThroughItsToken_AndItEndsCancelledNamingTheActor()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Gate = JobProbe.Held();
        var queued = Ana(host).Trigger("test.retry", null);
        await host.Probe.NextStartAsync();

        Ana(host).Cancel(queued.RunId);

        var runs = await host.WaitForRunsAsync("test.retry", r => r.Any(x => x.Status.IsTerminal()));
        var run = Assert.Single(runs);
        Assert.Equal((RunStatus.Cancelled, "cancelled by cli:ana"), (run.Status, run.ErrorMessage));
        Assert.Null(run.CancelRequestedUtc);
    }

    [Fact]
    public async Task Cancel_OfARunOnAnotherNode_AsksItsOwnerThroughTheStore_NamingTheActor()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        _store.Insert([Record("elsewhere", RunStatus.Running, node: "node-b")]);

        Ana(host).Cancel("elsewhere");

        var asked = _store.GetRun("elsewhere")!;
        Assert.Equal((RunStatus.Running, "cli:ana", host.Time.GetUtcNow()), (asked.Status, asked.CancelRequestedBy, asked.CancelRequestedUtc));
        Assert.Equal([new CancellationRequest("elsewhere", "cli:ana")], _store.GetCancellationRequests("node-b", ["elsewhere"]));
    }

    [Fact]
    public async Task Cancel_RefusesAnUnknownRun_AndARunThatIsNotRunning_QuotingItsStatus()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        _store.Insert([Record("done", RunStatus.Succeeded, node: "test-node"), Record("waiting", RunStatus.Pending)]);

        var unknown = Assert.Throws<RunNotFoundException>(() => Ana(host).Cancel("nope"));
        var ended = Assert.Throws<OperationException>(() => Ana(host).Cancel("done"));
        var pending = Assert.Throws<OperationException>(() => Ana(host).Cancel("waiting"));

        Assert.Equal("nope", unknown.RunId);
        Assert.Equal("run 'done' of 'test.retry' is succeeded: only a running run can be cancelled", ended.Message);
        Assert.Equal("run 'waiting' of 'test.retry' is pending: only a running run can be cancelled", pending.Message);
        Assert.Empty(_store.AuditPage(null, null, 10));
    }

    [Fact]
    public async Task Retry_QueuesTheNextAttemptOfTheSameFire_WithItsTriggerInstantAndData_AfterTheNewestAttempt()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        host.Probe.Fail = _ => new InvalidOperationException("upstream down");
        var first = Ana(host).Trigger("test.every-minute", """{"invoice":42}""");
        var failed = await host.Probe.NextStartAsync();
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Id == first.RunId && x.Status == RunStatus.Failed));

        var second = Ana(host).Retry(first.RunId);
        var retried = await host.Probe.NextStartAsync();
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Id == second.RunId && x.Status == RunStatus.Failed));
        host.Probe.Fail = _ => null;
        // Retrying the first attempt again: the fire's newest attempt is 2, so this is attempt 3.
        var third = Ana(host).Retry(first.RunId);
        var succeeded = await host.Probe.NextStartAsync();

        Assert.Null(second.Note);
        Assert.Equal((second.RunId, 2), (retried.RunId, retried.Attempt));
        Assert.Equal((third.RunId, 3), (succeeded.RunId, succeeded.Attempt));
        Assert.All([retried, succeeded], c => Assert.Equal(("manual", failed.ScheduledUtc, """{"invoice":42}"""), (c.TriggerKey, c.ScheduledUtc, c.DataJson)));
    }

    [Theory]
    [InlineData(RunStatus.Succeeded, "succeeded")]
    [InlineData(RunStatus.Retrying, "retrying")]
    [InlineData(RunStatus.Cancelled, "cancelled")]
    [InlineData(RunStatus.Pending, "pending")]
    public async Task Retry_RefusesARunOfAnotherStatus_NamingItAndWhatIsExpected(RunStatus status, string word)
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        _store.Insert([Record("r", status)]);

        var error = Assert.Throws<OperationException>(() => Ana(host).Retry("r"));

        Assert.Equal($"run 'r' of 'test.retry' is {word}: only a failed, timed-out or interrupted run can be retried", error.Message);
        Assert.Single(_store.Query("test.retry", null, 10));
        Assert.Throws<RunNotFoundException>(() => Ana(host).Retry("nope"));
    }

    [Fact]
    public async Task Retry_RefusesWhileAnotherAttemptOfTheFireIsOpen()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        _store.Insert([Record("failed", RunStatus.Interrupted) with { Attempt = 1 }, Record("next", RunStatus.Running, node: "node-b") with { Attempt = 2 }]);

        var error = Assert.Throws<OperationException>(() => Ana(host).Retry("failed"));

        Assert.Equal("run 'failed' of 'test.retry' is not retried: attempt 2 of the same fire (next) is running; wait for it to end", error.Message);
    }

    [Fact]
    public async Task Disable_HoldsTheJobsFires_ShowsItDisabledWithWhoAndWhy_AcrossARestart_UntilEnable()
    {
        var probe = new JobProbe();
        await using (var host = await StartAsync(k => k.AddJob<EveryMinuteJob>(), probe: probe))
        {
            host.Services.GetOperations().As("cli:ana").Disable("test.every-minute", "upstream down");
            host.Advance(TimeSpan.FromMinutes(3));
            Assert.Empty(host.Runs.Query("test.every-minute", null, 10));
        }

        // A new host reconciles the job from its declaration: the operator's switch stays.
        await using var again = await StartAsync(k => k.AddJob<EveryMinuteJob>(), probe: probe);
        var operations = again.Services.GetOperations().As("cli:bo");
        var disabled = operations.Jobs().Single();
        var info = (await Ana(again).GetJobAsync("test.every-minute"))!;

        Assert.Equal((JobState.Disabled, "cli:ana", "upstream down", null), (disabled.State, disabled.DisabledBy, disabled.DisabledByOperatorReason, disabled.DisabledReason));
        Assert.Equal((JobState.Disabled, "upstream down"), (info.State, info.StateReason));
        Assert.Empty(again.Runs.Query("test.every-minute", null, 10));

        operations.Enable("test.every-minute");

        var enabled = operations.Jobs().Single();
        Assert.Equal((JobState.Active, null, null), (enabled.State, enabled.DisabledBy, enabled.DisabledByOperatorReason));
        again.Advance(TimeSpan.FromMinutes(1));
        await again.Probe.NextStartAsync();
    }

    [Fact]
    public async Task Disable_WithoutReason_SaysWhoInTheStateReason_AndEnableLeavesConfigurationsSwitchAlone()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        var api = Ana(host);

        api.Disable("test.every-minute", null);
        var byAna = (await api.GetJobAsync("test.every-minute"))!;
        var job = _store.GetJob("test.every-minute")!;
        job.DisabledReason = "Kairos:Jobs:test.every-minute:Enabled is false";
        _store.Reconcile(job, _store.GetTriggers("test.every-minute"));
        api.Enable("test.every-minute");
        var byConfiguration = (await api.GetJobAsync("test.every-minute"))!;

        Assert.Equal((JobState.Disabled, "disabled by cli:ana"), (byAna.State, byAna.StateReason));
        Assert.Equal((JobState.Disabled, "Kairos:Jobs:test.every-minute:Enabled is false"), (byConfiguration.State, byConfiguration.StateReason));
        Assert.Throws<JobNotFoundException>(() => api.Disable("nope", null));
        Assert.Throws<JobNotFoundException>(() => api.Enable("nope"));
    }

    [Fact]
    public async Task EveryOperatorAction_AppendsAnAuditEntry_NamingTheActorActionJobRunAndDetail_NewestFirst()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>().AddJob<EveryMinuteJob>());
        var api = Ana(host);
        var until = host.Time.GetUtcNow().AddHours(1);

        var triggered = api.Trigger("test.retry", """{"n":1}""");
        await api.WaitForRunAsync(triggered.RunId, TimeSpan.FromMinutes(1));
        var once = await api.ScheduleOnceAsync("test.retry", until);
        await api.UpsertTriggersAsync("test.retry", [TriggerSpec.Interval("poll", TimeSpan.FromMinutes(5))]);
        await api.RemoveTriggersAsync("test.retry", ["poll"]);
        await api.PauseAsync("test.every-minute", "deploy", until);
        await api.As("job:test.retry").ResumeAsync("test.every-minute");
        api.Disable("test.every-minute", "upstream down");
        api.Enable("test.every-minute");

        var (entries, next) = api.AuditPage(null, 100);

        Assert.Null(next);
        Assert.Equal(
        [
            ("enable", "cli:ana", "test.every-minute", null),
            ("disable", "cli:ana", "test.every-minute", "reason=upstream down"),
            ("resume", "job:test.retry", "test.every-minute", null),
            ("pause", "cli:ana", "test.every-minute", "reason=deploy; until=2026-01-05T11:00:30Z"),
            ("remove-triggers", "cli:ana", "test.retry", "triggers=poll; removed=1"),
            ("upsert-triggers", "cli:ana", "test.retry", "triggers=poll"),
            ("schedule-once", "cli:ana", "test.retry", $"trigger={once}; at=2026-01-05T11:00:30Z"),
            ("trigger", "cli:ana", "test.retry", """data={"n":1}"""),
        ], entries.Select(e => (e.Action, e.Actor, e.JobId, e.Detail)));
        Assert.Equal(triggered.RunId, entries[^1].RunId);
        Assert.All(entries, e => Assert.Equal(host.Time.GetUtcNow(), e.AtUtc));
    }

    [Fact]
    public async Task Audit_PagesNewestFirstWithAToken_FiltersByJob_AndRefusesAnUnknownJob()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>().AddJob<EveryMinuteJob>());
        var operations = host.Services.GetOperations().As("cli:ana");
        _store.Insert([Record("failed", RunStatus.Failed), Record("running", RunStatus.Running, node: "node-b", minute: 1)]);
        operations.Pause("test.every-minute", null);
        operations.Retry("failed");
        operations.Cancel("running");
        operations.Resume("test.every-minute");

        var first = operations.Audit(null, 3);
        var second = operations.Audit(null, 3, first.NextPage);
        var ofRetry = operations.Audit("test.retry", 10);

        Assert.Equal(["resume", "cancel", "retry"], first.Entries.Select(e => e.Action));
        Assert.Equal(["pause"], second.Entries.Select(e => e.Action));
        Assert.Null(second.NextPage);
        Assert.Equal([("cancel", "running"), ("retry", "failed")], ofRetry.Entries.Select(e => (e.Action, e.RunId)));
        Assert.StartsWith("run=", ofRetry.Entries[1].Detail, StringComparison.Ordinal);
        Assert.Equal("node=node-b", ofRetry.Entries[0].Detail);
        Assert.Throws<JobNotFoundException>(() => operations.Audit("nope", 10));
        Assert.Throws<OperationException>(() => operations.Audit(null, 0));
        Assert.Throws<ArgumentException>(() => operations.Audit(null, 10, "not-a-token"));
    }

    [Fact]
    public async Task Retention_KeepsTheNewestAuditEntries_UpToAuditRetentionCount()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>(), o => o.AuditRetentionCount = 2);
        var operations = host.Services.GetOperations().As("cli:ana");
        operations.Pause("test.every-minute", "one");
        operations.Resume("test.every-minute");
        operations.Pause("test.every-minute", "two");

        host.Services.GetServices<IHostedService>().OfType<RetentionService>().Single().ApplyOnce();

        Assert.Equal(["pause", "resume"], operations.Audit(null, 10).Entries.Select(e => e.Action));
    }
}
