using System.Globalization;
using System.Text.RegularExpressions;
using Kairos.Host.Hosting;

namespace Kairos.Host.Scheduling.Calendars;

/// <summary>Reads a <see cref="KairosCalendar"/>'s time zone, dates and weekly windows; each error quotes the bad value.</summary>
internal static partial class CalendarParser
{
    public const string DateForms = "a date 'YYYY-MM-DD' or a range 'YYYY-MM-DD..YYYY-MM-DD' (first day not after the last)";

    public const string WeeklyForms = "'DAY HH:MM-DAY HH:MM' (such as 'Sat 00:00-Mon 00:00') or 'DAY[-DAY] HH:MM-HH:MM' (such as 'Mon-Fri 12:00-13:00'), days Mon to Sun, times 00:00 to 24:00";

    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The calendar, or null with one message per bad value (each naming <paramref name="path"/>).</summary>
    public static ExclusionCalendar? Parse(string name, KairosCalendar settings, string path, List<string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal) || name.Trim() != name)
        {
            errors.Add($"{path}: calendar name '{name}' is invalid: expected a name without commas or surrounding spaces");
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone ?? "", out var zone))
        {
            errors.Add($"{path}:TimeZone is '{settings.TimeZone}': expected an IANA time zone id such as 'UTC' or 'Europe/London'");
        }
        var windows = new List<ICalendarWindow>();
        foreach (var text in settings.Dates)
        {
            if (TryParseDates(text, out var window))
            {
                windows.Add(window);
            }
            else
            {
                errors.Add($"{path}:Dates has '{text}': expected {DateForms}");
            }
        }
        foreach (var text in settings.Weekly)
        {
            if (TryParseWeekly(text, out var weekly))
            {
                windows.AddRange(weekly);
            }
            else
            {
                errors.Add($"{path}:Weekly has '{text}': expected {WeeklyForms}");
            }
        }
        return errors.Count > before ? null : new ExclusionCalendar(name, zone!, windows);
    }

    public static bool TryParseDates(string? text, out DateWindow window)
    {
        window = null!;
        var value = text?.Trim() ?? "";
        var parts = value.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || !TryDate(parts[0], out var from))
        {
            return false;
        }
        var to = from;
        if (parts.Length == 2 && (!TryDate(parts[1], out to) || to < from))
        {
            return false;
        }
        window = new DateWindow(from, to, value);
        return true;
    }

    /// <summary>One window for a span, one per day for a time of day on several days.</summary>
    public static bool TryParseWeekly(string? text, out IReadOnlyList<WeeklyWindow> windows)
    {
        windows = [];
        var value = text?.Trim() ?? "";
        if (SpanForm().Match(value) is { Success: true } span)
        {
            if (!TryDay(span.Groups["d1"].Value, out var d1) || !TryDay(span.Groups["d2"].Value, out var d2)
                || !TryTime(span.Groups["t1"].Value, out var t1) || !TryTime(span.Groups["t2"].Value, out var t2))
            {
                return false;
            }
            var start = (d1 * 1440 + t1) % WeeklyWindow.MinutesPerWeek;
            var end = (d2 * 1440 + t2) % WeeklyWindow.MinutesPerWeek;
            if (start == end)
            {
                return false;
            }
            windows = [new WeeklyWindow(start, end, value)];
            return true;
        }
        if (DailyForm().Match(value) is { Success: true } daily)
        {
            if (!TryDay(daily.Groups["d1"].Value, out var first)
                || !TryTime(daily.Groups["t1"].Value, out var t1) || !TryTime(daily.Groups["t2"].Value, out var t2) || t1 == t2)
            {
                return false;
            }
            var last = first;
            if (daily.Groups["d2"].Success && !TryDay(daily.Groups["d2"].Value, out last))
            {
                return false;
            }
            var list = new List<WeeklyWindow>();
            for (var day = first; ; day = (day + 1) % 7)
            {
                // A time of day ending at or before it starts ends the next day (Sun 22:00-02:00).
                var endDay = t2 <= t1 ? day + 1 : day;
                list.Add(new WeeklyWindow(day * 1440 + t1, (endDay * 1440 + t2) % WeeklyWindow.MinutesPerWeek, value));
                if (day == last)
                {
                    break;
                }
            }
            windows = list;
            return true;
        }
        return false;
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryDay(string text, out int day)
    {
        day = Array.IndexOf(Days, text.ToLowerInvariant());
        return day >= 0;
    }

    /// <summary>Minutes since midnight, 0 to 1440 (24:00).</summary>
    private static bool TryTime(string text, out int minutes)
    {
        minutes = -1;
        var parts = text.Split(':');
        if (parts.Length != 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || m > 59 || h > 24 || (h == 24 && m != 0))
        {
            return false;
        }
        minutes = h * 60 + m;
        return true;
    }

    [GeneratedRegex(@"^(?<d1>[A-Za-z]{3})\s+(?<t1>\d{1,2}:\d{2})\s*-\s*(?<d2>[A-Za-z]{3})\s+(?<t2>\d{1,2}:\d{2})$")]
    private static partial Regex SpanForm();

    [GeneratedRegex(@"^(?<d1>[A-Za-z]{3})(\s*-\s*(?<d2>[A-Za-z]{3}))?\s+(?<t1>\d{1,2}:\d{2})\s*-\s*(?<t2>\d{1,2}:\d{2})$")]
    private static partial Regex DailyForm();
}
