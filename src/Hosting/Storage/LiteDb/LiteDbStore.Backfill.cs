using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>Backfill and the run-once ledger: one process holds the file, so the writer lock makes each check-and-insert atomic.</summary>
internal sealed partial class LiteDbStore
{
    public IReadOnlySet<DateTimeOffset> GetRecordedInstants(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        WriteBehindNow();
        return RecordedInstants(jobId, triggerKey, fromUtc, toUtc);
    }

    public IReadOnlyList<RunRecord> InsertMissing(IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0)
        {
            return [];
        }
        return Write(() =>
        {
            var first = runs[0];
            var recorded = RecordedInstants(first.JobId, first.TriggerKey, runs.Min(r => r.ScheduledUtc), runs.Max(r => r.ScheduledUtc));
            var missing = runs.Where(r => recorded.Add(StoreInstants.Milliseconds(r.ScheduledUtc))).ToList();
            _runs.InsertBulk(missing);
            return (IReadOnlyList<RunRecord>)missing;
        });
    }

    /// <summary>
    /// Through the index of scheduled instants: the range is what narrows the walk, then job and trigger; batched runs
    /// through the batches' latest instants.
    /// </summary>
    private HashSet<DateTimeOffset> RecordedInstants(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var (from, to) = (StoreInstants.Milliseconds(fromUtc), StoreInstants.Milliseconds(toUtc));
        var recorded = _runs.Query()
            .Where(BsonExpression.Create("$.ScheduledUtc >= @0 AND $.ScheduledUtc <= @1", from.UtcDateTime, to.UtcDateTime))
            .Where(BsonExpression.Create("$.JobId = @0 AND $.TriggerKey = @1", jobId, triggerKey))
            .ToEnumerable().Select(r => r.ScheduledUtc).ToHashSet();
        recorded.UnionWith(BatchedNewestScheduledFirst(
                r => r.JobId == jobId && r.TriggerKey == triggerKey && r.ScheduledUtc >= from && r.ScheduledUtc <= to, from, to)
            .Select(r => r.ScheduledUtc));
        return recorded;
    }

    public RunOnceEntry? GetRunOnce(string key) => _runOnce.FindById(key);

    public IReadOnlyList<RunOnceEntry> GetRunOnceEntries() => _runOnce.FindAll().OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

    public bool TryQueueRunOnce(RunOnceEntry entry, RunRecord run) => Write(() =>
    {
        if (_runOnce.FindById(entry.Key) is not null)
        {
            return false;
        }
        _runOnce.Insert(entry);
        _runs.Insert(run);
        return true;
    });

    public bool RequeueRunOnce(RunOnceEntry entry, RunRecord run, string previousRunId) => Write(() =>
    {
        if (_runOnce.FindById(entry.Key) is not { } stored || stored.RunId != previousRunId)
        {
            return false;
        }
        _runOnce.Update(entry);
        _runs.Insert(run);
        return true;
    });
}
