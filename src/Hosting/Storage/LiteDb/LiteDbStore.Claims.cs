using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    /// <summary>
    /// Due triggers read by the last walk of the next-fire index and not claimed since, earliest first (null: read them
    /// again). A burst of thousands of due fires is then walked once, not once per claim batch, and the walk never
    /// passes the triggers whose claims are kept behind (still in the file). Any change of triggers other than a claim
    /// that deletes its trigger drops it.
    /// </summary>
    private List<StoredTrigger>? _due;

    /// <summary>The instant <see cref="_due"/> was read up to, and whether the walk stopped early (<see cref="DueReadLimit"/>).</summary>
    private (DateTimeOffset Until, bool Complete) _dueRead;

    /// <summary>How many due triggers one walk keeps, in claim batches.</summary>
    private const int DueReadLimit = 64;

    private void TriggersChanged() => _due = null;

    public IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request)
    {
        FlushTriggers(throwOnFailure: false);
        lock (_write)
        {
            var held = HeldJobIds();
            var window = request.Window(StoreInstants.Milliseconds);
            var due = TakeDue(window.Until, t => request.RunnableJobIds.Contains(t.JobId) && !held.Contains(t.JobId), request.MaxTriggers);
            if (due.Count == 0)
            {
                return [];
            }
            var claimed = new List<RunRecord>();
            var written = new List<TriggerClaim>();
            var waiting = OpenRuns(RunStatus.WaitingForHandler).ToLookup(r => (r.JobId, r.TriggerKey));
            foreach (var trigger in due)
            {
                if (request.Planner.Plan(trigger, waiting[(trigger.JobId, trigger.Spec.Key)], window) is not { } claim)
                {
                    TriggersChanged(); // left where it was: read it again
                    continue;
                }
                claimed.AddRange(claim.Runs);
                if (CanWriteBehind(claim))
                {
                    KeepBehind(claim);
                }
                else
                {
                    written.Add(claim);
                }
            }
            if (written.Count > 0)
            {
                TriggersChanged();
                // A recurring trigger claimed again while its earlier claim is kept: that claim is written first.
                var earlier = TakeBehindOfTriggers(written.Select(c => c.Trigger.Id));
                try
                {
                    Write(() =>
                    {
                        WriteTaken(earlier);
                        foreach (var claim in written)
                        {
                            WriteClaim(claim);
                        }
                        return 0;
                    }, writeBehindFirst: false);
                }
                catch
                {
                    RestoreBehind(earlier);
                    throw;
                }
            }
            return claimed;
        }
    }

    private void WriteClaim(TriggerClaim claim)
    {
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
            _triggers.Delete(claim.Trigger.Id);
        }
        else
        {
            _triggers.Update(claim.Trigger);
        }
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> due triggers that are <paramref name="eligible"/>, earliest first, out of the
    /// due triggers read (<see cref="_due"/>), reading them again when they are not known, or when they may not hold the
    /// earliest ones: fewer than <paramref name="max"/> eligible are left and either the walk stopped early or
    /// <paramref name="until"/> is later than it read; merged with the recurring triggers whose claims are kept and
    /// due again (<see cref="KeptDue"/>: the walk passes their stale copies in the file).
    /// </summary>
    private List<StoredTrigger> TakeDue(DateTimeOffset until, Func<StoredTrigger, bool> eligible, int max)
    {
        var due = _due;
        var taken = due is null ? null : Eligible(due, until, eligible, max);
        if (due is null || taken is null || (taken.Count < max && (!_dueRead.Complete || until > _dueRead.Until)))
        {
            var limit = DueReadLimit * max;
            _due = due = DueTriggers(until).Where(t => !IsClaimedBehind(t.Id)).Take(limit + 1).ToList();
            _dueRead = (until, due.Count <= limit);
            taken = Eligible(due, until, eligible, max);
        }
        if (KeptDue(until, eligible, max) is { Count: > 0 } kept)
        {
            taken = taken.Concat(kept).OrderBy(t => t.NextFireUtc).Take(max).ToList();
        }
        if (taken.Count > 0)
        {
            var ids = taken.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            due.RemoveAll(t => ids.Contains(t.Id));
        }
        return taken;
    }

    private static List<StoredTrigger> Eligible(List<StoredTrigger> due, DateTimeOffset until, Func<StoredTrigger, bool> eligible, int max)
    {
        var taken = new List<StoredTrigger>();
        foreach (var trigger in due)
        {
            if (taken.Count >= max || trigger.NextFireUtc > until)
            {
                break;
            }
            if (eligible(trigger))
            {
                taken.Add(trigger);
            }
        }
        return taken;
    }

    /// <summary>Every trigger, earliest next fire first (triggers that never fire again first of all).</summary>
    private IEnumerable<StoredTrigger> ByNextFire() => _triggers.Find(LiteDB.Query.All("NextFireUtc", LiteDB.Query.Ascending));

    /// <summary>
    /// Triggers due at or before <paramref name="until"/>, earliest first: a walk of the next-fire index with a constant
    /// query. (A range query would inline the instant into the expression's text, and LiteDB compiles and caches every
    /// distinct expression for ever: one more cache entry on every loop iteration.)
    /// </summary>
    private IEnumerable<StoredTrigger> DueTriggers(DateTimeOffset until) =>
        ByNextFire().SkipWhile(t => t.NextFireUtc is null).TakeWhile(t => t.NextFireUtc <= until);

    public int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now)
    {
        // Only the triggers of jobs this host cannot run are read (by the job-id index): walking every due trigger
        // would read thousands of them each second while a burst is due. With none, nothing is written (nor the
        // claims kept behind, which this runs every second).
        FlushTriggers(throwOnFailure: false);
        lock (_write)
        {
            var missing = _jobs.FindAll().Where(j => !j.Held && !runnableJobIds.Contains(j.Id)).Select(j => j.Id).ToList();
            return missing.Count == 0 ? 0 : Write(() => MarkWaiting(missing, now));
        }
    }

    private int MarkWaiting(List<string> missing, DateTimeOffset now)
    {
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
    }
}
