using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Cron;
using Kairos.Host.Text;

namespace Kairos.Host.Catalog;

/// <summary>Checks a trigger description and says what is wrong with it, quoting the value.</summary>
internal static class TriggerValidation
{
    /// <summary>The largest <see cref="TriggerSpec.Jitter"/>: one day.</summary>
    public static readonly TimeSpan MaxJitter = TimeSpan.FromDays(1);

    /// <summary>What is wrong with <paramref name="spec"/>, including a calendar name that <paramref name="calendars"/> does not define.</summary>
    public static string? Validate(TriggerSpec spec, CalendarSet calendars) => Validate(spec) ?? calendars.Unknown(spec);

    /// <summary>
    /// As <see cref="Validate(TriggerSpec, CalendarSet)"/>, a cron expression looked up in <paramref name="cron"/>
    /// (<see cref="CronCache.TryLookup"/>) and its <paramref name="schedule"/> given back, for the first fire (one parse per
    /// trigger added, not two); null for a trigger that is not a cron one or is invalid.
    /// </summary>
    public static string? Validate(TriggerSpec spec, CalendarSet calendars, CronCache cron, out CronSchedule? schedule)
    {
        schedule = null;
        var error = Check(spec, cron, ref schedule) ?? calendars.Unknown(spec);
        if (error is not null)
        {
            schedule = null;
        }
        return error;
    }

    /// <summary>Calendar names written as one value (<c>holidays, weekends</c>): split at commas, trimmed, empty parts dropped.</summary>
    public static IReadOnlyList<string> SplitCalendars(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static string? Validate(TriggerSpec spec)
    {
        CronSchedule? schedule = null;
        return Check(spec, null, ref schedule);
    }

    private static string? Check(TriggerSpec spec, CronCache? cron, ref CronSchedule? schedule)
    {
        if (string.IsNullOrWhiteSpace(spec.Key) || spec.Key.Length > 200)
        {
            return $"trigger key '{spec.Key}' is invalid: expected 1 to 200 characters";
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(spec.TimeZone, out _))
        {
            return $"trigger '{spec.Key}': unknown time zone '{spec.TimeZone}': expected an IANA id such as 'UTC' or 'Europe/London'";
        }
        switch (spec.Kind)
        {
            case TriggerKind.Cron:
                if (string.IsNullOrWhiteSpace(spec.CronExpression))
                {
                    return $"trigger '{spec.Key}': a cron trigger needs a cron expression";
                }
                if (ParseError(spec.CronExpression, spec.TimeZone, cron, ref schedule) is { } error)
                {
                    return $"trigger '{spec.Key}': {error}";
                }
                break;
            case TriggerKind.Interval:
                if (spec.Period is not { } period || period < TimeSpan.FromSeconds(1))
                {
                    return $"trigger '{spec.Key}': interval '{spec.Period}' is invalid: expected at least 1 second";
                }
                break;
            case TriggerKind.Once:
                if (spec.RunAtUtc is null)
                {
                    return $"trigger '{spec.Key}': a one-shot trigger needs RunAtUtc";
                }
                break;
            default:
                return $"trigger '{spec.Key}': unknown kind '{spec.Kind}'";
        }
        if (spec.StartUtc is { } start && spec.EndUtc is { } end && end < start)
        {
            return $"trigger '{spec.Key}': end {end:O} is before start {start:O}";
        }
        if (spec.Jitter is { } jitter && (jitter <= TimeSpan.Zero || jitter > MaxJitter))
        {
            return $"trigger '{spec.Key}': jitter '{jitter}' is invalid: expected a positive duration of at most {MaxJitter:c}";
        }
        foreach (var name in spec.Calendars ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.Contains(',', StringComparison.Ordinal) || name.Trim() != name)
            {
                return $"trigger '{spec.Key}': calendar name '{name}' is invalid: expected a name of Kairos:Calendars, without commas or surrounding spaces";
            }
        }
        if (spec.DataJson is { } json)
        {
            if (!JsonText.IsValid(json, out var reason))
            {
                return $"trigger '{spec.Key}': data '{json}' is not valid JSON: {reason}";
            }
        }
        return null;
    }

    private static string? ParseError(string expression, string zone, CronCache? cron, ref CronSchedule? schedule)
    {
        var parsed = cron is null
            ? CronSchedule.TryParse(expression, zone, out schedule, out var error)
            : cron.TryLookup(expression, zone, out schedule, out error);
        return parsed ? null : error;
    }
}
