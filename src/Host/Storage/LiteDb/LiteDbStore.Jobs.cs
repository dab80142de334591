using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    public ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers) => Write(() =>
    {
        var jobChanged = false;
        var existing = _jobs.FindById(job.Id);
        if (existing is null)
        {
            _jobs.Insert(job);
            jobChanged = true;
        }
        else if (existing.Description != job.Description || existing.Source != job.Source
                 || existing.Version != job.Version || existing.Policies != job.Policies)
        {
            job.Paused = existing.Paused;
            job.PauseReason = existing.PauseReason;
            _jobs.Update(job);
            jobChanged = true;
        }

        int added = 0, updated = 0, removed = 0;
        var declaredIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in declaredTriggers)
        {
            declaredIds.Add(trigger.Id);
            var stored = _triggers.FindById(trigger.Id);
            if (stored is null)
            {
                _triggers.Insert(trigger);
                added++;
            }
            else if (stored.Spec != trigger.Spec || stored.Origin != trigger.Origin)
            {
                var scheduleChanged = !TriggerUpsert.SameSchedule(stored.Spec, trigger.Spec);
                stored.Spec = trigger.Spec;
                stored.Origin = trigger.Origin;
                if (scheduleChanged)
                {
                    stored.NextFireUtc = trigger.NextFireUtc;
                }
                _triggers.Update(stored);
                updated++;
            }
        }
        foreach (var stale in _triggers.Find(t => t.JobId == job.Id).Where(t => t.Origin == TriggerOrigin.Declared && !declaredIds.Contains(t.Id)).ToList())
        {
            _triggers.Delete(stale.Id);
            removed++;
        }
        return new ReconcileResult(jobChanged, added, updated, removed);
    });

    public IReadOnlyList<StoredJob> GetJobs() => _jobs.FindAll().OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

    public StoredJob? GetJob(string jobId) => _jobs.FindById(jobId);

    public bool SetPaused(string jobId, bool paused, string? reason, DateTimeOffset now) => Write(() =>
    {
        var job = _jobs.FindById(jobId);
        if (job is null)
        {
            return false;
        }
        job.Paused = paused;
        job.PauseReason = paused ? reason : null;
        job.UpdatedUtc = now;
        return _jobs.Update(job);
    });

    public IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null) =>
        (jobId is null ? _triggers.FindAll() : _triggers.Find(t => t.JobId == jobId)).ToList();

    public void UpsertTrigger(StoredTrigger trigger) => UpsertTriggers([trigger]);

    public void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers) => Write(() =>
    {
        foreach (var trigger in triggers)
        {
            // One lookup decides: an upsert would look the id up again to choose between update and insert.
            if (_triggers.FindById(trigger.Id) is { } stored)
            {
                TriggerUpsert.KeepFireTimes(stored, trigger);
                _triggers.Update(trigger);
            }
            else
            {
                _triggers.Insert(trigger);
            }
        }
        return 0;
    });

    public bool RemoveTrigger(string jobId, string key) => Write(() => _triggers.Delete(StoredTrigger.MakeId(jobId, key)));

    public DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds)
    {
        var paused = PausedJobIds();
        foreach (var trigger in ByNextFire())
        {
            if (trigger.NextFireUtc is { } next && runnableJobIds.Contains(trigger.JobId) && !paused.Contains(trigger.JobId))
            {
                return next;
            }
        }
        return null;
    }

    private HashSet<string> PausedJobIds() => _jobs.Find(j => j.Paused).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
}
