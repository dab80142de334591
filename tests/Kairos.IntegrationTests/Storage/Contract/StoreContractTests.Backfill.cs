using System.Collections.Concurrent;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for #16's backfill (recorded instants, inserting the missing runs once) and the run-once ledger.</summary>
public abstract partial class StoreContractTests
{
    private static RunRecord Pending(string id, string jobId, string triggerKey, DateTimeOffset scheduled, RunOrigin origin = RunOrigin.Backfill, int? maxParallel = 2) => new()
    {
        Id = id, JobId = jobId, TriggerKey = triggerKey, ConcurrencyKey = jobId, ScheduledUtc = scheduled, NotBeforeUtc = scheduled,
        Status = RunStatus.Pending, Origin = origin, MaxParallel = maxParallel, DataJson = """{"n":1}""",
    };

    [Fact]
    public void InsertMissing_InsertsOnlyTheInstantsWithNoRunRecordOfTheTrigger_AndGetRecordedInstantsSeesThemAll()
    {
        Catalog.Reconcile(Job("j"), []);
        Recorder.Insert([
            Pending("failed-before", "j", "hourly", T0.AddHours(1), RunOrigin.Trigger, null) with { Status = RunStatus.Failed, EndedUtc = T0.AddHours(1) },
            Pending("other-trigger", "j", "daily", T0.AddHours(2), RunOrigin.Trigger, null),
            Pending("other-job", "k", "hourly", T0.AddHours(2), RunOrigin.Trigger, null),
        ]);

        var inserted = Store.Backfills.InsertMissing([.. Enumerable.Range(0, 4).Select(h => Pending($"b{h}", "j", "hourly", T0.AddHours(h)))]);
        var again = OtherNode(1).Backfills.InsertMissing([.. Enumerable.Range(0, 4).Select(h => Pending($"c{h}", "j", "hourly", T0.AddHours(h)))]);

        Assert.Equal(["b0", "b2", "b3"], inserted.Select(r => r.Id));
        Assert.Empty(again);
        Assert.Equal(new HashSet<DateTimeOffset> { T0, T0.AddHours(1), T0.AddHours(2), T0.AddHours(3) },
            OtherNode(1).Backfills.GetRecordedInstants("j", "hourly", T0, T0.AddHours(3)));
        Assert.Equal(new HashSet<DateTimeOffset> { T0.AddHours(1), T0.AddHours(2) }, Store.Backfills.GetRecordedInstants("j", "hourly", T0.AddMinutes(30), T0.AddHours(2)));
        var stored = Runs.GetRun("b2")!;
        Assert.Equal((RunOrigin.Backfill, (int?)2, """{"n":1}""", RunStatus.Pending), (stored.Origin, stored.MaxParallel, stored.DataJson, stored.Status));
        Assert.Null(Runs.GetRun("other-job")!.MaxParallel);
    }

    [Fact]
    public void InsertMissing_InsertsEachInstantOnce_WhenNodesBackfillTheSameRangeTogether()
    {
        Catalog.Reconcile(Job("j"), []);
        var inserted = new ConcurrentBag<RunRecord>();
        using var go = new Barrier(4);

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, node =>
        {
            var runs = Enumerable.Range(0, 50).Select(m => Pending($"n{node}-{m}", "j", "minutely", T0.AddMinutes(m))).ToList();
            go.SignalAndWait();
            foreach (var run in OtherNode(node).Backfills.InsertMissing(runs))
            {
                inserted.Add(run);
            }
        });

        Assert.Equal(50, inserted.Count);
        var stored = Runs.Query("j", null, 1000);
        Assert.Equal(50, stored.Count);
        Assert.Equal(50, stored.Select(r => r.ScheduledUtc).Distinct().Count());
    }

    [Fact]
    public void TryQueueRunOnce_QueuesExactlyOneRun_WhenNodesRaceForTheKey_AndNoneAfterwards()
    {
        Catalog.Reconcile(Job("migrate"), []);
        var won = new ConcurrentBag<string>();
        using var go = new Barrier(8);

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, node =>
        {
            var run = Pending($"once-{node}", "migrate", "run-once", T0, RunOrigin.RunOnce, null);
            var entry = new RunOnceEntry { Key = "add-column-v2", JobId = "migrate", RunId = run.Id, QueuedUtc = T0, QueuedBy = $"node:n{node}" };
            go.SignalAndWait();
            if (OtherNode(node % 4).RunOnce.TryQueueRunOnce(entry, run))
            {
                won.Add(run.Id);
            }
        });

        var winner = Assert.Single(won);
        var runs = Runs.Query("migrate", null, 100);
        Assert.Equal(winner, Assert.Single(runs).Id);
        Assert.Equal(RunOrigin.RunOnce, runs[0].Origin);
        var entry = Store.RunOnce.GetRunOnce("add-column-v2")!;
        Assert.Equal(("migrate", winner, T0), (entry.JobId, entry.RunId, entry.QueuedUtc));
        Assert.Equal([entry], OtherNode(1).RunOnce.GetRunOnceEntries());
        Assert.False(Store.RunOnce.TryQueueRunOnce(entry with { RunId = "late" }, Pending("late", "migrate", "run-once", T0.AddDays(1), RunOrigin.RunOnce, null)));
        Assert.Null(Runs.GetRun("late"));
        Assert.Null(Store.RunOnce.GetRunOnce("unknown"));
    }

    [Fact]
    public void RequeueRunOnce_ReplacesTheEntryWithTheNewRun_OnlyWhileItStillNamesThePreviousRun()
    {
        Catalog.Reconcile(Job("migrate"), []);
        var first = Pending("first", "migrate", "run-once", T0, RunOrigin.RunOnce, null);
        Assert.True(Store.RunOnce.TryQueueRunOnce(new RunOnceEntry { Key = "k", JobId = "migrate", RunId = "first", QueuedUtc = T0, QueuedBy = "node:a" }, first));
        var rerun = new RunOnceEntry { Key = "k", JobId = "migrate", RunId = "second", QueuedUtc = T0.AddHours(1), QueuedBy = "cli:ana" };

        Assert.True(OtherNode(1).RunOnce.RequeueRunOnce(rerun, Pending("second", "migrate", "run-once", T0.AddHours(1), RunOrigin.RunOnce, null), "first"));
        Assert.False(OtherNode(2).RunOnce.RequeueRunOnce(rerun with { RunId = "third" }, Pending("third", "migrate", "run-once", T0.AddHours(1), RunOrigin.RunOnce, null), "first"));
        Assert.False(Store.RunOnce.RequeueRunOnce(rerun with { Key = "missing" }, Pending("fourth", "migrate", "run-once", T0.AddHours(1), RunOrigin.RunOnce, null), "first"));

        Assert.Equal(rerun, Store.RunOnce.GetRunOnce("k"));
        Assert.Equal(["first", "second"], Runs.Query("migrate", null, 10).Select(r => r.Id).Order(StringComparer.Ordinal));
    }
}
