using Kairos.Host.Catalog;
using Kairos.Host.Execution.Outcomes;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution.Running;

/// <summary>
/// Runs a started run's code on the thread pool under its timeout, gives a cancelled job its grace, and has its
/// outcome recorded. A job that ignores cancellation keeps its slot until it returns. Its start is told by
/// <see cref="RunStartNotice"/>, its time limits kept by <see cref="RunLimits"/>.
/// </summary>
internal sealed class RunExecutor(
    ExecutingRuns executing,
    RunContextFactory contexts,
    OutcomeRecorder outcomes,
    RunLimits limits,
    RunStartNotice notice)
{
    /// <summary>
    /// Starts <paramref name="run"/> (started in the store, or to be written behind). <paramref name="slotFreed"/> is
    /// called when its code returns (the slot is free while the outcome is written) and when it is forgotten.
    /// </summary>
    public void Start(RunRecord run, JobHandler handler, Action slotFreed)
    {
        var execution = executing.Add(run);
        // Runs to its first await here (a few allocations); the job's own code runs on the pool (ExecuteAsync).
        _ = ExecuteAsync(execution, handler, slotFreed);
    }

    private async Task ExecuteAsync(Execution execution, JobHandler handler, Action slotFreed)
    {
        var run = execution.Run;
        var policies = handler.Definition.Policies;
        var context = contexts.Create(run);
        var registration = handler.Enter(execution.Cancellation.Token);
        // Current from here in this flow (the job's code runs under it); stopped once the outcome is recorded.
        execution.Activity = notice.Announce(run, handler.Version);
        using var timeout = limits.StartTimeout(execution, policies.Timeout);

        var job = Task.Run(() => handler.RunAsync(context, registration.Token));
        // The slot is free the moment the code returns: the next due run starts while this outcome is written.
        _ = job.ContinueWith(
            static (_, state) =>
            {
                var (returned, executing, slotFreed) = ((Execution, ExecutingRuns, Action))state!;
                executing.Returned(returned);
                slotFreed();
            },
            (execution, executing, slotFreed), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var returned = await limits.WaitWithGraceAsync(job, registration.Token).ConfigureAwait(false);
        await outcomes.RecordAsync(execution, handler, context.Log, job, returned, registration.Token.IsCancellationRequested).ConfigureAwait(false);
        execution.Activity?.Dispose();

        if (!returned)
        {
            try
            {
                await job.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The outcome is already recorded; the slot is freed now that the code has returned.
            }
        }
        registration.Dispose();
        execution.Cancellation.Dispose();
        executing.Remove(execution);
        execution.Finished.TrySetResult();
        slotFreed();
    }
}
