using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Storage.Runs;

/// <summary>A run record's transitions make new records and leave the one they start from as it was.</summary>
public sealed class RunRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static RunRecord Pending() => new()
    {
        Id = "r1", JobId = "j", TriggerKey = "default", ConcurrencyKey = "j", ScheduledUtc = T0, NotBeforeUtc = T0,
        Status = RunStatus.Pending, Fence = 4, DataJson = "{\"x\":1}",
    };

    [Fact]
    public void Started_SetsRunningNodeVersionAndLease_AndGrowsTheFence_LeavingThePendingRecordAsItWas()
    {
        var pending = Pending();

        var started = pending.Claimed("n1", T0.AddSeconds(30)).Started("n1", "v2", T0.AddSeconds(1), T0.AddSeconds(31));

        Assert.Equal((RunStatus.Running, T0.AddSeconds(1), "n1", "v2", 5L, T0.AddSeconds(31)),
            (started.Status, started.StartedUtc, started.Node, started.Version, started.Fence, started.LeaseExpiresUtc));
        Assert.Equal((RunStatus.Pending, null, null, 4L), (pending.Status, pending.Node, pending.StartedUtc, pending.Fence));
        Assert.Equal("{\"x\":1}", started.DataJson);
    }

    [Fact]
    public void Failed_RecordsTheExceptionsTypeMessageAndStack_AndTheDuration()
    {
        var started = Pending().Started("n1", "v1", T0, T0.AddSeconds(30));
        Exception thrown;
        try
        {
            throw new InvalidOperationException("disk full");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var failed = started.Failed(RunStatus.Retrying, T0.AddSeconds(2), thrown);

        Assert.Equal((RunStatus.Retrying, "System.InvalidOperationException", "disk full"), (failed.Status, failed.ErrorType, failed.ErrorMessage));
        Assert.Contains(nameof(Failed_RecordsTheExceptionsTypeMessageAndStack_AndTheDuration), failed.ErrorStack, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), failed.Duration);
        Assert.Null(started.EndedUtc);
    }

    [Fact]
    public void Ended_KeepsAnEarlierMessage_UnlessItGivesOne_AndInterruptedIsAnEndWithItsReason()
    {
        var started = Pending().Started("n1", "v1", T0, T0.AddSeconds(30)) with { ErrorMessage = "earlier" };

        var succeeded = started.Ended(RunStatus.Succeeded, T0.AddSeconds(1));
        var timedOut = started.Ended(RunStatus.TimedOut, T0.AddSeconds(1), "ran longer than 00:00:01");
        var interrupted = started.Interrupted(T0.AddSeconds(3), "host n1 stopped");

        Assert.Equal("earlier", succeeded.ErrorMessage);
        Assert.Equal((RunStatus.TimedOut, "ran longer than 00:00:01"), (timedOut.Status, timedOut.ErrorMessage));
        Assert.Equal((RunStatus.Interrupted, T0.AddSeconds(3), "host n1 stopped"), (interrupted.Status, interrupted.EndedUtc, interrupted.ErrorMessage));
    }

    [Fact]
    public void WrittenOver_DropsTheLease_AndKeepsTheStoredRunsCancellationRequest()
    {
        var outcome = Pending().Started("n1", "v1", T0, T0.AddSeconds(30)).Ended(RunStatus.Cancelled, T0.AddSeconds(1));
        var stored = Pending() with { CancelRequestedUtc = T0.AddMilliseconds(500) };

        var written = outcome.WrittenOver(stored);

        Assert.Null(written.LeaseExpiresUtc);
        Assert.Equal(T0.AddMilliseconds(500), written.CancelRequestedUtc);
        Assert.Equal(RunStatus.Cancelled, written.Status);
    }
}
