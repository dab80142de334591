using Kairos.Host.Execution;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Control;

/// <summary>An operator's retry of a run that ended without succeeding: a new attempt of the same fire, queued now.</summary>
internal sealed class RunRetry(IRunHistory runs, JobLookup lookup, RunQueue queue, TimeProvider time)
{
    /// <summary>The statuses <see cref="Retry"/> takes: runs that ended without succeeding and will not run again by themselves.</summary>
    private static readonly RunStatus[] Retriable = [RunStatus.Failed, RunStatus.TimedOut, RunStatus.Interrupted];

    /// <summary>
    /// Runs again a <c>failed</c>, <c>timed-out</c> or <c>interrupted</c> run: a new pending run of the same fire (same
    /// trigger key, scheduled instant and data), attempt = the fire's newest attempt + 1, queued now for the dispatcher.
    /// Returns the retried run and the new one's result.
    /// </summary>
    /// <exception cref="RunNotFoundException">No run has this id.</exception>
    /// <exception cref="OperationException">The run has another status, or an attempt of its fire is still open.</exception>
    public (RunRecord Run, RunRecord Retry, TriggerResult Result) Retry(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var run = runs.GetRun(runId) ?? throw new RunNotFoundException(runId);
        if (!Retriable.Contains(run.Status))
        {
            throw new OperationException(
                $"run '{runId}' of '{run.JobId}' is {run.Status.Word()}: only a failed, timed-out or interrupted run can be retried");
        }
        lookup.Require(run.JobId);
        var fire = new RunFilter(run.JobId, TriggerKey: run.TriggerKey, FromUtc: run.ScheduledUtc, ToUtc: run.ScheduledUtc.AddTicks(TimeSpan.TicksPerMillisecond));
        var attempts = runs.QueryPage(fire, null, KairosScheduler.MaxPage).Where(r => r.ScheduledUtc == run.ScheduledUtc).ToList();
        if (attempts.FirstOrDefault(r => !r.Status.IsTerminal()) is { } open)
        {
            throw new OperationException(
                $"run '{runId}' of '{run.JobId}' is not retried: attempt {open.Attempt} of the same fire ({open.Id}) is {open.Status.Word()}; wait for it to end");
        }
        var now = time.GetUtcNow();
        var newest = attempts.Append(run).MaxBy(r => r.Attempt)!;
        var retry = RunRecords.NextAttempt(newest, now) with { Priority = RunRecord.QueuedByHandPriority, DataJson = run.DataJson };
        return (run, retry, queue.Queue(retry));
    }
}
