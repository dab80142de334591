using Kairos.Host.Operations.Statistics;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Operations.Statistics;

public sealed class RunStatisticsTests : IDisposable
{
    // A Monday.
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly LiteDbStore _store;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RunStatistics _statistics;
    private int _sequence;

    public RunStatisticsTests()
    {
        _store = new LiteDbStore(_dir.File("stats.db"));
        _statistics = new RunStatistics(_store, _store, new TriggerSchedule(), _time);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Of_CountsByStatus_AndRatesOnlyTheRunsThatEndedWithAnOutcome()
    {
        Add("a", RunStatus.Succeeded, T0.AddMinutes(-50), lateMs: 10, durationMs: 100);
        Add("a", RunStatus.Succeeded, T0.AddMinutes(-40), lateMs: 20, durationMs: 200);
        Add("a", RunStatus.Succeeded, T0.AddMinutes(-30), lateMs: 30, durationMs: 300);
        Add("a", RunStatus.Failed, T0.AddMinutes(-20), lateMs: 40, durationMs: 400);
        Add("a", RunStatus.Cancelled, T0.AddMinutes(-10));
        Add("a", RunStatus.Skipped, T0.AddMinutes(-5));
        Add("b", RunStatus.Failed, T0.AddMinutes(-5), lateMs: 5, durationMs: 5);
        Add("a", RunStatus.Succeeded, T0.AddHours(-3), lateMs: 1, durationMs: 1);

        var stats = _statistics.Of("a", T0.AddHours(-1));

        Assert.Equal(6, stats.Runs);
        Assert.Equal(new Dictionary<string, int> { ["succeeded"] = 3, ["failed"] = 1, ["cancelled"] = 1, ["skipped"] = 1 }, stats.ByStatus);
        Assert.Equal(0.75, stats.SuccessRate);
        Assert.Equal(new Percentiles(200, 400, 400), stats.DurationMs);
        Assert.Equal(new Percentiles(20, 40, 40), stats.LatenessMs);
        Assert.Equal("cancelled", stats.LastRun!.Status);
    }

    [Fact]
    public void Of_HasNoRateOrPercentiles_WhenNoRunEnded()
    {
        Add("a", RunStatus.Pending, T0.AddMinutes(-1));

        var stats = _statistics.Of(null, T0.AddHours(-1));

        Assert.Equal((1, null, null, null, null), (stats.Runs, stats.SuccessRate, stats.DurationMs, stats.LatenessMs, stats.LastRun));
    }

    [Fact]
    public void Recent_TakesTheNewestRunsOfTheJob_WhenEverTheyWereScheduled()
    {
        for (var i = 0; i < 5; i++)
        {
            Add("a", i == 0 ? RunStatus.Failed : RunStatus.Succeeded, T0.AddDays(-30 + i), lateMs: 0, durationMs: 10);
        }

        var stats = _statistics.Recent("a", count: 4);

        Assert.Equal(4, stats.Runs);
        Assert.Equal(1.0, stats.SuccessRate);
        Assert.Equal(T0.AddDays(-29), stats.SinceUtc);
    }

    [Fact]
    public void Recent_OfSeveralJobs_GivesEachJobsOwnFigures_FromOneReadOfTheNewestRuns()
    {
        for (var i = 0; i < 6; i++)
        {
            Add("a", i % 3 == 0 ? RunStatus.Failed : RunStatus.Succeeded, T0.AddMinutes(-60 + i), lateMs: i, durationMs: 10 * i);
            Add("b", RunStatus.Succeeded, T0.AddMinutes(-30 - i), lateMs: 0, durationMs: 5);
        }
        Add("c", RunStatus.Skipped, T0.AddMinutes(-1));

        var recent = _statistics.Recent(["a", "b", "c", "never.ran"], count: 4);

        Assert.Equal(["a", "b", "c", "never.ran"], recent.Keys.Order(StringComparer.Ordinal));
        foreach (var job in recent.Keys)
        {
            Assert.Equal(Figures(_statistics.Recent(job, count: 4)), Figures(recent[job]));
        }
        Assert.Equal(4, recent["a"].Runs);
        Assert.Equal((0, null), (recent["never.ran"].Runs, recent["never.ran"].LastRun));
    }

    [Fact]
    public void Recent_OfAJobWithTooFewRunsInAFullPageOfNewestRuns_ReadsItsOlderRunsOnItsOwn()
    {
        var runs = new List<RunRecord>
        {
            Run("rare", RunStatus.Failed, T0.AddDays(-3), lateMs: 0, durationMs: 1),
            Run("rare", RunStatus.Succeeded, T0.AddDays(-2), lateMs: 0, durationMs: 1),
        };
        for (var i = 0; i < 1000; i++)
        {
            runs.Add(Run("busy", RunStatus.Succeeded, T0.AddSeconds(-1000 + i), lateMs: 0, durationMs: 1));
        }
        _store.Insert(runs);

        var recent = _statistics.Recent(["busy", "rare"], count: 4);

        Assert.Equal((2, 0.5, T0.AddDays(-3)), (recent["rare"].Runs, recent["rare"].SuccessRate, recent["rare"].SinceUtc));
        Assert.Equal(Figures(_statistics.Recent("rare", count: 4)), Figures(recent["rare"]));
        Assert.Equal(Figures(_statistics.Recent("busy", count: 4)), Figures(recent["busy"]));
    }

    [Fact]
    public void Hourly_PutsEachEndedRunInItsUtcHour_OldestHourFirst()
    {
        _time.SetUtcNow(T0.AddMinutes(30));
        Add("a", RunStatus.Succeeded, T0.AddMinutes(10), lateMs: 0, durationMs: 1000);
        Add("a", RunStatus.Failed, T0.AddMinutes(-50), lateMs: 0, durationMs: 1000);
        Add("a", RunStatus.TimedOut, T0.AddHours(-23).AddMinutes(1), lateMs: 0, durationMs: 1000);
        Add("a", RunStatus.Succeeded, T0.AddHours(-30), lateMs: 0, durationMs: 1000);

        var hours = _statistics.Hourly(24).Hours;

        Assert.Equal(24, hours.Count);
        Assert.Equal((T0.AddHours(-23), 0, 1), (hours[0].HourUtc, hours[0].Succeeded, hours[0].Failed));
        Assert.Equal((0, 1), (hours[22].Succeeded, hours[22].Failed));
        Assert.Equal((T0, 1, 0), (hours[23].HourUtc, hours[23].Succeeded, hours[23].Failed));
        Assert.Equal(3, hours.Sum(h => h.Succeeded + h.Failed));
    }

    [Fact]
    public void HeatMap_CountsTheWeeksFiresByDayAndHour_LeavingOutPausedJobs()
    {
        _store.Reconcile(new StoredJob { Id = "daily", Source = "app", Version = "1" },
            [Trigger("daily", TriggerSpec.Cron("default", "0 9 * * 1-5"), T0.AddDays(1).AddHours(-1))]);
        _store.Reconcile(new StoredJob { Id = "paused", Source = "app", Version = "1" },
            [Trigger("paused", TriggerSpec.Cron("default", "* * * * *"), T0.AddMinutes(1))]);
        _store.SetPaused("paused", new JobPause("test", "api", null), T0);

        var map = _statistics.HeatMap();

        // From Monday 10:00: Tuesday to Friday at 09:00, and next Monday's 09:00 is before Monday 10:00 + 7 days.
        Assert.Equal(5, map.Counts.Sum(day => day.Sum()));
        Assert.Equal([1, 1, 1, 1, 1, 0, 0], map.Counts.Select(day => day[9]));
    }

    [Fact]
    public void HeatMap_SpreadsAVeryFrequentTriggersRate_OverTheRestOfTheWeek()
    {
        _store.Reconcile(new StoredJob { Id = "busy", Source = "app", Version = "1" },
            [Trigger("busy", TriggerSpec.Interval("default", TimeSpan.FromSeconds(1)), T0)]);

        var map = _statistics.HeatMap();

        // 3,600 fires an hour all week: enumerated for the first hours, then spread at the same rate.
        Assert.All(map.Counts.SelectMany(day => day), count => Assert.InRange(count, 3590, 3610));
    }

    private static StoredTrigger Trigger(string jobId, TriggerSpec spec, DateTimeOffset? next) => new()
    {
        Id = StoredTrigger.MakeId(jobId, spec.Key), JobId = jobId, Spec = spec, Origin = TriggerOrigin.Declared, NextFireUtc = next,
    };

    private void Add(string job, RunStatus status, DateTimeOffset scheduled, double? lateMs = null, double? durationMs = null) =>
        _store.Insert([Run(job, status, scheduled, lateMs, durationMs)]);

    private RunRecord Run(string job, RunStatus status, DateTimeOffset scheduled, double? lateMs = null, double? durationMs = null)
    {
        var started = lateMs is { } late ? scheduled.AddMilliseconds(late) : (DateTimeOffset?)null;
        DateTimeOffset? ended = status is RunStatus.Pending or RunStatus.Running ? null
            : started is { } s && durationMs is { } d ? s.AddMilliseconds(d)
            : scheduled;
        return new RunRecord
        {
            Id = $"{scheduled.UtcTicks:D20}-{++_sequence:D4}",
            JobId = job,
            TriggerKey = "default",
            ConcurrencyKey = job,
            ScheduledUtc = scheduled,
            NotBeforeUtc = scheduled,
            StartedUtc = started,
            EndedUtc = ended,
            Status = status,
        };
    }

    private static (int Runs, double? Rate, DateTimeOffset Since, LastRunView? Last) Figures(RunStatsView stats) =>
        (stats.Runs, stats.SuccessRate, stats.SinceUtc, stats.LastRun);
}
