using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    public IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request) => Write(() =>
    {
        var claimed = new List<RunRecord>();
        var held = HeldJobIds();
        var window = request.Window(StoreInstants.Milliseconds);
        var due = DueTriggers(window.Until)
            .Where(t => request.RunnableJobIds.Contains(t.JobId) && !held.Contains(t.JobId))
            .Take(request.MaxTriggers)
            .ToList();
        if (due.Count == 0)
        {
            return claimed;
        }
        var waiting = OpenRuns(RunStatus.WaitingForHandler)
            .ToLookup(r => (r.JobId, r.TriggerKey));
        foreach (var trigger in due)
        {
            if (request.Planner.Plan(trigger, waiting[(trigger.JobId, trigger.Spec.Key)], window) is not { } claim)
            {
                continue;
            }
            claimed.AddRange(claim.Runs);
            foreach (var run in claim.Runs.Concat(claim.Misfired))
            {
                if (claim.TakenOver.Contains(run.Id))
                {
                    _runs.Update(run);
                }
                else
                {
                    _runs.Insert(run);
                }
            }
            foreach (var leftover in claim.LeftoverRunIds)
            {
                _runs.Delete(leftover);
            }
            if (claim.DeleteTrigger)
            {
                _triggers.Delete(trigger.Id);
            }
            else
            {
                _triggers.Update(trigger);
            }
        }
        return claimed;
    });

    /// <summary>Every trigger, earliest next fire first (triggers that never fire again first of all).</summary>
    private IEnumerable<StoredTrigger> ByNextFire() => _triggers.Find(LiteDB.Query.All("NextFireUtc", LiteDB.Query.Ascending));

    /// <summary>
    /// Triggers due at or before <paramref name="until"/>, earliest first: a walk of the next-fire index with a constant
    /// query. (A range query would inline the instant into the expression's text, and LiteDB compiles and caches every
    /// distinct expression for ever: one more cache entry on every loop iteration.)
    /// </summary>
    private IEnumerable<StoredTrigger> DueTriggers(DateTimeOffset until) =>
        ByNextFire().SkipWhile(t => t.NextFireUtc is null).TakeWhile(t => t.NextFireUtc <= until);

    public int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now) => Write(() =>
    {
        // Only the triggers of jobs this host cannot run are read (by the job-id index): walking every due trigger
        // would read thousands of them each second while a burst is due.
        var missing = _jobs.FindAll().Where(j => !j.Held && !runnableJobIds.Contains(j.Id)).Select(j => j.Id).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }
        var existing = OpenRuns(RunStatus.WaitingForHandler)
            .Select(r => (r.JobId, r.TriggerKey, r.ScheduledUtc)).ToHashSet();
        var added = 0;
        foreach (var trigger in missing.SelectMany(TriggersOf).ToList())
        {
            if (trigger.NextFireUtc is not { } next || next > now || existing.Contains((trigger.JobId, trigger.Spec.Key, next)))
            {
                continue;
            }
            _runs.Insert(new RunRecord
            {
                Id = RunIds.New(now),
                JobId = trigger.JobId,
                TriggerKey = trigger.Spec.Key,
                ConcurrencyKey = trigger.JobId,
                ScheduledUtc = trigger.NextFireUtc.Value,
                NotBeforeUtc = trigger.NextFireUtc.Value,
                Status = RunStatus.WaitingForHandler,
                Priority = trigger.Spec.Priority,
                DataJson = trigger.Spec.DataJson,
                ErrorMessage = $"no loaded plugin or script declares job '{trigger.JobId}'; the fire waits for it",
            });
            added++;
        }
        return added;
    });
}
