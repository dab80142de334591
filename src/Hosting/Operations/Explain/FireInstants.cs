using Kairos.Host.Scheduling;
using Kairos.Host.Storage;

namespace Kairos.Host.Operations.Explain;

/// <summary>
/// A trigger's scheduled instants around an instant, by the engine's own schedule (<see cref="TriggerSchedule"/>),
/// ignoring the trigger's start and end so that instants outside its window can be named as such. A cron expression has
/// no "previous": the instants before are found by walking forward from ever longer spans back (a minute, an hour, a
/// day, a month, a year, five years), each walk bounded.
/// </summary>
internal static class FireInstants
{
    private const int MaxWalk = 100_000;

    private static readonly TimeSpan[] Lookbacks =
        [TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367), TimeSpan.FromDays(5 * 366)];

    /// <summary>Up to <paramref name="count"/> instants at or before <paramref name="at"/> and up to <paramref name="count"/> after it, oldest first.</summary>
    public static IReadOnlyList<DateTimeOffset> Around(TriggerSchedule schedule, StoredTrigger trigger, DateTimeOffset at, int count)
    {
        var spec = trigger.Spec with { StartUtc = null, EndUtc = null };
        return spec.Kind switch
        {
            TriggerKind.Once => spec.RunAtUtc is { } once ? [once + TriggerJitter.Offset(trigger.JobId, spec)] : [],
            TriggerKind.Interval => Interval(trigger, spec.Period!.Value, at, count),
            _ => [.. CronBefore(schedule, trigger.JobId, spec, at, count), .. After(schedule, trigger.JobId, spec, at, count)],
        };
    }

    /// <summary>An interval trigger's instants are anchored on its stored next (or last) fire, its start else.</summary>
    private static List<DateTimeOffset> Interval(StoredTrigger trigger, TimeSpan period, DateTimeOffset at, int count)
    {
        if ((trigger.NextFireUtc ?? trigger.LastFireUtc ?? trigger.Spec.StartUtc) is not { } anchor || period <= TimeSpan.Zero)
        {
            return [];
        }
        var steps = Math.Floor((double)(at - anchor).Ticks / period.Ticks);
        var last = anchor + TimeSpan.FromTicks((long)steps * period.Ticks);
        return [.. Enumerable.Range(1 - count, 2 * count).Select(k => last + TimeSpan.FromTicks(k * period.Ticks))];
    }

    private static List<DateTimeOffset> CronBefore(TriggerSchedule schedule, string jobId, TriggerSpec spec, DateTimeOffset at, int count)
    {
        var found = new Queue<DateTimeOffset>();
        foreach (var lookback in Lookbacks)
        {
            found.Clear();
            var walked = 0;
            for (var next = schedule.Next(jobId, spec, at - lookback); next is { } s && s <= at && walked < MaxWalk; next = schedule.Next(jobId, spec, s), walked++)
            {
                found.Enqueue(s);
                if (found.Count > count)
                {
                    found.Dequeue();
                }
            }
            if (found.Count >= count)
            {
                break;
            }
        }
        return [.. found];
    }

    private static List<DateTimeOffset> After(TriggerSchedule schedule, string jobId, TriggerSpec spec, DateTimeOffset at, int count)
    {
        var found = new List<DateTimeOffset>();
        for (var next = schedule.Next(jobId, spec, at); next is { } s && found.Count < count; next = schedule.Next(jobId, spec, s))
        {
            found.Add(s);
        }
        return found;
    }
}
