using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Scheduling.Calendars;

/// <summary>Calendars and jitter in a real host (real DI, configuration, scheduler and dispatcher) on a fake clock.</summary>
public sealed class CalendarInHostTests
{
    private static readonly DateTimeOffset Minute1 = new(2026, 1, 5, 10, 1, 0, TimeSpan.Zero);

    [Job("test.blacked-out")]
    [CronTrigger("* * * * *", Calendars = ["always"])]
    public sealed class BlackedOutJob(JobProbe probe) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
    }

    [Job("test.unknown-calendar")]
    [CronTrigger("* * * * *", Calendars = ["holidayz"])]
    public sealed class UnknownCalendarJob(JobProbe probe) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
    }

    [Job("test.jittered")]
    [CronTrigger("* * * * *", JitterSeconds = 30)]
    public sealed class JitteredJob(JobProbe probe) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
    }

    private static readonly Dictionary<string, string?> AlwaysExcluded = new()
    {
        ["Kairos:Calendars:always:Weekly:0"] = "Mon-Sun 00:00-24:00",
        ["Kairos:Calendars:holidays:Dates"] = "2026-12-25, 2026-12-31..2027-01-01",
    };

    [Fact]
    public async Task EveryFireInAWindow_IsRecordedSkippedAndTold_AndTheTriggerMovesOn_WithoutARun()
    {
        var listener = new RecordingListener();
        await using var host = await KairosTestHost.StartAsync(
            k => { k.AddJob<BlackedOutJob>(); k.Services.AddSingleton<ISchedulerListener>(listener); }, store: new InMemoryStore(), settings: AlwaysExcluded);

        for (var i = 0; i < 3; i++)
        {
            host.Advance(TimeSpan.FromMinutes(1));
            await host.WaitForRunsAsync("test.blacked-out", r => r.Count == i + 1);
        }

        var events = await listener.WaitForAsync(e => e.OfType<FireNotRunEvent>().Count() == 3);
        var runs = await host.WaitForRunsAsync("test.blacked-out", r => r.Count == 3);
        Assert.All(runs, r => Assert.Equal((RunStatus.Skipped, "excluded by calendar 'always' (Mon-Sun 00:00-24:00)"), (r.Status, r.ErrorMessage)));
        Assert.Equal([Minute1, Minute1.AddMinutes(1), Minute1.AddMinutes(2)], runs.Select(r => r.ScheduledUtc).Order());
        Assert.All(events.OfType<FireNotRunEvent>(), e => Assert.Equal((RunStatus.Skipped, "excluded by calendar 'always' (Mon-Sun 00:00-24:00)"), (e.Status, e.Reason)));
        Assert.Equal(0, host.Probe.Started);
        Assert.Equal(Minute1.AddMinutes(3), host.Catalog.GetTriggers("test.blacked-out").Single().NextFireUtc);
    }

    [Fact]
    public async Task AJobWhoseTriggerNamesAnUndefinedCalendar_IsSwitchedOff_NamingIt()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<UnknownCalendarJob>(), store: new InMemoryStore(), settings: AlwaysExcluded);

        var job = host.Services.GetOperations().Jobs().Single(j => j.Id == "test.unknown-calendar");

        Assert.Equal(JobState.Disabled, job.State);
        Assert.Equal("job 'test.unknown-calendar': trigger 'default': calendar 'holidayz' is not defined under Kairos:Calendars: expected one of 'always', 'holidays'", job.DisabledReason);
    }

    [Fact]
    public async Task ABadCalendarSetting_StopsTheHost_QuotingIt()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KairosTestHost.StartAsync(k => { }, settings: new Dictionary<string, string?>
        {
            ["Kairos:Calendars:lunch:Weekly"] = "Mon-Fri 12:00-13:60",
        }));

        Assert.Contains("Kairos:Calendars:lunch:Weekly has 'Mon-Fri 12:00-13:60': expected 'DAY HH:MM-DAY HH:MM'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AJitteredTrigger_RunsAtItsOffset_AndItsStoredNextFireIsTheNextJitteredInstant()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<JitteredJob>(), store: new InMemoryStore());
        var spec = host.Catalog.GetTriggers("test.jittered").Single().Spec;
        var offset = Kairos.Host.Scheduling.Planning.TriggerJitter.Offset("test.jittered", spec);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Jitter);

        host.Advance(Minute1 + offset - host.Time.GetUtcNow());
        var context = await host.Probe.NextStartAsync();

        Assert.Equal(Minute1 + offset, context.ScheduledUtc);
        await host.WaitForRunsAsync("test.jittered", r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.Equal(Minute1.AddMinutes(1) + offset, host.Catalog.GetTriggers("test.jittered").Single().NextFireUtc);
    }
}
