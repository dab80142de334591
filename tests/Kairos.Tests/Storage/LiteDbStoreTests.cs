using Kairos.Host.Catalog;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Storage;

public sealed class LiteDbStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static StoredJob Job(string id) => new() { Id = id, Source = "app", Version = "1" };

    private static StoredTrigger Trigger(string jobId, TriggerSpec spec, DateTimeOffset? next) => new()
    {
        Id = StoredTrigger.MakeId(jobId, spec.Key), JobId = jobId, Spec = spec, Origin = TriggerOrigin.Declared, NextFireUtc = next,
    };

    private static ClaimRequest Claim(DateTimeOffset now, string node, params string[] runnable) => new(
        now, runnable.ToHashSet(), node, now.AddSeconds(30), 512, _ => JobPolicies.Default,
        new FirePlanner(new TriggerSchedule(), TimeSpan.FromMinutes(1), 100));

    [Fact]
    public void ClaimDueFires_ClaimsEachFireExactlyOnce_WhenManyClaimersRace()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        for (var i = 0; i < 200; i++)
        {
            store.Reconcile(Job($"job-{i}"), [Trigger($"job-{i}", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        }
        var runnable = Enumerable.Range(0, 200).Select(i => $"job-{i}").ToArray();
        var claimed = new System.Collections.Concurrent.ConcurrentBag<RunRecord>();

        // 8 claimers, each sweeping the same 10 seconds of fires.
        Parallel.For(0, 8, claimer =>
        {
            for (var s = 0; s < 10; s++)
            {
                foreach (var run in store.ClaimDueFires(Claim(T0.AddSeconds(s), $"node-{claimer}", runnable)))
                {
                    claimed.Add(run);
                }
            }
        });

        var fires = claimed.Select(r => (r.JobId, r.ScheduledUtc)).ToList();
        Assert.Equal(200 * 10, fires.Count);
        Assert.Equal(fires.Count, fires.Distinct().Count());
        Assert.Equal(200 * 10, store.Query(null, RunStatus.Pending, 100_000).Count);
    }

    [Fact]
    public void ClaimDueFires_LeavesTheFireDue_WhenNoLoadedSourceCanRunTheJob()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("orphan"), [Trigger("orphan", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Empty(store.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "other")));
        Assert.Equal(1, store.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(1)));
        Assert.Equal(0, store.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(2)));
        Assert.Equal(T0, store.GetTriggers("orphan").Single().NextFireUtc);

        // The job comes back: the waiting record becomes the run.
        var run = Assert.Single(store.ClaimDueFires(Claim(T0.AddSeconds(3), "n", "orphan")));
        Assert.Equal(T0, run.ScheduledUtc);
        Assert.Empty(store.Query("orphan", RunStatus.WaitingForHandler, 10));
        Assert.Single(store.Query("orphan", null, 10));
    }

    [Fact]
    public void Reconcile_InsertsUpdatesAndLeavesAlone_NeverRecreating()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        var a = TriggerSpec.Cron("a", "0 * * * *");
        var b = TriggerSpec.Cron("b", "0 0 * * *");

        var first = store.Reconcile(Job("j"), [Trigger("j", a, T0), Trigger("j", b, T0)]);
        var same = store.Reconcile(Job("j"), [Trigger("j", a, T0.AddHours(5)), Trigger("j", b, T0.AddHours(5))]);
        Assert.Equal(T0, store.GetTriggers("j").Single(t => t.Spec.Key == "a").NextFireUtc);
        var changed = store.Reconcile(Job("j"), [Trigger("j", a with { CronExpression = "30 * * * *" }, T0.AddMinutes(30))]);

        Assert.Equal(new ReconcileResult(true, 2, 0, 0), first);
        Assert.False(same.Changed);
        Assert.Equal(new ReconcileResult(false, 0, 1, 1), changed);
        Assert.Equal(T0.AddMinutes(30), store.GetTriggers("j").Single().NextFireUtc);
    }

    [Fact]
    public void Reconcile_KeepsDynamicTriggersAndPauseState()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("a", "0 * * * *"), T0)]);
        var dynamic = Trigger("j", TriggerSpec.Cron("customer-1", "0 * * * *"), T0);
        dynamic.Origin = TriggerOrigin.Dynamic;
        store.UpsertTrigger(dynamic);
        store.SetPaused("j", true, "maintenance", T0);

        store.Reconcile(Job("j"), []);

        Assert.Equal("customer-1", store.GetTriggers("j").Single().Spec.Key);
        Assert.True(store.GetJob("j")!.Paused);
    }

    [Fact]
    public void ExpireLeases_MarksRunningRunsInterrupted_WhenTheirLeaseExpired()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var run = store.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Assert.Equal(StartResult.Started, store.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _));

        Assert.Empty(store.ExpireLeases(T0.AddSeconds(29)));
        var interrupted = Assert.Single(store.ExpireLeases(T0.AddSeconds(31)));

        Assert.Equal(RunStatus.Interrupted, store.GetRun(interrupted.Id)!.Status);
        Assert.Contains("lease", store.GetRun(interrupted.Id)!.ErrorMessage);
    }

    [Fact]
    public void Complete_RefusesAnOutcome_WhenTheRunWasTakenOver()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var run = store.ClaimDueFires(Claim(T0, "n", "j")).Single();
        store.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out var started);
        store.ExpireLeases(T0.AddMinutes(5));

        started!.Status = RunStatus.Succeeded;
        Assert.False(store.Complete(started));
        Assert.Equal(RunStatus.Interrupted, store.GetRun(run.Id)!.Status);
    }

    private static RunRecord StartedCopy(RunRecord pending, DateTimeOffset at)
    {
        var started = pending.Snapshot();
        started.Status = RunStatus.Running;
        started.StartedUtc = at;
        started.Node = "n";
        started.Version = "v1";
        started.Fence++;
        started.LeaseExpiresUtc = at.AddSeconds(30);
        return started;
    }

    [Fact]
    public void WriteMany_RecordsAStartWrittenBehind_AndItsOutcomeInALaterBatch()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var started = StartedCopy(store.ClaimDueFires(Claim(T0, "n", "j")).Single(), T0);

        Assert.Equal([true], store.WriteMany([new RunWrite(started, IsStart: true)]));
        Assert.Equal(RunStatus.Running, store.GetRun(started.Id)!.Status);
        Assert.Equal(started.Fence, store.GetRun(started.Id)!.Fence);

        var ended = started.Snapshot();
        ended.Status = RunStatus.Succeeded;
        ended.EndedUtc = T0.AddSeconds(1);
        Assert.Equal([true], store.WriteMany([new RunWrite(ended, IsStart: false)]));
        Assert.Equal(RunStatus.Succeeded, store.GetRun(started.Id)!.Status);
        Assert.Null(store.GetRun(started.Id)!.LeaseExpiresUtc);
    }

    [Fact]
    public void WriteMany_WritesARunThatStartedAndEndedInOneBatch_WithItsOutcome()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var started = StartedCopy(store.ClaimDueFires(Claim(T0, "n", "j")).Single(), T0);
        var ended = started.Snapshot();
        ended.Status = RunStatus.Failed;
        ended.EndedUtc = T0.AddSeconds(1);
        ended.ErrorMessage = "boom";

        Assert.Equal([true, true], store.WriteMany([new RunWrite(started, IsStart: true), new RunWrite(ended, IsStart: false)]));

        var stored = store.GetRun(started.Id)!;
        Assert.Equal((RunStatus.Failed, "boom", "v1", started.Fence), (stored.Status, stored.ErrorMessage, stored.Version, stored.Fence));
        Assert.Null(stored.LeaseExpiresUtc);
        Assert.Empty(store.Query("j", RunStatus.Running, 10));
    }

    [Fact]
    public void WriteMany_RefusesAStartAndItsOutcome_WhenTheRunIsNoLongerPending()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var pending = store.ClaimDueFires(Claim(T0, "n", "j")).Single();
        var started = StartedCopy(pending, T0);
        Assert.Equal(StartResult.Started, store.TryStart(pending.Id, "other", "v2", T0, T0.AddSeconds(30), 1, out _));
        var ended = started.Snapshot();
        ended.Status = RunStatus.Succeeded;

        Assert.Equal([false, false], store.WriteMany([new RunWrite(started, IsStart: true), new RunWrite(ended, IsStart: false)]));
        Assert.Equal([false], store.WriteMany([new RunWrite(ended, IsStart: false)]));
        Assert.Equal(("other", RunStatus.Running), (store.GetRun(pending.Id)!.Node, store.GetRun(pending.Id)!.Status));
    }

    [Fact]
    public void TryStart_RefusesBeyondTheLimit_PerConcurrencyKey()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var runs = store.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));

        Assert.Equal(3, runs.Count);
        Assert.Equal(StartResult.Started, store.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Started, store.TryStart(runs[1].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Busy, store.TryStart(runs[2].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Gone, store.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
    }

    [Fact]
    public void Open_RebuildsAStoreWrittenWithTheCultureCollation_WithOrdinalKeys_KeepingItsDataAndABackup()
    {
        var path = _dir.File("kairos.db");
        using (var old = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = path, Collation = new LiteDB.Collation("en-US/IgnoreCase") }, KairosBsonMapper.Create()))
        {
            old.GetCollection<StoredJob>("jobs").Insert(Job("j"));
            var triggers = old.GetCollection<StoredTrigger>("triggers");
            triggers.EnsureIndex("JobId", "$.JobId");
            triggers.Insert(Trigger("j", TriggerSpec.Cron("daily", "0 0 * * *"), T0));
        }

        var log = new CapturingLogger();
        using (var store = new LiteDbStore(path, log))
        {
            var rebuilt = Assert.Single(log.Entries, e => e.Event.Item2 == LogLevel.Warning);
            Assert.Equal(810, rebuilt.Event.Item1);
            Assert.Contains(path, rebuilt.Message);
            Assert.Equal("j", store.GetJobs().Single().Id);
            Assert.Equal(T0, store.GetTriggers("j").Single().NextFireUtc);
            // Ordinal now: a key that differs only in case is another trigger, not the stored one.
            store.UpsertTrigger(Trigger("j", TriggerSpec.Cron("Daily", "0 12 * * *"), T0.AddHours(12)));
            Assert.Equal(["Daily", "daily"], store.GetTriggers("j").Select(t => t.Spec.Key).Order(StringComparer.Ordinal));
        }

        using (var reopened = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = path }))
        {
            Assert.Equal(LiteDB.Collation.Binary.ToString(), reopened.Collation.ToString());
            var triggerIndexes = reopened.GetCollection("$indexes").FindAll().Where(i => i["collection"] == "triggers").Select(i => i["name"].AsString);
            Assert.Equal(["NextFireUtc", "_id"], triggerIndexes.Order(StringComparer.Ordinal));
        }
        Assert.True(File.Exists(_dir.File("kairos-backup.db")));
        using (new LiteDbStore(path, log))
        {
            Assert.Single(log.Entries, e => e.Event.Item1 == 810); // rebuilt once only
        }
    }

    [Fact]
    public void Open_LogsTheStoreFile_SayingWhenItWasCreated()
    {
        var path = _dir.File("kairos.db");
        var log = new CapturingLogger();

        new LiteDbStore(path, log).Dispose();
        new LiteDbStore(path, log).Dispose();

        Assert.Equal(
            [((812, LogLevel.Information), $"Store: LiteDB file {path}, created now (new and empty)"), ((811, LogLevel.Information), $"Store: LiteDB file {path}")],
            log.Entries);
    }

    private sealed class CapturingLogger : ILogger<LiteDbStore>
    {
        public List<((int, LogLevel) Event, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add(((eventId.Id, logLevel), formatter(state, exception)));
    }

    [Fact]
    public void Open_IndexesTheOpenRunsOfAStoreWrittenWithAStatusIndex_SoTheyAreStillFound()
    {
        var path = _dir.File("kairos.db");
        RunRecord Run(string id, RunStatus status) => new()
        {
            Id = id, JobId = "j", TriggerKey = "default", ConcurrencyKey = "j", ScheduledUtc = T0, NotBeforeUtc = T0, Status = status,
        };
        using (var old = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = path, Collation = LiteDB.Collation.Binary }, KairosBsonMapper.Create()))
        {
            var runs = old.GetCollection<RunRecord>("runs");
            runs.EnsureIndex("Status", "$.Status");
            runs.EnsureIndex("JobId", "$.JobId");
            runs.Insert([Run("a", RunStatus.Pending), Run("b", RunStatus.Succeeded), Run("c", RunStatus.Running)]);
        }

        using (var store = new LiteDbStore(path))
        {
            Assert.Equal(["a"], store.GetPendingRuns("n", new HashSet<string> { "j" }, T0, T0.AddMinutes(1), 10).Select(r => r.Id));
            Assert.Equal(["c"], store.GetRunning("j").Select(r => r.Id));
            Assert.Equal(["b"], store.Query("j", RunStatus.Succeeded, 10).Select(r => r.Id));
            Assert.Equal(["a"], store.Query(null, RunStatus.Pending, 10).Select(r => r.Id));
        }

        using var reopened = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = path });
        var runIndexes = reopened.GetCollection("$indexes").FindAll().Where(i => i["collection"] == "runs").Select(i => i["name"].AsString);
        Assert.Equal(["Open", "ScheduledUtc", "_id"], runIndexes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CompleteMany_WritesAnOutcomeOnce_WhenTheBatchHoldsItTwice()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        store.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var started = StartedCopy(store.ClaimDueFires(Claim(T0, "n", "j")).Single(), T0);
        Assert.Equal([true], store.WriteMany([new RunWrite(started, IsStart: true)]));
        var ended = started.Snapshot();
        ended.Status = RunStatus.Succeeded;
        ended.EndedUtc = T0.AddSeconds(1);

        Assert.Equal([true, false], store.CompleteMany([ended, ended.Snapshot()]));
        Assert.Equal(RunStatus.Succeeded, store.GetRun(started.Id)!.Status);
    }

    [Fact]
    public void Open_FailsWithTheFileName_WhenTheFileIsNotLiteDb()
    {
        var path = _dir.File("kairos.db");
        var garbage = Enumerable.Range(0, 20000).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(path, garbage);

        var error = Assert.Throws<StoreOpenException>(() => new LiteDbStore(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(garbage, File.ReadAllBytes(path));
    }

    [Fact]
    public void Open_FailsClearly_WhenAnotherProcessHoldsTheStore()
    {
        var path = _dir.File("kairos.db");
        using var first = new LiteDbStore(path);

        var error = Assert.Throws<StoreOpenException>(() => new LiteDbStore(path));

        Assert.Contains("in use by another Kairos process", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ApplyRetention_KeepsTheNewestPerJob_AndDropsOldOnes()
    {
        using var store = new LiteDbStore(_dir.File("kairos.db"));
        var records = Enumerable.Range(0, 10).Select(i => new RunRecord
        {
            Id = RunIds.New(T0.AddMinutes(i)), JobId = "j", TriggerKey = "default", ConcurrencyKey = "j",
            ScheduledUtc = T0.AddMinutes(i), NotBeforeUtc = T0.AddMinutes(i), EndedUtc = T0.AddMinutes(i), Status = RunStatus.Succeeded,
        }).ToList();
        store.Insert(records);

        var deleted = store.ApplyRetention(_ => (4, TimeSpan.FromDays(1)), T0.AddMinutes(10));

        Assert.Equal(6, deleted);
        Assert.Equal(records.Skip(6).Select(r => r.Id).Reverse(), store.Query("j", null, 100).Select(r => r.Id));
        Assert.Equal(4, store.ApplyRetention(_ => (100, TimeSpan.FromMinutes(1)), T0.AddDays(2)));
    }
}
