using Kairos.Host.Catalog;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scripts.Header;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Scheduling.RunOnce;

[Job("test.once", RunOnce = "seed-v1")]
public sealed class SeedOnceJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.once-scheduled", RunOnce = "seed-v1")]
[CronTrigger("* * * * *")]
public sealed class ScheduledOnceJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

[Job("test.once-bad", RunOnce = "has space")]
public sealed class BadKeyOnceJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Run-once jobs (#16) on a real host with a fake clock: one run per key and store, across restarts; an operator's rerun.</summary>
public sealed class RunOnceTests
{
    private readonly InMemoryStore _store = new();

    private Task<KairosTestHost> StartAsync(JobProbe? probe = null) => KairosTestHost.StartAsync(k => k.AddJob<SeedOnceJob>(), probe: probe, store: _store);

    private static KairosScheduler Ana(KairosTestHost host) => host.Services.GetRequiredService<KairosScheduler>().As("cli:ana");

    [Fact]
    public async Task ARunOnceJob_RunsOnceWhenAHostFirstLoadsIt_AndNotAgainWhenAHostStartsOnTheSameStore()
    {
        await using (var first = await StartAsync())
        {
            var runs = await first.WaitForRunsAsync("test.once", r => r.Any(x => x.Status == RunStatus.Succeeded));
            var run = Assert.Single(runs);
            Assert.Equal((RunOrigin.RunOnce, "run-once"), (run.Origin, run.TriggerKey));
            var entry = Assert.Single(Ana(first).RunOnceEntries());
            Assert.Equal(("seed-v1", "test.once", run.Id, RunOnceView.Succeeded, "node:test-node"), (entry.Key, entry.JobId, entry.RunId, entry.State, entry.QueuedBy));
        }

        await using var second = await StartAsync();
        for (var i = 0; i < 5; i++)
        {
            second.Advance(TimeSpan.FromSeconds(1));
            await second.WaitForRunsAsync("test.once", _ => true);
        }

        Assert.Single(_store.Query("test.once", null, 10));
        Assert.Equal(0, second.Probe.Started);
        Assert.Empty(_store.GetTriggers("test.once"));
    }

    [Fact]
    public async Task RerunOnce_QueuesTheJobOnceMore_NamedByTheLedger_AndIsRefusedWhileItsRunIsQueued()
    {
        // Held before the host starts: the run-once run is queued at start and may start at once.
        await using var host = await StartAsync(new JobProbe { Gate = JobProbe.Held() });
        var firstRun = (await host.WaitForRunsAsync("test.once", r => r.Count == 1))[0];
        await host.Probe.NextStartAsync();

        var queued = Assert.Throws<OperationException>(() => Ana(host).RerunOnce("seed-v1"));
        var unknown = Assert.Throws<OperationException>(() => Ana(host).RerunOnce("seed-v9"));
        host.Probe.Gate.SetResult();
        await host.WaitForRunsAsync("test.once", r => r.All(x => x.Status == RunStatus.Succeeded));
        var rerun = Ana(host).RerunOnce("seed-v1");

        Assert.Equal($"run-once key 'seed-v1' of 'test.once' is queued: run {firstRun.Id} has not ended; wait for it, then rerun", queued.Message);
        Assert.Equal("unknown run-once key 'seed-v9': expected one of seed-v1", unknown.Message);
        var runs = await host.WaitForRunsAsync("test.once", r => r.Count == 2 && r.All(x => x.Status == RunStatus.Succeeded));
        Assert.Contains(runs, r => r.Id == rerun.RunId && r.Origin == RunOrigin.RunOnce);
        var entry = Assert.Single(Ana(host).RunOnceEntries());
        Assert.Equal((rerun.RunId, "cli:ana", RunOnceView.Succeeded), (entry.RunId, entry.QueuedBy, entry.State));
        var audit = Assert.Single(_store.AuditPage("test.once", null, 10));
        Assert.Equal((AuditActions.RunOnceRerun, rerun.RunId, $"key=seed-v1; previous={firstRun.Id}"), (audit.Action, audit.RunId, audit.Detail));
        var job = Assert.Single(host.Services.GetRequiredService<KairosOperations>().Jobs(), j => j.Id == "test.once");
        Assert.Equal(("seed-v1", RunOnceView.Succeeded), (job.RunOnce?.Key, job.RunOnce?.State));
    }

    [Fact]
    public void TheDeclaration_RefusesARunOnceKeyWithTriggers_OrNotAKey_AndAScriptHeaderDeclaresOne()
    {
        Assert.False(JobDeclarationReader.TryRead(typeof(ScheduledOnceJob), out _, out var scheduled));
        Assert.False(JobDeclarationReader.TryRead(typeof(BadKeyOnceJob), out _, out var badKey));
        Assert.True(JobDeclarationReader.TryRead(typeof(SeedOnceJob), out var seed, out _));
        var header = ScriptHeaderParser.Parse("// kairos: id = data.seed\n// kairos: run-once = seed-v2\n");
        var scriptWithCron = ScriptHeaderParser.Parse("// kairos: id = data.seed\n// kairos: run-once = seed-v2\n// kairos: cron = * * * * *\n");

        Assert.EndsWith("(job 'test.once-scheduled'): run-once key 'seed-v1' is declared with 1 trigger(s): a run-once job has no schedule of its own; remove its triggers or the run-once key", scheduled);
        Assert.EndsWith("(job 'test.once-bad'): run-once key 'has space' is invalid: expected 1 to 200 letters, digits, '.', '-', '_' or ':'", badKey);
        Assert.Equal("seed-v1", seed!.RunOnce);
        Assert.Equal("seed-v2", header.Definition!.RunOnce);
        Assert.Contains(scriptWithCron.Errors, e => e.Message.Contains("a run-once job has no schedule of its own", StringComparison.Ordinal));
    }
}
