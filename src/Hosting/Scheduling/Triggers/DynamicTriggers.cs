using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Triggers;

/// <summary>
/// Triggers added by code (<see cref="IJobTriggers"/>, <see cref="IScheduler"/>): each one validated, normalised and
/// given its first fire, or an <see cref="ArgumentException"/> that quotes the first bad one, before anything is written.
/// </summary>
internal static class DynamicTriggers
{
    /// <summary>The stored form of <paramref name="triggers"/> for <paramref name="jobId"/>; keys must be distinct.</summary>
    public static List<StoredTrigger> Prepare(string jobId, IReadOnlyCollection<TriggerSpec> triggers, TriggerSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var stored = new List<StoredTrigger>(triggers.Count);
        var keys = triggers.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        foreach (var trigger in triggers)
        {
            if (trigger is null)
            {
                throw new ArgumentException($"job '{jobId}': trigger {stored.Count} of {triggers.Count} is null", nameof(triggers));
            }
            if (schedule.Validate(trigger, out var cron) is { } error)
            {
                throw new ArgumentException($"job '{jobId}': {error}", nameof(triggers));
            }
            if (keys is not null && !keys.Add(trigger.Key))
            {
                throw new ArgumentException($"job '{jobId}': trigger key '{trigger.Key}' appears twice in one upsert; keys must be distinct", nameof(triggers));
            }
            var spec = TriggerNormalizer.Normalize(trigger);
            stored.Add(new StoredTrigger
            {
                Id = StoredTrigger.MakeId(jobId, spec.Key),
                JobId = jobId,
                Spec = spec,
                Origin = TriggerOrigin.Dynamic,
                NextFireUtc = schedule.First(jobId, spec, now, cron),
            });
        }
        return stored;
    }
}
