using System.Diagnostics.CodeAnalysis;
using NCrontab;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// The one adapter over NCrontab: a parsed cron expression read in an IANA time zone, with the DST rules of
/// DESIGN.md §4. All instants in and out are UTC. Pure: the caller passes the instant, there is no clock inside.
/// </summary>
internal sealed class CronSchedule
{
    private readonly CrontabSchedule _schedule;

    private CronSchedule(string expression, CrontabSchedule schedule, TimeZoneInfo zone, bool includesSeconds)
    {
        Expression = expression;
        _schedule = schedule;
        TimeZone = zone;
        IncludesSeconds = includesSeconds;
    }

    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    public bool IncludesSeconds { get; }

    /// <summary>Parses a 5- or 6-field expression in the given IANA zone; the error quotes the input and says what was expected.</summary>
    public static bool TryParse(string expression, string timeZoneId, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            error = $"unknown time zone '{timeZoneId}': expected an IANA id such as 'UTC' or 'Europe/London'";
            return false;
        }
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            error = $"invalid cron expression '{expression}': expected 5 fields (minute hour day month weekday) or 6 (second first), found {fields}";
            return false;
        }
        var parsed = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        if (parsed is null)
        {
            error = $"invalid cron expression '{expression}': a field is out of range or malformed";
            return false;
        }
        schedule = new CronSchedule(expression, parsed, zone, fields == 6);
        error = null;
        return true;
    }

    public static CronSchedule Parse(string expression, string timeZoneId) =>
        TryParse(expression, timeZoneId, out var schedule, out var error) ? schedule : throw new FormatException(error);

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, or <see langword="null"/> when there is none.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset afterUtc)
    {
        // Placeholder UTC-only behaviour; the DST-aware rules replace it.
        var local = TimeZoneInfo.ConvertTime(afterUtc, TimeZone);
        var next = _schedule.GetNextOccurrence(local.DateTime, DateTime.MaxValue.AddYears(-1));
        if (next >= DateTime.MaxValue.AddYears(-1))
        {
            return null;
        }
        return new DateTimeOffset(next, TimeZone.GetUtcOffset(next)).ToUniversalTime();
    }

    /// <summary>Up to <paramref name="count"/> occurrences strictly after <paramref name="afterUtc"/>.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset afterUtc, int count)
    {
        var at = afterUtc;
        for (var i = 0; i < count; i++)
        {
            if (GetNextOccurrence(at) is not { } next)
            {
                yield break;
            }
            yield return next;
            at = next;
        }
    }
}
