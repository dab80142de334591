using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using LiteDB;

namespace Kairos.Tests.Storage;

using static StoreDocuments;

/// <summary>
/// Ended runs of a burst stored in batch documents (LiteDbStore.RunBatches): the runs claimed behind, started and
/// ended within one write go in as a few documents of the run_batches collection, and every history read, retention,
/// backfill's recorded instants and job removal see them as the records they are, merged with the runs stored alone.
/// </summary>
public sealed class LiteDbStoreRunBatchTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClaimRequest Claim(DateTimeOffset now, params string[] jobs) => StoreDocuments.Claim(now, "n", TimeSpan.FromHours(1), jobs);

    /// <summary>One-shot triggers "PREFIX0".. due a millisecond apart from <paramref name="from"/>.</summary>
    private static void AddOneShots(LiteDbStore store, string jobId, string prefix, int count, DateTimeOffset from) =>
        store.UpsertTriggers([.. Enumerable.Range(0, count).Select(i => OneShot(jobId, prefix + i, from.AddMilliseconds(i)))]);

    /// <summary>Claims every due fire and writes each run's start and outcome, in writes of <paramref name="perWrite"/> runs.</summary>
    private static List<RunRecord> RunAll(LiteDbStore store, DateTimeOffset now, int perWrite, string[] jobs, RunStatus outcome = RunStatus.Succeeded)
    {
        var claimed = new List<RunRecord>();
        for (IReadOnlyList<RunRecord> batch; (batch = store.ClaimDueFires(Claim(now, jobs))).Count > 0;)
        {
            claimed.AddRange(batch);
        }
        var ended = new List<RunRecord>();
        foreach (var chunk in claimed.Chunk(perWrite))
        {
            var writes = new List<RunWrite>();
            foreach (var run in chunk)
            {
                var started = run.Started("n", "v1", now, now.AddSeconds(30));
                var end = started.Ended(outcome, now.AddSeconds(1));
                writes.Add(new RunWrite(started, IsStart: true));
                writes.Add(new RunWrite(end, IsStart: false));
                ended.Add(end);
            }
            Assert.All(store.WriteMany(writes), Assert.True);
        }
        return ended;
    }

    private LiteDbStore Open(string jobId = "j", params string[] more)
    {
        var store = new LiteDbStore(_dir.File("kairos.db"));
        foreach (var id in more.Prepend(jobId))
        {
            store.Reconcile(Job(id), []);
        }
        return store;
    }

    /// <summary>How many documents each run collection holds, read from the file after the store is closed.</summary>
    private (int Runs, int Batches) Documents()
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = _dir.File("kairos.db"), ReadOnly = true });
        return (db.GetCollection("runs").Count(), db.GetCollection("run_batches").Count());
    }

    [Fact]
    public void WriteMany_StoresTheEndedRunsOfABurstInBatchDocuments_WhichEveryReadShowsAsRecords()
    {
        List<RunRecord> ended;
        using (var store = Open())
        {
            AddOneShots(store, "j", "b", 600, T0);
            ended = RunAll(store, T0.AddSeconds(1), 600, ["j"]);

            Assert.All(ended, r => Assert.Equal(r.EndedUtc, store.GetRun(r.Id)!.EndedUtc));
            Assert.Equal(
                ended.OrderByDescending(r => r.ScheduledUtc).Select(r => r.Id),
                store.Query("j", RunStatus.Succeeded, int.MaxValue).Select(r => r.Id));
        }

        var (runs, batches) = Documents();
        Assert.Equal(0, runs);
        Assert.Equal((600 + LiteDbStore.MaxRunsPerBatch - 1) / LiteDbStore.MaxRunsPerBatch, batches);
    }

    [Fact]
    public void HistoryReads_MergeBatchedRunsWithRunsStoredAlone_InTheOrderTheyPromise()
    {
        using var store = Open();
        AddOneShots(store, "j", "a", 300, T0);
        var first = RunAll(store, T0.AddSeconds(1), 100, ["j"]);
        AddOneShots(store, "j", "s", 20, T0.AddMinutes(1));
        var alone = RunAll(store, T0.AddMinutes(1).AddSeconds(1), 1, ["j"]);
        AddOneShots(store, "j", "c", 300, T0.AddMinutes(-1)); // scheduled before the others, ids after them
        var last = RunAll(store, T0.AddMinutes(2), 300, ["j"]);
        var all = first.Concat(alone).Concat(last).ToList();

        var paged = new List<RunRecord>();
        for (string? before = null; ;)
        {
            var page = store.QueryPage(new RunFilter("j"), before, 7);
            if (page.Count == 0)
            {
                break;
            }
            paged.AddRange(page);
            before = page[^1].Id;
        }

        Assert.Equal(all.Select(r => r.Id).OrderDescending(StringComparer.Ordinal), paged.Select(r => r.Id));
        Assert.Equal(all.OrderByDescending(r => r.ScheduledUtc).Select(r => r.Id).Take(50), store.Query("j", null, 50).Select(r => r.Id));
        Assert.Equal(alone.Select(r => r.Id).OrderDescending(StringComparer.Ordinal),
            store.QueryPage(new RunFilter("j", TriggerKey: null, FromUtc: T0.AddMinutes(1), ToUtc: T0.AddMinutes(2)), null, 100).Select(r => r.Id));
    }

    [Fact]
    public void ApplyRetention_DeletesBatchedRunsBeyondTheJobsCount_AndEmptiedBatches()
    {
        List<RunRecord> ended;
        using (var store = Open())
        {
            AddOneShots(store, "j", "b", 600, T0);
            ended = RunAll(store, T0.AddSeconds(1), 600, ["j"]);

            Assert.Equal(500, store.ApplyRetention(_ => (100, TimeSpan.FromDays(365)), T0.AddMinutes(1)));

            Assert.Equal(
                ended.OrderByDescending(r => r.ScheduledUtc).Take(100).Select(r => r.Id),
                store.Query("j", null, int.MaxValue).Select(r => r.Id));
            Assert.Null(store.GetRun(ended.MinBy(r => r.ScheduledUtc)!.Id));
            Assert.Equal(0, store.ApplyRetention(_ => (100, TimeSpan.FromDays(365)), T0.AddMinutes(1)));
            Assert.Equal(100, store.ApplyRetention(_ => (0, TimeSpan.FromDays(365)), T0.AddMinutes(1)));
        }

        Assert.Equal((0, 0), Documents());
    }

    [Fact]
    public void RemoveJob_DeletesItsBatchedRuns_AndLeavesOtherJobsRunsInTheSameBatches()
    {
        using var store = Open("j", "k");
        AddOneShots(store, "j", "b", 50, T0);
        AddOneShots(store, "k", "b", 50, T0);
        var ended = RunAll(store, T0.AddSeconds(1), 100, ["j", "k"]);

        Assert.Equal(50, store.RemoveJob("j", deleteHistory: true)!.Value.HistoryRemoved);

        Assert.Empty(store.Query("j", null, int.MaxValue));
        Assert.Equal(ended.Where(r => r.JobId == "k").Select(r => r.Id).Order(StringComparer.Ordinal),
            store.Query("k", null, int.MaxValue).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GetRecordedInstants_IncludesBatchedRuns_WithinTheRange()
    {
        using var store = Open();
        AddOneShots(store, "j", "b", 100, T0);
        RunAll(store, T0.AddSeconds(1), 100, ["j"]);

        var recorded = store.GetRecordedInstants("j", "b10", T0, T0.AddSeconds(1));

        Assert.Equal([T0.AddMilliseconds(10)], recorded);
        Assert.Empty(store.GetRecordedInstants("j", "b10", T0.AddMilliseconds(11), T0.AddSeconds(1)));
    }

    [Fact]
    public void ABurstAfterAReopen_IsBatchedToo_AndTheFirstBurstsRunsAreStillRead()
    {
        List<RunRecord> before;
        using (var store = Open())
        {
            AddOneShots(store, "j", "b", 100, T0);
            before = RunAll(store, T0.AddSeconds(1), 100, ["j"]);
        }
        List<RunRecord> after;
        using (var reopened = new LiteDbStore(_dir.File("kairos.db")))
        {
            AddOneShots(reopened, "j", "c", 100, T0.AddMinutes(1));
            after = RunAll(reopened, T0.AddMinutes(1).AddSeconds(1), 100, ["j"]);

            Assert.All(before.Concat(after), r => Assert.Equal(r.Status, reopened.GetRun(r.Id)!.Status));
        }

        Assert.Equal((0, 2), Documents());
    }
}
