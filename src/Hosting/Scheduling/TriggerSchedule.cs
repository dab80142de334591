using System.Collections.Concurrent;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Host.Scheduling;

/// <summary>When a trigger fires: its first fire after it is added, and the fire after a given scheduled one.</summary>
internal sealed class TriggerSchedule
{
    private readonly ConcurrentDictionary<(string Expression, string Zone), CronSchedule> _cron = new();

    /// <summary>The first fire of a trigger added at <paramref name="now"/>, or null when it will never fire.</summary>
    public DateTimeOffset? First(TriggerSpec spec, DateTimeOffset now)
    {
        DateTimeOffset? first = spec.Kind switch
        {
            TriggerKind.Once => spec.RunAtUtc,
            TriggerKind.Interval => spec.StartUtc is { } start && start > now ? start : now + spec.Period!.Value,
            _ => Cron(spec).GetNextOccurrence(spec.StartUtc is { } s && s > now ? s.AddTicks(-1) : now),
        };
        return WithinEnd(spec, first);
    }

    /// <summary>The fire after the one scheduled at <paramref name="scheduled"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(TriggerSpec spec, DateTimeOffset scheduled)
    {
        DateTimeOffset? next = spec.Kind switch
        {
            TriggerKind.Once => null,
            TriggerKind.Interval => scheduled + spec.Period!.Value,
            _ => Cron(spec).GetNextOccurrence(scheduled),
        };
        return WithinEnd(spec, next);
    }

    /// <summary>The first fire strictly after <paramref name="instant"/>, skipping everything before it.</summary>
    public DateTimeOffset? NextAfter(TriggerSpec spec, DateTimeOffset scheduled, DateTimeOffset instant)
    {
        if (spec.Kind == TriggerKind.Interval)
        {
            var period = spec.Period!.Value;
            var steps = (instant - scheduled).Ticks / period.Ticks + 1;
            return WithinEnd(spec, scheduled + TimeSpan.FromTicks(period.Ticks * Math.Max(1, steps)));
        }
        return spec.Kind == TriggerKind.Once ? null : WithinEnd(spec, Cron(spec).GetNextOccurrence(instant));
    }

    private CronSchedule Cron(TriggerSpec spec) =>
        _cron.GetOrAdd((spec.CronExpression!, spec.TimeZone), static key => CronSchedule.Parse(key.Expression, key.Zone));

    private static DateTimeOffset? WithinEnd(TriggerSpec spec, DateTimeOffset? at) =>
        at is { } value && spec.EndUtc is { } end && value > end ? null : at;
}
