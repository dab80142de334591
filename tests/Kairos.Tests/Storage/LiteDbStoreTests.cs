using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Storage;

using static StoreDocuments;

public sealed class LiteDbStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClaimRequest Claim(DateTimeOffset now, string node, params string[] runnable) =>
        StoreDocuments.Claim(now, node, TimeSpan.FromMinutes(1), runnable);

    private static RunRecord StartedCopy(RunRecord pending, DateTimeOffset at)
    {
        return pending.Started("n", "v1", at, at.AddSeconds(30));
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

        var ended = started.Ended(RunStatus.Succeeded, T0.AddSeconds(1));
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
        var ended = started.Ended(RunStatus.Failed, T0.AddSeconds(1), "boom");

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
        var ended = started with { Status = RunStatus.Succeeded };

        Assert.Equal([false, false], store.WriteMany([new RunWrite(started, IsStart: true), new RunWrite(ended, IsStart: false)]));
        Assert.Equal([false], store.WriteMany([new RunWrite(ended, IsStart: false)]));
        Assert.Equal(("other", RunStatus.Running), (store.GetRun(pending.Id)!.Node, store.GetRun(pending.Id)!.Status));
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
        var ended = started.Ended(RunStatus.Succeeded, T0.AddSeconds(1));

        Assert.Equal([true, false], store.CompleteMany([ended, ended]));
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
}
