using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    private const string OpenIndex = "Open";

    /// <summary>
    /// The key of the open-runs index: a run's status while it is open (pending, running, waiting for its handler),
    /// nothing once it ended. An ended run has no node in the index, so the index holds only the few open runs, and a
    /// run that ends leaves it (a node unlinked) rather than moving to another key (a walk of an index as large as the
    /// history, on every fire).
    /// </summary>
    private static readonly string OpenStatus =
        $"FILTER(ITEMS([$.Status]) => @ = '{RunStatus.Pending.Word()}' OR @ = '{RunStatus.Running.Word()}' OR @ = '{RunStatus.WaitingForHandler.Word()}')";

    /// <summary>The open runs with <paramref name="status"/>, through the open-runs index.</summary>
    private IEnumerable<RunRecord> OpenRuns(RunStatus status)
    {
        if (status.IsTerminal())
        {
            throw new ArgumentException($"status '{status.Word()}' is not an open status (pending, running, waiting-for-handler)", nameof(status));
        }
        return _runs.Find(BsonExpression.Create(OpenStatus + " ANY = @0", status.Word()));
    }

    /// <summary>
    /// The pending runs of the file and those of the claims kept behind, read where they are: the kept ones are this
    /// node's (claimed, never to be claimed again here), so nothing about them is written, and the read does not write
    /// the claims kept first (housekeeping reads pending runs every second; writing thousands of claims ahead of their
    /// runs' first change would cost each run an insert and an update instead of one insert).
    /// </summary>
    public IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max) => Write(() =>
    {
        var ready = OpenRuns(RunStatus.Pending).Concat(KeptRuns())
            .Where(r => r.NotBeforeUtc <= now && (r.Node == null || r.Node == node) && runnableJobIds.Contains(r.JobId))
            .OrderByDescending(r => r.Priority).ThenBy(r => r.NotBeforeUtc)
            .Take(max)
            .ToList();
        for (var i = 0; i < ready.Count; i++)
        {
            if (ready[i].Node is null)
            {
                ready[i] = ready[i].Claimed(node, leaseUntil);
                _runs.Update(ready[i]);
            }
        }
        return (IReadOnlyList<RunRecord>)ready;
    }, writeBehindFirst: false);

    public DateTimeOffset? GetNextPending(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset after) =>
        OpenRuns(RunStatus.Pending)
            .Where(r => r.NotBeforeUtc > after && (r.Node == null || r.Node == node) && runnableJobIds.Contains(r.JobId))
            .Min(r => (DateTimeOffset?)r.NotBeforeUtc);

    public StartResult TryStart(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, out RunRecord? started)
    {
        var (result, run) = TryStartMany([new StartRequest(runId, version, limit)], node, now, leaseUntil)[0];
        started = run;
        return result;
    }

    public IReadOnlyList<(StartResult Result, RunRecord? Started)> TryStartMany(IReadOnlyList<StartRequest> requests, string node, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        Write(() => requests.Select(r => StartOne(r.RunId, node, r.Version, now, leaseUntil, r.Limit)).ToList());

    public IReadOnlyList<bool> CompleteMany(IReadOnlyList<RunRecord> records) => Write(() =>
    {
        var stored = RunsWithIds(records.Select(r => r.Id));
        return records.Select(r => CompleteAmong(stored, r)).ToList();
    });

    /// <summary>
    /// Starts and outcomes in one transaction. A run that started and ended within the batch is written once, with its
    /// outcome: the start's conditions are checked and its own update left out (one index change less per short run).
    /// The claims kept behind of the batch's runs are written in it (<see cref="BeginInserting"/>): such a run is
    /// inserted once, in its latest state.
    /// </summary>
    public IReadOnlyList<bool> WriteMany(IReadOnlyList<RunWrite> writes)
    {
        lock (_write)
        {
            var behind = TakeBehind(writes.Select(w => w.Record.Id));
            try
            {
                return Write(() => WriteChanges(writes, behind), writeBehindFirst: false);
            }
            catch
            {
                RestoreBehind(behind);
                throw;
            }
            finally
            {
                _inserting = null;
            }
        }
    }

    private List<bool> WriteChanges(IReadOnlyList<RunWrite> writes, List<KeptClaim> behind)
    {
        var stored = BeginInserting(behind);
        foreach (var (id, run) in RunsWithIds(writes.Select(w => w.Record.Id).Where(id => !stored.ContainsKey(id))))
        {
            stored[id] = run;
        }
        var ending = writes.Where(w => !w.IsStart).Select(w => w.Record.Id).ToHashSet(StringComparer.Ordinal);
        var startedHere = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<bool>(writes.Count);
        foreach (var write in writes)
        {
            var (record, isStart) = (write.Record, write.IsStart);
            if (isStart)
            {
                var current = stored.GetValueOrDefault(record.Id);
                var startable = current is not null && current.Status == RunStatus.Pending && current.Fence == record.Fence - 1;
                if (!startable)
                {
                    refused.Add(record.Id);
                }
                else if (ending.Contains(record.Id))
                {
                    startedHere[record.Id] = current!;
                }
                else if (startable)
                {
                    Put(record);
                    stored[record.Id] = record;
                }
                results.Add(startable);
            }
            else if (refused.Contains(record.Id))
            {
                results.Add(false);
            }
            else if (startedHere.Remove(record.Id, out var pending))
            {
                results.Add(InsertNextIf(Put(record.WrittenOver(pending)), write.Inserted));
            }
            else
            {
                results.Add(InsertNextIf(CompleteAmong(stored, record), write.Inserted));
            }
        }
        EndInserting();
        return results;
    }

    /// <summary>An outcome's next attempt and chained runs go in with it, in its transaction, or not at all.</summary>
    private bool InsertNextIf(bool outcomeWritten, IReadOnlyList<RunRecord> inserted)
    {
        if (outcomeWritten && inserted.Count > 0)
        {
            _runs.Insert(inserted);
        }
        return outcomeWritten;
    }

    /// <summary>
    /// The stored runs with these ids, read in one query (one index lookup per id, but one query's planning, reader and
    /// transaction bookkeeping for the whole batch rather than one per id).
    /// </summary>
    private Dictionary<string, RunRecord> RunsWithIds(IEnumerable<string> ids)
    {
        var distinct = new BsonArray(ids.Distinct(StringComparer.Ordinal).Select(id => new BsonValue(id)));
        if (distinct.Count == 0)
        {
            return new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        }
        return _runs.Find(BsonExpression.Create("_id IN @0", distinct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    private (StartResult, RunRecord?) StartOne(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        var run = _runs.FindById(runId);
        if (run is null || run.Status != RunStatus.Pending)
        {
            return (StartResult.Gone, null);
        }
        if (limit != StartRequest.Unchecked && RunningWithKey(run.ConcurrencyKey).Count() >= limit)
        {
            return (StartResult.Busy, null);
        }
        run = run.Started(node, version, now, leaseUntil);
        _runs.Update(run);
        return (StartResult.Started, run);
    }

    public IReadOnlyList<RunRecord> GetRunning(string concurrencyKey)
    {
        WriteBehindNow();
        return RunningWithKey(concurrencyKey).ToList();
    }

    /// <summary>
    /// Running runs with this key: a walk of the (small) set of running runs through the open-runs index. An index on key
    /// and status would make every state change of every run update one more index, for a query the dispatcher of an
    /// exclusive store does not need (it counts its own runs).
    /// </summary>
    private IEnumerable<RunRecord> RunningWithKey(string concurrencyKey) =>
        OpenRuns(RunStatus.Running).Where(r => r.ConcurrencyKey == concurrencyKey);

    public IReadOnlyList<RunRecord> RequestCancellation(string concurrencyKey, string node, DateTimeOffset now) => Write(() =>
    {
        var requested = RunningWithKey(concurrencyKey)
            .Where(r => r.Node != node && r.CancelRequestedUtc is null)
            .Select(r => r with { CancelRequestedUtc = now })
            .ToList();
        foreach (var run in requested)
        {
            _runs.Update(run);
        }
        return (IReadOnlyList<RunRecord>)requested;
    });

    public RunRecord? RequestRunCancellation(string runId, string by, DateTimeOffset now) => Write(() =>
    {
        var run = _runs.FindById(runId);
        if (run is not { Status: RunStatus.Running })
        {
            return null;
        }
        if (run.CancelRequestedUtc is null)
        {
            run = run with { CancelRequestedUtc = now, CancelRequestedBy = by };
            _runs.Update(run);
        }
        return run;
    });

    public IReadOnlyList<CancellationRequest> GetCancellationRequests(string node, IReadOnlyCollection<string> runIds)
    {
        WriteBehindNow();
        return runIds.Select(id => _runs.FindById(id))
            .Where(r => r is not null && r.Node == node && r.Status == RunStatus.Running && r.CancelRequestedUtc is not null)
            .Select(r => new CancellationRequest(r!.Id, r.CancelRequestedBy))
            .ToList();
    }

    public bool Complete(RunRecord record) => Write(() => CompleteOne(record, _runs.FindById(record.Id)));

    /// <summary><see cref="CompleteOne"/> over a batch's read of the stored runs, kept current as the batch writes.</summary>
    private bool CompleteAmong(Dictionary<string, RunRecord> stored, RunRecord record)
    {
        var current = stored.GetValueOrDefault(record.Id);
        var written = CompleteOne(record, current);
        if (written)
        {
            stored[record.Id] = record.WrittenOver(current!);
        }
        return written;
    }

    /// <summary>Writes the outcome <paramref name="record"/> over <paramref name="current"/>, the run as stored.</summary>
    private bool CompleteOne(RunRecord record, RunRecord? current)
    {
        if (current is null || current.Fence != record.Fence || current.Node != record.Node || current.Status.IsTerminal())
        {
            return false;
        }
        // The caller's copy predates any cancellation request; keep the request on the record, as the cluster store does.
        return Put(record.WrittenOver(current));
    }

    public void Insert(IReadOnlyList<RunRecord> records) => Write(() => _runs.InsertBulk(records));

    /// <summary>A run whose claim is kept behind has its lease renewed where it is kept; the others in the file.</summary>
    public void RenewLeases(string node, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil) => Write(() =>
    {
        foreach (var id in runIds)
        {
            if (_behindTriggerOfRun.TryGetValue(id, out var triggerId))
            {
                var kept = _behindByTrigger[triggerId];
                _behindByTrigger[triggerId] = kept with
                {
                    Runs = kept.Runs.Select(r => r.Id == id && r.Node == node ? r with { LeaseExpiresUtc = leaseUntil } : r).ToList(),
                };
                continue;
            }
            var run = _runs.FindById(id);
            if (run is not null && run.Node == node && !run.Status.IsTerminal())
            {
                _runs.Update(run with { LeaseExpiresUtc = leaseUntil });
            }
        }
        return 0;
    }, writeBehindFirst: false);

    public IReadOnlyList<RunRecord> ExpireLeases(DateTimeOffset now, Func<RunRecord, RecoveryDecision>? recover = null) => Write(() =>
    {
        var interrupted = new List<RunRecord>();
        foreach (var expired in OpenRuns(RunStatus.Running).Where(r => r.LeaseExpiresUtc is null || r.LeaseExpiresUtc < now).ToList())
        {
            var (run, decision) = RecoveryDecision.ForDeath(
                expired.Interrupted(now, $"node '{expired.Node}' stopped renewing the run's lease (it was killed or lost); lease expired at {expired.LeaseExpiresUtc:O}")
                    with { LeaseExpiresUtc = null },
                recover);
            _runs.Update(run);
            if (decision.Rerun is { } rerun)
            {
                _runs.Insert(rerun);
            }
            interrupted.Add(run);
        }
        foreach (var run in OpenRuns(RunStatus.Pending).Where(r => r.Node != null && (r.LeaseExpiresUtc is null || r.LeaseExpiresUtc < now)).ToList())
        {
            _runs.Update(run with { Node = null, LeaseExpiresUtc = null, HostDeaths = run.HostDeaths + 1 });
        }
        return (IReadOnlyList<RunRecord>)interrupted;
    });

    public int ReleasePending(string node) => Write(() =>
    {
        var owned = OpenRuns(RunStatus.Pending).Where(r => r.Node == node).ToList();
        foreach (var run in owned)
        {
            _runs.Update(run with { Node = null, LeaseExpiresUtc = null });
        }
        return owned.Count;
    });
}
