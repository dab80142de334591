using System.Collections.Concurrent;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for runs: starts under concurrency limits, cancellation, outcomes, leases, pending runs.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void TryStart_RefusesBeyondTheLimit_PerConcurrencyKey()
    {
        EverySecond("j", T0);
        var runs = Claims.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));

        Assert.Equal(3, runs.Count);
        Assert.Equal(StartResult.Started, Recorder.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out var first));
        Assert.Equal(StartResult.Started, OtherNode(1).Recorder.TryStart(runs[1].Id, "n2", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Busy, Recorder.TryStart(runs[2].Id, "n", "v", T0, T0.AddMinutes(1), 2, out var none));
        Assert.Null(none);
        Assert.Equal(StartResult.Gone, Recorder.TryStart(runs[0].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(StartResult.Gone, Recorder.TryStart("no-such-run", "n", "v", T0, T0.AddMinutes(1), 2, out _));
        Assert.Equal(2, Leases.GetRunning("j").Count);
        Assert.Equal(RunStatus.Running, first!.Status);
        Assert.Equal("v", first.Version);
        Assert.Equal(T0, first.StartedUtc);

        Assert.True(Recorder.Complete(first.Ended(RunStatus.Succeeded, T0.AddSeconds(1))));
        Assert.Equal(StartResult.Started, Recorder.TryStart(runs[2].Id, "n", "v", T0, T0.AddMinutes(1), 2, out _));
    }

    [Fact]
    public void TryStart_NeverExceedsTheLimit_WhenNodesStartRunsOfOneKeyAtOnce()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 3 };
        Catalog.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var runs = Claims.ClaimDueFires(Claim(T0.AddSeconds(39), "n", "j"));
        Assert.Equal(40, runs.Count);
        var started = new ConcurrentBag<string>();
        using var go = new Barrier(8);

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var node = OtherNode(worker % 4);
            go.SignalAndWait();
            foreach (var run in runs.Skip(worker * 5).Take(5))
            {
                if (node.Recorder.TryStart(run.Id, $"node-{worker}", "v", T0, T0.AddMinutes(1), 3, out _) == StartResult.Started)
                {
                    started.Add(run.Id);
                }
            }
        });

        Assert.Equal(3, started.Count);
        Assert.Equal(3, Leases.GetRunning("j").Count);
    }

    [Fact]
    public void TryStartMany_HoldsEachKeysLimit_WithinTheBatchAndAcrossNodes()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 2 };
        Catalog.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        Catalog.Reconcile(Job("k"), [Trigger("k", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var j = Claims.ClaimDueFires(Claim(T0.AddSeconds(29), "n", "j"));
        var k = Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "k"));

        var results = Recorder.TryStartMany(
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
            foreach (var (result, run) in node.Recorder.TryStartMany(mine, $"node-{worker}", T0, T0.AddMinutes(1)))
            {
                if (result == StartResult.Started)
                {
                    started.Add(run!.Id);
                }
            }
        });
        Assert.Single(started);
        Assert.Equal(3, Leases.GetRunning("j").Count);
    }

    [Fact]
    public void RequestCancellation_MarksTheKeysRunningRunsOnOtherNodesOnce_AndTheirOwnerFindsThemUntilTheyEnd()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 3 };
        Catalog.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(2), "owner", "j"));
        Recorder.TryStart(claimed[0].Id, "owner", "v", T0, T0.AddMinutes(1), 3, out var onOwner);
        OtherNode(1).Recorder.TryStart(claimed[1].Id, "replacer", "v", T0, T0.AddMinutes(1), 3, out var onReplacer);

        var requested = OtherNode(1).Leases.RequestCancellation("j", "replacer", T0.AddSeconds(5));

        Assert.Equal([(onOwner!.Id, "owner")], requested.Select(r => (r.Id, r.Node)));
        Assert.Empty(OtherNode(1).Leases.RequestCancellation("j", "replacer", T0.AddSeconds(6)));
        Assert.Empty(OtherNode(2).Leases.RequestCancellation("other-key", "replacer", T0.AddSeconds(6)));
        Assert.Equal(T0.AddSeconds(5), Runs.GetRun(onOwner.Id)!.CancelRequestedUtc);
        Assert.Null(Runs.GetRun(onReplacer!.Id)!.CancelRequestedUtc);
        Assert.Null(Runs.GetRun(claimed[2].Id)!.CancelRequestedUtc);
        Assert.Equal([new CancellationRequest(onOwner.Id, null)], Leases.GetCancellationRequests("owner", [onOwner.Id, claimed[2].Id]));
        Assert.Empty(OtherNode(1).Leases.GetCancellationRequests("replacer", [onReplacer.Id, onOwner.Id]));
        Assert.Empty(Leases.GetCancellationRequests("owner", []));

        Assert.True(Recorder.Complete(onOwner.Ended(RunStatus.Cancelled, T0.AddSeconds(6))));

        Assert.Empty(Leases.GetCancellationRequests("owner", [onOwner.Id]));
        Assert.Equal(T0.AddSeconds(5), Runs.GetRun(onOwner.Id)!.CancelRequestedUtc);
        Assert.Equal(RunStatus.Cancelled, Runs.GetRun(onOwner.Id)!.Status);
    }

    [Fact]
    public void CompleteMany_WritesEachOutcome_OnlyWithItsCurrentFence()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 5 };
        Catalog.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));
        var started = Recorder.TryStartMany([.. claimed.Select(r => new StartRequest(r.Id, "v", 5))], "n", T0, T0.AddMinutes(1))
            .Select(r => r.Started!.Ended(RunStatus.Succeeded, T0.AddSeconds(5))).ToList();
        started[1] = started[1] with { Fence = started[1].Fence - 1 };

        var written = OtherNode(1).Recorder.CompleteMany(started);

        Assert.Equal([true, false, true], written);
        Assert.Equal([RunStatus.Succeeded, RunStatus.Running, RunStatus.Succeeded], started.Select(r => Runs.GetRun(r.Id)!.Status));
        Assert.Empty(Recorder.CompleteMany([]));
    }

    [Fact]
    public void Complete_WritesTheOutcome_OnlyWithTheFenceOfTheCurrentStart()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out var started);
        Assert.True(started!.Fence > run.Fence);

        var stale = Runs.GetRun(run.Id)!;
        stale = stale with { Fence = stale.Fence - 1, Status = RunStatus.Failed };
        Assert.False(OtherNode(1).Recorder.Complete(stale));

        var succeeded = started.Ended(RunStatus.Succeeded, T0.AddSeconds(2)) with { Log = ["line 1", "line 2"] };
        Assert.True(Recorder.Complete(succeeded));
        var stored = Runs.GetRun(run.Id)!;
        Assert.Equal(RunStatus.Succeeded, stored.Status);
        Assert.Equal(["line 1", "line 2"], stored.Log);
        Assert.Null(stored.LeaseExpiresUtc);

        // A terminal outcome is final, whatever the fence.
        Assert.False(Recorder.Complete(succeeded with { Status = RunStatus.Failed }));
        Assert.Equal(RunStatus.Succeeded, Runs.GetRun(run.Id)!.Status);
    }

    [Fact]
    public void Complete_RefusesAnOutcome_WhenTheRunWasInterruptedMeanwhile()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out var started);
        Assert.Single(OtherNode(1).Leases.ExpireLeases(T0.AddMinutes(5)));

        Assert.False(Recorder.Complete(started! with { Status = RunStatus.Succeeded }));
        Assert.Equal(RunStatus.Interrupted, Runs.GetRun(run.Id)!.Status);
    }

    [Fact]
    public void ExpireLeases_InterruptsRunningRuns_OnlyAfterTheirLeaseExpired_AndOnlyOnce()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Assert.Equal(StartResult.Started, Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _));

        Assert.Empty(Leases.ExpireLeases(T0.AddSeconds(29)));
        Leases.RenewLeases("n", [run.Id], T0.AddSeconds(60));
        Assert.Empty(Leases.ExpireLeases(T0.AddSeconds(59)));
        var interrupted = new ConcurrentBag<RunRecord>();
        Parallel.For(0, 4, i =>
        {
            foreach (var r in OtherNode(i).Leases.ExpireLeases(T0.AddSeconds(61)))
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
    public void WriteMany_InsertsAnOutcomesRetry_InItsTransaction_OnlyWhenTheOutcomeIsWritten()
    {
        EverySecond("j", T0);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "j"));
        RunRecord Retrying(RunRecord run)
        {
            Assert.Equal(StartResult.Started, Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 2, out var started));
            return started!.Ended(RunStatus.Retrying, T0.AddSeconds(2));
        }
        RunRecord RetryOf(RunRecord run, string id) => new()
        {
            Id = id, JobId = run.JobId, TriggerKey = run.TriggerKey, ConcurrencyKey = run.ConcurrencyKey, ScheduledUtc = run.ScheduledUtc,
            NotBeforeUtc = T0.AddSeconds(10), Status = RunStatus.Pending, Attempt = run.Attempt + 1,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Origin = RunOrigin.Backfill,
        };
        var written = Retrying(claimed[0]);
        var stale = Retrying(claimed[1]);
        stale = stale with { Fence = stale.Fence - 1 };

        var results = OtherNode(1).Recorder.WriteMany([
            new RunWrite(written, IsStart: false, RetryOf(written, "retry-written")),
            new RunWrite(stale, IsStart: false, RetryOf(stale, "retry-stale"))]);

        Assert.Equal([true, false], results);
        var retry = Runs.GetRun("retry-written")!;
        Assert.Equal((RunStatus.Pending, 2, written.ScheduledUtc), (retry.Status, retry.Attempt, retry.ScheduledUtc));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", retry.TraceParent);
        Assert.Equal(RunOrigin.Backfill, retry.Origin);
        Assert.Equal(RunStatus.Retrying, Runs.GetRun(written.Id)!.Status);
        Assert.Null(Runs.GetRun("retry-stale"));
        Assert.Equal(RunStatus.Running, Runs.GetRun(stale.Id)!.Status);
    }

    [Fact]
    public void ExpireLeases_WritesTheInterruptedRunAndItsRerun_Together()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _);
        var now = T0.AddMinutes(5);

        var interrupted = Assert.Single(OtherNode(1).Leases.ExpireLeases(now, r => new RecoveryDecision(
            new RunRecord
            {
                Id = "rerun", JobId = r.JobId, TriggerKey = r.TriggerKey, ConcurrencyKey = r.ConcurrencyKey, ScheduledUtc = r.ScheduledUtc,
                NotBeforeUtc = now, Status = RunStatus.Pending, Attempt = r.Attempt + 1, HostDeaths = r.HostDeaths,
            },
            "re-run as rerun")));

        var rerun = Assert.Single(Runs.Query("j", RunStatus.Pending, 10));
        Assert.Equal(("rerun", interrupted.ScheduledUtc, 2, 1), (rerun.Id, rerun.ScheduledUtc, rerun.Attempt, rerun.HostDeaths));
        var stored = Runs.GetRun(run.Id)!;
        Assert.Equal((RunStatus.Interrupted, 1), (stored.Status, stored.HostDeaths));
        Assert.EndsWith("; re-run as rerun", stored.ErrorMessage);
    }

    [Fact]
    public void ExpireLeases_CountsAHostDeath_OnEachRunInFlight_RunningOrPending()
    {
        EverySecond("j", T0);
        var claimed = OtherNode(2).Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "lost", "j"));
        OtherNode(2).Recorder.TryStart(claimed[0].Id, "lost", "v1", T0, T0.AddSeconds(30), 1, out _);

        var interrupted = Assert.Single(Leases.ExpireLeases(T0.AddMinutes(5)));

        Assert.Equal(1, interrupted.HostDeaths);
        Assert.Equal(1, Runs.GetRun(claimed[0].Id)!.HostDeaths);
        var released = Runs.GetRun(claimed[1].Id)!;
        Assert.Equal((RunStatus.Pending, (string?)null, 1), (released.Status, released.Node, released.HostDeaths));
        Assert.Equal(0, Leases.ReleasePending("lost"));
    }

    [Fact]
    public void ExpireLeases_LeavesTheRunOpen_WhenItsRerunCannotBeWritten()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _);

        Assert.Throws<InvalidOperationException>(() =>
            OtherNode(1).Leases.ExpireLeases(T0.AddMinutes(5), RecoveryDecision (_) => throw new InvalidOperationException("the process died here")));

        Assert.Equal(RunStatus.Running, Runs.GetRun(run.Id)!.Status);
        Assert.Empty(Runs.Query("j", RunStatus.Pending, 10));
        Assert.Single(OtherNode(1).Leases.ExpireLeases(T0.AddMinutes(5)));
    }

    [Fact]
    public void RenewLeases_TouchesOnlyTheNodesOwnOpenRuns()
    {
        EverySecond("j", T0);
        var run = Claims.ClaimDueFires(Claim(T0, "n", "j")).Single();
        Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _);

        Leases.RenewLeases("someone-else", [run.Id], T0.AddHours(1));

        Assert.Equal(T0.AddSeconds(30), Runs.GetRun(run.Id)!.LeaseExpiresUtc);
    }

    [Fact]
    public void ExpireLeases_ReleasesPendingRunsOfALostNode_SoAnotherNodeAdoptsThem()
    {
        EverySecond("j", T0);
        var run = OtherNode(2).Claims.ClaimDueFires(Claim(T0, "lost", "j")).Single();

        Assert.Empty(OtherNode(1).Claims.GetPendingRuns("other", new HashSet<string> { "j" }, T0.AddSeconds(1), T0.AddSeconds(31), 10));
        Assert.Empty(Leases.ExpireLeases(T0.AddSeconds(31)));
        var adopted = Assert.Single(OtherNode(1).Claims.GetPendingRuns("other", new HashSet<string> { "j" }, T0.AddSeconds(31), T0.AddSeconds(61), 10));

        Assert.Equal(run.Id, adopted.Id);
        Assert.Equal("other", Runs.GetRun(run.Id)!.Node);
        Assert.Equal(T0.AddSeconds(61), Runs.GetRun(run.Id)!.LeaseExpiresUtc);
        Assert.Empty(Claims.GetPendingRuns("lost", new HashSet<string> { "j" }, T0.AddSeconds(32), T0.AddSeconds(62), 10));
    }

    [Fact]
    public void ReleasePending_LetsAnotherNodeStartTheRunsANodeClaimedAhead_AtOnce_LeavingItsRunningRunsAndOthersAlone()
    {
        EverySecond("j", T0);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "j"));
        Assert.Equal(2, claimed.Count);
        Assert.Equal(StartResult.Started, Recorder.TryStart(claimed[0].Id, "n", "v1", T0, T0.AddSeconds(30), 1, out _));
        EverySecond("k", T0);
        var othersClaim = Assert.Single(OtherNode(2).Claims.ClaimDueFires(Claim(T0, "m", "k")));

        Assert.Equal(1, Leases.ReleasePending("n"));

        var adopted = Assert.Single(OtherNode(1).Claims.GetPendingRuns("other", new HashSet<string> { "j", "k" }, T0.AddSeconds(2), T0.AddSeconds(32), 10));
        Assert.Equal(claimed[1].Id, adopted.Id);
        Assert.Equal(RunStatus.Running, Runs.GetRun(claimed[0].Id)!.Status);
        Assert.Equal("n", Runs.GetRun(claimed[0].Id)!.Node);
        Assert.Equal("m", Runs.GetRun(othersClaim.Id)!.Node);
        Assert.Equal(0, Leases.ReleasePending("n"));
    }

    [Fact]
    public void GetPendingRuns_ReturnsUnownedRunsThatAreDue_HighestPriorityFirst()
    {
        Catalog.Reconcile(Job("j"), []);
        RunRecord Pending(string id, int priority, DateTimeOffset notBefore) => new()
        {
            Id = id, JobId = "j", TriggerKey = "manual", ConcurrencyKey = "j", ScheduledUtc = T0, NotBeforeUtc = notBefore,
            Status = RunStatus.Pending, Priority = priority,
        };
        Recorder.Insert([Pending("low", 0, T0), Pending("high", 5, T0.AddSeconds(1)), Pending("later", 9, T0.AddMinutes(1))]);

        var ready = OtherNode(1).Claims.GetPendingRuns("n", new HashSet<string> { "j" }, T0.AddSeconds(2), T0.AddSeconds(32), 10);

        Assert.Equal(["high", "low"], ready.Select(r => r.Id));
        Assert.Empty(Claims.GetPendingRuns("n", new HashSet<string> { "other" }, T0.AddMinutes(2), T0.AddMinutes(3), 10));
    }

    [Fact]
    public void GetNextPending_IsTheEarliestInstantAfterTheGivenOne_OfAPendingRunTheNodeMayStart()
    {
        Catalog.Reconcile(Job("j"), []);
        RunRecord Pending(string id, DateTimeOffset notBefore, string? node = null, string job = "j") => new()
        {
            Id = id, JobId = job, TriggerKey = "retry", ConcurrencyKey = job, ScheduledUtc = T0, NotBeforeUtc = notBefore,
            Status = RunStatus.Pending, Node = node, Attempt = 2,
        };
        Recorder.Insert([
            Pending("due", T0), Pending("theirs", T0.AddSeconds(5), node: "m"), Pending("elsewhere", T0.AddSeconds(6), job: "k"),
            Pending("retry", T0.AddSeconds(10)), Pending("mine", T0.AddSeconds(20), node: "n"),
        ]);

        Assert.Equal(T0.AddSeconds(10), Claims.GetNextPending("n", new HashSet<string> { "j" }, T0));
        Assert.Equal(T0.AddSeconds(20), Claims.GetNextPending("n", new HashSet<string> { "j" }, T0.AddSeconds(10)));
        Assert.Null(Claims.GetNextPending("n", new HashSet<string> { "j" }, T0.AddSeconds(20)));
        Assert.Null(Claims.GetNextPending("n", new HashSet<string> { "other" }, T0));
    }
}
