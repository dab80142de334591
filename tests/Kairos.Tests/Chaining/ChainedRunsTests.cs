using System.Text.Json;
using Kairos.Host.Chaining;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Chaining;

public sealed class ChainedRunsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly JobPolicies Chains = JobPolicies.Default with { OnSuccess = "publish,notify", OnFailure = "alert" };

    private static RunRecord Ended(RunStatus status, string? data = "{\"day\":\"2026-03-01\"}", string? error = null) => new()
    {
        Id = "run-1", JobId = "reports.build", TriggerKey = "nightly", ConcurrencyKey = "reports.build", ScheduledUtc = T0, NotBeforeUtc = T0,
        Status = status, Priority = 5, DataJson = data, ErrorMessage = error, Attempt = 3,
    };

    [Theory]
    [InlineData(RunStatus.Succeeded, "publish,notify")]
    [InlineData(RunStatus.Failed, "alert")]
    [InlineData(RunStatus.TimedOut, "alert")]
    [InlineData(RunStatus.Retrying, "")]
    [InlineData(RunStatus.Cancelled, "")]
    [InlineData(RunStatus.Interrupted, "")]
    [InlineData(RunStatus.Skipped, "")]
    public void Targets_FollowTheOutcome_OnlyWhenTheFireFinished(RunStatus status, string expected)
    {
        Assert.Equal(expected, string.Join(',', ChainedRuns.Targets(Ended(status), Chains)));
    }

    [Fact]
    public void Queue_MakesAPendingChainRun_UnderTheTargetsPolicies_WithTheParentInItsData()
    {
        var parent = Ended(RunStatus.Failed, error: "disk full");
        var targetPolicies = JobPolicies.Default with { Scope = ConcurrencyScope.Trigger };

        var run = ChainedRuns.Queue(parent, "alert", targetPolicies, T0.AddMinutes(2), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        Assert.Equal(("alert", RunStatus.Pending, RunOrigin.Chain, "chain", "alert/chain"), (run.JobId, run.Status, run.Origin, run.TriggerKey, run.ConcurrencyKey));
        Assert.Equal((T0.AddMinutes(2), T0.AddMinutes(2), 1, 5), (run.ScheduledUtc, run.NotBeforeUtc, run.Attempt, run.Priority));
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", run.TraceParent);
        using var data = JsonDocument.Parse(run.DataJson!);
        var root = data.RootElement;
        Assert.Equal("run-1", root.GetProperty("parentRunId").GetString());
        Assert.Equal("reports.build", root.GetProperty("parentJobId").GetString());
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal("2026-03-01T09:00:00Z", root.GetProperty("scheduledUtc").GetString());
        Assert.Equal("2026-03-01", root.GetProperty("data").GetProperty("day").GetString());
        Assert.Equal("disk full", root.GetProperty("error").GetString());
    }

    [Fact]
    public void Data_HasNulls_WhenTheParentHadNoDataAndNoError()
    {
        Assert.Equal(
            "{\"parentRunId\":\"run-1\",\"parentJobId\":\"reports.build\",\"status\":\"succeeded\",\"scheduledUtc\":\"2026-03-01T09:00:00Z\",\"data\":null,\"error\":null}",
            ChainedRuns.Data(Ended(RunStatus.Succeeded, data: null)));
    }
}
