using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.TestSupport.Storage;

/// <summary>
/// A store in memory, for tests of the scheduler and the dispatcher that need no file: every role of the store
/// (claims, run recording, leases and cancellation, history and retention, the stored catalog), with the semantics of
/// the LiteDB store (one process, exclusive), checked by the store contract suite like the real stores. Each call is one
/// atomic step under one lock; documents are copied in and out, so a caller's changes reach the store only through it.
/// </summary>
internal sealed partial class InMemoryStore : ICatalogStore, IClaimStore, IRunRecorder, ILeaseStore, IRunHistory, IAuditLog, IBackfillStore, IRunOnceLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredJob> _jobs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, StoredTrigger> _triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunRecord> _runs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, AuditEntry> _audit = new(StringComparer.Ordinal);

    /// <summary>Called (outside the lock) at the start of every <see cref="ResumeExpired"/>: a test holds the scheduler loop's housekeeping there.</summary>
    public Action? BeforeResumeExpired { get; set; }


    // Claims.

    public IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request)
    {
        lock (_gate)
        {
            var window = request.Window(StoreInstants.Milliseconds);
            var held = HeldJobIds();
            var due = _triggers.Values
                .Where(t => t.NextFireUtc <= window.Until && request.RunnableJobIds.Contains(t.JobId) && !held.Contains(t.JobId))
                .OrderBy(t => t.NextFireUtc).Take(request.MaxTriggers).Select(Copy).ToList();
            var waiting = Open(RunStatus.WaitingForHandler).ToLookup(r => (r.JobId, r.TriggerKey));
            var claimed = new List<RunRecord>();
            foreach (var trigger in due)
            {
                if (request.Planner.Plan(trigger, waiting[(trigger.JobId, trigger.Spec.Key)], window) is not { } claim)
                {
                    continue;
                }
                claimed.AddRange(claim.Runs);
                foreach (var run in claim.Runs.Concat(claim.Misfired))
                {
                    _runs[run.Id] = run;
                }
                foreach (var leftover in claim.LeftoverRunIds)
                {
                    _runs.Remove(leftover);
                }
                if (claim.DeleteTrigger)
                {
                    _triggers.Remove(trigger.Id);
                }
                else
                {
                    _triggers[trigger.Id] = Copy(trigger);
                }
            }
            return claimed;
        }
    }

    public DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds)
    {
        lock (_gate)
        {
            var held = HeldJobIds();
            return _triggers.Values.Where(t => t.NextFireUtc is not null && runnableJobIds.Contains(t.JobId) && !held.Contains(t.JobId))
                .Min(t => t.NextFireUtc);
        }
    }

    public IReadOnlyList<RunRecord> GetPendingRuns(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset now, DateTimeOffset leaseUntil, int max)
    {
        lock (_gate)
        {
            var ready = Open(RunStatus.Pending)
                .Where(r => r.NotBeforeUtc <= now && (r.Node == null || r.Node == node) && runnableJobIds.Contains(r.JobId))
                .OrderByDescending(r => r.Priority).ThenBy(r => r.NotBeforeUtc)
                .Take(max)
                .ToList();
            for (var i = 0; i < ready.Count; i++)
            {
                if (ready[i].Node is null)
                {
                    ready[i] = _runs[ready[i].Id] = ready[i].Claimed(node, leaseUntil);
                }
            }
            return ready;
        }
    }

    public DateTimeOffset? GetNextPending(string node, IReadOnlySet<string> runnableJobIds, DateTimeOffset after)
    {
        lock (_gate)
        {
            return Open(RunStatus.Pending)
                .Where(r => r.NotBeforeUtc > after && (r.Node == null || r.Node == node) && runnableJobIds.Contains(r.JobId))
                .Min(r => (DateTimeOffset?)r.NotBeforeUtc);
        }
    }

    public int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now)
    {
        lock (_gate)
        {
            var existing = Open(RunStatus.WaitingForHandler).Select(r => (r.JobId, r.TriggerKey, r.ScheduledUtc)).ToHashSet();
            var added = 0;
            foreach (var job in _jobs.Values.Where(j => !j.Held && !runnableJobIds.Contains(j.Id)))
            {
                foreach (var trigger in _triggers.Values.Where(t => t.JobId == job.Id))
                {
                    if (trigger.NextFireUtc is not { } next || next > now || existing.Contains((trigger.JobId, trigger.Spec.Key, next)))
                    {
                        continue;
                    }
                    var run = new RunRecord
                    {
                        Id = RunIds.New(now),
                        JobId = trigger.JobId,
                        TriggerKey = trigger.Spec.Key,
                        ConcurrencyKey = trigger.JobId,
                        ScheduledUtc = next,
                        NotBeforeUtc = next,
                        Status = RunStatus.WaitingForHandler,
                        Priority = trigger.Spec.Priority,
                        DataJson = trigger.Spec.DataJson,
                        ErrorMessage = $"no loaded plugin or script declares job '{trigger.JobId}'; the fire waits for it",
                    };
                    _runs[run.Id] = run;
                    added++;
                }
            }
            return added;
        }
    }

    // Run recording.

    public StartResult TryStart(string runId, string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, out RunRecord? started)
    {
        var (result, run) = TryStartMany([new StartRequest(runId, version, limit)], node, now, leaseUntil)[0];
        started = run;
        return result;
    }

    public IReadOnlyList<(StartResult Result, RunRecord? Started)> TryStartMany(IReadOnlyList<StartRequest> requests, string node, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        lock (_gate)
        {
            var results = new List<(StartResult, RunRecord?)>(requests.Count);
            foreach (var request in requests)
            {
                if (!_runs.TryGetValue(request.RunId, out var run) || run.Status != RunStatus.Pending)
                {
                    results.Add((StartResult.Gone, null));
                }
                else if (request.Limit != StartRequest.Unchecked && Running(run.ConcurrencyKey).Count() >= request.Limit)
                {
                    results.Add((StartResult.Busy, null));
                }
                else
                {
                    var started = _runs[run.Id] = run.Started(node, request.Version, now, leaseUntil);
                    results.Add((StartResult.Started, started));
                }
            }
            return results;
        }
    }

    /// <summary>In order: a start only over the pending run it follows, an outcome only with its run's current fence.</summary>
    public IReadOnlyList<bool> WriteMany(IReadOnlyList<RunWrite> writes)
    {
        lock (_gate)
        {
            var results = new List<bool>(writes.Count);
            foreach (var write in writes)
            {
                var (record, isStart) = (write.Record, write.IsStart);
                if (isStart)
                {
                    var startable = _runs.TryGetValue(record.Id, out var current) && current.Status == RunStatus.Pending && current.Fence == record.Fence - 1;
                    if (startable)
                    {
                        _runs[record.Id] = record;
                    }
                    results.Add(startable);
                    continue;
                }
                var written = CompleteLocked(record);
                if (written)
                {
                    foreach (var inserted in write.Inserted)
                    {
                        _runs.Add(inserted.Id, inserted);
                    }
                }
                results.Add(written);
            }
            return results;
        }
    }

    public bool Complete(RunRecord record)
    {
        lock (_gate)
        {
            return CompleteLocked(record);
        }
    }

    public IReadOnlyList<bool> CompleteMany(IReadOnlyList<RunRecord> records)
    {
        lock (_gate)
        {
            return records.Select(CompleteLocked).ToList();
        }
    }

    public void Insert(IReadOnlyList<RunRecord> records)
    {
        lock (_gate)
        {
            if (records.FirstOrDefault(r => _runs.ContainsKey(r.Id)) is { } duplicate)
            {
                throw new InvalidOperationException($"run '{duplicate.Id}' is already stored");
            }
            foreach (var record in records)
            {
                _runs.Add(record.Id, record);
            }
        }
    }

    // Leases and cancellation.

    public void RenewLeases(string node, IReadOnlyCollection<string> runIds, DateTimeOffset leaseUntil)
    {
        lock (_gate)
        {
            foreach (var id in runIds)
            {
                if (_runs.TryGetValue(id, out var run) && run.Node == node && !run.Status.IsTerminal())
                {
                    _runs[id] = run with { LeaseExpiresUtc = leaseUntil };
                }
            }
        }
    }

    /// <summary>All or nothing, as in a transaction: the changed records are stored once every decision is made.</summary>
    public IReadOnlyList<RunRecord> ExpireLeases(DateTimeOffset now, Func<RunRecord, RecoveryDecision>? recover = null)
    {
        lock (_gate)
        {
            var interrupted = new List<RunRecord>();
            var reruns = new List<RunRecord>();
            foreach (var expired in Open(RunStatus.Running).Where(r => r.LeaseExpiresUtc is null || r.LeaseExpiresUtc < now))
            {
                var (run, decision) = RecoveryDecision.ForDeath(
                    expired.Interrupted(now, $"node '{expired.Node}' stopped renewing the run's lease (it was killed or lost); lease expired at {expired.LeaseExpiresUtc:O}")
                        with { LeaseExpiresUtc = null },
                    recover);
                if (decision.Rerun is { } rerun)
                {
                    reruns.Add(rerun);
                }
                interrupted.Add(run);
            }
            var released = Open(RunStatus.Pending).Where(r => r.Node != null && (r.LeaseExpiresUtc is null || r.LeaseExpiresUtc < now)).ToList();
            foreach (var run in interrupted)
            {
                _runs[run.Id] = run;
            }
            foreach (var rerun in reruns)
            {
                _runs.Add(rerun.Id, rerun);
            }
            foreach (var run in released)
            {
                _runs[run.Id] = run with { Node = null, LeaseExpiresUtc = null, HostDeaths = run.HostDeaths + 1 };
            }
            return interrupted;
        }
    }

    public int ReleasePending(string node)
    {
        lock (_gate)
        {
            var owned = Open(RunStatus.Pending).Where(r => r.Node == node).ToList();
            foreach (var run in owned)
            {
                _runs[run.Id] = run with { Node = null, LeaseExpiresUtc = null };
            }
            return owned.Count;
        }
    }

    public IReadOnlyList<RunRecord> GetRunning(string concurrencyKey)
    {
        lock (_gate)
        {
            return Running(concurrencyKey).ToList();
        }
    }

    public IReadOnlyList<RunRecord> RequestCancellation(string concurrencyKey, string node, DateTimeOffset now)
    {
        lock (_gate)
        {
            var requested = Running(concurrencyKey).Where(r => r.Node != node && r.CancelRequestedUtc is null)
                .Select(r => r with { CancelRequestedUtc = now }).ToList();
            foreach (var run in requested)
            {
                _runs[run.Id] = run;
            }
            return requested;
        }
    }

    public RunRecord? RequestRunCancellation(string runId, string by, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run) || run.Status != RunStatus.Running)
            {
                return null;
            }
            if (run.CancelRequestedUtc is null)
            {
                run = _runs[runId] = run with { CancelRequestedUtc = now, CancelRequestedBy = by };
            }
            return run;
        }
    }

    public IReadOnlyList<CancellationRequest> GetCancellationRequests(string node, IReadOnlyCollection<string> runIds)
    {
        lock (_gate)
        {
            return runIds.Where(id => _runs.TryGetValue(id, out var r) && r.Node == node && r.Status == RunStatus.Running && r.CancelRequestedUtc is not null)
                .Select(id => new CancellationRequest(id, _runs[id].CancelRequestedBy))
                .ToList();
        }
    }

    // History and retention.

    public RunRecord? GetRun(string runId)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(runId);
        }
    }

    public IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit)
    {
        lock (_gate)
        {
            return _runs.Values.Where(r => (jobId is null || r.JobId == jobId) && (status is null || r.Status == status))
                .OrderByDescending(r => r.ScheduledUtc).Take(limit).ToList();
        }
    }

    public IReadOnlyList<RunRecord> QueryPage(RunFilter filter, string? beforeRunId, int limit)
    {
        lock (_gate)
        {
            return _runs.Values.Where(r => (beforeRunId is null || string.CompareOrdinal(r.Id, beforeRunId) < 0) && filter.Matches(r))
                .OrderByDescending(r => r.Id, StringComparer.Ordinal).Take(limit).ToList();
        }
    }

    public int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now)
    {
        lock (_gate)
        {
            var doomed = RetentionPlan.Doomed(_runs.Values.OrderByDescending(r => r.ScheduledUtc), limitsForJob, now);
            foreach (var id in doomed)
            {
                _runs.Remove(id);
            }
            return doomed.Count;
        }
    }

    // The stored catalog.

    public ReconcileResult Reconcile(StoredJob job, IReadOnlyList<StoredTrigger> declaredTriggers)
    {
        lock (_gate)
        {
            var plan = ReconcilePlan.Of(job, declaredTriggers, _jobs.GetValueOrDefault(job.Id) is { } stored ? Copy(stored) : null, TriggersOf(job.Id).Select(Copy).ToList());
            if (plan.InsertJob || plan.UpdateJob)
            {
                _jobs[job.Id] = Copy(plan.Job);
            }
            foreach (var trigger in plan.Added.Concat(plan.Updated))
            {
                _triggers[trigger.Id] = Copy(trigger);
            }
            foreach (var id in plan.Removed)
            {
                _triggers.Remove(id);
            }
            return plan.Result;
        }
    }

    public IReadOnlyList<StoredJob> GetJobs()
    {
        lock (_gate)
        {
            return _jobs.Values.OrderBy(j => j.Id, StringComparer.Ordinal).Select(Copy).ToList();
        }
    }

    public StoredJob? GetJob(string jobId)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(jobId) is { } job ? Copy(job) : null;
        }
    }

    public bool SetPaused(string jobId, JobPause? pause, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                return false;
            }
            job.SetPause(pause, now);
            return true;
        }
    }

    public bool SetDisabled(string jobId, JobDisable? disable, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(jobId, out var job))
            {
                return false;
            }
            job.SetDisable(disable, now);
            return true;
        }
    }

    public IReadOnlyList<string> ResumeExpired(DateTimeOffset now)
    {
        BeforeResumeExpired?.Invoke();
        lock (_gate)
        {
            var expired = _jobs.Values.Where(j => j.Paused && j.PausedUntilUtc <= now).ToList();
            expired.ForEach(j => j.SetPause(null, now));
            return expired.Select(j => j.Id).ToList();
        }
    }

    public JobRemoval? RemoveJob(string jobId, bool deleteHistory)
    {
        lock (_gate)
        {
            if (!_jobs.Remove(jobId))
            {
                return null;
            }
            var triggers = TriggersOf(jobId).Select(t => t.Id).ToList();
            triggers.ForEach(id => _triggers.Remove(id));
            var open = _runs.Values.Where(r => r.JobId == jobId && !r.Status.IsTerminal()).Select(r => r.Id).ToList();
            open.ForEach(id => _runs.Remove(id));
            var history = deleteHistory ? _runs.Values.Where(r => r.JobId == jobId).Select(r => r.Id).ToList() : [];
            history.ForEach(id => _runs.Remove(id));
            return new JobRemoval(triggers.Count, open.Count, history.Count);
        }
    }

    public IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null)
    {
        lock (_gate)
        {
            return (jobId is null ? _triggers.Values : TriggersOf(jobId)).Select(Copy).ToList();
        }
    }

    public void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers)
    {
        lock (_gate)
        {
            foreach (var trigger in triggers)
            {
                TriggerUpsert.KeepFireTimes(_triggers.GetValueOrDefault(trigger.Id), trigger);
                _triggers[trigger.Id] = Copy(trigger);
            }
        }
    }

    public void UpsertTrigger(StoredTrigger trigger) => UpsertTriggers([trigger]);

    public bool RemoveTrigger(string jobId, string key)
    {
        lock (_gate)
        {
            return _triggers.Remove(StoredTrigger.MakeId(jobId, key));
        }
    }

    public void FlushTriggerChanges()
    {
    }

    private IEnumerable<RunRecord> Open(RunStatus status) => _runs.Values.Where(r => r.Status == status);

    private IEnumerable<RunRecord> Running(string concurrencyKey) => Open(RunStatus.Running).Where(r => r.ConcurrencyKey == concurrencyKey);

    private IEnumerable<StoredTrigger> TriggersOf(string jobId) => _triggers.Values.Where(t => t.JobId == jobId);

    private HashSet<string> HeldJobIds() => _jobs.Values.Where(j => j.Held).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Writes an outcome over the stored run if its fence and node are still the run's, as the stores do.</summary>
    private bool CompleteLocked(RunRecord record)
    {
        if (!_runs.TryGetValue(record.Id, out var current) || current.Fence != record.Fence || current.Node != record.Node
            || current.Status.IsTerminal())
        {
            return false;
        }
        _runs[record.Id] = record.WrittenOver(current);
        return true;
    }

    private static StoredTrigger Copy(StoredTrigger t) => new()
    {
        Id = t.Id, JobId = t.JobId, Spec = t.Spec, Origin = t.Origin, NextFireUtc = t.NextFireUtc, LastFireUtc = t.LastFireUtc,
    };

    private static StoredJob Copy(StoredJob j) => new()
    {
        Id = j.Id, Description = j.Description, Source = j.Source, Version = j.Version, Policies = j.Policies, Paused = j.Paused,
        PauseReason = j.PauseReason, UpdatedUtc = j.UpdatedUtc, PausedBy = j.PausedBy, PausedUntilUtc = j.PausedUntilUtc,
        DisabledReason = j.DisabledReason, DisabledBy = j.DisabledBy, DisabledByOperatorReason = j.DisabledByOperatorReason,
    };

    // The audit trail.

    public void Append(AuditEntry entry)
    {
        lock (_gate)
        {
            _audit.Add(entry.Id, entry);
        }
    }

    public IReadOnlyList<AuditEntry> AuditPage(string? jobId, string? beforeId, int limit)
    {
        lock (_gate)
        {
            return _audit.Values.Reverse()
                .Where(a => (beforeId is null || string.CompareOrdinal(a.Id, beforeId) < 0) && (jobId is null || a.JobId == jobId))
                .Take(limit).ToList();
        }
    }

    public int ApplyAuditRetention(int keep, DateTimeOffset olderThan)
    {
        lock (_gate)
        {
            var doomed = _audit.Values.Reverse().Where((a, i) => i >= keep || a.AtUtc < olderThan).Select(a => a.Id).ToList();
            doomed.ForEach(id => _audit.Remove(id));
            return doomed.Count;
        }
    }
}
