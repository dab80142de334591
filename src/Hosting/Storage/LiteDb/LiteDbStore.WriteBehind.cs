using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Claims written behind. This process is the file's only user, so a claim of a one-shot trigger (its trigger deleted,
/// its runs inserted pending, nothing else) need not be written when it is made: it is kept here, the claimed trigger
/// left out of later claims, and written with the first change of one of its runs (<see cref="WriteMany"/>), in that
/// change's transaction. A run that starts and ends within one write batch is then one insert of its ended record,
/// instead of an insert when claimed and an update when it ends, and the claim costs the loop no transaction.
/// Any other write, and every read of runs or triggers, writes the claims kept first, so nothing else ever sees the
/// store without them. A claim kept here when the process dies is lost with it, and its trigger, still in the file, fires
/// again after the restart: at least once across a crash, exactly once while the host runs. A clean stop writes them
/// (<see cref="Dispose"/>).
/// </summary>
internal sealed partial class LiteDbStore
{
    /// <summary>Claims not yet written, by trigger id, in claim order.</summary>
    private readonly Dictionary<string, IReadOnlyList<RunRecord>> _behindByTrigger = new(StringComparer.Ordinal);

    /// <summary>The trigger id of each run of a claim not yet written.</summary>
    private readonly Dictionary<string, string> _behindTriggerOfRun = new(StringComparer.Ordinal);

    /// <summary>
    /// During <see cref="WriteMany"/>: the latest state of the runs whose claims it writes, inserted at its end (one
    /// insert per run, whatever its changes in the batch).
    /// </summary>
    private Dictionary<string, RunRecord>? _inserting;

    /// <summary>A claim this store may keep behind: a one-shot trigger whose claim only inserts pending runs.</summary>
    private static bool CanWriteBehind(TriggerClaim claim) =>
        claim.DeleteTrigger && claim.Misfired.Count == 0 && claim.TakenOver.Count == 0 && claim.LeftoverRunIds.Count == 0;

    private void KeepBehind(TriggerClaim claim)
    {
        _behindByTrigger[claim.Trigger.Id] = claim.Runs;
        foreach (var run in claim.Runs)
        {
            _behindTriggerOfRun[run.Id] = claim.Trigger.Id;
        }
    }

    /// <summary>True when the trigger's claim is kept behind (the trigger is still in the file but already claimed).</summary>
    private bool IsClaimedBehind(string triggerId) => _behindByTrigger.ContainsKey(triggerId);

    /// <summary>Takes the kept claims of these runs (all of them when null) out of the kept ones, to be written now.</summary>
    private List<(string TriggerId, IReadOnlyList<RunRecord> Runs)> TakeBehind(IEnumerable<string>? runIds)
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
    private List<(string TriggerId, IReadOnlyList<RunRecord> Runs)> TakeBehindOfTriggers(IEnumerable<string> triggerIds)
    {
        var taken = new List<(string, IReadOnlyList<RunRecord>)>();
        foreach (var triggerId in triggerIds)
        {
            if (_behindByTrigger.Remove(triggerId, out var runs))
            {
                foreach (var run in runs)
                {
                    _behindTriggerOfRun.Remove(run.Id);
                }
                taken.Add((triggerId, runs));
            }
        }
        return taken;
    }

    /// <summary>Keeps again claims whose write was rolled back: their triggers must stay out of later claims.</summary>
    private void RestoreBehind(List<(string TriggerId, IReadOnlyList<RunRecord> Runs)> taken)
    {
        foreach (var (triggerId, runs) in taken)
        {
            _behindByTrigger[triggerId] = runs;
            foreach (var run in runs)
            {
                _behindTriggerOfRun[run.Id] = triggerId;
            }
        }
    }

    /// <summary>Writes the claims taken (inside the caller's transaction): their triggers deleted, their runs inserted.</summary>
    private void WriteTaken(List<(string TriggerId, IReadOnlyList<RunRecord> Runs)> taken)
    {
        if (taken.Count == 0)
        {
            return;
        }
        var runs = new List<RunRecord>();
        foreach (var (triggerId, claimed) in taken)
        {
            _triggers.Delete(triggerId);
            runs.AddRange(claimed);
        }
        if (runs.Count > 0)
        {
            _runs.InsertBulk(runs);
        }
    }

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
    /// Inside <see cref="WriteMany"/>: the taken claims' triggers are deleted now and their runs become records to
    /// insert at the end, in their latest state; returns them as the batch's view of the stored runs.
    /// </summary>
    private Dictionary<string, RunRecord> BeginInserting(List<(string TriggerId, IReadOnlyList<RunRecord> Runs)> taken)
    {
        _inserting = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var (triggerId, runs) in taken)
        {
            _triggers.Delete(triggerId);
            foreach (var run in runs)
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
