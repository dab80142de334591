using Kairos.Host.Storage;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.TestSupport.Storage;

/// <summary>Backfill and the run-once ledger in memory: each check-and-insert under the store's one lock.</summary>
internal sealed partial class InMemoryStore
{
    private readonly SortedDictionary<string, RunOnceEntry> _runOnce = new(StringComparer.Ordinal);

    public IReadOnlySet<DateTimeOffset> GetRecordedInstants(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        lock (_gate)
        {
            return Recorded(jobId, triggerKey, fromUtc, toUtc);
        }
    }

    public IReadOnlyList<RunRecord> InsertMissing(IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0)
        {
            return [];
        }
        lock (_gate)
        {
            var recorded = Recorded(runs[0].JobId, runs[0].TriggerKey, runs.Min(r => r.ScheduledUtc), runs.Max(r => r.ScheduledUtc));
            var missing = runs.Where(r => recorded.Add(StoreInstants.Milliseconds(r.ScheduledUtc))).ToList();
            foreach (var run in missing)
            {
                _runs[run.Id] = run;
            }
            return missing;
        }
    }

    private HashSet<DateTimeOffset> Recorded(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        _runs.Values.Where(r => r.JobId == jobId && r.TriggerKey == triggerKey && r.ScheduledUtc >= fromUtc && r.ScheduledUtc <= toUtc)
            .Select(r => StoreInstants.Milliseconds(r.ScheduledUtc)).ToHashSet();

    public RunOnceEntry? GetRunOnce(string key)
    {
        lock (_gate)
        {
            return _runOnce.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<RunOnceEntry> GetRunOnceEntries()
    {
        lock (_gate)
        {
            return [.. _runOnce.Values];
        }
    }

    public bool TryQueueRunOnce(RunOnceEntry entry, RunRecord run)
    {
        lock (_gate)
        {
            if (!_runOnce.TryAdd(entry.Key, entry))
            {
                return false;
            }
            _runs[run.Id] = run;
            return true;
        }
    }

    public bool RequeueRunOnce(RunOnceEntry entry, RunRecord run, string previousRunId)
    {
        lock (_gate)
        {
            if (!_runOnce.TryGetValue(entry.Key, out var stored) || stored.RunId != previousRunId)
            {
                return false;
            }
            _runOnce[entry.Key] = entry;
            _runs[run.Id] = run;
            return true;
        }
    }
}
