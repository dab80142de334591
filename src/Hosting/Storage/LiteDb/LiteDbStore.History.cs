using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>History and retention: reading run records, a page at a time, and deleting ended ones beyond each job's limits.</summary>
internal sealed partial class LiteDbStore
{
    public RunRecord? GetRun(string runId)
    {
        WriteBehindNow();
        return _runs.FindById(runId) ?? BatchedRun(runId);
    }

    /// <summary>
    /// An open status: its runs through the open-runs index, sorted. Otherwise a walk of the scheduled-instant index
    /// newest first, which stops at <paramref name="limit"/> matches (a job's recent runs are near its start), merged
    /// with the batched runs read newest first likewise (<see cref="BatchedNewestScheduledFirst"/>).
    /// </summary>
    public IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit)
    {
        WriteBehindNow();
        if (status is { } open && !open.IsTerminal())
        {
            return OpenRuns(open).Where(r => jobId is null || r.JobId == jobId)
                .OrderByDescending(r => r.ScheduledUtc).Take(limit).ToList();
        }
        var query = _runs.Query();
        if (jobId is not null)
        {
            query = query.Where(r => r.JobId == jobId);
        }
        if (status is { } ended)
        {
            query = query.Where(BsonExpression.Create("$.Status = @0", ended.Word()));
        }
        var stored = query.OrderByDescending(r => r.ScheduledUtc).Limit(limit).ToList();
        var batched = BatchedNewestScheduledFirst(r => (jobId is null || r.JobId == jobId) && (status is null || r.Status == status));
        return Merge(stored, batched, NewestScheduledFirst).Take(limit).ToList();
    }

    /// <summary>
    /// An open status: its runs through the open-runs index, filtered and sorted in memory (they are few). Otherwise a
    /// walk of the primary key (run ids are time-ordered) newest first from <paramref name="beforeRunId"/>, which stops at
    /// <paramref name="limit"/> matches, merged with the batched runs read newest id first likewise. There is no index by
    /// job or trigger: every fire would pay for them (see <see cref="ApplyRetention"/>), for a read a person or a
    /// dashboard makes now and then.
    /// </summary>
    public IReadOnlyList<RunRecord> QueryPage(RunFilter filter, string? beforeRunId, int limit)
    {
        WriteBehindNow();
        if (filter.Status is { } open && !open.IsTerminal())
        {
            return OpenRuns(open).Where(r => (beforeRunId is null || string.CompareOrdinal(r.Id, beforeRunId) < 0) && filter.Matches(r))
                .OrderByDescending(r => r.Id, StringComparer.Ordinal).Take(limit).ToList();
        }
        var query = _runs.Query();
        if (beforeRunId is not null)
        {
            query = query.Where(BsonExpression.Create("_id < @0", beforeRunId));
        }
        if (filter.JobId is not null)
        {
            query = query.Where(BsonExpression.Create("$.JobId = @0", filter.JobId));
        }
        if (filter.Status is { } ended)
        {
            query = query.Where(BsonExpression.Create("$.Status = @0", ended.Word()));
        }
        if (filter.TriggerKey is not null)
        {
            query = query.Where(BsonExpression.Create("$.TriggerKey = @0", filter.TriggerKey));
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(BsonExpression.Create("$.ScheduledUtc >= @0", new BsonValue(StoreInstants.Milliseconds(from).UtcDateTime)));
        }
        if (filter.ToUtc is { } to)
        {
            query = query.Where(BsonExpression.Create("$.ScheduledUtc < @0", new BsonValue(StoreInstants.Milliseconds(to).UtcDateTime)));
        }
        var stored = query.OrderByDescending(BsonExpression.Create("_id")).Limit(limit).ToList();
        return Merge(stored, BatchedNewestIdFirst(beforeRunId, filter.Matches), NewestIdFirst).Take(limit).ToList();
    }

    /// <summary>
    /// One walk of every run, newest scheduled first (the scheduled-instant index, merged with the batched runs): the
    /// n-th ended run of a job beyond its count, or older than its age, is deleted. There is no index by job: every fire
    /// would pay for one, for a sweep that runs once an hour.
    /// </summary>
    public int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now) => Write(() =>
    {
        var all = Merge(_runs.Query().OrderByDescending(r => r.ScheduledUtc).ToEnumerable(), BatchedNewestScheduledFirst(_ => true), NewestScheduledFirst);
        var doomed = RetentionPlan.Doomed(all, limitsForJob, now);
        var batched = doomed.Where(id => !_runs.Delete(id)).ToList();
        return doomed.Count - batched.Count + DeleteBatched(batched);
    });
}
