namespace Kairos.Host.Hosting;

/// <summary>
/// A named exclusion calendar (<c>Kairos:Calendars:NAME</c>, or <see cref="KairosOptions.Calendars"/> in code): windows in
/// which the triggers that name it do not fire. A fire whose instant falls in a window is recorded as <c>skipped</c>
/// with the calendar's name and the window, and its trigger moves on to its next fire.
/// </summary>
public sealed class KairosCalendar
{
    /// <summary>The IANA time zone the dates and weekly windows are read in. Default: <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// Whole days excluded: a date <c>2026-12-25</c>, or an inclusive range <c>2026-12-24..2027-01-01</c>, each from
    /// midnight to midnight in <see cref="TimeZone"/>. Default: none.
    /// </summary>
    public IList<string> Dates { get; } = [];

    /// <summary>
    /// Windows excluded every week: a span from one day and time to another (<c>Sat 00:00-Mon 00:00</c>), or a time of
    /// day on some days (<c>Mon-Fri 12:00-13:00</c>, <c>Sun 22:00-02:00</c> ending the next day), in
    /// <see cref="TimeZone"/>; each window includes its start and not its end. Default: none.
    /// </summary>
    public IList<string> Weekly { get; } = [];
}
