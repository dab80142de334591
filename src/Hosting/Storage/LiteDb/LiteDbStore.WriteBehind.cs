using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Claims written behind. This process is the file's only user, so a claim that only advances or deletes its trigger and
/// inserts pending runs need not be written when it is made: it is kept here (<see cref="KeptClaim"/>) and written with
/// the first change of one of its runs (<see cref="WriteMany"/>), in that change's transaction. A run that starts and
/// ends within one write batch is then one insert of its ended record, instead of an insert when claimed and an update
/// when it ends, and the claim costs the loop no transaction. The trigger's copy in the file is stale meanwhile (due at
/// the claimed instant, or deleted later): every walk of due triggers passes it and reads a recurring trigger's next fire
/// from the kept state instead (<see cref="KeptDue"/>), and writing a kept claim puts its advanced state among the due
/// triggers known (<see cref="AdvancedWritten"/>). Any other write, and every read of runs or triggers, writes
/// the claims kept first, so nothing else ever sees the store without them. A claim kept here when the process dies is
/// lost with it, and its trigger, still in the file at the claimed fire, fires it again after the restart: at least once
/// across a crash, exactly once while the host runs. A clean stop writes them (<see cref="Dispose"/>).
/// </summary>
internal sealed partial class LiteDbStore
{
    /// <summary>Claims not yet written, by trigger id, in claim order.</summary>
    private readonly Dictionary<string, KeptClaim> _behindByTrigger = new(StringComparer.Ordinal);

    /// <summary>The trigger id of each run of a claim not yet written.</summary>
    private readonly Dictionary<string, string> _behindTriggerOfRun = new(StringComparer.Ordinal);

    /// <summary>
    /// During <see cref="WriteMany"/>: the latest state of the runs whose claims it writes, inserted at its end (one
    /// insert per run, whatever its changes in the batch).
    /// </summary>
    private Dictionary<string, RunRecord>? _inserting;

    /// <summary>
    /// A claim this store may keep behind: it only inserts pending runs and deletes its trigger (a one-shot) or advances
    /// it (a recurring trigger with runs to start, whose first change writes it).
    /// </summary>
    private static bool CanWriteBehind(TriggerClaim claim) =>
        claim.Misfired.Count == 0 && claim.TakenOver.Count == 0 && claim.LeftoverRunIds.Count == 0
        && (claim.DeleteTrigger || claim.Runs.Count > 0);

    private void KeepBehind(TriggerClaim claim)
    {
        var id = claim.Trigger.Id;
        IReadOnlyList<RunRecord> runs = _behindByTrigger.TryGetValue(id, out var earlier) ? [.. earlier.Runs, .. claim.Runs] : claim.Runs;
        _behindByTrigger[id] = new KeptClaim(id, claim.DeleteTrigger ? null : claim.Trigger, runs);
        foreach (var run in claim.Runs)
        {
            _behindTriggerOfRun[run.Id] = id;
        }
    }

    /// <summary>The pending runs of the claims kept behind (this node's, not in the file yet).</summary>
    private List<RunRecord> KeptRuns() => _behindByTrigger.Count == 0 ? [] : _behindByTrigger.Values.SelectMany(k => k.Runs).ToList();

    /// <summary>True when the trigger's claim is kept behind (its copy in the file is stale: due at the claimed fire).</summary>
    private bool IsClaimedBehind(string triggerId) => _behindByTrigger.ContainsKey(triggerId);

    /// <summary>
    /// Copies of the recurring triggers whose claims are kept and whose next fire is due by <paramref name="until"/> and
    /// <paramref name="eligible"/>, earliest first, at most <paramref name="max"/>: the due walk's view of them, since
    /// their copies in the file are stale. A copy, because a claim planned on it advances it, and it becomes the kept
    /// state only if the claim is kept.
    /// </summary>
    private List<StoredTrigger> KeptDue(DateTimeOffset until, Func<StoredTrigger, bool> eligible, int max)
    {
        if (_behindByTrigger.Count == 0)
        {
            return [];
        }
        var due = new List<StoredTrigger>();
        foreach (var kept in _behindByTrigger.Values)
        {
            if (kept.IsDueBy(until) && eligible(kept.Advanced!))
            {
                due.Add(kept.Advanced!);
            }
        }
        return due.OrderBy(t => t.NextFireUtc).Take(max).Select(Copy).ToList();
    }

    /// <summary>The earliest next fire among the recurring triggers whose claims are kept and that are <paramref name="eligible"/>.</summary>
    private DateTimeOffset? EarliestKept(Func<StoredTrigger, bool> eligible)
    {
        DateTimeOffset? earliest = null;
        foreach (var kept in _behindByTrigger.Values)
        {
            if (kept.Advanced is { NextFireUtc: { } next } advanced && (earliest is null || next < earliest) && eligible(advanced))
            {
                earliest = next;
            }
        }
        return earliest;
    }

    private static StoredTrigger Copy(StoredTrigger t) => new()
    {
        Id = t.Id, JobId = t.JobId, Spec = t.Spec, Origin = t.Origin, NextFireUtc = t.NextFireUtc, LastFireUtc = t.LastFireUtc,
    };

    /// <summary>Takes the kept claims of these runs (all of them when null) out of the kept ones, to be written now.</summary>
    private List<KeptClaim> TakeBehind(IEnumerable<string>? runIds)
    {
        if (_behindByTrigger.Count == 0)
        {
            return [];
        }
        return TakeBehindOfTriggers(runIds is null
            ? _behindByTrigger.Keys.ToList()
            : runIds.Select(id => _behindTriggerOfRun.GetValueOrDefault(id)).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>Takes the kept claims of these triggers out of the kept ones, to be written now.</summary>
    private List<KeptClaim> TakeBehindOfTriggers(IEnumerable<string> triggerIds)
    {
        var taken = new List<KeptClaim>();
        if (_behindByTrigger.Count == 0)
        {
            return taken;
        }
        foreach (var triggerId in triggerIds)
        {
            if (_behindByTrigger.Remove(triggerId, out var kept))
            {
                foreach (var run in kept.Runs)
                {
                    _behindTriggerOfRun.Remove(run.Id);
                }
                taken.Add(kept);
            }
        }
        return taken;
    }

    /// <summary>Keeps again claims whose write was rolled back: their triggers must stay out of later claims.</summary>
    private void RestoreBehind(List<KeptClaim> taken)
    {
        TriggersChanged(); // the due triggers known may hold the states of the write rolled back
        foreach (var kept in taken)
        {
            _behindByTrigger[kept.TriggerId] = kept;
            foreach (var run in kept.Runs)
            {
                _behindTriggerOfRun[run.Id] = kept.TriggerId;
            }
        }
    }

    /// <summary>Writes the claims taken (inside the caller's transaction): their triggers deleted or advanced, their runs inserted.</summary>
    private void WriteTaken(List<KeptClaim> taken)
    {
        if (taken.Count == 0)
        {
            return;
        }
        var runs = new List<RunRecord>();
        foreach (var kept in taken)
        {
            WriteTrigger(kept);
            runs.AddRange(kept.Runs);
        }
        if (runs.Count > 0)
        {
            _runs.InsertBulk(runs);
        }
    }

    /// <summary>A kept claim's trigger written: deleted (a one-shot's) or advanced.</summary>
    private void WriteTrigger(KeptClaim kept)
    {
        if (kept.Advanced is not { } advanced)
        {
            _triggers.Delete(kept.TriggerId);
            return;
        }
        _triggers.Update(advanced);
        AdvancedWritten(advanced);
    }

    /// <summary>
    /// A recurring trigger's kept state is now in the file: the due triggers known (<see cref="_due"/>) do not hold it
    /// (it was kept when they were read, or taken from them), so it joins them (<see cref="DueWritten"/>). A rollback of
    /// the write drops them (<see cref="RestoreBehind"/>).
    /// </summary>
    private void AdvancedWritten(StoredTrigger advanced) => DueWritten([], [advanced]);

    /// <summary>Writes every claim and trigger change kept behind, before a read of runs or triggers.</summary>
    private void WriteBehindNow()
    {
        FlushTriggers(throwOnFailure: false);
        lock (_write)
        {
            if (_behindByTrigger.Count > 0)
            {
                Write(() => 0);
            }
        }
    }

    /// <summary>
    /// Inside <see cref="WriteMany"/>: the taken claims' triggers are written now and their runs become records to
    /// insert at the end, in their latest state; returns them as the batch's view of the stored runs.
    /// </summary>
    private Dictionary<string, RunRecord> BeginInserting(List<KeptClaim> taken)
    {
        _inserting = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var kept in taken)
        {
            WriteTrigger(kept);
            foreach (var run in kept.Runs)
            {
                _inserting[run.Id] = run;
            }
        }
        return new Dictionary<string, RunRecord>(_inserting, StringComparer.Ordinal);
    }

    /// <summary>Writes a run's new state: kept for the batch's insert when its claim is written in this batch, else an update.</summary>
    private bool Put(RunRecord run)
    {
        if (_inserting is not null && _inserting.ContainsKey(run.Id))
        {
            _inserting[run.Id] = run;
            return true;
        }
        return _runs.Update(run);
    }

    private void EndInserting()
    {
        if (_inserting is { Count: > 0 } inserting)
        {
            InsertRuns(inserting.Values);
        }
        _inserting = null;
    }
}
