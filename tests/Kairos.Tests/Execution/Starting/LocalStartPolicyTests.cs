using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Execution.Starting;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Execution.Starting;

public sealed class LocalStartPolicyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly LiteDbStore _store;
    private readonly RunWriter _writer;
    private readonly ExecutingRuns _executing;
    private readonly LocalStartPolicy _policy;

    public LocalStartPolicyTests()
    {
        var options = Options.Create(new KairosOptions { NodeId = "node-a", MaxConcurrency = 8, LeaseDuration = TimeSpan.FromSeconds(30), RecordBatchWindow = TimeSpan.Zero });
        _store = new LiteDbStore(_dir.File("kairos.db"));
        _writer = new RunWriter(_store, TimeProvider.System, options, NullLogger<RunWriter>.Instance);
        _executing = new ExecutingRuns(options);
        _policy = new LocalStartPolicy(_executing, _writer, _store, options);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    /// <summary>A job allowed two runs at once.</summary>
    private static TypeJobHandler TwoAtOnce()
    {
        var definition = new JobDefinition("job", "", JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 2 }, []);
        return new TypeJobHandler(definition, "app", "1", typeof(EveryMinuteJob), null);
    }

    private static RunRecord Pending(string id, string key, int hostDeaths = 0) => new()
    {
        Id = id, JobId = "job", TriggerKey = "t", ConcurrencyKey = key, ScheduledUtc = T0, NotBeforeUtc = T0, Status = RunStatus.Pending,
        HostDeaths = hostDeaths,
    };

    [Fact]
    public void StartMany_StartsUpToTheKeysLimit_CountingRunsExecutingHereAndThoseEarlierInTheBatch()
    {
        var handler = TwoAtOnce();
        _executing.Add(Pending("running", "key"));
        _store.Insert([Pending("a", "key"), Pending("b", "key"), Pending("c", "other")]);

        var results = _policy.StartMany([(Pending("a", "key"), handler), (Pending("b", "key"), handler), (Pending("c", "other"), handler)], T0);

        Assert.Equal([StartResult.Started, StartResult.Busy, StartResult.Started], results.Select(r => r.Result));
        var started = results[0].Started!;
        Assert.Equal((RunStatus.Running, "node-a", "1", 1L), (started.Status, started.Node, started.Version, started.Fence));
        Assert.Equal(T0, started.StartedUtc);
        Assert.Equal(T0.AddSeconds(30), started.LeaseExpiresUtc);
    }

    [Fact]
    public void StartMany_WritesTheStartOfAFireAHostDiedDuring_BeforeItRuns_AndDropsItWhenTheStoreNoLongerHoldsItPending()
    {
        var handler = TwoAtOnce();
        var stored = Pending("stored", "key", hostDeaths: 1);
        _store.Insert([stored]);

        var results = _policy.StartMany([(stored, handler), (Pending("gone", "other", hostDeaths: 1), handler)], T0);

        Assert.Equal([StartResult.Started, StartResult.Gone], results.Select(r => r.Result));
        Assert.Equal(RunStatus.Running, _store.GetRun("stored")!.Status); // written already, not behind the job
    }

    [Fact]
    public void StartMany_WritesAJobsFirstStartInThisProcess_BeforeItRuns_AndItsLaterStartsBehindThem()
    {
        var handler = TwoAtOnce();
        _store.Insert([Pending("first", "key")]);

        var first = _policy.StartMany([(Pending("first", "key"), handler)], T0);
        // Not in the store: a start written behind is not checked against it, one written before would be refused.
        var later = _policy.StartMany([(Pending("later", "key"), handler)], T0);

        Assert.Equal(StartResult.Started, first[0].Result);
        Assert.Equal(RunStatus.Running, _store.GetRun("first")!.Status); // written already, not behind the job
        Assert.Equal(StartResult.Started, later[0].Result);
    }

    [Fact]
    public void StartMany_WritesTheNextStartBeforeItRuns_WhenAJobsFirstStartWasNoLongerPending()
    {
        var handler = TwoAtOnce();
        _store.Insert([Pending("next", "key")]);

        var gone = _policy.StartMany([(Pending("gone", "key"), handler)], T0);
        var next = _policy.StartMany([(Pending("next", "key"), handler)], T0);

        Assert.Equal((StartResult.Gone, StartResult.Started), (gone[0].Result, next[0].Result));
        Assert.Equal(RunStatus.Running, _store.GetRun("next")!.Status);
    }

    [Fact]
    public void NothingIsAskedOfOtherNodes_AndEveryRunLeftRunningIsAbandonedAtStart()
    {
        Assert.Equal(DateTimeOffset.MaxValue, _policy.AbandonedAtStartBefore(T0));
    }
}
