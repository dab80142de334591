using System.Globalization;

namespace Kairos.Web.Dashboard.Text;

/// <summary>
/// Says a cron expression's common forms in words (<c>0 9 * * 1-5</c>: "at 09:00 on Monday to Friday"); null for any
/// other form, which the dashboard shows as the expression with its next fire times only (words for an unusual form
/// would be guesses). Fields follow Kairos's cron: 5 fields, or 6 with seconds first; day of month and day of week
/// both restrict (AND).
/// </summary>
internal static class CronWords
{
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public static string? Describe(string? expression)
    {
        var fields = expression?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is null || fields.Length is not (5 or 6))
        {
            return null;
        }
        var second = fields.Length == 6 ? fields[0] : "0";
        var (minute, hour, dayOfMonth, month, dayOfWeek) = fields.Length == 6
            ? (fields[1], fields[2], fields[3], fields[4], fields[5])
            : (fields[0], fields[1], fields[2], fields[3], fields[4]);
        var days = DaysPhrase(dayOfMonth, month, dayOfWeek);
        if (days is null)
        {
            return null;
        }
        var time = TimePhrase(second, minute, hour);
        return time is null ? null : days.Length == 0 ? time : $"{time} {days}";
    }

    /// <summary>When in the day: null for a form this describer does not know.</summary>
    private static string? TimePhrase(string second, string minute, string hour)
    {
        if (second != "0")
        {
            if (minute != "*" || hour != "*")
            {
                return null;
            }
            return second == "*" ? "every second" : Step(second) is { } s ? $"every {s} seconds" : null;
        }
        if (hour == "*")
        {
            return minute == "*" ? "every minute"
                : Step(minute) is { } m ? $"every {m} minutes"
                : Number(minute, 59) is { } at ? $"every hour at minute {at}"
                : null;
        }
        if (Number(minute, 59) is not { } atMinute)
        {
            return null;
        }
        if (Step(hour) is { } everyHours)
        {
            return $"every {everyHours} hours at minute {atMinute}";
        }
        var hours = hour.Split(',');
        if (hours.Any(h => Number(h, 23) is null))
        {
            return null;
        }
        return "at " + Join([.. hours.Select(h => $"{int.Parse(h, CultureInfo.InvariantCulture):00}:{atMinute:00}")]);
    }

    /// <summary>Which days: empty for every day, null for a form this describer does not know.</summary>
    private static string? DaysPhrase(string dayOfMonth, string month, string dayOfWeek)
    {
        if (month != "*")
        {
            return null;
        }
        if (dayOfMonth != "*" && dayOfWeek != "*")
        {
            return null;
        }
        if (dayOfMonth != "*")
        {
            return Number(dayOfMonth, 31) is { } day and >= 1 ? $"on day {day} of the month" : null;
        }
        if (dayOfWeek == "*")
        {
            return "";
        }
        var parts = new List<string>();
        foreach (var part in dayOfWeek.Split(','))
        {
            var range = part.Split('-');
            if (range.Length == 2 && Number(range[0], 7) is { } from && Number(range[1], 7) is { } to && from < to)
            {
                parts.Add($"{Days[from]} to {Days[to]}");
            }
            else if (range.Length == 1 && Number(part, 7) is { } day)
            {
                parts.Add(Days[day]);
            }
            else
            {
                return null;
            }
        }
        return "on " + Join(parts);
    }

    private static int? Number(string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static int? Step(string text) =>
        text.StartsWith("*/", StringComparison.Ordinal) && Number(text[2..], 59) is { } n and > 1 ? n : null;

    private static string Join(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
