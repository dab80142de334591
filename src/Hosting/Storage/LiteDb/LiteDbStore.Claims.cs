using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    /// <summary>
    /// Due triggers known from the last walk of the next-fire index and the writes since, not claimed since, earliest
    /// first (null: read them again). A burst of thousands of due fires is then walked once, not once per claim batch,
    /// and the walk never passes the triggers whose claims are kept behind (still in the file). The triggers this store
    /// writes afterwards are merged in (<see cref="DueWritten"/>, <see cref="AdvancedWritten"/>) rather than dropping
    /// them, so that triggers added a few at a time (a burst of single upserts, recurring triggers advanced every
    /// second) cost no walk of every due trigger each time; any other change of triggers drops them.
    /// </summary>
    private List<StoredTrigger>? _due;

    /// <summary>
    /// The instant up to which <see cref="_due"/> holds every trigger of the file that is not claimed behind (a complete
    /// walk knows the file holds none between the instant it read up to and the next trigger it saw, up to
    /// <see cref="DueHorizon"/> past it), and whether the walk read them all (false: it stopped at
    /// <see cref="DueReadLimit"/>, and only the walked instant is known).
    /// </summary>
    private (DateTimeOffset Until, bool Complete) _dueRead;

    /// <summary>How many due triggers one walk keeps, in claim batches.</summary>
    private const int DueReadLimit = 64;

    /// <summary>The most due triggers kept from writes merged in (<see cref="DueWritten"/>): 64 claim batches of 512.</summary>
    private const int DueKeepLimit = 64 * 512;

    /// <summary>How far past a walk's instant the due triggers known are kept exact (when the file has none before).</summary>
    private static readonly TimeSpan DueHorizon = TimeSpan.FromMinutes(1);

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
            _due = due = ReadDue(until, DueReadLimit * max);
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

    /// <summary>
    /// Walks the next-fire index for the triggers due by <paramref name="until"/> that are not claimed behind, at most
    /// <paramref name="limit"/> + 1, and records what the walk knows (<see cref="_dueRead"/>): when it read them all, the
    /// file holds none from <paramref name="until"/> to the first later one it saw (if that is claimed behind, its stale
    /// instant is earlier than its real one: the bound only gets shorter).
    /// </summary>
    private List<StoredTrigger> ReadDue(DateTimeOffset until, int limit)
    {
        var read = new List<StoredTrigger>();
        DateTimeOffset? beyond = null;
        foreach (var trigger in ByNextFire())
        {
            if (trigger.NextFireUtc is not { } next)
            {
                continue; // never fires again: first in the index
            }
            if (next > until)
            {
                beyond = next;
                break;
            }
            if (IsClaimedBehind(trigger.Id))
            {
                continue;
            }
            read.Add(trigger);
            if (read.Count > limit)
            {
                _dueRead = (until, false);
                return read;
            }
        }
        var known = until <= DateTimeOffset.MaxValue - DueHorizon ? until + DueHorizon : DateTimeOffset.MaxValue;
        _dueRead = (beyond is { } first && first.AddTicks(-1) < known ? first.AddTicks(-1) : known, true);
        return read;
    }

    /// <summary>
    /// Trigger changes written by this store (in a transaction now committed): the due triggers known drop the
    /// <paramref name="changed"/> ones and take those of <paramref name="written"/> (their stored state) due within what
    /// they know, in order after the ones of the same instant, at most <see cref="DueKeepLimit"/> (the known instant
    /// shortens to the first left out). Without a complete walk to merge into, they are read again.
    /// </summary>
    private void DueWritten(HashSet<string> changed, List<StoredTrigger> written)
    {
        if (_due is not { } due)
        {
            return;
        }
        if (!_dueRead.Complete)
        {
            // A partial walk knows only the triggers up to the instant it read: a change within it is read again.
            if (changed.Count > 0 || written.Exists(t => StoreInstants.Milliseconds(t.NextFireUtc) <= _dueRead.Until))
            {
                TriggersChanged();
            }
            return;
        }
        if (changed.Count > 0)
        {
            due.RemoveAll(t => changed.Contains(t.Id));
        }
        var until = _dueRead.Until;
        var added = new List<StoredTrigger>();
        foreach (var trigger in written)
        {
            if (StoreInstants.Milliseconds(trigger.NextFireUtc) is { } next && next <= until && !IsClaimedBehind(trigger.Id))
            {
                added.Add(AsStored(trigger));
            }
        }
        if (added.Count == 0)
        {
            return;
        }
        // Stable: the triggers of one instant stay in the order they were written, after those known before.
        var ordered = added.OrderBy(t => t.NextFireUtc).ToList();
        if (due.Count == 0 || ordered[0].NextFireUtc >= due[^1].NextFireUtc)
        {
            // The usual case (triggers added for now or later, after those known): appended in place.
            due.AddRange(ordered);
            ordered = [];
        }
        var merged = due;
        if (ordered.Count > 0)
        {
            merged = new List<StoredTrigger>(due.Count + ordered.Count);
            var (i, j) = (0, 0);
            while (i < due.Count || j < ordered.Count)
            {
                merged.Add(j >= ordered.Count || (i < due.Count && due[i].NextFireUtc <= ordered[j].NextFireUtc) ? due[i++] : ordered[j++]);
            }
        }
        if (merged.Count > DueKeepLimit)
        {
            var cut = merged[DueKeepLimit].NextFireUtc!.Value;
            merged.RemoveAll(t => t.NextFireUtc >= cut);
            _dueRead = (cut.AddTicks(-1), true);
        }
        _due = merged;
    }

    /// <summary>A copy of <paramref name="trigger"/> as a read of the file returns it: its instants at the store's precision.</summary>
    private static StoredTrigger AsStored(StoredTrigger trigger) => new()
    {
        Id = trigger.Id, JobId = trigger.JobId, Spec = trigger.Spec, Origin = trigger.Origin,
        NextFireUtc = StoreInstants.Milliseconds(trigger.NextFireUtc), LastFireUtc = StoreInstants.Milliseconds(trigger.LastFireUtc),
    };

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

    /// <summary>
    /// Every trigger, earliest next fire first (triggers that never fire again first of all): a walk of the next-fire
    /// index with a constant query. (A range query would inline the instant into the expression's text, and LiteDB
    /// compiles and caches every distinct expression for ever: one more cache entry on every loop iteration.)
    /// </summary>
    private IEnumerable<StoredTrigger> ByNextFire() => _triggers.Find(LiteDB.Query.All("NextFireUtc", LiteDB.Query.Ascending));

    /// <summary>
    /// The triggers whose next fire is later than <paramref name="instant"/> and whose claims are not kept behind, earliest
    /// first: a range of the next-fire index, with a parameter (its text is constant; see <see cref="ByNextFire"/>).
    /// </summary>
    private IEnumerable<StoredTrigger> ByNextFireAfter(DateTimeOffset instant) =>
        _triggers.Find(BsonExpression.Create("$.NextFireUtc > @0", new BsonValue(instant.UtcDateTime))).Where(t => !IsClaimedBehind(t.Id));

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
