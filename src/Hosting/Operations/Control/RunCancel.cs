using Kairos.Host.Execution;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Control;

/// <summary>An operator's cancel of a running run: in this process through its token, on another node through the store.</summary>
internal sealed class RunCancel(IRunHistory runs, ILeaseStore leases, TimeProvider time, ExecutingRuns? executing = null)
{
    /// <summary>
    /// Asks the running run <paramref name="runId"/> to stop for <paramref name="actor"/>: in this process through its
    /// token; on another node of a cluster through the store (its owner stops it within a housekeeping tick). It ends
    /// <c>cancelled by ACTOR</c>, after the job's cancellation grace at most. Returns the run as it was asked.
    /// </summary>
    /// <exception cref="RunNotFoundException">No run has this id.</exception>
    /// <exception cref="OperationException">The run is not running (its status is quoted).</exception>
    public RunRecord Cancel(string actor, string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var run = runs.GetRun(runId) ?? throw new RunNotFoundException(runId);
        if (run.Status != RunStatus.Running)
        {
            throw NotRunning(run);
        }
        if (executing?.All.FirstOrDefault(e => e.Run.Id == runId) is { } execution)
        {
            execution.Stop(StopReason.Operator, actor);
        }
        else
        {
            run = leases.RequestRunCancellation(runId, actor, time.GetUtcNow())
                ?? throw NotRunning(runs.GetRun(runId) ?? run);
        }
        return run;
    }

    private static OperationException NotRunning(RunRecord run) => new(
        $"run '{run.Id}' of '{run.JobId}' is {run.Status.Word()}: only a running run can be cancelled");
}
