using Kairos.Host.Execution;
using Kairos.Host.Execution.Starting;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Execution.Starting;

public sealed class SharedStartPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly InMemoryStore _store = new();
    private readonly ExecutingRuns _executing;
    private readonly SharedStartPolicy _policy;

    public SharedStartPolicyTests()
    {
        var options = Options.Create(new KairosOptions { NodeId = "node-a", MaxConcurrency = 8 });
        _executing = new ExecutingRuns(options);
        _policy = new SharedStartPolicy(_executing, _store, _store, options, NullLogger<SharedStartPolicy>.Instance);
    }

    private Host.Execution.Execution RunningHere(string id)
    {
        var run = new RunRecord
        {
            Id = id, JobId = "job", TriggerKey = "t", ConcurrencyKey = "job", ScheduledUtc = T0, NotBeforeUtc = T0,
            Status = RunStatus.Running, Node = "node-a", StartedUtc = T0,
        };
        _store.Insert([run]);
        return _executing.Add(run);
    }

    [Fact]
    public void StopRunsCancelledElsewhere_StopsARunAnOperatorCancelled_NamingThem_AndAReplacedRunAsReplaced()
    {
        var byOperator = RunningHere("run-1");
        var replaced = RunningHere("run-2");
        var untouched = RunningHere("run-3");
        _store.RequestRunCancellation("run-1", "cli:ana", T0.AddSeconds(1));
        _store.RequestCancellation("job", "node-b", T0.AddSeconds(2));

        _policy.StopRunsCancelledElsewhere();

        Assert.Equal((StopReason.Operator, "cli:ana", true), (byOperator.Reason, byOperator.StoppedBy, byOperator.Cancellation.IsCancellationRequested));
        Assert.Equal((StopReason.Replaced, null), (replaced.Reason, replaced.StoppedBy));
        Assert.True(replaced.Cancellation.IsCancellationRequested);
        // Run 3 was asked too (the replacement asks every running run of the key), run 1's operator request came first.
        Assert.Equal(StopReason.Replaced, untouched.Reason);
    }
}
