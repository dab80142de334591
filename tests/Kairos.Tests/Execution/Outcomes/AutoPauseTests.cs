using Kairos.Host.Execution.Outcomes;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Execution.Outcomes;

public sealed class AutoPauseTests
{
    private const string JobId = "test.flaky";
    private static readonly JobPolicies PauseAfterThree = JobPolicies.Default with { PauseAfterFailures = 3 };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStore _store = new();
    private readonly RecordingEventSink _events = new();
    private readonly AutoPause _autoPause;
    private int _runs;

    public AutoPauseTests()
    {
        _store.Reconcile(new StoredJob { Id = JobId, Source = "test", UpdatedUtc = _time.GetUtcNow() }, []);
        _autoPause = new AutoPause(_store, _store, _events, _time, Options.Create(new KairosOptions { NodeId = "node-a" }), NullLogger<AutoPause>.Instance);
    }

    /// <summary>A run of the job that just ended with <paramref name="status"/>, written to history as the writer would.</summary>
    private RunRecord Ended(RunStatus status, string? error = null)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();
        var run = new RunRecord
        {
            Id = $"run-{++_runs}", JobId = JobId, TriggerKey = "default", ConcurrencyKey = JobId, ScheduledUtc = now, NotBeforeUtc = now,
            StartedUtc = now, EndedUtc = now, Status = status, ErrorMessage = error,
        };
        _store.Insert([run]);
        return run;
    }

    private void Observe(RunStatus status, string? error = null) => _autoPause.Observe(Ended(status, error), PauseAfterThree);

    [Fact]
    public void Observe_PausesTheJob_AfterTheLimitsConsecutiveFailure_AndTellsTheListeners()
    {
        Observe(RunStatus.Failed, "boom 1");
        Observe(RunStatus.TimedOut);
        Observe(RunStatus.Failed, "boom 3");

        var job = _store.GetJob(JobId)!;
        Assert.True(job.Paused);
        Assert.Equal(AutoPause.By, job.PausedBy);
        Assert.Null(job.PausedUntilUtc);
        Assert.Equal("paused after 3 consecutive failed runs (PauseAfterFailures 3); the last, run-3, ended failed: boom 3", job.PauseReason);
        var paused = Assert.IsType<JobPausedEvent>(Assert.Single(_events.Events));
        Assert.Equal((JobId, "auto-pause", job.PauseReason, "node-a", _time.GetUtcNow()), (paused.JobId, paused.By, paused.Reason, paused.Node, paused.OccurredUtc));
    }

    [Fact]
    public void Observe_DoesNotPause_AfterOneFailureFewerThanTheLimit()
    {
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);

        Assert.False(_store.GetJob(JobId)!.Paused);
        Assert.Empty(_events.Events);
    }

    [Fact]
    public void Observe_RestartsTheCount_AfterASuccess()
    {
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);
        Observe(RunStatus.Succeeded);
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);

        Assert.False(_store.GetJob(JobId)!.Paused);
    }

    [Fact]
    public void Observe_NeitherCountsNorResets_OnCancelledInterruptedOrSkippedRuns()
    {
        Observe(RunStatus.Failed);
        Observe(RunStatus.Cancelled);
        Observe(RunStatus.Failed);
        Observe(RunStatus.Interrupted);
        Observe(RunStatus.Skipped);

        Assert.False(_store.GetJob(JobId)!.Paused);
        Observe(RunStatus.Failed);
        Assert.True(_store.GetJob(JobId)!.Paused);
    }

    [Fact]
    public void Resume_ClearsIt_AndTheCountRestartsFromTheNextRun()
    {
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);
        Assert.True(_store.GetJob(JobId)!.Paused);

        _store.SetPaused(JobId, null, _time.GetUtcNow());
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);
        Assert.False(_store.GetJob(JobId)!.Paused);

        Observe(RunStatus.Failed);
        Assert.True(_store.GetJob(JobId)!.Paused);
        Assert.Equal(2, _events.Events.Count);
    }

    [Fact]
    public void Observe_ReadsTheCountOnceFromHistory_CountingEachRetriedRunOnce()
    {
        // Before this host saw any run: two failed runs, the second after a failed attempt that was retried.
        Ended(RunStatus.Failed);
        Ended(RunStatus.Retrying);
        Ended(RunStatus.Failed);

        Observe(RunStatus.Failed);

        Assert.True(_store.GetJob(JobId)!.Paused);
    }

    [Fact]
    public void Observe_DoesNotCountHistory_FromBeforeTheJobWasLastResumed()
    {
        Ended(RunStatus.Failed);
        Ended(RunStatus.Failed);
        _store.SetPaused(JobId, null, _time.GetUtcNow());

        Observe(RunStatus.Failed);

        Assert.False(_store.GetJob(JobId)!.Paused);
    }

    [Fact]
    public void Observe_DoesNothing_WhenTheJobHasNoLimit()
    {
        for (var i = 0; i < 5; i++)
        {
            _autoPause.Observe(Ended(RunStatus.Failed), JobPolicies.Default);
        }

        Assert.False(_store.GetJob(JobId)!.Paused);
        Assert.Empty(_events.Events);
    }

    [Fact]
    public void Observe_LeavesAPauseByAPersonAsItIs()
    {
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);
        _store.SetPaused(JobId, new JobPause("maintenance", "cli"), _time.GetUtcNow());

        Observe(RunStatus.Failed);

        Assert.Equal(("maintenance", "cli"), (_store.GetJob(JobId)!.PauseReason, _store.GetJob(JobId)!.PausedBy));
        Assert.Empty(_events.Events);
    }

    [Fact]
    public void Observe_CountsARunOnce_WhenItsOutcomeWasAlreadyReadFromHistory()
    {
        // Two runs end together; the first observed reads the count from history, where the other already is.
        var first = Ended(RunStatus.Failed);
        var second = Ended(RunStatus.Failed);

        _autoPause.Observe(first, PauseAfterThree);
        _autoPause.Observe(second, PauseAfterThree);

        Assert.False(_store.GetJob(JobId)!.Paused);
        Observe(RunStatus.Failed, "boom 3");
        Assert.True(_store.GetJob(JobId)!.Paused);
    }

    [Fact]
    public void Observe_NamesTheNewestFailure_WhenTheRunsAreObservedOutOfOrder()
    {
        var first = Ended(RunStatus.Failed, "boom 1");
        var second = Ended(RunStatus.Failed, "boom 2");
        var third = Ended(RunStatus.Failed, "boom 3");

        _autoPause.Observe(third, PauseAfterThree);
        _autoPause.Observe(first, PauseAfterThree);
        _autoPause.Observe(second, PauseAfterThree);

        Assert.Equal("paused after 3 consecutive failed runs (PauseAfterFailures 3); the last, run-3, ended failed: boom 3", _store.GetJob(JobId)!.PauseReason);
        Assert.Single(_events.Events);
    }

    [Fact]
    public void Observe_DoesNotCountAFailure_ThatEndedBeforeASuccessAlreadyInHistory()
    {
        var failed = Ended(RunStatus.Failed);
        Ended(RunStatus.Succeeded);

        _autoPause.Observe(failed, PauseAfterThree);
        Observe(RunStatus.Failed);
        Observe(RunStatus.Failed);

        Assert.False(_store.GetJob(JobId)!.Paused);
    }
}
