namespace Kairos.Host.Scheduling.Calendars;

/// <summary>A named calendar read from its settings: the windows, read on the wall clock of its time zone.</summary>
internal sealed record ExclusionCalendar(string Name, TimeZoneInfo Zone, IReadOnlyList<ICalendarWindow> Windows)
{
    /// <summary>The first window that holds <paramref name="instant"/>, or null when the calendar does not exclude it.</summary>
    public ICalendarWindow? Find(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        foreach (var window in Windows)
        {
            if (window.Contains(local))
            {
                return window;
            }
        }
        return null;
    }
}
