namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// What reconciling one declared job writes, the same for every store: the job document inserted (new), updated (its
/// description, source, version, policies or disabled reason changed; its pause state and an operator's disable kept) or left alone; each declared trigger
/// inserted when new, updated when its description or origin changed (its next fire kept unless its schedule changed)
/// and left alone when equal; the stored declared triggers no longer declared removed. Dynamic triggers are never
/// touched. The store reads what it holds of the job, plans, and applies the plan in one transaction.
/// </summary>
internal sealed class ReconcilePlan
{
    private ReconcilePlan(StoredJob job) => Job = job;

    /// <summary>The job as declared (with the stored pause state when it is updated).</summary>
    public StoredJob Job { get; }

    /// <summary>True when <see cref="Job"/> is new: inserted.</summary>
    public bool InsertJob { get; private set; }

    /// <summary>True when the stored job changed: <see cref="Job"/> replaces it.</summary>
    public bool UpdateJob { get; private set; }

    /// <summary>Declared triggers new to the store.</summary>
    public List<StoredTrigger> Added { get; } = [];

    /// <summary>Stored triggers whose description or origin changed, as they are to be written.</summary>
    public List<StoredTrigger> Updated { get; } = [];

    /// <summary>Ids of the stored declared triggers the job no longer declares.</summary>
    public List<string> Removed { get; } = [];

    public ReconcileResult Result => new(InsertJob || UpdateJob, Added.Count, Updated.Count, Removed.Count);

    /// <summary>
    /// Plans the reconcile of <paramref name="job"/> and its <paramref name="declared"/> triggers against what the store
    /// holds: <paramref name="existing"/> (null when none) and <paramref name="stored"/>, the job's stored triggers
    /// (declared and dynamic). Updates <paramref name="job"/>'s pause state and the stored triggers it changes.
    /// </summary>
    public static ReconcilePlan Of(StoredJob job, IReadOnlyList<StoredTrigger> declared, StoredJob? existing, IEnumerable<StoredTrigger> stored)
    {
        var plan = new ReconcilePlan(job);
        if (existing is null)
        {
            plan.InsertJob = true;
        }
        else if (existing.Description != job.Description || existing.Source != job.Source
                 || existing.Version != job.Version || existing.Policies != job.Policies
                 || existing.DisabledReason != job.DisabledReason)
        {
            job.Paused = existing.Paused;
            job.PauseReason = existing.PauseReason;
            job.PausedBy = existing.PausedBy;
            job.PausedUntilUtc = existing.PausedUntilUtc;
            job.DisabledBy = existing.DisabledBy;
            job.DisabledByOperatorReason = existing.DisabledByOperatorReason;
            plan.UpdateJob = true;
        }

        var current = stored.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var declaredIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in declared)
        {
            declaredIds.Add(trigger.Id);
            if (!current.TryGetValue(trigger.Id, out var was))
            {
                plan.Added.Add(trigger);
            }
            else if (was.Spec != trigger.Spec || was.Origin != trigger.Origin)
            {
                var scheduleChanged = !TriggerUpsert.SameSchedule(was.Spec, trigger.Spec);
                was.Spec = trigger.Spec;
                was.Origin = trigger.Origin;
                if (scheduleChanged)
                {
                    was.NextFireUtc = trigger.NextFireUtc;
                }
                plan.Updated.Add(was);
            }
        }
        plan.Removed.AddRange(current.Values.Where(t => t.Origin == TriggerOrigin.Declared && !declaredIds.Contains(t.Id)).Select(t => t.Id));
        return plan;
    }
}
