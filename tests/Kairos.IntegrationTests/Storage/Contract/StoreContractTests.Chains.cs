using System.Text.Json;
using Kairos.Host.Chaining;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for chaining: a finished run's chained runs are written with its outcome, or not at all.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void WriteMany_InsertsAnOutcomesChainedRuns_InItsTransaction_OnlyWhenTheOutcomeIsWritten()
    {
        EverySecond("j", T0);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(2), "n", "j"));
        RunRecord Ended(RunRecord run, RunStatus status)
        {
            Assert.Equal(StartResult.Started, Recorder.TryStart(run.Id, "n", "v1", T0, T0.AddSeconds(30), 3, out var started));
            return started!.Ended(status, T0.AddSeconds(2), status == RunStatus.Succeeded ? null : "disk full");
        }
        var ended = T0.AddSeconds(2);
        var succeeded = Ended(claimed[0], RunStatus.Succeeded);
        var failed = Ended(claimed[1], RunStatus.Failed);
        var stale = Ended(claimed[2], RunStatus.Succeeded);
        stale = stale with { Fence = stale.Fence - 1 };
        RunRecord Chained(RunRecord parent, string target, string id) =>
            ChainedRuns.Queue(parent, target, JobPolicies.Default, ended, null) with { Id = id };
        var retryOfFailed = new RunRecord
        {
            Id = "retry", JobId = "j", TriggerKey = failed.TriggerKey, ConcurrencyKey = failed.ConcurrencyKey, ScheduledUtc = failed.ScheduledUtc,
            NotBeforeUtc = ended, Status = RunStatus.Pending, Attempt = 2,
        };

        var results = OtherNode(1).Recorder.WriteMany([
            new RunWrite(succeeded, IsStart: false, Chained: [Chained(succeeded, "publish", "chain-1"), Chained(succeeded, "notify", "chain-2")]),
            new RunWrite(failed, IsStart: false, retryOfFailed, [Chained(failed, "alert", "chain-3")]),
            new RunWrite(stale, IsStart: false, Chained: [Chained(stale, "publish", "chain-stale")])]);

        Assert.Equal([true, true, false], results);
        var first = Runs.GetRun("chain-1")!;
        Assert.Equal(("publish", RunStatus.Pending, RunOrigin.Chain, ChainedRuns.TriggerKey, ended), (first.JobId, first.Status, first.Origin, first.TriggerKey, first.ScheduledUtc));
        using (var data = JsonDocument.Parse(first.DataJson!))
        {
            Assert.Equal(succeeded.Id, data.RootElement.GetProperty("parentRunId").GetString());
            Assert.Equal("succeeded", data.RootElement.GetProperty("status").GetString());
        }
        Assert.Equal("notify", Runs.GetRun("chain-2")!.JobId);
        Assert.Equal(2, Runs.GetRun("retry")!.Attempt);
        var alert = Runs.GetRun("chain-3")!;
        Assert.Equal(("alert", RunOrigin.Chain), (alert.JobId, alert.Origin));
        Assert.Contains("disk full", alert.DataJson);
        Assert.Null(Runs.GetRun("chain-stale"));
        Assert.Equal(RunStatus.Running, Runs.GetRun(stale.Id)!.Status);
    }
}
