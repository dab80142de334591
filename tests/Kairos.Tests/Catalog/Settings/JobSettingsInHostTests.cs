using Kairos.Host.Listeners;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Catalog.Settings;

/// <summary>Overrides, start conditions and auto-pause in a real host (real DI, scheduler and dispatcher) on a fake clock.</summary>
public sealed class JobSettingsInHostTests
{
    [Job("test.gated", EnabledWhen = "Features:Billing")]
    [CronTrigger("* * * * *")]
    public sealed class GatedJob(JobProbe probe) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
    }

    [Job("test.flaky", PauseAfterFailures = 2)]
    [CronTrigger("* * * * *")]
    public sealed class FlakyJob(JobProbe probe) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
    }

    private static void Reload(KairosTestHost host, params (string Key, string? Value)[] values)
    {
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        foreach (var (key, value) in values)
        {
            configuration[key] = value;
        }
        configuration.Reload();
    }

    [Fact]
    public async Task EnabledFalse_ListsTheJobDisabledWithTheKey_AndMakesNoFire_UntilItIsTrueAgain()
    {
        await using var host = await KairosTestHost.StartAsync(
            k => k.AddJob<EveryMinuteJob>().AddJob<QueueJob>(),
            store: new InMemoryStore(),
            settings: new Dictionary<string, string?> { ["Kairos:Jobs:test.every-minute:Enabled"] = "false" });
        var operations = host.Services.GetOperations();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.WaitForRunsAsync("test.queue", r => r.Any(x => x.Status == RunStatus.Succeeded));

        Assert.Empty(host.Runs.Query("test.every-minute", null, 10));
        var job = operations.Jobs().Single(j => j.Id == "test.every-minute");
        Assert.Equal(JobState.Disabled, job.State);
        Assert.Equal("Kairos:Jobs:test.every-minute:Enabled is false", job.DisabledReason);
        Assert.Equal("Kairos:Jobs:test.every-minute:Enabled", Assert.Single(job.OverriddenBy).Key);

        Reload(host, ("Kairos:Jobs:test.every-minute:Enabled", "true"));
        Assert.Equal(JobState.Active, operations.Jobs().Single(j => j.Id == "test.every-minute").State);
        host.Advance(TimeSpan.FromMinutes(1));
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
    }

    [Fact]
    public async Task ATriggerOverride_ChangesTheStoredSchedule_AndJobsShowsTheDeclaredOneAndTheKey()
    {
        await using var host = await KairosTestHost.StartAsync(
            k => k.AddJob<EveryMinuteJob>(),
            store: new InMemoryStore(),
            settings: new Dictionary<string, string?>
            {
                ["Kairos:Jobs:test.every-minute:Triggers:default:Cron"] = "*/5 * * * *",
                ["Kairos:Jobs:test.every-minute:Timeout"] = "30s",
            });
        var operations = host.Services.GetOperations();

        var trigger = Assert.Single(host.Catalog.GetTriggers("test.every-minute"));
        Assert.Equal("*/5 * * * *", trigger.Spec.CronExpression);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero), trigger.NextFireUtc);
        var view = Assert.Single(operations.Jobs().Single().Triggers);
        Assert.Equal("*/5 * * * *", view.Schedule);
        Assert.Equal("* * * * *", view.Declared!.Schedule);
        Assert.Equal("Kairos:Jobs:test.every-minute:Triggers:default", view.OverriddenBy);
        Assert.Equal(new Kairos.Host.Operations.Views.SettingOverrideView("Kairos:Jobs:test.every-minute:Timeout", "none", "00:00:30"),
            Assert.Single(operations.Jobs().Single().OverriddenBy));

        Reload(host, ("Kairos:Jobs:test.every-minute:Triggers:default:Cron", null));

        trigger = Assert.Single(host.Catalog.GetTriggers("test.every-minute"));
        Assert.Equal("* * * * *", trigger.Spec.CronExpression);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 1, 0, TimeSpan.Zero), trigger.NextFireUtc);
        Assert.Null(Assert.Single(operations.Jobs().Single().Triggers).OverriddenBy);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public async Task AGatedJob_RunsOnlyWhenItsSettingIsTrue(string? billing, bool runs)
    {
        var settings = new Dictionary<string, string?>();
        if (billing is not null)
        {
            settings["Features:Billing"] = billing;
        }
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<GatedJob>().AddJob<QueueJob>(), store: new InMemoryStore(), settings: settings);

        host.Advance(TimeSpan.FromSeconds(30));
        await host.WaitForRunsAsync("test.queue", r => r.Any(x => x.Status == RunStatus.Succeeded));
        if (runs)
        {
            await host.WaitForRunsAsync("test.gated", r => r.Any(x => x.Status == RunStatus.Succeeded));
            Assert.Equal(JobState.Active, host.Services.GetOperations().Jobs().Single(j => j.Id == "test.gated").State);
        }
        else
        {
            Assert.Empty(host.Runs.Query("test.gated", null, 10));
            var job = host.Services.GetOperations().Jobs().Single(j => j.Id == "test.gated");
            Assert.Equal(JobState.Disabled, job.State);
            Assert.Equal($"start condition Features:Billing is {(billing is null ? "not set" : $"'{billing}'")}: the job runs only while it is 'true'", job.DisabledReason);
        }
    }

    [Fact]
    public async Task AGatedJob_StartsRunning_WhenItsSettingTurnsTrueOnReload()
    {
        await using var host = await KairosTestHost.StartAsync(
            k => k.AddJob<GatedJob>(), store: new InMemoryStore(), settings: new Dictionary<string, string?> { ["Features:Billing"] = "false" });

        Reload(host, ("Features:Billing", "TRUE"));
        host.Advance(TimeSpan.FromSeconds(30));

        await host.WaitForRunsAsync("test.gated", r => r.Any(x => x.Status == RunStatus.Succeeded));
    }

    [Fact]
    public async Task AJobThatKeepsFailing_IsAutoPaused_AndTheListenersAreTold()
    {
        var sink = new RecordingEventSink();
        await using var host = await KairosTestHost.StartAsync(
            k =>
            {
                k.Services.AddSingleton<IEventSink>(sink);
                k.AddJob<FlakyJob>();
            },
            store: new InMemoryStore());
        host.Probe.Fail = _ => new InvalidOperationException("the API is down");

        host.Advance(TimeSpan.FromSeconds(30));
        await host.WaitForRunsAsync("test.flaky", r => r.Count(x => x.Status == RunStatus.Failed) == 1);
        Assert.False(host.Catalog.GetJob("test.flaky")!.Paused);
        host.Advance(TimeSpan.FromMinutes(1));
        var runs = await host.WaitForRunsAsync("test.flaky", r => r.Count(x => x.Status == RunStatus.Failed) == 2);
        // The pause is written right after the second failure's outcome: wait for it, not for the record alone.
        await sink.WaitForAsync(e => e is JobPausedEvent).WaitAsync(TimeSpan.FromSeconds(30));

        var job = host.Services.GetOperations().Jobs().Single();
        Assert.Equal(JobState.Paused, job.State);
        var last = runs.OrderByDescending(r => r.ScheduledUtc).First();
        Assert.Equal($"paused after 2 consecutive failed runs (PauseAfterFailures 2); the last, {last.Id}, ended failed: the API is down", job.PauseReason);
        var paused = Assert.IsType<JobPausedEvent>(Assert.Single(sink.Events, e => e is JobPausedEvent));
        Assert.Equal(("test.flaky", "auto-pause"), (paused.JobId, paused.By));
    }
}
