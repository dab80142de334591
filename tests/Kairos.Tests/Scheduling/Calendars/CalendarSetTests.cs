using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Calendars;

namespace Kairos.Tests.Scheduling.Calendars;

public sealed class CalendarSetTests
{
    private static CalendarSet Read(string name, KairosCalendar calendar)
    {
        var errors = new List<string>();
        var set = CalendarSet.Read([new(name, calendar)], errors);
        Assert.Empty(errors);
        return set;
    }

    private static KairosCalendar Calendar(string zone, string[]? dates = null, string[]? weekly = null)
    {
        var calendar = new KairosCalendar { TimeZone = zone };
        foreach (var d in dates ?? [])
        {
            calendar.Dates.Add(d);
        }
        foreach (var w in weekly ?? [])
        {
            calendar.Weekly.Add(w);
        }
        return calendar;
    }

    private static TriggerSpec Uses(params string[] calendars) => TriggerSpec.Cron("default", "* * * * *") with { Calendars = calendars };

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void AWeekendWindow_IsReadOnTheCalendarsWallClock_AcrossTheEndOfSummerTime()
    {
        var set = Read("weekends", Calendar("Europe/London", weekly: ["Sat 00:00-Mon 00:00"]));
        var spec = Uses("weekends");

        // Saturday 2026-10-24 00:00 in London is still summer time: Friday 23:00 UTC.
        Assert.Null(set.Exclusion(spec, Utc(10, 23, 22, 59)));
        Assert.Equal("excluded by calendar 'weekends' (Sat 00:00-Mon 00:00)", set.Exclusion(spec, Utc(10, 23, 23, 0)));
        // Sunday 2026-10-25 01:30 happens twice in London (BST, then GMT); both are in the window.
        Assert.NotNull(set.Exclusion(spec, Utc(10, 25, 0, 30)));
        Assert.NotNull(set.Exclusion(spec, Utc(10, 25, 1, 30)));
        // Monday 00:00 GMT ends it: the window includes its start, not its end.
        Assert.NotNull(set.Exclusion(spec, Utc(10, 25, 23, 59)));
        Assert.Null(set.Exclusion(spec, Utc(10, 26, 0, 0)));
    }

    [Fact]
    public void AWindowOnTheSpringForwardDay_UsesTheSummerOffsetOnceTheClocksMoved()
    {
        var set = Read("lunch", Calendar("Europe/London", weekly: ["Mon-Fri 12:00-13:00"]));
        var spec = Uses("lunch");

        // Monday 2026-03-30 is in summer time: 12:00 BST is 11:00 UTC.
        Assert.NotNull(set.Exclusion(spec, Utc(3, 30, 11, 0)));
        Assert.Null(set.Exclusion(spec, Utc(3, 30, 12, 0)));
        // Friday 2026-03-27 is still GMT.
        Assert.Null(set.Exclusion(spec, Utc(3, 27, 11, 0)));
        Assert.NotNull(set.Exclusion(spec, Utc(3, 27, 12, 30)));
        // Not on Saturday.
        Assert.Null(set.Exclusion(spec, Utc(3, 28, 12, 30)));
    }

    [Fact]
    public void ATimeOfDayEndingAtOrBeforeItsStart_EndsTheNextDay_AndSundayWrapsToMonday()
    {
        var set = Read("night", Calendar("UTC", weekly: ["Sun 22:00-02:00"]));

        Assert.NotNull(set.Exclusion(Uses("night"), Utc(1, 4, 23, 0)));
        Assert.NotNull(set.Exclusion(Uses("night"), Utc(1, 5, 1, 59)));
        Assert.Null(set.Exclusion(Uses("night"), Utc(1, 5, 2, 0)));
        Assert.Null(set.Exclusion(Uses("night"), Utc(1, 5, 23, 0)));
    }

    [Fact]
    public void DatesAndRanges_ExcludeWholeLocalDays_BothEndsIncluded()
    {
        var set = Read("holidays", Calendar("America/New_York", dates: ["2026-07-04", "2026-12-24..2026-12-26"]));
        var spec = Uses("HOLIDAYS");

        Assert.Equal("excluded by calendar 'holidays' (2026-07-04)", set.Exclusion(spec, Utc(7, 4, 12, 0)));
        // 2026-07-05 02:00 UTC is still the 4th in New York.
        Assert.NotNull(set.Exclusion(spec, Utc(7, 5, 2, 0)));
        Assert.Null(set.Exclusion(spec, Utc(7, 5, 4, 0)));
        Assert.Equal("excluded by calendar 'holidays' (2026-12-24..2026-12-26)", set.Exclusion(spec, Utc(12, 27, 4, 59)));
        Assert.Null(set.Exclusion(spec, Utc(12, 27, 5, 0)));
    }

    [Fact]
    public void BadSettings_AreRefused_EachMessageQuotingTheValueAndWhatWasExpected()
    {
        var errors = new List<string>();
        var bad = Calendar("Mars/Olympus", dates: ["2026-13-01", "2026-12-31..2026-12-01"], weekly: ["Mon 25:00-26:00", "Funday 10:00-11:00", "Mon 00:00-Mon 00:00"]);

        var set = CalendarSet.Read([new("holidays", bad)], errors);

        Assert.Empty(set.Names);
        Assert.Equal(
        [
            "Kairos:Calendars:holidays:TimeZone is 'Mars/Olympus': expected an IANA time zone id such as 'UTC' or 'Europe/London'",
            $"Kairos:Calendars:holidays:Dates has '2026-13-01': expected {CalendarParser.DateForms}",
            $"Kairos:Calendars:holidays:Dates has '2026-12-31..2026-12-01': expected {CalendarParser.DateForms}",
            $"Kairos:Calendars:holidays:Weekly has 'Mon 25:00-26:00': expected {CalendarParser.WeeklyForms}",
            $"Kairos:Calendars:holidays:Weekly has 'Funday 10:00-11:00': expected {CalendarParser.WeeklyForms}",
            $"Kairos:Calendars:holidays:Weekly has 'Mon 00:00-Mon 00:00': expected {CalendarParser.WeeklyForms}",
        ], errors);
    }

    [Fact]
    public void Unknown_NamesTheCalendarATriggerRefersTo_ThatIsNotDefined()
    {
        var set = Read("holidays", Calendar("UTC", dates: ["2026-12-25"]));

        Assert.Null(set.Unknown(Uses("Holidays")));
        Assert.Equal("trigger 'default': calendar 'holidayz' is not defined under Kairos:Calendars: expected one of 'holidays'", set.Unknown(Uses("holidays", "holidayz")));
        Assert.Equal("trigger 'default': calendar 'x' is not defined under Kairos:Calendars: none is configured", CalendarSet.Empty.Unknown(Uses("x")));
        Assert.Null(set.Exclusion(Uses("holidayz"), Utc(12, 25, 12, 0)));
    }
}
