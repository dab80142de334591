using Kairos.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Hosting;

public sealed class CalendarSettingsTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Configure_ReadsEachCalendar_ItsListsAsArraysOrOneCommaSeparatedValue()
    {
        var options = new KairosOptions();

        new CalendarSettings(Configuration(
            ("Kairos:Calendars:holidays:TimeZone", "Europe/Paris"),
            ("Kairos:Calendars:holidays:Dates:0", "2026-12-25"),
            ("Kairos:Calendars:holidays:Dates:1", "2026-12-31..2027-01-01"),
            ("Kairos:Calendars:weekends:Weekly", "Sat 00:00-Mon 00:00, Fri 18:00-24:00"))).Configure(options);

        Assert.Equal(["holidays", "weekends"], options.Calendars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Europe/Paris", options.Calendars["HOLIDAYS"].TimeZone);
        Assert.Equal(["2026-12-25", "2026-12-31..2027-01-01"], options.Calendars["holidays"].Dates);
        Assert.Equal("UTC", options.Calendars["weekends"].TimeZone);
        Assert.Equal(["Sat 00:00-Mon 00:00", "Fri 18:00-24:00"], options.Calendars["weekends"].Weekly);
    }

    [Fact]
    public void Configure_ChangesACalendarSetInCode_OnlyWhereConfigurationSaysSomething()
    {
        var options = new KairosOptions();
        options.Calendars["holidays"] = new KairosCalendar { TimeZone = "Europe/Paris" };
        options.Calendars["holidays"].Weekly.Add("Sun 00:00-24:00");

        new CalendarSettings(Configuration(("Kairos:Calendars:Holidays:Dates", "2026-12-25"))).Configure(options);

        var calendar = Assert.Single(options.Calendars).Value;
        Assert.Equal("Europe/Paris", calendar.TimeZone);
        Assert.Equal(["2026-12-25"], calendar.Dates);
        Assert.Equal(["Sun 00:00-24:00"], calendar.Weekly);
    }

    [Fact]
    public void AMisspeltCalendarKey_IsReportedAsUnknown()
    {
        var unknown = UnknownSettings.Find(Configuration(("Kairos:Calendars:holidays:Date", "2026-12-25"), ("Kairos:Calendars:holidays:Weekly:0", "Sun 00:00-24:00")));

        Assert.Equal(["unknown setting Kairos:Calendars:holidays:Date is ignored: did you mean Kairos:Calendars:holidays:Dates?"], unknown);
    }
}
