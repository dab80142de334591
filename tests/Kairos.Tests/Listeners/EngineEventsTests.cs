using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Listeners;

/// <summary>What the engine tells listeners about each kind of run, with the fields of the run record.</summary>
public sealed class EngineEventsTests
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 5, 10, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task SucceededRun_IsToldAsStartedThenEnded_WithItsRecordsFields()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>(), listener);

        host.Advance(TimeSpan.FromSeconds(30));
        var events = await listener.WaitForAsync(e => e.OfType<RunEndedEvent>().Any());

        var run = (await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded))).Single();
        var started = Assert.IsType<RunStartedEvent>(events[0]);
        var ended = Assert.IsType<RunEndedEvent>(events[1]);
        Assert.Equal(("run-started", "test.every-minute", run.Id, run.TriggerKey, 1, Minute1, Minute1, "test-node"),
            (started.Name, started.JobId, started.RunId, started.TriggerKey, started.Attempt, started.ScheduledUtc, started.StartedUtc, started.Node));
        Assert.Equal(run.Version, started.Version);
        Assert.Equal(("run-ended", RunStatus.Succeeded, run.Id, Minute1, (DateTimeOffset?)Minute1, run.EndedUtc!.Value, run.Version, "test-node"),
            (ended.Name, ended.Status, ended.RunId, ended.ScheduledUtc, ended.StartedUtc, ended.EndedUtc, ended.Version, ended.Node));
        Assert.Equal(TimeSpan.Zero, ended.Duration);
        Assert.Null(ended.ErrorType);
        Assert.Equal(ended.EndedUtc, ended.OccurredUtc);
    }

    [Fact]
    public async Task FailedRun_IsToldRetryingThenFailed_WithTheErrorsTypeMessageAndStack()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(k => k.AddJob<RetryJob>(), listener);
        host.Probe.Fail = c => new InvalidOperationException($"boom {c.Attempt}");

        host.Services.GetOperations().Trigger("test.retry");
        await listener.WaitForAsync(e => e.OfType<RunEndedEvent>().Any());
        host.Advance(TimeSpan.FromSeconds(13));
        await listener.WaitForAsync(e => e.OfType<RunEndedEvent>().Count() == 2);
        host.Advance(TimeSpan.FromSeconds(25));
        var events = await listener.WaitForAsync(e => e.OfType<RunEndedEvent>().Any(r => r.Status == RunStatus.Failed));

        var ended = events.OfType<RunEndedEvent>().ToList();
        Assert.Equal([RunStatus.Retrying, RunStatus.Retrying, RunStatus.Failed], ended.Select(e => e.Status));
        Assert.Equal([1, 2, 3], ended.Select(e => e.Attempt));
        var failed = ended[2];
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.ErrorType);
        Assert.Equal("boom 3", failed.ErrorMessage);
        Assert.Contains(nameof(JobProbe.OnRunAsync), failed.ErrorStackTrace);
        Assert.Equal(host.Runs.Query("test.retry", RunStatus.Failed, 10).Single().ErrorStack, failed.ErrorStackTrace);
        Assert.Equal(3, events.OfType<RunStartedEvent>().Count());
    }

    [Fact]
    public async Task TimedOutRun_IsToldTimedOut_WithTheReason()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(k => k.AddJob<StubbornJob>(), listener);
        var stubborn = JobProbe.Held();
        host.Probe.Gate = stubborn;

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        await host.WaitForRunsAsync("test.stubborn", r => r.Any(x => x.Status == RunStatus.TimedOut), pump: TimeSpan.FromSeconds(1));

        var ended = (await listener.WaitForAsync(e => e.OfType<RunEndedEvent>().Any())).OfType<RunEndedEvent>().Single();
        Assert.Equal(RunStatus.TimedOut, ended.Status);
        Assert.Contains("timed out after", ended.ErrorMessage);
        stubborn.SetResult();
    }

    [Fact]
    public async Task SkippedFire_IsToldAsNotRun_NamingTheRunningKey()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>(), listener);
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));

        var events = await listener.WaitForAsync(e => e.OfType<FireNotRunEvent>().Any());
        var skipped = events.OfType<FireNotRunEvent>().Single();
        var record = host.Runs.Query("test.every-minute", RunStatus.Skipped, 10).Single();
        Assert.Equal(("fire-not-run", RunStatus.Skipped, record.Id, Minute1.AddMinutes(1), "test-node"),
            (skipped.Name, skipped.Status, skipped.RunId, skipped.ScheduledUtc, skipped.Node));
        Assert.Contains("still running", skipped.Reason);
        host.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task MisfiredFires_AreToldAsNotRun_OnePerRecord()
    {
        var listener = new RecordingListener();
        await using var host = await StartAsync(k => k.AddJob<SkipMisfireJob>(), listener);

        // 10:01, 10:02 and 10:03 are found more than the 60 s threshold late; 10:04 is on time and runs.
        host.Advance(TimeSpan.FromMinutes(4));

        var events = await listener.WaitForAsync(e => e.OfType<FireNotRunEvent>().Count() == 3 && e.OfType<RunEndedEvent>().Any());
        var misfired = events.OfType<FireNotRunEvent>().ToList();
        Assert.All(misfired, m => Assert.Equal(RunStatus.Misfired, m.Status));
        Assert.Equal([1, 2, 3], misfired.Select(m => m.ScheduledUtc.Minute).Order());
        Assert.All(misfired, m => Assert.Contains("misfire policy Skip", m.Reason));
        var records = host.Runs.Query("test.skip-misfire", RunStatus.Misfired, 10);
        Assert.Equal(records.Select(r => r.Id).Order(), misfired.Select(m => m.RunId).Order());
    }

    [Fact]
    public async Task ScriptThatDoesNotCompile_IsToldAsAFaultedJob_Once()
    {
        var listener = new RecordingListener();
        using var scripts = new TempDirectory();
        await File.WriteAllTextAsync(scripts.File("broken.csx"), "// kairos: id = test.broken\n// kairos: cron = * * * * *\nthis is not C#;\n");
        await using var host = await StartAsync(k => { }, listener, o => o.ScriptsPath = scripts.Path);

        var events = await listener.WaitForAsync(e => e.OfType<JobFaultedEvent>().Any(), timeoutSeconds: 60);

        var faulted = events.OfType<JobFaultedEvent>().Single();
        Assert.Equal(("job-faulted", "test.broken", "test-node"), (faulted.Name, faulted.JobId, faulted.Node));
        Assert.Contains("broken.csx", faulted.Source);
        Assert.Contains("does not compile", faulted.Message);
    }

    private static Task<KairosTestHost> StartAsync(Action<Kairos.Host.Hosting.IKairosBuilder> jobs, RecordingListener listener, Action<Kairos.Host.Hosting.KairosOptions>? configure = null) =>
        KairosTestHost.StartAsync(k =>
        {
            jobs(k);
            k.Services.AddSingleton<ISchedulerListener>(listener);
        }, configure, store: new InMemoryStore());
}
