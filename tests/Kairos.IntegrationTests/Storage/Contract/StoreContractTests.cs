using System.Collections.Concurrent;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract, run against every store (LiteDB and PostgreSQL derive from this class). Instants are synthetic:
/// the contract takes them from the caller, so no test waits on a clock.
/// </summary>
public abstract partial class StoreContractTests : IDisposable
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

    private ICatalogStore Catalog => Store.Catalog;

    private IClaimStore Claims => Store.Claims;

    private IRunRecorder Recorder => Store.Recorder;

    private ILeaseStore Leases => Store.Leases;

    private IRunHistory Runs => Store.Runs;

    internal static StoredJob Job(string id, JobPolicies? policies = null) =>
        new() { Id = id, Source = "app", Version = "1", Policies = policies ?? JobPolicies.Default, UpdatedUtc = T0 };

    internal static StoredTrigger Trigger(string jobId, TriggerSpec spec, DateTimeOffset? next, TriggerOrigin origin = TriggerOrigin.Declared) => new()
    {
        Id = StoredTrigger.MakeId(jobId, spec.Key), JobId = jobId, Spec = spec, Origin = origin, NextFireUtc = next,
    };

    internal static ClaimRequest Claim(DateTimeOffset now, string node, params string[] runnable) => Claim(now, node, TimeSpan.FromMinutes(1), 100, runnable);

    internal static ClaimRequest Claim(DateTimeOffset now, string node, TimeSpan threshold, int fireAllCap, params string[] runnable) => new(
        now, runnable.ToHashSet(), node, now.AddSeconds(30), 512,
        new ClaimPlanner(new FirePlanner(new TriggerSchedule(), threshold, fireAllCap), _ => JobPolicies.Default));

    private void EverySecond(string jobId, DateTimeOffset first, string key = "default") =>
        Catalog.Reconcile(Job(jobId), [Trigger(jobId, TriggerSpec.Cron(key, "* * * * * *"), first)]);

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
                foreach (var run in node.Claims.ClaimDueFires(Claim(T0.AddSeconds(s), $"node-{claimer}", runnable)))
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
        Assert.All(Catalog.GetTriggers(), t => Assert.Equal(T0.AddSeconds(Seconds), t.NextFireUtc));
    }

    [Fact]
    public void ClaimDueFires_AdvancesTheTrigger_AndWritesOnePendingRecordPerFire_OwnedByTheNode()
    {
        EverySecond("j", T0);

        var runs = Claims.ClaimDueFires(Claim(T0.AddSeconds(2), "node-a", "j"));

        Assert.Equal([T0, T0.AddSeconds(1), T0.AddSeconds(2)], runs.Select(r => r.ScheduledUtc));
        var stored = Runs.GetRun(runs[0].Id)!;
        Assert.Equal(RunStatus.Pending, stored.Status);
        Assert.Equal("node-a", stored.Node);
        Assert.Equal(T0.AddSeconds(32), stored.LeaseExpiresUtc);
        Assert.Equal("j", stored.ConcurrencyKey);
        var trigger = Catalog.GetTriggers("j").Single();
        Assert.Equal(T0.AddSeconds(3), trigger.NextFireUtc);
        Assert.Equal(T0.AddSeconds(2), trigger.LastFireUtc);
        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddSeconds(2.5), "node-b", "j")));
    }

    [Theory]
    [InlineData(MisfirePolicy.FireOnce, 1, 8)]
    [InlineData(MisfirePolicy.Skip, 0, 9)]
    [InlineData(MisfirePolicy.FireAll, 4, 5)]
    public void ClaimDueFires_PlansMissedFires_ByTheTriggersMisfirePolicy(MisfirePolicy policy, int late, int misfired)
    {
        var spec = TriggerSpec.Cron("default", "* * * * *") with { Misfire = policy };
        Catalog.Reconcile(Job("j"), [Trigger("j", spec, T0)]);

        // Ten minutes down, threshold one minute (at most that late is on time), FireAll capped at 4:
        // the fires at 0..8 min are late, those at 9 and 10 min on time.
        var runs = Claims.ClaimDueFires(Claim(T0.AddMinutes(10), "n", TimeSpan.FromMinutes(1), 4, "j"));

        Assert.Equal(late + 2, runs.Count);
        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(10)], runs.TakeLast(2).Select(r => r.ScheduledUtc));
        var recorded = Runs.Query("j", RunStatus.Misfired, 100);
        Assert.Equal(misfired, recorded.Count);
        Assert.All(recorded, r => Assert.Contains(policy.ToString(), r.ErrorMessage));
        Assert.Equal(runs.Count + misfired, runs.Select(r => r.ScheduledUtc).Concat(recorded.Select(r => r.ScheduledUtc)).Distinct().Count());
        Assert.Equal(T0.AddMinutes(11), Catalog.GetTriggers("j").Single().NextFireUtc);
        if (policy == MisfirePolicy.FireOnce)
        {
            Assert.Equal(T0.AddMinutes(8), runs[0].ScheduledUtc);
        }
    }

    [Fact]
    public void ClaimDueFires_LeavesTheFireDue_WhenNoNodeCanRunTheJob_AndReusesTheWaitingRecordLater()
    {
        Catalog.Reconcile(Job("orphan"), [Trigger("orphan", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "other")));
        Assert.Equal(1, Claims.MarkWaitingForHandler(new HashSet<string> { "other" }, T0.AddSeconds(1)));
        Assert.Equal(0, OtherNode(1).Claims.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(2)));
        Assert.Equal(T0, Catalog.GetTriggers("orphan").Single().NextFireUtc);
        var waiting = Assert.Single(Runs.Query("orphan", RunStatus.WaitingForHandler, 10));
        Assert.Equal(T0, waiting.ScheduledUtc);

        // The job comes back on another node: the waiting record becomes the run, with the same id.
        var run = Assert.Single(OtherNode(1).Claims.ClaimDueFires(Claim(T0.AddSeconds(3), "n2", "orphan")));
        Assert.Equal(waiting.Id, run.Id);
        Assert.Equal(T0, run.ScheduledUtc);
        Assert.Empty(Runs.Query("orphan", RunStatus.WaitingForHandler, 10));
        Assert.Equal(RunStatus.Pending, Assert.Single(Runs.Query("orphan", null, 10)).Status);
    }

    [Fact]
    public void ClaimDueFires_ClaimsNothing_WhileTheJobIsPaused_AndCatchesUpByMisfirePolicyOnResume()
    {
        Catalog.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Assert.True(Catalog.SetPaused("j", new JobPause("maintenance", "test"), T0));

        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddMinutes(5), "n", "j")));
        Assert.Equal(0, Claims.MarkWaitingForHandler(new HashSet<string>(), T0.AddMinutes(5)));
        Assert.Null(Claims.GetEarliestDue(new HashSet<string> { "j" }));
        Assert.Equal("maintenance", Catalog.GetJob("j")!.PauseReason);

        Assert.True(OtherNode(1).Catalog.SetPaused("j", null, T0.AddMinutes(5)));
        Assert.Equal(T0, Claims.GetEarliestDue(new HashSet<string> { "j" }));
        var runs = Claims.ClaimDueFires(Claim(T0.AddMinutes(5), "n", "j"));

        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4), T0.AddMinutes(5)], runs.Select(r => r.ScheduledUtc));
        Assert.Equal(3, Runs.Query("j", RunStatus.Misfired, 10).Count);
        Assert.Null(Catalog.GetJob("j")!.PauseReason);
        Assert.False(Catalog.SetPaused("missing", new JobPause(null, "test"), T0));
    }

    [Fact]
    public void ClaimDueFires_DeletesADynamicTrigger_WhenItWillNeverFireAgain()
    {
        Catalog.Reconcile(Job("j"), []);
        Catalog.UpsertTrigger(Trigger("j", TriggerSpec.Once("once", T0), T0, TriggerOrigin.Dynamic));

        var run = Assert.Single(Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "n", "j")));

        Assert.Equal("once", run.TriggerKey);
        Assert.Empty(Catalog.GetTriggers("j"));
    }
}
