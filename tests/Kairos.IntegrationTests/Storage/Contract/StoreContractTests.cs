using System.Collections.Concurrent;
using Kairos.Host.Catalog;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract, run against every store (LiteDB and PostgreSQL derive from this class). Instants are synthetic:
/// the contract takes them from the caller, so no test waits on a clock.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The store as the test's first node uses it.</summary>
    internal abstract StoreUnderTest Store { get; }

    /// <summary>
    /// The store as another node uses it: for a store several processes share (PostgreSQL), a separate instance with its
    /// own connections; for a single-process store (LiteDB), the same instance.
    /// </summary>
    internal abstract StoreUnderTest OtherNode(int index);

    public abstract void Dispose();

    private IJobStore Jobs => Store.Jobs;

    private ITriggerStore Triggers => Store.Triggers;

    private IRunStore Runs => Store.Runs;

    internal static StoredJob Job(string id, JobPolicies? policies = null) =>
        new() { Id = id, Source = "app", Version = "1", Policies = policies ?? JobPolicies.Default, UpdatedUtc = T0 };

    internal static StoredTrigger Trigger(string jobId, TriggerSpec spec, DateTimeOffset? next, string origin = TriggerOrigin.Declared) => new()
    {
        Id = StoredTrigger.MakeId(jobId, spec.Key), JobId = jobId, Spec = spec, Origin = origin, NextFireUtc = next,
    };

    internal static ClaimRequest Claim(DateTimeOffset now, string node, params string[] runnable) => Claim(now, node, TimeSpan.FromMinutes(1), 100, runnable);

    internal static ClaimRequest Claim(DateTimeOffset now, string node, TimeSpan threshold, int fireAllCap, params string[] runnable) => new(
        now, runnable.ToHashSet(), node, now.AddSeconds(30), 512, _ => JobPolicies.Default,
        new FirePlanner(new TriggerSchedule(), threshold, fireAllCap));

    private void EverySecond(string jobId, DateTimeOffset first, string key = "default") =>
        Jobs.Reconcile(Job(jobId), [Trigger(jobId, TriggerSpec.Cron(key, "* * * * * *"), first)]);

    [Fact]
    public void ClaimDueFires_ClaimsEachFireExactlyOnce_WhenManyNodesRace()
    {
        const int Jobs = 100;
        const int Seconds = 10;
        for (var i = 0; i < Jobs; i++)
        {
            EverySecond($"job-{i}", T0);
        }
        var runnable = Enumerable.Range(0, Jobs).Select(i => $"job-{i}").ToArray();
        var claimed = new ConcurrentBag<RunRecord>();
        using var go = new Barrier(8);

        // 8 claimers on 4 nodes, each sweeping the same 10 seconds of fires.
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, claimer =>
        {
            var node = OtherNode(claimer % 4);
            go.SignalAndWait();
            for (var s = 0; s < Seconds; s++)
            {
                foreach (var run in node.Runs.ClaimDueFires(Claim(T0.AddSeconds(s), $"node-{claimer}", runnable)))
                {
                    claimed.Add(run);
                }
            }
        });

        var fires = claimed.Select(r => (r.JobId, r.ScheduledUtc)).ToList();
        Assert.Equal(Jobs * Seconds, fires.Count);
        Assert.Equal(fires.Count, fires.Distinct().Count());
        var stored = Runs.Query(null, null, 100_000);
        Assert.Equal(Jobs * Seconds, stored.Count);
        Assert.All(stored, r => Assert.Equal(RunStatus.Pending, r.Status));
        Assert.Equal(stored.Count, stored.Select(r => (r.JobId, r.ScheduledUtc)).Distinct().Count());
        Assert.All(Triggers.GetTriggers(), t => Assert.Equal(T0.AddSeconds(Seconds), t.NextFireUtc));
    }

    [Fact]
    public void ClaimDueFires_AdvancesTheTrigger_AndWritesOnePendingRecordPerFire_OwnedByTheNode()
    {
        EverySecond("j", T0);

        var runs = Runs.ClaimDueFires(Claim(T0.AddSeconds(2), "node-a", "j"));

        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(2)], runs.Select(r => r.ScheduledUtc));
        var stored = Runs.GetRun(runs[0].Id)!;
        Assert.Equal(RunStatus.Pending, stored.Status);
        Assert.Equal("node-a", stored.Node);
        Assert.Equal(T0.AddSeconds(32), stored.LeaseExpiresUtc);
        Assert.Equal("j", stored.ConcurrencyKey);
        var trigger = Triggers.GetTriggers("j").Single();
        Assert.Equal(T0.AddSeconds(3), trigger.NextFireUtc);
        Assert.Equal(T0.AddSeconds(2), trigger.LastFireUtc);
        Assert.Empty(Runs.ClaimDueFires(Claim(T0.AddSeconds(2.5), "node-b", "j")));
    }

    [Theory]
    [InlineData(MisfirePolicy.FireOnce, 1, 8)]
    [InlineData(MisfirePolicy.Skip, 0, 9)]
    [InlineData(MisfirePolicy.FireAll, 4, 5)]
    public void ClaimDueFires_PlansMissedFires_ByTheTriggersMisfirePolicy(MisfirePolicy policy, int late, int misfired)
    {
        var spec = TriggerSpec.Cron("default", "* * * * *") with { Misfire = policy };
        Jobs.Reconcile(Job("j"), [Trigger("j", spec, T0)]);

        // Ten minutes down, threshold one minute (at most that late is on time), FireAll capped at 4:
        // the fires at 0..8 min are late, those at 9 and 10 min on time.
        var runs = Runs.ClaimDueFires(Claim(T0.AddMinutes(10), "n", TimeSpan.FromMinutes(1), 4, "j"));

        Assert.Equal(late + 2, runs.Count);
        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(10)], runs.TakeLast(2).Select(r => r.ScheduledUtc));
        var recorded = Runs.Query("j", RunStatus.Misfired, 100);
        Assert.Equal(misfired, recorded.Count);
        Assert.All(recorded, r => Assert.Contains(policy.ToString(), r.ErrorMessage));
        Assert.Equal(runs.Count + misfired, runs.Select(r => r.ScheduledUtc).Concat(recorded.Select(r => r.ScheduledUtc)).Distinct().Count());
        Assert.Equal(T0.AddMinutes(11), Triggers.GetTriggers("j").Single().NextFireUtc);
        if (policy == MisfirePolicy.FireOnce)
        {
            Assert.Equal(T0.AddMinutes(8), runs[0].ScheduledUtc);
        }
    }

    [Fact]
    public void ClaimDueFires_LeavesTheFireDue_WhenNoNodeCanRunTheJob_AndReusesTheWaitingRecordLater()
    {
        Jobs.Reconcile(Job("orphan"), [Trigger("orphan", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Empty(Runs.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "other")));
        Assert.Equal(1, Runs.MarkWaitingForHandler(new HashSet<string> { "other" }, T0.AddSeconds(1)));
        Assert.Equal(0, OtherNode(1).Runs.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(2)));
        Assert.Equal(T0, Triggers.GetTriggers("orphan").Single().NextFireUtc);
        var waiting = Assert.Single(Runs.Query("orphan", RunStatus.WaitingForHandler, 10));
        Assert.Equal(T0, waiting.ScheduledUtc);

        // The job comes back on another node: the waiting record becomes the run, with the same id.
        var run = Assert.Single(OtherNode(1).Runs.ClaimDueFires(Claim(T0.AddSeconds(3), "n2", "orphan")));
        Assert.Equal(waiting.Id, run.Id);
        Assert.Equal(T0, run.ScheduledUtc);
        Assert.Empty(Runs.Query("orphan", RunStatus.WaitingForHandler, 10));
        Assert.Equal(RunStatus.Pending, Assert.Single(Runs.Query("orphan", null, 10)).Status);
    }

    [Fact]
    public void ClaimDueFires_ClaimsNothing_WhileTheJobIsPaused_AndCatchesUpByMisfirePolicyOnResume()
    {
        Jobs.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Assert.True(Jobs.SetPaused("j", true, "maintenance", T0));

        Assert.Empty(Runs.ClaimDueFires(Claim(T0.AddMinutes(5), "n", "j")));
        Assert.Equal(0, Runs.MarkWaitingForHandler(new HashSet<string>(), T0.AddMinutes(5)));
        Assert.Null(Triggers.GetEarliestDue(new HashSet<string> { "j" }));
        Assert.Equal("maintenance", Jobs.GetJob("j")!.PauseReason);

        Assert.True(OtherNode(1).Jobs.SetPaused("j", false, null, T0.AddMinutes(5)));
        Assert.Equal(T0, Triggers.GetEarliestDue(new HashSet<string> { "j" }));
        var runs = Runs.ClaimDueFires(Claim(T0.AddMinutes(5), "n", "j"));

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4), T0.AddMinutes(5)], runs.Select(r => r.ScheduledUtc));
        Assert.Equal(3, Runs.Query("j", RunStatus.Misfired, 10).Count);
        Assert.Null(Jobs.GetJob("j")!.PauseReason);
        Assert.False(Jobs.SetPaused("missing", true, null, T0));
    }

    [Fact]
    public void ClaimDueFires_DeletesADynamicTrigger_WhenItWillNeverFireAgain()
    {
        Jobs.Reconcile(Job("j"), []);
        Triggers.UpsertTrigger(Trigger("j", TriggerSpec.Once("once", T0), T0, TriggerOrigin.Dynamic));

        var run = Assert.Single(Runs.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "j")));

        Assert.Equal("once", run.TriggerKey);
        Assert.Empty(Triggers.GetTriggers("j"));
    }

    [Fact]
    public void TryStart_RefusesBeyondTheLimit_PerConcurrencyKey()
    {
        EverySecond("j", T0);
        var runs = Runs.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));

        Assert.Equal(3, runs.Count);
        Assert.Equal(StartResult.Started, Runs.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out var first));
        Assert.Equal(StartResult.Started, OtherNode(1).Runs.TryStart(runs[1].Id, "n2", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Busy, Runs.TryStart(runs[2].Id, "n", "v", T0, T0.AddMinutes(1), 2, out var none));
        Assert.Null(none);
        Assert.Equal(StartResult.Gone, Runs.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Gone, Runs.TryStart("no-such-run", "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(2, Runs.GetRunning("j").Count);
        Assert.Equal(RunStatus.Running, first!.Status);
        Assert.Equal("v", first.Version);
        Assert.Equal(T0, first.StartedUtc);

        first.Status = RunStatus.Succeeded;
        first.EndedUtc = T0.AddSeconds(1);
        Assert.True(Runs.Complete(first));
        Assert.Equal(StartResult.Started, Runs.TryStart(runs[2].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
    }

    [Fact]
    public void TryStart_NeverExceedsTheLimit_WhenNodesStartRunsOfOneKeyAtOnce()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 3 };
        Jobs.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var runs = Runs.ClaimDueFires(Claim(T0.AddSeconds(39), "n", "j"));
        Assert.Equal(40, runs.Count);
        var started = new ConcurrentBag<string>();
        using var go = new Barrier(8);

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var node = OtherNode(worker % 4);
            go.SignalAndWait();
            foreach (var run in runs.Skip(worker * 5).Take(5))
            {
                if (node.Runs.TryStart(run.Id, $"node-{worker}", "v", T0, T0.AddMinutes(1), 3, out _) == StartResult.Started)
                {
                    started.Add(run.Id);
                }
            }
        });

        Assert.Equal(3, started.Count);
        Assert.Equal(3, Runs.GetRunning("j").Count);
    }

    [Fact]
    public void TryStartMany_HoldsEachKeysLimit_WithinTheBatchAndAcrossNodes()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 2 };
        Jobs.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        Jobs.Reconcile(Job("k"), [Trigger("k", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var j = Runs.ClaimDueFires(Claim(T0.AddSeconds(29), "n", "j"));
        var k = Runs.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "k"));

        var results = Runs.TryStartMany(
            [.. j.Take(3).Select(r => new StartRequest(r.Id, "v", 2)), new StartRequest(k[0].Id, "v", 1), new StartRequest(k[1].Id, "v", 1), new StartRequest("missing", "v", 1)],
            "n", T0, T0.AddMinutes(1));

        Assert.Equal([StartResult.Started, StartResult.Started, StartResult.Busy, StartResult.Started, StartResult.Busy, StartResult.Gone], results.Select(r => r.Result));
        Assert.All(results.Take(2), r => Assert.Equal(RunStatus.Running, r.Started!.Status));
        Assert.Null(results[2].Started);

        var started = new ConcurrentBag<string>();
        using var go = new Barrier(4);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var node = OtherNode(worker);
            go.SignalAndWait();
            var mine = j.Skip(3 + worker * 6).Take(6).Select(r => new StartRequest(r.Id, "v", 3)).ToList();
            foreach (var (result, run) in node.Runs.TryStartMany(mine, $"node-{worker}", T0, T0.AddMinutes(1)))
            {
                if (result == StartResult.Started)
                {
                    started.Add(run!.Id);
                }
            }
        });
        Assert.Single(started);
        Assert.Equal(3, Runs.GetRunning("j").Count);
    }

    [Fact]
    public void RequestCancellation_MarksTheKeysRunningRunsOnOtherNodesOnce_AndTheirOwnerFindsThemUntilTheyEnd()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 3 };
        Jobs.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var claimed = Runs.ClaimDueFires(Claim(T0.AddSeconds(2), "owner", "j"));
        Runs.TryStart(claimed[0].Id, "owner", "v", T0, T0.AddMinutes(1), 3, out var onOwner);
        OtherNode(1).Runs.TryStart(claimed[1].Id, "replacer", "v", T0, T0.AddMinutes(1), 3, out var onReplacer);

        var requested = OtherNode(1).Runs.RequestCancellation("j", "replacer", T0.AddSeconds(5));

        Assert.Equal([(onOwner!.Id, "owner")], requested.Select(r => (r.Id, r.Node)));
        Assert.Empty(OtherNode(1).Runs.RequestCancellation("j", "replacer", T0.AddSeconds(6)));
        Assert.Empty(OtherNode(2).Runs.RequestCancellation("other-key", "replacer", T0.AddSeconds(6)));
        Assert.Equal(T0.AddSeconds(5), Runs.GetRun(onOwner.Id)!.CancelRequestedUtc);
        Assert.Null(Runs.GetRun(onReplacer!.Id)!.CancelRequestedUtc);
        Assert.Null(Runs.GetRun(claimed[2].Id)!.CancelRequestedUtc);
        Assert.Equal([onOwner.Id], Runs.GetCancellationRequests("owner", [onOwner.Id, claimed[2].Id]));
        Assert.Empty(OtherNode(1).Runs.GetCancellationRequests("replacer", [onReplacer.Id, onOwner.Id]));
        Assert.Empty(Runs.GetCancellationRequests("owner", []));

        onOwner.Status = RunStatus.Cancelled;
        onOwner.EndedUtc = T0.AddSeconds(6);
        Assert.True(Runs.Complete(onOwner));

        Assert.Empty(Runs.GetCancellationRequests("owner", [onOwner.Id]));
        Assert.Equal(T0.AddSeconds(5), Runs.GetRun(onOwner.Id)!.CancelRequestedUtc);
        Assert.Equal(RunStatus.Cancelled, Runs.GetRun(onOwner.Id)!.Status);
    }

    [Fact]
    public void CompleteMany_WritesEachOutcome_OnlyWithItsCurrentFence()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 5 };
        Jobs.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var claimed = Runs.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));
        var started = Runs.TryStartMany([.. claimed.Select(r => new StartRequest(r.Id, "v", 5))], "n", T0, T0.AddMinutes(1)).Select(r => r.Started!).ToList();
        foreach (var run in started)
        {
            run.Status = RunStatus.Succeeded;
            run.EndedUtc = T0.AddSeconds(5);
        }
        started[1].Fence--;

        var written = OtherNode(1).Runs.CompleteMany(started);

        Assert.Equal([true, false, true], written);
        Assert.Equal([RunStatus.Succeeded, RunStatus.Running, RunStatus.Succeeded], started.Select(r => Runs.GetRun(r.Id)!.Status));
        Assert.Empty(Runs.CompleteMany([]));
    }

    [Fact]
    public void Complete_WritesTheOutcome_OnlyWithTheFenceOfTheCurrentStart()
    {
        EverySecond("j", T0);
        var run = Runs.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Runs.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out var started);
        Assert.True(started!.Fence > run.Fence);

        var stale = Runs.GetRun(run.Id)!;
        stale.Fence--;
        stale.Status = RunStatus.Failed;
        Assert.False(OtherNode(1).Runs.Complete(stale));

        started.Status = RunStatus.Succeeded;
        started.EndedUtc = T0.AddSeconds(2);
        started.Log = ["line 1", "line 2"];
        Assert.True(Runs.Complete(started));
        var stored = Runs.GetRun(run.Id)!;
        Assert.Equal(RunStatus.Succeeded, stored.Status);
        Assert.Equal(["line 1", "line 2"], stored.Log);
        Assert.Null(stored.LeaseExpiresUtc);

        // A terminal outcome is final, whatever the fence.
        started.Status = RunStatus.Failed;
        Assert.False(Runs.Complete(started));
        Assert.Equal(RunStatus.Succeeded, Runs.GetRun(run.Id)!.Status);
    }

    [Fact]
    public void Complete_RefusesAnOutcome_WhenTheRunWasInterruptedMeanwhile()
    {
        EverySecond("j", T0);
        var run = Runs.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Runs.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out var started);
        Assert.Single(OtherNode(1).Runs.ExpireLeases(T0.AddMinutes(5)));

        started!.Status = RunStatus.Succeeded;
        Assert.False(Runs.Complete(started));
        Assert.Equal(RunStatus.Interrupted, Runs.GetRun(run.Id)!.Status);
    }

    [Fact]
    public void ExpireLeases_InterruptsRunningRuns_OnlyAfterTheirLeaseExpired_AndOnlyOnce()
    {
        EverySecond("j", T0);
        var run = Runs.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Assert.Equal(StartResult.Started, Runs.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _));

        Assert.Empty(Runs.ExpireLeases(T0.AddSeconds(29)));
        Runs.RenewLeases("n", [run.Id], T0.AddSeconds(60));
        Assert.Empty(Runs.ExpireLeases(T0.AddSeconds(59)));
        var interrupted = new ConcurrentBag<RunRecord>();
        Parallel.For(0, 4, i =>
        {
            foreach (var r in OtherNode(i).Runs.ExpireLeases(T0.AddSeconds(61)))
            {
                interrupted.Add(r);
            }
        });

        var single = Assert.Single(interrupted);
        Assert.Equal(run.Id, single.Id);
        var stored = Runs.GetRun(run.Id)!;
        Assert.Equal(RunStatus.Interrupted, stored.Status);
        Assert.Contains("lease", stored.ErrorMessage);
        Assert.Equal(T0.AddSeconds(61), stored.EndedUtc);
    }

    [Fact]
    public void RenewLeases_TouchesOnlyTheNodesOwnOpenRuns()
    {
        EverySecond("j", T0);
        var run = Runs.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Runs.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _);

        Runs.RenewLeases("someone-else", [run.Id], T0.AddHours(1));

        Assert.Equal(T0.AddSeconds(30), Runs.GetRun(run.Id)!.LeaseExpiresUtc);
    }

    [Fact]
    public void ExpireLeases_ReleasesPendingRunsOfALostNode_SoAnotherNodeAdoptsThem()
    {
        EverySecond("j", T0);
        var run = OtherNode(2).Runs.ClaimDueFires(Claim(T0, "lost", "j")).Single();

        Assert.Empty(OtherNode(1).Runs.GetPendingRuns("other", new HashSet<string> { "j" }, T0.AddSeconds(1), T0.AddSeconds(31), 10));
        Assert.Empty(Runs.ExpireLeases(T0.AddSeconds(31)));
        var adopted = Assert.Single(OtherNode(1).Runs.GetPendingRuns("other", new HashSet<string> { "j" }, T0.AddSeconds(31), T0.AddSeconds(61), 10));

        Assert.Equal(run.Id, adopted.Id);
        Assert.Equal("other", Runs.GetRun(run.Id)!.Node);
        Assert.Equal(T0.AddSeconds(61), Runs.GetRun(run.Id)!.LeaseExpiresUtc);
        Assert.Empty(Runs.GetPendingRuns("lost", new HashSet<string> { "j" }, T0.AddSeconds(32), T0.AddSeconds(62), 10));
    }

    [Fact]
    public void GetPendingRuns_ReturnsUnownedRunsThatAreDue_HighestPriorityFirst()
    {
        Jobs.Reconcile(Job("j"), []);
        RunRecord Pending(string id, int priority, DateTimeOffset notBefore) => new()
        {
            Id = id, JobId = "j", TriggerKey = "manual", ConcurrencyKey = "j", ScheduledUtc = T0, NotBeforeUtc = notBefore,
            Status = RunStatus.Pending, Priority = priority,
        };
        Runs.Insert([Pending("low", 0, T0), Pending("high", 5, T0.AddSeconds(1)), Pending("later", 9, T0.AddMinutes(1))]);

        var ready = OtherNode(1).Runs.GetPendingRuns("n", new HashSet<string> { "j" }, T0.AddSeconds(2), T0.AddSeconds(32), 10);

        Assert.Equal(["high", "low"], ready.Select(r => r.Id));
        Assert.Empty(Runs.GetPendingRuns("n", new HashSet<string> { "other" }, T0.AddMinutes(2), T0.AddMinutes(3), 10));
    }

    [Fact]
    public void Reconcile_InsertsUpdatesAndLeavesAlone_NeverRecreating()
    {
        var a = TriggerSpec.Cron("a", "0 * * * *");
        var b = TriggerSpec.Cron("b", "0 0 * * *");

        var first = Jobs.Reconcile(Job("j"), [Trigger("j", a, T0), Trigger("j", b, T0)]);
        var same = OtherNode(1).Jobs.Reconcile(Job("j"), [Trigger("j", a, T0.AddHours(5)), Trigger("j", b, T0.AddHours(5))]);
        Assert.Equal(T0, Triggers.GetTriggers("j").Single(t => t.Spec.Key == "a").NextFireUtc);
        var changed = Jobs.Reconcile(Job("j"), [Trigger("j", a with { CronExpression = "30 * * * *" }, T0.AddMinutes(30))]);
        var dataOnly = Jobs.Reconcile(Job("j"), [Trigger("j", a with { CronExpression = "30 * * * *", DataJson = "{\"x\":1}" }, T0.AddHours(9))]);

        Assert.Equal(new ReconcileResult(true, 2, 0, 0), first);
        Assert.False(same.Changed);
        Assert.Equal(new ReconcileResult(false, 0, 1, 1), changed);
        Assert.Equal(new ReconcileResult(false, 0, 1, 0), dataOnly);
        var stored = Triggers.GetTriggers("j").Single();
        Assert.Equal(T0.AddMinutes(30), stored.NextFireUtc);
        Assert.Equal("{\"x\":1}", stored.Spec.DataJson);
    }

    [Fact]
    public void Reconcile_KeepsDynamicTriggersAndPauseState_AndUpdatesPolicies()
    {
        Jobs.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("a", "0 * * * *"), T0)]);
        Triggers.UpsertTrigger(Trigger("j", TriggerSpec.Cron("customer-1", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Jobs.SetPaused("j", true, "maintenance", T0);
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Queue, Recovery = RecoveryPolicy.Rerun, Timeout = TimeSpan.FromSeconds(90) };

        var result = Jobs.Reconcile(Job("j", policies), []);

        Assert.True(result.JobChanged);
        Assert.Equal("customer-1", Triggers.GetTriggers("j").Single().Spec.Key);
        var job = Jobs.GetJob("j")!;
        Assert.True(job.Paused);
        Assert.Equal(policies, job.Policies);
        Assert.Equal(["j"], Jobs.GetJobs().Select(x => x.Id));
    }

    [Fact]
    public void UpsertTrigger_KeepsTheNextFire_WhenTheScheduleIsUnchanged_AndRemoveTriggerDeletes()
    {
        Jobs.Reconcile(Job("j"), []);
        Triggers.UpsertTrigger(Trigger("j", TriggerSpec.Cron("k", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Runs.ClaimDueFires(Claim(T0, "n", "j"));

        var again = Trigger("j", TriggerSpec.Cron("k", "0 * * * *") with { Priority = 3 }, T0.AddDays(1), TriggerOrigin.Dynamic);
        Triggers.UpsertTrigger(again);
        Assert.Equal(T0.AddHours(1), again.NextFireUtc);
        Assert.Equal(3, Triggers.GetTriggers("j").Single().Spec.Priority);
        Assert.Equal(T0.AddHours(1), Triggers.GetTriggers("j").Single().NextFireUtc);

        Triggers.UpsertTrigger(Trigger("j", TriggerSpec.Cron("k", "30 * * * *"), T0.AddMinutes(30), TriggerOrigin.Dynamic));
        Assert.Equal(T0.AddMinutes(30), Triggers.GetTriggers("j").Single().NextFireUtc);

        Assert.True(Triggers.RemoveTrigger("j", "k"));
        Assert.False(Triggers.RemoveTrigger("j", "k"));
    }

    [Fact]
    public void UpsertTriggers_WritesEveryTriggerOfTheBatch_KeepingTheNextFireOfUnchangedSchedules()
    {
        Jobs.Reconcile(Job("j"), []);
        Triggers.UpsertTrigger(Trigger("j", TriggerSpec.Cron("kept", "0 * * * *"), T0, TriggerOrigin.Dynamic));
        Runs.ClaimDueFires(Claim(T0, "n", "j"));

        var batch = Enumerable.Range(0, 1200).Select(i => Trigger("j", TriggerSpec.Once($"once-{i}", T0.AddMinutes(i)), T0.AddMinutes(i), TriggerOrigin.Dynamic))
            .Append(Trigger("j", TriggerSpec.Cron("kept", "0 * * * *") with { Priority = 2 }, T0, TriggerOrigin.Dynamic))
            .ToList();
        Triggers.UpsertTriggers(batch);

        var stored = Triggers.GetTriggers("j").ToDictionary(t => t.Spec.Key);
        Assert.Equal(1201, stored.Count);
        Assert.Equal(T0.AddMinutes(1199), stored["once-1199"].NextFireUtc);
        Assert.Equal((T0.AddHours(1), 2), (stored["kept"].NextFireUtc, stored["kept"].Spec.Priority));
    }

    [Fact]
    public void GetEarliestDue_IsTheEarliestNextFire_AmongRunnableUnpausedJobs()
    {
        Jobs.Reconcile(Job("a"), [Trigger("a", TriggerSpec.Cron("default", "* * * * *"), T0.AddMinutes(5))]);
        Jobs.Reconcile(Job("b"), [Trigger("b", TriggerSpec.Cron("default", "* * * * *"), T0.AddMinutes(2))]);
        Jobs.Reconcile(Job("c"), [Trigger("c", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Jobs.SetPaused("c", true, null, T0);

        Assert.Equal(T0.AddMinutes(2), Triggers.GetEarliestDue(new HashSet<string> { "a", "b", "c" }));
        Assert.Equal(T0.AddMinutes(5), Triggers.GetEarliestDue(new HashSet<string> { "a" }));
        Assert.Null(Triggers.GetEarliestDue(new HashSet<string> { "x" }));
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
        };
        var older = new RunRecord
        {
            Id = RunIds.New(T0.AddSeconds(-5)), JobId = "j", TriggerKey = "t", ConcurrencyKey = "j/t", ScheduledUtc = T0.AddSeconds(-5),
            NotBeforeUtc = T0.AddSeconds(-5), Status = RunStatus.Succeeded,
        };
        Runs.Insert([record, older]);

        var back = OtherNode(1).Runs.GetRun(record.Id)!;
        Assert.Equal(T0.AddTicks(1234567).UtcTicks / 10_000, back.ScheduledUtc.UtcTicks / 10_000);
        Assert.Equal((record.JobId, record.TriggerKey, record.ConcurrencyKey, record.NotBeforeUtc, record.StartedUtc, record.EndedUtc),
            (back.JobId, back.TriggerKey, back.ConcurrencyKey, back.NotBeforeUtc, back.StartedUtc, back.EndedUtc));
        Assert.Equal((record.Status, record.Attempt, record.Priority, record.Node, record.Version, record.DataJson),
            (back.Status, back.Attempt, back.Priority, back.Node, back.Version, back.DataJson));
        Assert.Equal((record.ErrorType, record.ErrorMessage, record.ErrorStack), (back.ErrorType, back.ErrorMessage, back.ErrorStack));
        Assert.Equal(record.Log, back.Log);
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
        Runs.Insert([.. records, open, other]);

        var deleted = Runs.ApplyRetention(job => job == "j" ? (4, TimeSpan.FromDays(1)) : (100, TimeSpan.FromDays(1)), T0.AddMinutes(10));

        Assert.Equal(6, deleted);
        Assert.Equal(records.Skip(6).Select(r => r.Id).Reverse().Append(open.Id), Runs.Query("j", null, 100).Select(r => r.Id));
        Assert.Single(Runs.Query("k", null, 100));
        Assert.Equal(5, Runs.ApplyRetention(_ => (100, TimeSpan.FromMinutes(1)), T0.AddDays(2)));
        Assert.Equal(open.Id, Assert.Single(Runs.Query(null, null, 100)).Id);
    }
}
