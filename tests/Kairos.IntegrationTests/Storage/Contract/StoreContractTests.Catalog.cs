using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for jobs, triggers and run history: reconcile, trigger upserts, earliest due, queries, retention.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void Reconcile_InsertsUpdatesAndLeavesAlone_NeverRecreating()
    {
        var a = TriggerSpec.Cron("a", "0 * * * *");
        var b = TriggerSpec.Cron("b", "0 0 * * *");

        var first = Catalog.Reconcile(Job("j"), [Trigger("j", a, T0), Trigger("j", b, T0)]);
        var same = OtherNode(1).Catalog.Reconcile(Job("j"), [Trigger("j", a, T0.AddHours(5)), Trigger("j", b, T0.AddHours(5))]);
        Assert.Equal(T0, Catalog.GetTriggers("j").Single(t => t.Spec.Key == "a").NextFireUtc);
        var changed = Catalog.Reconcile(Job("j"), [Trigger("j", a with { CronExpression = "30 * * * *" }, T0.AddMinutes(30))]);
        var dataOnly = Catalog.Reconcile(Job("j"), [Trigger("j", a with { CronExpression = "30 * * * *", DataJson = "{\"x\":1}" }, T0.AddHours(9))]);

        Assert.Equal(new ReconcileResult(true, 2, 0, 0), first);
        Assert.False(same.Changed);
        Assert.Equal(new ReconcileResult(false, 0, 1, 1), changed);
        Assert.Equal(new ReconcileResult(false, 0, 1, 0), dataOnly);
        var stored = Catalog.GetTriggers("j").Single();
        Assert.Equal(T0.AddMinutes(30), stored.NextFireUtc);
        Assert.Equal("{\"x\":1}", stored.Spec.DataJson);
    }

    [Fact]
    public void Reconcile_KeepsDynamicTriggersAndPauseState_AndUpdatesPolicies()
    {
        Catalog.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("a", "0 * * * *"), T0)]);
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("customer-1", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Catalog.SetPaused("j", new JobPause("maintenance", "test"), T0);
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Queue, Recovery = RecoveryPolicy.Rerun, Timeout = TimeSpan.FromSeconds(90) };

        var result = Catalog.Reconcile(Job("j", policies), []);

        Assert.True(result.JobChanged);
        Assert.Equal("customer-1", Catalog.GetTriggers("j").Single().Spec.Key);
        var job = Catalog.GetJob("j")!;
        Assert.True(job.Paused);
        Assert.Equal(policies, job.Policies);
        Assert.Equal(["j"], Catalog.GetJobs().Select(x => x.Id));
    }

    [Fact]
    public void UpsertTrigger_KeepsTheNextFire_WhenTheScheduleIsUnchanged_AndRemoveTriggerDeletes()
    {
        Catalog.Reconcile(Job("j"), []);
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("k", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Claims.ClaimDueFires(Claim(T0, "n", "j"));

        var again = Trigger("j", TriggerSpec.Cron("k", "0 * * * *") with { Priority = 3 }, T0.AddDays(1), TriggerOrigin.Dynamic);
        Catalog.UpsertTrigger(again);
        Assert.Equal(3, Catalog.GetTriggers("j").Single().Spec.Priority);
        Assert.Equal(T0.AddHours(1), Catalog.GetTriggers("j").Single().NextFireUtc);

        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("k", "30 * * * *"), T0.AddMinutes(30), TriggerOrigin.Dynamic));
        Assert.Equal(T0.AddMinutes(30), Catalog.GetTriggers("j").Single().NextFireUtc);

        Assert.True(Catalog.RemoveTrigger("j", "k"));
        Assert.False(Catalog.RemoveTrigger("j", "k"));
    }

    [Fact]
    public void UpsertTriggers_WritesEveryTriggerOfTheBatch_KeepingTheNextFireOfUnchangedSchedules()
    {
        Catalog.Reconcile(Job("j"), []);
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("kept", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Claims.ClaimDueFires(Claim(T0, "n", "j"));

        var batch = Enumerable.Range(0, 1200).Select(i => Trigger("j", TriggerSpec.Once($"once-{i}", T0.AddMinutes(i)), T0.AddMinutes(i), TriggerOrigin.Dynamic))
            .Append(Trigger("j", TriggerSpec.Cron("kept", "0 * * * *") with { Priority = 2 }, T0, TriggerOrigin.Dynamic))
            .ToList();
        Catalog.UpsertTriggers(batch);

        var stored = Catalog.GetTriggers("j").ToDictionary(t => t.Spec.Key);
        Assert.Equal(1201, stored.Count);
        Assert.Equal(T0.AddMinutes(1199), stored["once-1199"].NextFireUtc);
        Assert.Equal((T0.AddHours(1), 2), (stored["kept"].NextFireUtc, stored["kept"].Spec.Priority));
    }

    [Fact]
    public void UpsertTriggers_KeepsStoredFireTimes_WhenTheBatchInterleavesWithManyMoreStoredTriggers()
    {
        Catalog.Reconcile(Job("j"), []);
        var hourly = TriggerSpec.Cron("x", "0 * * * *");
        Catalog.UpsertTriggers([.. Enumerable.Range(0, 300).Select(i => Trigger("j", hourly with { Key = $"k{i:D3}" }, T0.AddHours(1), TriggerOrigin.Dynamic))]);

        // 40 triggers spanning the 300 stored ones: 20 of them stored (their schedule unchanged), 20 new between them.
        var batch = Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            Trigger("j", hourly with { Key = $"k{i * 15:D3}" }, T0.AddDays(1), TriggerOrigin.Dynamic),
            Trigger("j", hourly with { Key = $"k{i * 15:D3}-new" }, T0.AddDays(1), TriggerOrigin.Dynamic),
        }).ToList();
        Catalog.UpsertTriggers(batch);

        var stored = Catalog.GetTriggers("j").ToDictionary(t => t.Spec.Key);
        Assert.Equal(320, stored.Count);
        Assert.Equal(T0.AddHours(1), stored["k015"].NextFireUtc);
        Assert.Equal(T0.AddDays(1), stored["k015-new"].NextFireUtc);
        Assert.Equal(20, stored.Values.Count(t => t.NextFireUtc == T0.AddDays(1)));
    }

    [Fact]
    public void GetTriggers_OfAJob_LeavesOutJobsWhoseIdsShareItsPrefixOrDifferInCase()
    {
        foreach (var id in new[] { "j", "j0", "j.a", "j-1", "J", "ja" })
        {
            Catalog.Reconcile(Job(id), [Trigger(id, TriggerSpec.Cron("default", "* * * * *"), T0)]);
        }

        Assert.Equal(["j/default"], Catalog.GetTriggers("j").Select(t => t.Id));
        Assert.Equal(["J/default"], Catalog.GetTriggers("J").Select(t => t.Id));
        Assert.Equal(6, Catalog.GetJobs().Count);
    }

    [Fact]
    public void Triggers_WhoseKeysDifferOnlyInCase_AreTwoTriggers()
    {
        Catalog.Reconcile(Job("j"), []);
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("daily", "0 0 * * *"), T0.AddDays(1), TriggerOrigin.Dynamic));
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Cron("Daily", "0 12 * * *"), T0.AddHours(2), TriggerOrigin.Dynamic));

        var stored = Catalog.GetTriggers("j").OrderBy(t => t.Spec.Key, StringComparer.Ordinal).ToList();
        Assert.Equal([("Daily", "0 12 * * *"), ("daily", "0 0 * * *")], stored.Select(t => (t.Spec.Key, t.Spec.CronExpression!)));
        Assert.True(Catalog.RemoveTrigger("j", "Daily"));
        Assert.Equal("daily", Catalog.GetTriggers("j").Single().Spec.Key);
    }

    [Fact]
    public void GetEarliestDue_IsTheEarliestNextFire_AmongRunnableUnpausedJobs()
    {
        Catalog.Reconcile(Job("a"), [Trigger("a", TriggerSpec.Cron("default", "* * * * *"), T0.AddMinutes(5))]);
        Catalog.Reconcile(Job("b"), [Trigger("b", TriggerSpec.Cron("default", "* * * * *"), T0.AddMinutes(2))]);
        Catalog.Reconcile(Job("c"), [Trigger("c", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Catalog.SetPaused("c", new JobPause(null, "test"), T0);

        Assert.Equal(T0.AddMinutes(2), Claims.GetEarliestDue(new HashSet<string> { "a", "b", "c" }));
        Assert.Equal(T0.AddMinutes(5), Claims.GetEarliestDue(new HashSet<string> { "a" }));
        Assert.Null(Claims.GetEarliestDue(new HashSet<string> { "x" }));
    }

    [Fact]
    public void Insert_And_Query_RoundTripEveryField_NewestFirst()
    {
        var record = new RunRecord
        {
            Id = RunIds.New(T0), JobId = "j", TriggerKey = "t", ConcurrencyKey = "j/t", ScheduledUtc = T0.AddTicks(1234567),
            NotBeforeUtc = T0.AddSeconds(10), StartedUtc = T0.AddSeconds(11), EndedUtc = T0.AddSeconds(12), Status = RunStatus.Failed,
            Attempt = 2, Priority = 7, Node = "n", Version = "v9", DataJson = "{\"a\":[1,2]}", ErrorType = "System.Exception",
            ErrorMessage = "boom", ErrorStack = "at X", Log = ["a", "b"], Fence = 0,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", TraceState = "congo=t61rcWkgMzE",
            Origin = RunOrigin.RunOnce,
        };
        var older = new RunRecord
        {
            Id = RunIds.New(T0.AddSeconds(-5)), JobId = "j", TriggerKey = "t", ConcurrencyKey = "j/t", ScheduledUtc = T0.AddSeconds(-5),
            NotBeforeUtc = T0.AddSeconds(-5), Status = RunStatus.Succeeded,
        };
        Recorder.Insert([record, older]);

        var back = OtherNode(1).Runs.GetRun(record.Id)!;
        Assert.Equal(T0.AddTicks(1234567).UtcTicks / 10_000, back.ScheduledUtc.UtcTicks / 10_000);
        Assert.Equal((record.JobId, record.TriggerKey, record.ConcurrencyKey, record.NotBeforeUtc, record.StartedUtc, record.EndedUtc),
            (back.JobId, back.TriggerKey, back.ConcurrencyKey, back.NotBeforeUtc, back.StartedUtc, back.EndedUtc));
        Assert.Equal((record.Status, record.Attempt, record.Priority, record.Node, record.Version, record.DataJson),
            (back.Status, back.Attempt, back.Priority, back.Node, back.Version, back.DataJson));
        Assert.Equal((record.ErrorType, record.ErrorMessage, record.ErrorStack), (back.ErrorType, back.ErrorMessage, back.ErrorStack));
        Assert.Equal(record.Log, back.Log);
        Assert.Equal((record.TraceParent, record.TraceState), (back.TraceParent, back.TraceState));
        Assert.Equal((RunOrigin.RunOnce, RunOrigin.Trigger), (back.Origin, OtherNode(1).Runs.GetRun(older.Id)!.Origin));
        Assert.Equal([record.Id, older.Id], Runs.Query("j", null, 10).Select(r => r.Id));
        Assert.Equal([older.Id], Runs.Query(null, RunStatus.Succeeded, 10).Select(r => r.Id));
        Assert.Single(Runs.Query(null, null, 1));
        Assert.Empty(Runs.Query("other", null, 10));
        Assert.Null(Runs.GetRun("missing"));
    }

    [Fact]
    public void ApplyRetention_KeepsTheNewestPerJob_DropsOldOnes_AndNeverTouchesOpenRuns()
    {
        var records = Enumerable.Range(0, 10).Select(i => new RunRecord
        {
            Id = RunIds.New(T0.AddMinutes(i)), JobId = "j", TriggerKey = "default", ConcurrencyKey = "j",
            ScheduledUtc = T0.AddMinutes(i), NotBeforeUtc = T0.AddMinutes(i), EndedUtc = T0.AddMinutes(i), Status = RunStatus.Succeeded,
        }).ToList();
        var open = new RunRecord
        {
            Id = RunIds.New(T0.AddMinutes(-100)), JobId = "j", TriggerKey = "default", ConcurrencyKey = "j",
            ScheduledUtc = T0.AddMinutes(-100), NotBeforeUtc = T0.AddMinutes(-100), Status = RunStatus.Pending,
        };
        var other = new RunRecord
        {
            Id = RunIds.New(T0), JobId = "k", TriggerKey = "default", ConcurrencyKey = "k",
            ScheduledUtc = T0, NotBeforeUtc = T0, EndedUtc = T0, Status = RunStatus.Failed,
        };
        Recorder.Insert([.. records, open, other]);

        var deleted = Runs.ApplyRetention(job => job == "j" ? (4, TimeSpan.FromDays(1)) : (100, TimeSpan.FromDays(1)), T0.AddMinutes(10));

        Assert.Equal(6, deleted);
        Assert.Equal(records.Skip(6).Select(r => r.Id).Reverse().Append(open.Id), Runs.Query("j", null, 100).Select(r => r.Id));
        Assert.Single(Runs.Query("k", null, 100));
        Assert.Equal(5, Runs.ApplyRetention(_ => (100, TimeSpan.FromMinutes(1)), T0.AddDays(2)));
        Assert.Equal(open.Id, Assert.Single(Runs.Query(null, null, 100)).Id);
    }
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RemoveJob_DeletesTheJobItsTriggersAndUnendedRuns_AndItsHistoryOnlyWhenAsked(bool deleteHistory)
    {
        Catalog.Reconcile(Job("gone"), [Trigger("gone", TriggerSpec.Cron("a", "* * * * *"), T0)]);
        Catalog.UpsertTrigger(Trigger("gone", TriggerSpec.Cron("customer-1", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Catalog.Reconcile(Job("other"), [Trigger("other", TriggerSpec.Cron("a", "* * * * *"), T0)]);
        RunRecord Run(string job, int minute, RunStatus status) => new()
        {
            Id = RunIds.New(T0.AddMinutes(minute)), JobId = job, TriggerKey = "a", ConcurrencyKey = job,
            ScheduledUtc = T0.AddMinutes(minute), NotBeforeUtc = T0.AddMinutes(minute), Status = status,
            EndedUtc = status.IsTerminal() ? T0.AddMinutes(minute) : null,
        };
        var ended = new[] { Run("gone", 0, RunStatus.Succeeded), Run("gone", 1, RunStatus.Failed) };
        var other = Run("other", 0, RunStatus.Succeeded);
        Recorder.Insert([.. ended, Run("gone", 2, RunStatus.Pending), Run("gone", 3, RunStatus.WaitingForHandler), other]);

        var removed = OtherNode(1).Catalog.RemoveJob("gone", deleteHistory);

        Assert.Equal(new JobRemoval(2, 2, deleteHistory ? 2 : 0), removed);
        Assert.Null(Catalog.GetJob("gone"));
        Assert.Equal(["other"], Catalog.GetJobs().Select(j => j.Id));
        Assert.Empty(Catalog.GetTriggers("gone"));
        Assert.Single(Catalog.GetTriggers("other"));
        Assert.Equal(deleteHistory ? Array.Empty<string>() : ended.Select(r => r.Id).Reverse().ToArray(), Runs.Query("gone", null, 100).Select(r => r.Id));
        Assert.Equal(other.Id, Assert.Single(Runs.Query("other", null, 100)).Id);
        Assert.Null(Catalog.RemoveJob("gone", deleteHistory));

        // Declared again later, it is a new job.
        Assert.True(Catalog.Reconcile(Job("gone"), [Trigger("gone", TriggerSpec.Cron("a", "* * * * *"), T0.AddHours(1))]).JobChanged);
        Assert.Equal(T0.AddHours(1), Catalog.GetTriggers("gone").Single().NextFireUtc);
    }
}
