using Kairos.Host.Scheduling.Planning;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class TriggerJitterTests
{
    private static readonly TriggerSchedule Schedule = new();

    [Fact]
    public void Offset_IsTheSameFixedValue_InEveryProcess()
    {
        // FNV-1a of "billing.invoices/default" modulo 300,000 ms: a constant, so a host, its restart and the other
        // hosts of a cluster all move this trigger's fires by the same amount (string.GetHashCode would not).
        var spec = TriggerSpec.Cron("default", "*/5 * * * *") with { Jitter = TimeSpan.FromMinutes(5) };

        Assert.Equal(TimeSpan.FromMilliseconds(128_904), TriggerJitter.Offset("billing.invoices", spec));
        Assert.Equal(TimeSpan.FromMilliseconds(1_505_517), TriggerJitter.Offset("reports.daily", TriggerSpec.Cron("nightly", "0 2 * * *") with { Jitter = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void Offset_IsZeroWithoutJitter_AndDiffersBetweenJobsOfTheSameKey()
    {
        var spec = TriggerSpec.Cron("default", "0 * * * *") with { Jitter = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.Zero, TriggerJitter.Offset("billing.invoices", spec with { Jitter = null }));
        var offsets = Enumerable.Range(0, 20).Select(i => TriggerJitter.Offset($"tenant-{i}.sync", spec)).ToList();
        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1)));
        Assert.True(offsets.Distinct().Count() > 15, string.Join(", ", offsets));
        Assert.All(offsets, o => Assert.Equal(0, o.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public void Next_OfAJitteredFire_IsTheNextJitteredFire()
    {
        var spec = TriggerSpec.Cron("default", "*/5 * * * *") with { Jitter = TimeSpan.FromMinutes(5) };
        var offset = TimeSpan.FromMilliseconds(128_904);
        var now = new DateTimeOffset(2026, 1, 5, 10, 1, 0, TimeSpan.Zero);

        var first = Schedule.First("billing.invoices", spec, now)!.Value;
        var second = Schedule.Next("billing.invoices", spec, first)!.Value;

        // 10:00 + offset is still ahead at 10:01.
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero) + offset, first);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 5, 0, TimeSpan.Zero) + offset, second);
        Assert.Equal(second, Schedule.NextAfter("billing.invoices", spec, first, first.AddMinutes(2)));
    }

    [Fact]
    public void First_IsAFireWhoseUnjitteredInstantHasPassed_WhenItsJitteredInstantHasNot()
    {
        var spec = TriggerSpec.Cron("default", "*/5 * * * *") with { Jitter = TimeSpan.FromMinutes(5) };

        var first = Schedule.First("billing.invoices", spec, new DateTimeOffset(2026, 1, 5, 10, 1, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 2, 8, 904, TimeSpan.Zero), first);
    }

    [Fact]
    public void JitteredFires_FollowTheZonesDstRules_ThenAddTheOffset()
    {
        // 02:30 New York does not exist on 2026-03-08: the fire is at the end of the gap (03:00 EDT, 07:00 UTC), plus the offset.
        var spec = TriggerSpec.Cron("nightly", "30 2 * * *", "America/New_York") with { Jitter = TimeSpan.FromHours(1) };
        var offset = TriggerJitter.Offset("reports.daily", spec);
        Assert.Equal(TimeSpan.FromMilliseconds(1_505_517), offset);

        var gap = Schedule.First("reports.daily", spec, new DateTimeOffset(2026, 3, 8, 6, 0, 0, TimeSpan.Zero))!.Value;
        var after = Schedule.Next("reports.daily", spec, gap)!.Value;
        var repeated = spec with { CronExpression = "30 1 * * *" };
        var autumn = Schedule.First("reports.daily", repeated, new DateTimeOffset(2026, 10, 31, 12, 0, 0, TimeSpan.Zero))!.Value;
        var fixedTimeOnce = Schedule.Next("reports.daily", repeated, autumn)!.Value;

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero) + offset, gap);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 6, 30, 0, TimeSpan.Zero) + offset, after);
        // 01:30 happens twice on 2026-11-01 (EDT, then EST): a fixed-time expression fires on the first pass only.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero) + offset, autumn);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 6, 30, 0, TimeSpan.Zero) + offset, fixedTimeOnce);
    }

    [Fact]
    public void TheEndOfATrigger_BoundsItsJitteredFires()
    {
        var spec = TriggerSpec.Cron("default", "0 * * * *") with { Jitter = TimeSpan.FromMinutes(5), EndUtc = new DateTimeOffset(2026, 1, 5, 11, 1, 0, TimeSpan.Zero) };

        var first = Schedule.First("billing.invoices", spec, new DateTimeOffset(2026, 1, 5, 10, 30, 0, TimeSpan.Zero));

        // 11:00 + 2m08.904s is after the end.
        Assert.Null(first);
    }

    [Fact]
    public void IntervalAndOnceTriggers_AreMovedByTheOffsetToo()
    {
        var at = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        var once = TriggerSpec.Once("default", at) with { Jitter = TimeSpan.FromMinutes(5) };
        var interval = TriggerSpec.Interval("default", TimeSpan.FromMinutes(10)) with { Jitter = TimeSpan.FromMinutes(5), StartUtc = at };

        Assert.Equal(at.AddMilliseconds(128_904), Schedule.First("billing.invoices", once, at.AddHours(-1)));
        var first = Schedule.First("billing.invoices", interval, at.AddHours(-1))!.Value;
        Assert.Equal(at.AddMilliseconds(128_904), first);
        Assert.Equal(first.AddMinutes(10), Schedule.Next("billing.invoices", interval, first));
    }
}
