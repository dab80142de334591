using Kairos.Host.Execution;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Execution;

public sealed class RunRecordsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NextAttempt_IsTheSameFireOneAttemptLater_PendingFromItsInstant()
    {
        var failed = new RunRecord
        {
            Id = RunIds.New(T0), JobId = "job", TriggerKey = "t", ConcurrencyKey = "job:k", ScheduledUtc = T0, NotBeforeUtc = T0,
            Status = RunStatus.Retrying, Attempt = 2, Priority = 5, DataJson = "{\"k\":1}", Node = "node-a", Fence = 3, HostDeaths = 1,
            ErrorMessage = "boom", TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", TraceState = "k=v", Origin = RunOrigin.Chain,
        };

        var next = RunRecords.NextAttempt(failed, T0.AddSeconds(20));

        Assert.NotEqual(failed.Id, next.Id);
        Assert.Equal((failed.JobId, failed.TriggerKey, failed.ConcurrencyKey, failed.ScheduledUtc, failed.Priority, failed.DataJson),
            (next.JobId, next.TriggerKey, next.ConcurrencyKey, next.ScheduledUtc, next.Priority, next.DataJson));
        Assert.Equal((failed.TraceParent, failed.TraceState), (next.TraceParent, next.TraceState)); // a retry's span has the trigger's parent too
        Assert.Equal(RunOrigin.Chain, next.Origin); // a retry of a chained run is still one
        Assert.Equal(3, next.Attempt);
        Assert.Equal(RunStatus.Pending, next.Status);
        Assert.Equal(T0.AddSeconds(20), next.NotBeforeUtc);
        Assert.Null(next.Node);
        Assert.Null(next.ErrorMessage);
        Assert.Equal(0, next.Fence);
        Assert.Equal(0, next.HostDeaths); // recovery carries the deaths over itself
    }
}
