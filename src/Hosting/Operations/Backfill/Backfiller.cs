using System.Globalization;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Backfill;

/// <summary>Backfill (#16): a pending run for every past instant of a trigger in a range that has no run record yet.</summary>
internal sealed class Backfiller(ICatalogStore jobs, TriggerSchedule schedule, SchedulerSignal signal, TimeProvider time, IBackfillStore? backfills = null)
{
    private const int MaxBackfillFires = KairosScheduler.MaxBackfillFires;

    /// <summary>
    /// Creates a pending run (origin <c>backfill</c>) for every instant of <paramref name="job"/>'s trigger
    /// <paramref name="triggerKey"/> (null: its only trigger) from <paramref name="fromUtc"/> to <paramref name="toUtc"/>,
    /// both included, that has no run record of any status yet: each with its scheduled instant and the trigger's data.
    /// They run under the job's overlap policy, except that they queue behind a running run rather than skip or replace
    /// it, and start only while fewer than <paramref name="maxParallel"/> runs of their concurrency key run. A second
    /// backfill of the same range creates nothing. <paramref name="dryRun"/>: only lists the instants. Returns the view and
    /// how many runs it created (null for a dry run).
    /// </summary>
    /// <exception cref="OperationException">The range, the trigger or the parallelism is invalid, or the range has more than <see cref="MaxBackfillFires"/> instants.</exception>
    public (BackfillView View, int? Created) Backfill(StoredJob job, DateTimeOffset fromUtc, DateTimeOffset toUtc, string? triggerKey, int maxParallel, bool dryRun)
    {
        var jobId = job.Id;
        var now = time.GetUtcNow();
        if (fromUtc > toUtc)
        {
            throw new OperationException($"--from {Text(fromUtc)} is after --to {Text(toUtc)}: expected a range from an earlier instant to a later one");
        }
        if (toUtc > now)
        {
            throw new OperationException(
                $"--to {Text(toUtc)} is in the future (now is {Text(now)}): a backfill covers past instants; the trigger makes the fires from now on");
        }
        if (maxParallel < 1)
        {
            throw new OperationException($"--max-parallel {maxParallel} is invalid: expected 1 or more");
        }
        var trigger = BackfillTrigger(jobId, triggerKey);
        var scheduled = TriggerInstants.Between(schedule, trigger, fromUtc, toUtc, MaxBackfillFires)
            ?? throw new OperationException(
                $"the range {Text(fromUtc)} to {Text(toUtc)} has more than {MaxBackfillFires} instants of trigger '{trigger.Spec.Key}' of '{jobId}': "
                + "expected at most that many; backfill it in smaller ranges");
        // An instant in one of the trigger's exclusion calendars is no fire: a blackout stays one when backfilled.
        var instants = scheduled.Where(i => schedule.Calendars.Exclusion(trigger.Spec, i) is null).ToList();
        var store = backfills ?? throw new OperationException("this store keeps no backfills");
        var recorded = store.GetRecordedInstants(jobId, trigger.Spec.Key, fromUtc, toUtc);
        var missing = instants.Where(i => !recorded.Contains(StoreInstants.Milliseconds(i))).ToList();
        if (dryRun)
        {
            return (View(null), null);
        }
        var runs = missing.Select(instant => new RunRecord
        {
            Id = RunIds.New(now),
            JobId = jobId,
            TriggerKey = trigger.Spec.Key,
            ConcurrencyKey = job.Policies.ConcurrencyKey(jobId, trigger.Spec.Key),
            ScheduledUtc = instant,
            NotBeforeUtc = instant,
            Status = RunStatus.Pending,
            // Behind the fires of the present (which go first when both are due), oldest first among themselves.
            Priority = trigger.Spec.Priority - 1,
            DataJson = trigger.Spec.DataJson,
            Origin = RunOrigin.Backfill,
            MaxParallel = maxParallel,
        }).ToList();
        var created = store.InsertMissing(runs);
        if (created.Count > 0)
        {
            signal.PendingAdded();
        }
        return (View(created), created.Count);

        BackfillView View(IReadOnlyList<RunRecord>? made) => new(
            jobId, trigger.Spec.Key, fromUtc, toUtc, maxParallel, made is null, instants.Count,
            made is null ? instants.Count - missing.Count : instants.Count - made.Count,
            made is null ? [.. missing.Select(i => new BackfillRunView(i, null))] : [.. made.Select(r => new BackfillRunView(r.ScheduledUtc, r.Id))]);
    }

    /// <summary>The trigger a backfill covers: the one named, or the job's only one.</summary>
    private StoredTrigger BackfillTrigger(string jobId, string? triggerKey)
    {
        var triggers = jobs.GetTriggers(jobId);
        var keys = string.Join(", ", triggers.Select(t => t.Spec.Key));
        if (triggerKey is not null)
        {
            return triggers.FirstOrDefault(t => t.Spec.Key == triggerKey)
                ?? throw new OperationException(triggers.Count == 0
                    ? $"job '{jobId}' has no trigger '{triggerKey}': it has no triggers"
                    : $"job '{jobId}' has no trigger '{triggerKey}': expected one of {keys}");
        }
        return triggers.Count switch
        {
            0 => throw new OperationException($"job '{jobId}' has no trigger: nothing to backfill"),
            1 => triggers[0],
            _ => throw new OperationException($"job '{jobId}' has {triggers.Count} triggers ({keys}): name one with --trigger"),
        };
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
