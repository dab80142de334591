using Kairos.Host.Storage.Catalog;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    public ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers) => Write(() =>
    {
        TriggersChanged();
        var plan = ReconcilePlan.Of(job, declaredTriggers, _jobs.FindById(job.Id), TriggersOf(job.Id).ToList());
        if (plan.InsertJob)
        {
            _jobs.Insert(plan.Job);
        }
        else if (plan.UpdateJob)
        {
            _jobs.Update(plan.Job);
        }
        _triggers.Insert(plan.Added);
        _triggers.Update(plan.Updated);
        foreach (var id in plan.Removed)
        {
            _triggers.Delete(id);
        }
        return plan.Result;
    });

    public IReadOnlyList<StoredJob> GetJobs() => _jobs.FindAll().OrderBy(j => j.Id, StringComparer.Ordinal).ToList();

    public StoredJob? GetJob(string jobId) => _jobs.FindById(jobId);

    public bool SetPaused(string jobId, JobPause? pause, DateTimeOffset now) => Write(() =>
    {
        var job = _jobs.FindById(jobId);
        if (job is null)
        {
            return false;
        }
        job.SetPause(pause, now);
        return _jobs.Update(job);
    }, writeBehindFirst: false);

    public bool SetDisabled(string jobId, JobDisable? disable, DateTimeOffset now) => Write(() =>
    {
        var job = _jobs.FindById(jobId);
        if (job is null)
        {
            return false;
        }
        job.SetDisable(disable, now);
        return _jobs.Update(job);
    }, writeBehindFirst: false);

    public IReadOnlyList<string> ResumeExpired(DateTimeOffset now) => Write(() =>
    {
        var expired = _jobs.Find(j => j.Paused).Where(j => j.PausedUntilUtc <= now).ToList();
        foreach (var job in expired)
        {
            job.SetPause(null, now);
            _jobs.Update(job);
        }
        return (IReadOnlyList<string>)expired.Select(j => j.Id).ToList();
    }, writeBehindFirst: false);

    /// <summary>
    /// Its open runs through the open-runs index; its ended ones, when asked, by a walk of every run (there is no index
    /// by job: every fire would pay for one, for a verb an operator runs now and then).
    /// </summary>
    public JobRemoval? RemoveJob(string jobId, bool deleteHistory) => Write(() =>
    {
        TriggersChanged();
        if (!_jobs.Delete(jobId))
        {
            return (JobRemoval?)null;
        }
        var triggers = 0;
        foreach (var trigger in TriggersOf(jobId).ToList())
        {
            triggers += _triggers.Delete(trigger.Id) ? 1 : 0;
        }
        var open = 0;
        foreach (var status in new[] { RunStatus.Pending, RunStatus.Running, RunStatus.WaitingForHandler })
        {
            foreach (var run in OpenRuns(status).Where(r => r.JobId == jobId).ToList())
            {
                open += _runs.Delete(run.Id) ? 1 : 0;
            }
        }
        var history = deleteHistory ? _runs.DeleteMany(BsonExpression.Create("$.JobId = @0", jobId)) + DeleteBatchedRunsOf(jobId) : 0;
        return new JobRemoval(triggers, open, history);
    });

    public IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null)
    {
        WriteBehindNow();
        return (jobId is null ? _triggers.FindAll() : TriggersOf(jobId)).ToList();
    }

    public void UpsertTrigger(StoredTrigger trigger) => UpsertTriggers([trigger]);

    /// <summary>Batches smaller than this are looked up id by id (<see cref="StoredAmong"/>).</summary>
    private const int RangeReadMinimum = 32;

    /// <summary>
    /// The stored triggers with the ids of <paramref name="triggers"/>: for a batch of <see cref="RangeReadMinimum"/> or
    /// more, one read of the id range it spans (<see cref="StoredInRange"/>), else, or when that read gives up, one
    /// lookup per trigger.
    /// </summary>
    private Dictionary<string, StoredTrigger> StoredAmong(List<StoredTrigger> triggers) =>
        (triggers.Count >= RangeReadMinimum ? StoredInRange(triggers) : null)
        ?? triggers.Select(t => _triggers.FindById(t.Id)).OfType<StoredTrigger>().ToDictionary(t => t.Id, StringComparer.Ordinal);

    /// <summary>
    /// The stored triggers of the id range <paramref name="triggers"/> span that have their ids, read in id order:
    /// nothing to read when the triggers are new, as in a burst, instead of one index lookup and query per trigger.
    /// Null once it has read twice as many triggers as the batch holds (the batch's keys interleave with many stored
    /// ones).
    /// </summary>
    private Dictionary<string, StoredTrigger>? StoredInRange(List<StoredTrigger> triggers)
    {
        var ids = triggers.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var found = new Dictionary<string, StoredTrigger>(StringComparer.Ordinal);
        var budget = 2 * triggers.Count;
        foreach (var trigger in _triggers.Find(IdRange(ids.Min(StringComparer.Ordinal)!, ids.Max(StringComparer.Ordinal)!)))
        {
            if (--budget < 0)
            {
                return null;
            }
            if (ids.Contains(trigger.Id))
            {
                found[trigger.Id] = trigger;
            }
        }
        return found;
    }

    /// <summary>
    /// The triggers of one job: the range of trigger ids that start with <c>jobId/</c>, read through the id index (ids
    /// compare ordinally, so they are adjacent). The job's id is checked as well: the range's upper bound
    /// <c>jobId0</c> (the character after '/') is inclusive.
    /// </summary>
    private IEnumerable<StoredTrigger> TriggersOf(string jobId) =>
        _triggers.Find(IdRange(jobId + "/", jobId + "0")).Where(t => t.JobId == jobId);

    /// <summary>
    /// Ids from <paramref name="low"/> to <paramref name="high"/> inclusive, as a query with parameters: its text is
    /// constant (LiteDB compiles and caches each distinct expression text for ever).
    /// </summary>
    private static BsonExpression IdRange(string low, string high) => BsonExpression.Create("_id BETWEEN @0 AND @1", low, high);

    /// <summary>
    /// The first eligible trigger among the due ones known (<see cref="_due"/>: a prefix of the next-fire index), else a
    /// walk of the index that passes the triggers whose claims are kept behind (from the instant the due triggers known
    /// hold every trigger up to, when they do: a burst whose fires are all claimed behind is not read again), or the
    /// earliest next fire of a recurring trigger whose claim is kept (<see cref="EarliestKept"/>) when that is earlier.
    /// </summary>
    public DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds)
    {
        FlushTriggers(throwOnFailure: false);
        lock (_write)
        {
            var held = HeldJobIds();
            var candidates = _due is { } due && _dueRead.Complete ? due.Concat(ByNextFireAfter(_dueRead.Until))
                : _due is { } partial && partial.Exists(Eligible) ? partial
                : ByNextFire().Where(t => !IsClaimedBehind(t.Id));
            var kept = EarliestKept(Eligible);
            foreach (var trigger in candidates)
            {
                if (Eligible(trigger))
                {
                    return kept < trigger.NextFireUtc ? kept : trigger.NextFireUtc;
                }
            }
            return kept;

            bool Eligible(StoredTrigger trigger) =>
                trigger.NextFireUtc is not null && runnableJobIds.Contains(trigger.JobId) && !held.Contains(trigger.JobId);
        }
    }

    /// <summary>The jobs none of whose fires may be claimed: paused or disabled (<see cref="StoredJob.Held"/>).</summary>
    private HashSet<string> HeldJobIds() => _jobs.FindAll().Where(j => j.Held).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
}
