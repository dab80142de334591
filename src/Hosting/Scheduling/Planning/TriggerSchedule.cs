using Kairos.Host.Catalog;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// When a trigger fires: its first fire after it is added, and the fire after a given scheduled one. With a
/// <see cref="TriggerSpec.Jitter"/>, every instant is the unjittered one plus the job's and key's fixed offset
/// (<see cref="TriggerJitter"/>), so the fire after a jittered instant is the next jittered instant; the end of the
/// trigger bounds the jittered instants. Also holds the host's exclusion <see cref="Calendars"/>, which decide at the
/// claim whether a fire runs or is skipped (they do not move fires).
/// </summary>
internal sealed class TriggerSchedule(CalendarSet? calendars = null)
{
    private readonly CronCache _cron = new();

    /// <summary>The host's exclusion calendars (none when not given).</summary>
    public CalendarSet Calendars { get; } = calendars ?? CalendarSet.Empty;

    /// <summary>
    /// What is wrong with <paramref name="spec"/> (<see cref="TriggerValidation"/>), else null and the parsed
    /// <paramref name="cron"/> schedule of a cron trigger, to pass to <see cref="First"/> (its expression parsed once).
    /// </summary>
    public string? Validate(TriggerSpec spec, out CronSchedule? cron) => TriggerValidation.Validate(spec, Calendars, _cron, out cron);

    /// <summary>
    /// The first fire of a trigger of <paramref name="jobId"/> added at <paramref name="now"/>, or null when it will never
    /// fire; a cron trigger's schedule is <paramref name="cron"/> when given (<see cref="Validate"/>'s), else looked up.
    /// </summary>
    public DateTimeOffset? First(string jobId, TriggerSpec spec, DateTimeOffset now, CronSchedule? cron = null)
    {
        var offset = TriggerJitter.Offset(jobId, spec);
        var at = now - offset;
        DateTimeOffset? first = spec.Kind switch
        {
            TriggerKind.Once => spec.RunAtUtc,
            TriggerKind.Interval => spec.StartUtc is { } start && start > at ? start : at + spec.Period!.Value,
            _ => (cron ?? Cron(spec)).GetNextOccurrence(spec.StartUtc is { } s && s > at ? s.AddTicks(-1) : at),
        };
        return Jittered(spec, first, offset);
    }

    /// <summary>The fire after the one scheduled at <paramref name="scheduled"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(string jobId, TriggerSpec spec, DateTimeOffset scheduled)
    {
        var offset = TriggerJitter.Offset(jobId, spec);
        DateTimeOffset? next = spec.Kind switch
        {
            TriggerKind.Once => null,
            TriggerKind.Interval => scheduled + spec.Period!.Value - offset,
            _ => Cron(spec).GetNextOccurrence(scheduled - offset),
        };
        return Jittered(spec, next, offset);
    }

    /// <summary>The first fire strictly after <paramref name="instant"/>, skipping everything before it.</summary>
    public DateTimeOffset? NextAfter(string jobId, TriggerSpec spec, DateTimeOffset scheduled, DateTimeOffset instant)
    {
        var offset = TriggerJitter.Offset(jobId, spec);
        if (spec.Kind == TriggerKind.Interval)
        {
            var period = spec.Period!.Value;
            var steps = (instant - scheduled).Ticks / period.Ticks + 1;
            return Jittered(spec, scheduled - offset + TimeSpan.FromTicks(period.Ticks * Math.Max(1, steps)), offset);
        }
        return spec.Kind == TriggerKind.Once ? null : Jittered(spec, Cron(spec).GetNextOccurrence(instant - offset), offset);
    }

    private CronSchedule Cron(TriggerSpec spec) => _cron.Get(spec.CronExpression!, spec.TimeZone);

    private static DateTimeOffset? Jittered(TriggerSpec spec, DateTimeOffset? unjittered, TimeSpan offset)
    {
        if (unjittered is not { } value)
        {
            return null;
        }
        var at = value + offset;
        return spec.EndUtc is { } end && at > end ? null : at;
    }
}
