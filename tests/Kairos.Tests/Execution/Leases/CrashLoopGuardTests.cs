using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Kairos.Tests.Fakes;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Execution.Leases;

/// <summary>
/// The crash-loop guard: a job whose runs were in flight for <see cref="KairosOptions.HostDeathLimit"/> host deaths in a
/// row is paused, whether the deaths were during one fire and its re-runs or during fires of their own.
/// </summary>
public sealed class CrashLoopGuardTests : IDisposable
{
    private const string JobId = "test.boom";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryStore _store = new();
    private readonly TestMeterFactory _meters = new();
    private RunRecovery _recovery = null!;
    private int _runs;

    public void Dispose() => _meters.Dispose();

    private void Job(RecoveryPolicy recovery, int hostDeathLimit = 2)
    {
        _store.Reconcile(new StoredJob
        {
            Id = JobId, Source = "test", UpdatedUtc = _time.GetUtcNow(), Policies = JobPolicies.Default with { Recovery = recovery },
        }, []);
        var options = Options.Create(new KairosOptions { NodeId = "node-a", HostDeathLimit = hostDeathLimit });
        var events = new EngineEvents(new RecordingEventSink(), new KairosMetrics(_meters), _time, options);
        _recovery = new RunRecovery(_store, new JobCatalog(), new CrashLoopGuard(_store, _store, options, NullLogger<CrashLoopGuard>.Instance), events, NullLogger<RunRecovery>.Instance);
    }

    /// <summary>A fire of the job, running on a host whose lease on it has lapsed.</summary>
    private RunRecord Running(DateTimeOffset? scheduled = null)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();
        var run = new RunRecord
        {
            Id = $"run-{++_runs}", JobId = JobId, TriggerKey = "default", ConcurrencyKey = JobId, ScheduledUtc = scheduled ?? now,
            NotBeforeUtc = now, StartedUtc = now, Status = RunStatus.Running, Node = "dead", LeaseExpiresUtc = now,
        };
        _store.Insert([run]);
        return run;
    }

    /// <summary>The host holding the running runs dies: a later pass expires their leases, as a live host or the next start does.</summary>
    private IReadOnlyList<RunRecord> HostDies()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();
        var interrupted = _store.ExpireLeases(now, run => _recovery.Decide(run, now));
        _recovery.Report(interrupted, now);
        return interrupted;
    }

    /// <summary>The re-run the last death wrote, started on the (again doomed) host.</summary>
    private RunRecord RerunStarts()
    {
        var pending = Assert.Single(_store.Query(JobId, RunStatus.Pending, 10));
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();
        Assert.Equal(StartResult.Started, _store.TryStart(pending.Id, "dead", "1", now, now, int.MaxValue, out var started));
        return started!;
    }

    /// <summary>A fire of the job that ran to its end with <paramref name="status"/>.</summary>
    private void Ended(RunStatus status)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var now = _time.GetUtcNow();
        _store.Insert([new RunRecord
        {
            Id = $"run-{++_runs}", JobId = JobId, TriggerKey = "default", ConcurrencyKey = JobId, ScheduledUtc = now,
            NotBeforeUtc = now, StartedUtc = now, EndedUtc = now, Status = status,
        }]);
    }

    private StoredJob Stored => _store.GetJob(JobId)!;

    [Fact]
    public void AJobWithoutReruns_IsPaused_WhenTheHostDiedDuringTwoOfItsFiresInARow()
    {
        Job(RecoveryPolicy.None);
        Running();
        HostDies();
        Assert.False(Stored.Paused);

        var second = Running();
        HostDies();

        Assert.True(Stored.Paused);
        Assert.Equal(
            $"auto-paused: run {second.Id}: the host died 2 time(s) in a row during runs of this job, the last during this run (Kairos:HostDeathLimit 2); the job is paused until 'kairos resume {JobId}'",
            Stored.PauseReason);
        Assert.Empty(_store.Query(JobId, RunStatus.Pending, 10));
    }

    [Fact]
    public void ARunThatEnded_BetweenTwoDeaths_StartsTheCountAgain()
    {
        Job(RecoveryPolicy.None);
        Running();
        HostDies();
        Ended(RunStatus.Failed);
        Running();
        HostDies();

        Assert.False(Stored.Paused);
    }

    [Fact]
    public void RunsThatOneDeathInterrupted_CountOnce()
    {
        Job(RecoveryPolicy.None);
        var first = Running();
        Running(scheduled: first.ScheduledUtc.AddSeconds(30));

        Assert.Equal(2, HostDies().Count);

        Assert.False(Stored.Paused);
    }

    [Fact]
    public void AResumedJob_CountsItsDeathsAgain()
    {
        Job(RecoveryPolicy.None);
        Running();
        HostDies();
        Running();
        HostDies();
        Assert.True(Stored.Paused);

        _time.Advance(TimeSpan.FromMinutes(1));
        _store.SetPaused(JobId, null, _time.GetUtcNow());
        Running();
        HostDies();

        Assert.False(Stored.Paused);
    }

    [Fact]
    public void AFireRerunAfterEachDeath_IsNotRunAgain_AtTheLimit_AndItsJobIsPaused()
    {
        Job(RecoveryPolicy.Rerun);
        Running();
        HostDies();
        Assert.False(Stored.Paused);
        RerunStarts();

        var last = Assert.Single(HostDies());

        Assert.Equal(2, last.HostDeaths);
        Assert.Contains("the host died during this run 2 time(s) (Kairos:HostDeathLimit 2); not re-run", last.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_store.Query(JobId, RunStatus.Pending, 10));
        Assert.True(Stored.Paused);
        Assert.StartsWith($"auto-paused: run {last.Id}: the host died during this run 2 time(s)", Stored.PauseReason, StringComparison.Ordinal);
    }

    [Fact]
    public void AReRunThatACleanStopInterrupted_AddsNoDeath()
    {
        Job(RecoveryPolicy.Rerun, hostDeathLimit: 3);
        Running();
        HostDies();
        var rerun = RerunStarts();
        Assert.True(_store.Complete(rerun.Interrupted(_time.GetUtcNow(), "the host stopped")));

        Running();
        HostDies();

        Assert.False(Stored.Paused);
    }
}
