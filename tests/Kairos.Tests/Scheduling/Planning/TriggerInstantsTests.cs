using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class TriggerInstantsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static StoredTrigger Stored(TriggerSpec spec, DateTimeOffset? next = null) => new()
    {
        Id = "j/" + spec.Key, JobId = "j", Spec = spec, Origin = TriggerOrigin.Declared, NextFireUtc = next,
    };

    [Fact]
    public void Between_GivesEveryCronOccurrenceInTheRange_BothEndsIncluded()
    {
        var instants = TriggerInstants.Between(new TriggerSchedule(), Stored(TriggerSpec.Cron("hourly", "0 * * * *")), T0, T0.AddHours(3), 100);

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2), T0.AddHours(3)], instants);
    }

    [Fact]
    public void Between_FollowsTheCronTimeZone_AndTheTriggersStartAndEnd()
    {
        var spec = TriggerSpec.Cron("nine", "0 9 * * *", "Europe/Paris") with { StartUtc = T0.AddDays(1), EndUtc = T0.AddDays(3).AddHours(12) };

        var instants = TriggerInstants.Between(new TriggerSchedule(), Stored(spec), T0, T0.AddDays(10), 100);

        Assert.Equal([T0.AddDays(1).AddHours(8), T0.AddDays(2).AddHours(8), T0.AddDays(3).AddHours(8)], instants);
    }

    [Fact]
    public void Between_StepsAnIntervalTriggerOnThePhaseOfItsStoredSchedule_BackwardsFromItsNextFire()
    {
        var spec = TriggerSpec.Interval("every-10m", TimeSpan.FromMinutes(10));
        var next = T0.AddHours(5).AddMinutes(3);

        var instants = TriggerInstants.Between(new TriggerSchedule(), Stored(spec, next), T0.AddMinutes(1), T0.AddMinutes(35), 100);

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(13), T0.AddMinutes(23), T0.AddMinutes(33)], instants);
    }

    [Fact]
    public void Between_IsNull_WhenTheRangeHasMoreInstantsThanTheMaximum()
    {
        var schedule = new TriggerSchedule();
        var trigger = Stored(TriggerSpec.Cron("secondly", "* * * * * *"));

        Assert.Equal(10, TriggerInstants.Between(schedule, trigger, T0, T0.AddSeconds(9), 10)!.Count);
        Assert.Null(TriggerInstants.Between(schedule, trigger, T0, T0.AddSeconds(10), 10));
    }

    [Fact]
    public void Between_GivesAOneShotTriggersInstant_OnlyWhenItIsInTheRange()
    {
        var trigger = Stored(TriggerSpec.Once("once", T0.AddHours(2)));

        Assert.Equal([T0.AddHours(2)], TriggerInstants.Between(new TriggerSchedule(), trigger, T0, T0.AddHours(2), 10));
        Assert.Empty(TriggerInstants.Between(new TriggerSchedule(), trigger, T0.AddHours(3), T0.AddHours(4), 10)!);
    }
}
