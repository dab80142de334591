namespace Kairos.Host.Scheduling.Calendars;

/// <summary>One exclusion window of a calendar, on the calendar's local wall clock.</summary>
internal interface ICalendarWindow
{
    /// <summary>The window as it was written (<c>2026-12-25</c>, <c>Sat 00:00-Mon 00:00</c>), for messages.</summary>
    string Text { get; }

    /// <summary>True when the local time <paramref name="local"/> falls in the window (its start included, its end not).</summary>
    bool Contains(DateTime local);
}
