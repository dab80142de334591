using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// A stored trigger's scheduled instants in a span, as the scheduler made or will make them (jitter included): a cron
/// trigger's occurrences, an interval trigger's steps on the phase of its stored schedule, a one-shot trigger's instant.
/// The one place that lists past instants, for backfill (<see cref="Between"/>) and explain (<see cref="Around"/>).
/// </summary>
internal static class TriggerInstants
{
    /// <summary>The most instants <see cref="Around"/> walks in one span.</summary>
    private const int MaxWalk = 100_000;

    /// <summary>A cron expression has no "previous": the instants before an instant are found in ever longer spans back.</summary>
    private static readonly TimeSpan[] Lookbacks =
        [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(5 * 366)];

    /// <summary>
    /// The instants from <paramref name="fromUtc"/> to <paramref name="toUtc"/> (both included) within the trigger's start
    /// and end, oldest first; null when there are more than <paramref name="max"/>.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset>? Between(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset fromUtc, DateTimeOffset toUtc, int max)
    {
        var spec = trigger.Spec;
        var instants = new List<DateTimeOffset>();
        for (var at = FirstAtOrAfter(schedule, trigger, fromUtc); at is { } instant && instant <= toUtc; at = schedule.Next(trigger.JobId, spec, instant))
        {
            if (spec.StartUtc is { } start && instant < start)
            {
                continue;
            }
            if (instants.Count == max)
            {
                return null;
            }
            instants.Add(instant);
        }
        return instants;
    }

    /// <summary>
    /// Up to <paramref name="count"/> instants at or before <paramref name="at"/> and up to <paramref name="count"/> after
    /// it, oldest first, ignoring the trigger's start and end (so that instants outside them can be named as such).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Around(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset at, int count)
    {
        var open = new StoredTrigger
        {
            Id = trigger.Id, JobId = trigger.JobId, Origin = trigger.Origin, Spec = trigger.Spec with { StartUtc = null, EndUtc = null },
            NextFireUtc = trigger.NextFireUtc, LastFireUtc = trigger.LastFireUtc,
        };
        IReadOnlyList<DateTimeOffset> before = [];
        foreach (var lookback in Lookbacks)
        {
            if (Between(schedule, open, at - lookback, at, MaxWalk) is not { } found)
            {
                break;
            }
            before = found;
            if (found.Count >= count)
            {
                break;
            }
        }
        var after = new List<DateTimeOffset>();
        for (var next = FirstAtOrAfter(schedule, open, at.AddTicks(1)); next is { } s && after.Count < count; next = schedule.Next(open.JobId, open.Spec, s))
        {
            after.Add(s);
        }
        return [.. before.TakeLast(count), .. after];
    }

    /// <summary>The trigger's first instant at or after <paramref name="fromUtc"/>, ignoring its start.</summary>
    private static DateTimeOffset? FirstAtOrAfter(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset fromUtc)
    {
        var spec = trigger.Spec;
        switch (spec.Kind)
        {
            case TriggerKind.Once:
                var once = spec.RunAtUtc + TriggerJitter.Offset(trigger.JobId, spec);
                return once >= fromUtc ? once : null;
            case TriggerKind.Interval:
                // The phase is the stored schedule's: step back (or forward) from a known instant to the first one in range.
                if ((trigger.NextFireUtc ?? trigger.LastFireUtc ?? spec.StartUtc) is not { } anchor || spec.Period is not { Ticks: > 0 } period)
                {
                    return null;
                }
                var steps = (long)Math.Floor((double)(fromUtc - anchor).Ticks / period.Ticks);
                var first = anchor + TimeSpan.FromTicks(steps * period.Ticks);
                return first < fromUtc ? first + period : first;
            default:
                return schedule.NextAfter(trigger.JobId, spec, fromUtc, fromUtc.AddTicks(-1));
        }
    }
}
