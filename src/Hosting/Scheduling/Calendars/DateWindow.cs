namespace Kairos.Host.Scheduling.Calendars;

/// <summary>Whole local days from <see cref="From"/> to <see cref="To"/>, both included.</summary>
internal sealed record DateWindow(DateOnly From, DateOnly To, string Text) : ICalendarWindow
{
    public bool Contains(DateTime local)
    {
        var day = DateOnly.FromDateTime(local);
        return day >= From && day <= To;
    }
}
