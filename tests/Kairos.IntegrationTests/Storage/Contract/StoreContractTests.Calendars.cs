using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for jitter and calendars: the new trigger fields kept, and a fire a calendar excludes recorded skipped.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void Reconcile_KeepsTheJitterAndCalendarsOfATrigger_AndSeesNoChangeInEqualNames()
    {
        var spec = TriggerSpec.Cron("k", "0 * * * *") with { Jitter = TimeSpan.FromSeconds(90), Calendars = ["holidays", "weekends"] };
        Catalog.Reconcile(Job("j"), [Trigger("j", spec, T0), Trigger("j", TriggerSpec.Cron("plain", "0 * * * *"), T0)]);

        var again = OtherNode(1).Catalog.Reconcile(Job("j"), [
            Trigger("j", spec with { Calendars = new List<string> { "holidays", "weekends" } }, T0.AddHours(1)),
            Trigger("j", TriggerSpec.Cron("plain", "0 * * * *"), T0.AddHours(1))]);

        var stored = OtherNode(1).Catalog.GetTriggers("j").ToDictionary(t => t.Spec.Key);
        Assert.Equal(spec, stored["k"].Spec);
        Assert.Equal(TimeSpan.FromSeconds(90), stored["k"].Spec.Jitter);
        Assert.Equal(["holidays", "weekends"], stored["k"].Spec.Calendars);
        Assert.Null(stored["plain"].Spec.Jitter);
        Assert.Empty(stored["plain"].Spec.Calendars);
        Assert.False(again.Changed);
        Assert.Equal(0, again.TriggersUpdated);
    }

    [Fact]
    public void ClaimDueFires_RecordsAFireACalendarExcludesAsSkipped_AndAdvancesTheTrigger()
    {
        var holidays = new KairosCalendar();
        holidays.Dates.Add("2026-01-05");
        var errors = new List<string>();
        var schedule = new TriggerSchedule(CalendarSet.Read([new("holidays", holidays)], errors));
        Assert.Empty(errors);
        Catalog.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "0 * * * *") with { Calendars = ["holidays"] }, T0)]);

        var claimed = Claims.ClaimDueFires(new ClaimRequest(T0, new HashSet<string> { "j" }, "n", T0.AddSeconds(30), 512,
            new ClaimPlanner(new FirePlanner(schedule, TimeSpan.FromMinutes(1), 100), _ => JobPolicies.Default)));

        Assert.Empty(claimed);
        var skipped = Assert.Single(Runs.Query("j", RunStatus.Skipped, 10));
        Assert.Equal((T0, "excluded by calendar 'holidays' (2026-01-05)", (DateTimeOffset?)T0), (skipped.ScheduledUtc, skipped.ErrorMessage, skipped.EndedUtc));
        Assert.Empty(Runs.Query("j", RunStatus.Pending, 10));
        Assert.Equal(T0.AddHours(1), Catalog.GetTriggers("j").Single().NextFireUtc);
    }
}
