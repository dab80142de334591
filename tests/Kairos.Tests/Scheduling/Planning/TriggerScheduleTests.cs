using Kairos.Host.Scheduling.Planning;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class TriggerScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Validate_GivesBackACronTriggersSchedule_WhichFindsTheSameFirstFireAsALookup()
    {
        var schedule = new TriggerSchedule();
        var spec = TriggerSpec.Cron("daily", "30 2 * * *", "America/New_York");

        Assert.Null(schedule.Validate(spec, out var cron));

        Assert.NotNull(cron);
        Assert.Equal("30 2 * * *", cron.Expression);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), schedule.First("job", spec, Now, cron)); // 02:30 is in the gap: 03:00 EDT
        Assert.Equal(schedule.First("job", spec, Now), schedule.First("job", spec, Now, cron));
    }

    [Fact]
    public void Validate_GivesNoSchedule_ForAnIntervalTrigger()
    {
        Assert.Null(new TriggerSchedule().Validate(TriggerSpec.Interval("often", TimeSpan.FromMinutes(5)), out var cron));

        Assert.Null(cron);
    }

    [Fact]
    public void Validate_GivesTheErrorAndNoSchedule_WhenACronTriggerIsInvalidPastItsExpression()
    {
        var spec = TriggerSpec.Cron("daily", "0 9 * * *") with { Jitter = TimeSpan.FromDays(2) };

        var error = new TriggerSchedule().Validate(spec, out var cron);

        Assert.Contains("jitter '2.00:00:00' is invalid", error, StringComparison.Ordinal);
        Assert.Null(cron);
    }

    [Fact]
    public void Validate_QuotesABadExpression_AsBefore()
    {
        var error = new TriggerSchedule().Validate(TriggerSpec.Cron("bad", "0 9 * *"), out var cron);

        Assert.Equal("trigger 'bad': invalid cron expression '0 9 * *': expected 5 fields (minute hour day-of-month month day-of-week) " +
                     "or 6 (second minute hour day-of-month month day-of-week), found 4", error);
        Assert.Null(cron);
    }
}
