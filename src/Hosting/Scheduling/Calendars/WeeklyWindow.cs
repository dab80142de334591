namespace Kairos.Host.Scheduling.Calendars;

/// <summary>
/// A span of the local week, in minutes from Monday 00:00 (0 to 10080); it wraps past Sunday midnight when
/// <see cref="End"/> is at or before <see cref="Start"/> (<c>Sat 00:00-Mon 00:00</c>).
/// </summary>
internal sealed record WeeklyWindow(int Start, int End, string Text) : ICalendarWindow
{
    public const int MinutesPerWeek = 7 * 24 * 60;

    /// <summary>The minute of the week of <paramref name="local"/>, with its seconds as a fraction.</summary>
    public static double MinuteOfWeek(DateTime local) =>
        ((int)local.DayOfWeek + 6) % 7 * 24 * 60 + local.TimeOfDay.TotalMinutes;

    public bool Contains(DateTime local)
    {
        var minute = MinuteOfWeek(local);
        return End > Start ? minute >= Start && minute < End : minute >= Start || minute < End;
    }
}
