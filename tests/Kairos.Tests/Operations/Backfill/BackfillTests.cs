using Kairos.Host.Operations;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Operations.Backfill;

[Job("test.backfill", Overlap = OverlapPolicy.Skip)]
[CronTrigger("0 * * * *", Key = "hourly")]
public sealed class HourlySkipJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.backfill-allow", Overlap = OverlapPolicy.Allow, MaxConcurrency = 4)]
[CronTrigger("0 * * * *", Key = "hourly")]
public sealed class HourlyAllowJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.backfill-two")]
[CronTrigger("0 * * * *", Key = "hourly")]
[CronTrigger("* * * * * *", Key = "secondly")]
public sealed class TwoTriggerJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.backfill-blackout")]
[CronTrigger("0 * * * *", Key = "hourly", Calendars = ["maintenance"])]
public sealed class HourlyBlackoutJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

/// <summary>Backfill (#16) on a real host with a fake clock: what it creates, how its runs are dispatched, what it refuses.</summary>
public sealed class BackfillTests
{
    /// <summary>Five hours before <see cref="KairosTestHost.DefaultStart"/> (10:00:30): the instants 05:00 to 09:00.</summary>
    private static readonly DateTimeOffset From = new(2026, 1, 5, 5, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset To = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryStore _store = new();

    private static KairosScheduler Ana(KairosTestHost host) => host.Services.GetRequiredService<KairosScheduler>().As("cli:ana");

    [Fact]
    public async Task Backfill_LeavesOutTheInstantsInTheTriggersExclusionCalendar()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<HourlyBlackoutJob>(), store: _store,
            settings: new Dictionary<string, string?> { ["Kairos:Calendars:maintenance:Weekly"] = "Mon 06:00-Mon 07:30" });

        var view = Ana(host).Backfill("test.backfill-blackout", From, To, null, 1, dryRun: true);

        Assert.Equal([From, From.AddHours(3), To], view.Runs.Select(r => r.ScheduledUtc));
    }

    [Fact]
    public async Task Backfill_QueuesARunForEveryInstantWithNoRecord_WithItsInstantAndOrigin_AndASecondBackfillCreatesNothing()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<HourlySkipJob>(), store: _store);
        host.Probe.Gate = JobProbe.Held();
        _store.Insert([new RunRecord
        {
            Id = "earlier", JobId = "test.backfill", TriggerKey = "hourly", ConcurrencyKey = "test.backfill", ScheduledUtc = From.AddHours(2),
            NotBeforeUtc = From.AddHours(2), Status = RunStatus.Failed, EndedUtc = From.AddHours(2),
        }]);

        var first = Ana(host).Backfill("test.backfill", From, To, null, 1, dryRun: false);
        var second = Ana(host).Backfill("test.backfill", From, To, null, 1, dryRun: false);

        Assert.Equal(("hourly", 5, 1, 4), (first.TriggerKey, first.Scheduled, first.AlreadyRecorded, first.Created));
        Assert.Equal([From, From.AddHours(1), From.AddHours(3), To], first.Runs.Select(r => r.ScheduledUtc));
        Assert.Equal((5, 5, 0), (second.Scheduled, second.AlreadyRecorded, second.Created));
        var made = first.Runs.Select(r => _store.GetRun(r.RunId!)!).ToList();
        Assert.All(made, r => Assert.Equal((RunOrigin.Backfill, 1, "hourly"), (r.Origin, r.MaxParallel, r.TriggerKey)));
        var audit = _store.AuditPage("test.backfill", null, 10);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal(("cli:ana", AuditActions.Backfill), (a.Actor, a.Action)));
        Assert.Contains("created=4", audit[^1].Detail);
    }

    [Fact]
    public async Task Backfill_DryRun_ListsTheInstantsAndCreatesNothing()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<HourlySkipJob>(), store: _store);

        var dry = Ana(host).Backfill("test.backfill", From, To, "hourly", 2, dryRun: true);

        Assert.Equal((true, 5, 0, 2), (dry.DryRun, dry.Runs.Count, dry.Created, dry.MaxParallel));
        Assert.All(dry.Runs, r => Assert.Null(r.RunId));
        Assert.Empty(_store.Query("test.backfill", null, 100));
        Assert.Empty(_store.AuditPage("test.backfill", null, 10));
    }

    [Fact]
    public async Task BackfillRuns_QueueBehindOneAnother_UnderOverlapPolicySkip_NoneSkipped()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<HourlySkipJob>(), store: _store);
        host.Probe.Gate = JobProbe.Held();

        Ana(host).Backfill("test.backfill", From, To, null, 3, dryRun: false);
        var started = await host.Probe.NextStartAsync();
        // The others are read and tried while the first holds the job's one slot: none is skipped.
        await IterateAsync(host, 5);
        Assert.Equal(4, _store.Query("test.backfill", RunStatus.Pending, 10).Count);
        host.Probe.Gate.SetResult();

        var runs = await host.WaitForRunsAsync("test.backfill", r => r.Count(x => x.Status.IsTerminal()) == 5, pump: TimeSpan.FromMilliseconds(100));
        Assert.Equal(From, started.ScheduledUtc);
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        Assert.Equal([From, From.AddHours(1), From.AddHours(2), From.AddHours(3), To], runs.OrderBy(r => r.StartedUtc).ThenBy(r => r.ScheduledUtc).Select(r => r.ScheduledUtc));
    }

    [Fact]
    public async Task BackfillRuns_StartAtMostMaxParallelAtATime_BelowTheJobsOwnLimit()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<HourlyAllowJob>(), store: _store);
        host.Probe.Gate = JobProbe.Held();

        Ana(host).Backfill("test.backfill-allow", From, To, null, 2, dryRun: false);
        await host.Probe.NextStartAsync();
        await host.Probe.NextStartAsync();
        // The job allows four at once; the backfill asked for two: the three others stay pending while two run.
        await IterateAsync(host, 5);
        Assert.Equal(2, host.Probe.Started);
        Assert.Equal(3, _store.Query("test.backfill-allow", RunStatus.Pending, 10).Count);
        Assert.Equal(2, _store.Query("test.backfill-allow", RunStatus.Running, 10).Count);
        host.Probe.Gate.SetResult();

        var runs = await host.WaitForRunsAsync("test.backfill-allow", r => r.Count(x => x.Status.IsTerminal()) == 5, pump: TimeSpan.FromMilliseconds(100));
        Assert.All(runs, r => Assert.Equal(RunStatus.Succeeded, r.Status));
    }

    /// <summary>
    /// Lets the scheduler iterate <paramref name="times"/> times, the fake clock a second further each time (the loop is
    /// woken: on an exclusive store it has no housekeeping tick to wake it every second).
    /// </summary>
    private static async Task IterateAsync(KairosTestHost host, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var iterated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var service = host.Services.GetRequiredService<Kairos.Host.Scheduling.Loop.SchedulerService>();
            Action done = () => iterated.TrySetResult();
            service.Iterated += done;
            host.Advance(TimeSpan.FromSeconds(1));
            host.Services.GetRequiredService<Kairos.Host.Scheduling.Loop.SchedulerSignal>().Wake();
            await iterated.Task.WaitAsync(TimeSpan.FromSeconds(20));
            service.Iterated -= done;
        }
    }

    [Fact]
    public async Task Backfill_RefusesABadRange_AnUnnamedTriggerOfSeveral_ATooWideRange_AndNoParallelism_SayingWhatItExpected()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<TwoTriggerJob>(), store: _store);
        var now = host.Time.GetUtcNow();

        string Refused(Action backfill) => Assert.Throws<OperationException>(backfill).Message;

        Assert.Equal("--from 2026-01-05T09:00:00Z is after --to 2026-01-05T05:00:00Z: expected a range from an earlier instant to a later one",
            Refused(() => Ana(host).Backfill("test.backfill-two", To, From, "hourly", 1, false)));
        Assert.Equal("--to 2026-01-05T11:00:00Z is in the future (now is 2026-01-05T10:00:30Z): a backfill covers past instants; the trigger makes the fires from now on",
            Refused(() => Ana(host).Backfill("test.backfill-two", From, now.AddMinutes(59).AddSeconds(30), "hourly", 1, false)));
        Assert.Equal("job 'test.backfill-two' has 2 triggers (hourly, secondly): name one with --trigger",
            Refused(() => Ana(host).Backfill("test.backfill-two", From, To, null, 1, false)));
        Assert.Equal("job 'test.backfill-two' has no trigger 'daily': expected one of hourly, secondly",
            Refused(() => Ana(host).Backfill("test.backfill-two", From, To, "daily", 1, false)));
        Assert.Equal("the range 2026-01-05T05:00:00Z to 2026-01-05T09:00:00Z has more than 10000 instants of trigger 'secondly' of 'test.backfill-two': expected at most that many; backfill it in smaller ranges",
            Refused(() => Ana(host).Backfill("test.backfill-two", From, To, "secondly", 1, false)));
        Assert.Equal("--max-parallel 0 is invalid: expected 1 or more",
            Refused(() => Ana(host).Backfill("test.backfill-two", From, To, "hourly", 0, false)));
        Assert.Empty(_store.Query("test.backfill-two", null, 100));
    }
}
