using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class ClaimPlannerCalendarTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 24, 23, 58, 0, TimeSpan.Zero);

    private static ClaimPlanner Planner(params (string Name, string Date)[] calendars)
    {
        var settings = calendars.Select(c =>
        {
            var calendar = new KairosCalendar();
            calendar.Dates.Add(c.Date);
            return new KeyValuePair<string, KairosCalendar>(c.Name, calendar);
        });
        var errors = new List<string>();
        var schedule = new TriggerSchedule(CalendarSet.Read(settings, errors));
        Assert.Empty(errors);
        return new ClaimPlanner(new FirePlanner(schedule, TimeSpan.FromMinutes(1), fireAllCap: 5), _ => JobPolicies.Default);
    }

    private static StoredTrigger EveryMinute(DateTimeOffset next, params string[] calendars) => new()
    {
        Id = "j/default", JobId = "j", Spec = TriggerSpec.Cron("default", "* * * * *") with { Calendars = calendars },
        Origin = TriggerOrigin.Declared, NextFireUtc = next,
    };

    private static ClaimWindow Window(DateTimeOffset now) => new(now, now, "node-a", now.AddSeconds(30));

    [Fact]
    public void AFireInACalendarWindow_IsRecordedSkipped_NamingTheCalendarAndWindow_AndTheTriggerMovesOn()
    {
        var trigger = EveryMinute(T0, "holidays");

        // Claimed at T0 + 1 min up to T0 + 3 min: all four fires on time, the last two on Christmas Day.
        var claim = Planner(("holidays", "2026-12-25")).Plan(trigger, [], new ClaimWindow(T0.AddMinutes(1), T0.AddMinutes(3), "node-a", T0.AddMinutes(2)))!;

        Assert.Equal([T0, T0.AddMinutes(1)], claim.Runs.Select(r => r.ScheduledUtc));
        Assert.Equal(
            [(T0.AddMinutes(2), RunStatus.Skipped, "excluded by calendar 'holidays' (2026-12-25)"), (T0.AddMinutes(3), RunStatus.Skipped, "excluded by calendar 'holidays' (2026-12-25)")],
            claim.Misfired.Select(r => (r.ScheduledUtc, r.Status, r.ErrorMessage!)));
        Assert.All(claim.Misfired, r =>
        {
            Assert.Equal(T0.AddMinutes(1), r.EndedUtc);
            Assert.Null(r.Node);
        });
        Assert.Equal(T0.AddMinutes(4), trigger.NextFireUtc);
    }

    [Fact]
    public void ATriggerWhoseEveryFireIsExcluded_AdvancesOneFireAtATime_AndNeverRuns()
    {
        var trigger = EveryMinute(T0.AddMinutes(2), "holidays");
        var planner = Planner(("holidays", "2026-12-25"));
        var skipped = new List<RunRecord>();

        for (var now = T0.AddMinutes(2); now < T0.AddMinutes(12); now = now.AddMinutes(1))
        {
            var claim = planner.Plan(trigger, [], Window(now))!;
            Assert.Empty(claim.Runs);
            skipped.AddRange(claim.Misfired);
        }

        Assert.Equal(Enumerable.Range(2, 10).Select(m => T0.AddMinutes(m)), skipped.Select(r => r.ScheduledUtc));
        Assert.All(skipped, r => Assert.Equal(RunStatus.Skipped, r.Status));
        Assert.Equal(T0.AddMinutes(12), trigger.NextFireUtc);
    }

    [Fact]
    public void ACalendarTheTriggerDoesNotName_ExcludesNothing()
    {
        var claim = Planner(("holidays", "2026-12-25")).Plan(EveryMinute(T0.AddMinutes(2)), [], Window(T0.AddMinutes(2)))!;

        Assert.Single(claim.Runs);
        Assert.Empty(claim.Misfired);
    }
}
