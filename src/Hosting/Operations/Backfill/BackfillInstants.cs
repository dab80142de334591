using Kairos.Host.Scheduling;
using Kairos.Host.Storage;

namespace Kairos.Host.Operations.Backfill;

/// <summary>
/// The scheduled instants of a stored trigger in a range, as the scheduler would have made them: a cron trigger's
/// occurrences, an interval trigger's steps on the phase of its stored schedule, a one-shot trigger's instant; within
/// the trigger's start and end. Pure: the range and the trigger come from the caller.
/// </summary>
internal static class BackfillInstants
{
    /// <summary>
    /// The instants from <paramref name="fromUtc"/> to <paramref name="toUtc"/> (both included), oldest first; null
    /// when there are more than <paramref name="max"/> (the caller refuses the range).
    /// </summary>
    public static IReadOnlyList<DateTimeOffset>? Between(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset fromUtc, DateTimeOffset toUtc, int max)
    {
        var spec = trigger.Spec;
        var instants = new List<DateTimeOffset>();
        for (var at = First(schedule, trigger, fromUtc); at is { } instant && instant <= toUtc; at = schedule.Next(trigger.JobId, spec, instant))
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

    private static DateTimeOffset? First(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset fromUtc)
    {
        var spec = trigger.Spec;
        switch (spec.Kind)
        {
            case TriggerKind.Once:
                var once = spec.RunAtUtc + TriggerJitter.Offset(trigger.JobId, spec);
                return once >= fromUtc ? once : null;
            case TriggerKind.Interval:
                // The phase is the stored schedule's: step back (or forward) from a known instant to the first one in range.
                if ((trigger.NextFireUtc ?? trigger.LastFireUtc ?? spec.StartUtc) is not { } anchor)
                {
                    return null;
                }
                var period = spec.Period!.Value.Ticks;
                var steps = (fromUtc - anchor).Ticks / period;
                var first = anchor + TimeSpan.FromTicks(steps * period);
                return first < fromUtc ? first + spec.Period.Value : first;
            default:
                return schedule.NextAfter(trigger.JobId, spec, fromUtc, fromUtc.AddTicks(-1));
        }
    }
}
