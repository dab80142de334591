using Kairos.Host.Storage.Runs;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Ended runs stored in batches (<see cref="RunBatch"/>, the <c>run_batches</c> collection). When one write batch
/// inserts several runs whose claims were written behind and which ended within it (a burst: claimed, started and ended
/// in one group commit), they go in as one document per <see cref="MaxRunsPerBatch"/> runs rather than one document
/// each: a run record then costs its share of one insert and two index entries, not an insert, an entry in the id index
/// and one in the scheduled-instant index of its own. Ended runs never change again (only retention and job removal
/// delete them), so a batch is written once and only ever shrinks. Batches cover disjoint ranges of run ids: a run whose
/// id is not above every batch's range (<see cref="_batchedUpTo"/>) is stored alone, as every other run is. Every read
/// of history (<see cref="GetRun"/>, <see cref="Query"/>, <see cref="QueryPage"/>, backfill's recorded instants,
/// retention, job removal) reads both collections and merges them in the order it promises.
/// </summary>
internal sealed partial class LiteDbStore
{
    /// <summary>The most runs one batch document holds.</summary>
    internal const int MaxRunsPerBatch = 256;

    /// <summary>Fewer ended runs than this in a write are stored one by one (a batch of one saves nothing).</summary>
    private const int MinRunsPerBatch = 2;

    /// <summary>
    /// The most characters of text (data, error, log lines) one batch document holds, about a megabyte at three bytes a
    /// character: far below LiteDB's largest document, whatever the runs' log tails.
    /// </summary>
    private const int MaxTextPerBatch = 350_000;

    /// <summary>The largest run id of any batch (the last one's <see cref="RunBatch.Last"/>): only runs above it are batched.</summary>
    private string _batchedUpTo = "";

    /// <summary>At open: the index batches are read by, newest scheduled first, and the upper end of their ids.</summary>
    private void OpenRunBatches()
    {
        _runBatches.EnsureIndex(b => b.ToUtc);
        _batchedUpTo = _runBatches.Query().OrderByDescending(BsonExpression.Create("_id")).Limit(1).FirstOrDefault()?.Last ?? "";
    }

    /// <summary>Inserts new runs (inside the caller's transaction): the ended ones in batches where they may be, the others one by one.</summary>
    private void InsertRuns(IEnumerable<RunRecord> runs)
    {
        var single = new List<RunRecord>();
        var ended = new List<RunRecord>();
        foreach (var run in runs)
        {
            (run.Status.IsTerminal() && string.CompareOrdinal(run.Id, _batchedUpTo) > 0 ? ended : single).Add(run);
        }
        if (ended.Count < MinRunsPerBatch)
        {
            single.AddRange(ended);
            ended.Clear();
        }
        if (single.Count > 0)
        {
            _runs.InsertBulk(single);
        }
        if (ended.Count > 0)
        {
            InsertBatches(ended);
        }
    }

    private void InsertBatches(List<RunRecord> ended)
    {
        ended.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var batches = new List<RunBatch>();
        var chunk = new List<RunRecord>();
        var text = 0;
        foreach (var run in ended)
        {
            var size = TextOf(run);
            if (chunk.Count > 0 && (chunk.Count >= MaxRunsPerBatch || text + size > MaxTextPerBatch))
            {
                batches.Add(BatchOf(chunk));
                chunk = [];
                text = 0;
            }
            chunk.Add(run);
            text += size;
        }
        batches.Add(BatchOf(chunk));
        _runBatches.InsertBulk(batches);
        _batchedUpTo = ended[^1].Id; // a rollback leaves it higher than stored: later runs are then stored alone, still disjoint
    }

    private static RunBatch BatchOf(List<RunRecord> runs) => new()
    {
        Id = runs[0].Id,
        Last = runs[^1].Id,
        FromUtc = runs.Min(r => r.ScheduledUtc),
        ToUtc = runs.Max(r => r.ScheduledUtc),
        Runs = runs,
    };

    private static int TextOf(RunRecord run) =>
        256 + (run.DataJson?.Length ?? 0) + (run.ErrorMessage?.Length ?? 0) + (run.ErrorStack?.Length ?? 0) + (run.ErrorType?.Length ?? 0)
        + run.Log.Sum(line => line.Length + 8);

    /// <summary>The one batch whose range of ids holds <paramref name="runId"/> (the run may have been deleted from it), or null.</summary>
    private RunBatch? BatchCovering(string runId) =>
        _runBatches.Query().Where(BsonExpression.Create("_id <= @0", runId)).OrderByDescending(BsonExpression.Create("_id")).Limit(1)
            .FirstOrDefault() is { } batch && batch.Covers(runId) ? batch : null;

    private RunRecord? BatchedRun(string runId) => BatchCovering(runId)?.Runs.Find(r => r.Id == runId);

    /// <summary>
    /// Batched runs that <paramref name="match"/>, newest scheduled first: a walk of the batches by their latest scheduled
    /// instant, opening a batch only once no run already read is newer than everything it may hold (the runs of open
    /// batches wait in a queue), so a read of the newest runs stops after the first batches.
    /// </summary>
    private IEnumerable<RunRecord> BatchedNewestScheduledFirst(Func<RunRecord, bool> match, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var query = _runBatches.Query();
        if (notBefore is { } from)
        {
            query = query.Where(BsonExpression.Create("$.ToUtc >= @0", new BsonValue(StoreInstants.Milliseconds(from).UtcDateTime)));
        }
        if (notAfter is { } to)
        {
            query = query.Where(BsonExpression.Create("$.FromUtc <= @0", new BsonValue(StoreInstants.Milliseconds(to).UtcDateTime)));
        }
        var queue = new PriorityQueue<RunRecord, long>();
        using var batches = query.OrderByDescending(BsonExpression.Create("$.ToUtc")).ToEnumerable().GetEnumerator();
        var next = batches.MoveNext() ? batches.Current : null;
        while (true)
        {
            while (next is not null && (queue.Count == 0 || next.ToUtc >= queue.Peek().ScheduledUtc))
            {
                foreach (var run in next.Runs)
                {
                    if (match(run))
                    {
                        queue.Enqueue(run, -run.ScheduledUtc.UtcTicks);
                    }
                }
                next = batches.MoveNext() ? batches.Current : null;
            }
            if (queue.Count == 0)
            {
                yield break;
            }
            yield return queue.Dequeue();
        }
    }

    /// <summary>Batched runs with an id before <paramref name="beforeRunId"/> that <paramref name="match"/>, newest id first.</summary>
    private IEnumerable<RunRecord> BatchedNewestIdFirst(string? beforeRunId, Func<RunRecord, bool> match)
    {
        var query = _runBatches.Query();
        if (beforeRunId is not null)
        {
            query = query.Where(BsonExpression.Create("_id < @0", beforeRunId));
        }
        foreach (var batch in query.OrderByDescending(BsonExpression.Create("_id")).ToEnumerable())
        {
            for (var i = batch.Runs.Count - 1; i >= 0; i--)
            {
                var run = batch.Runs[i];
                if ((beforeRunId is null || string.CompareOrdinal(run.Id, beforeRunId) < 0) && match(run))
                {
                    yield return run;
                }
            }
        }
    }

    /// <summary>Two sequences each in the order <paramref name="first"/> gives, merged in that order.</summary>
    private static IEnumerable<RunRecord> Merge(IEnumerable<RunRecord> a, IEnumerable<RunRecord> b, Comparison<RunRecord> first)
    {
        using var left = a.GetEnumerator();
        using var right = b.GetEnumerator();
        var hasLeft = left.MoveNext();
        var hasRight = right.MoveNext();
        while (hasLeft || hasRight)
        {
            if (hasLeft && (!hasRight || first(left.Current, right.Current) <= 0))
            {
                yield return left.Current;
                hasLeft = left.MoveNext();
            }
            else
            {
                yield return right.Current;
                hasRight = right.MoveNext();
            }
        }
    }

    private static int NewestScheduledFirst(RunRecord a, RunRecord b) => b.ScheduledUtc.CompareTo(a.ScheduledUtc);

    private static int NewestIdFirst(RunRecord a, RunRecord b) => string.CompareOrdinal(b.Id, a.Id);

    /// <summary>
    /// Deletes batched runs (inside the caller's transaction) by id: each batch that holds some is rewritten without
    /// them, or deleted once empty. Ids in no batch are left alone. Returns how many were deleted.
    /// </summary>
    private int DeleteBatched(IEnumerable<string> runIds)
    {
        var sorted = runIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var deleted = 0;
        for (var i = 0; i < sorted.Count;)
        {
            if (BatchCovering(sorted[i]) is not { } batch)
            {
                i++;
                continue;
            }
            var doomed = new HashSet<string>(StringComparer.Ordinal);
            for (; i < sorted.Count && batch.Covers(sorted[i]); i++)
            {
                doomed.Add(sorted[i]);
            }
            deleted += RemoveFromBatch(batch, r => doomed.Contains(r.Id));
        }
        return deleted;
    }

    /// <summary>Deletes every batched run of <paramref name="jobId"/> (inside the caller's transaction): a walk of every batch.</summary>
    private int DeleteBatchedRunsOf(string jobId)
    {
        var holding = _runBatches.FindAll().Where(b => b.Runs.Exists(r => r.JobId == jobId)).ToList();
        return holding.Sum(batch => RemoveFromBatch(batch, r => r.JobId == jobId));
    }

    private int RemoveFromBatch(RunBatch batch, Predicate<RunRecord> doomed)
    {
        var removed = batch.Runs.RemoveAll(doomed);
        if (removed == 0)
        {
            return 0;
        }
        // The batch keeps its range of ids and instants: still disjoint from the others, and still a bound of its runs.
        if (batch.Runs.Count == 0)
        {
            _runBatches.Delete(batch.Id);
        }
        else
        {
            _runBatches.Update(batch);
        }
        return removed;
    }
}
