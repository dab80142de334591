using Kairos.Host.Catalog;
using Kairos.Host.Execution.Outcomes;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Running;

/// <summary>
/// Runs a started run's code on the thread pool under its timeout, gives a cancelled job its grace, and has its
/// outcome recorded. A job that ignores cancellation keeps its slot until it returns.
/// </summary>
internal sealed partial class RunExecutor(
    ExecutingRuns executing,
    RunContextFactory contexts,
    OutcomeRecorder outcomes,
    EngineEvents events,
    RunActivity spans,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<RunExecutor> logger)
{
    private readonly TimeSpan _cancellationGrace = options.Value.CancellationGrace;

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
        execution.Activity = spans.Start(run, handler.Version);
        using var timeout = policies.Timeout is { } limit
            ? time.CreateTimer(static state => ((Execution)state!).Stop(StopReason.Timeout), execution, limit, Timeout.InfiniteTimeSpan)
            : null;
        LogStarted(logger, run.JobId, run.Id, run.Attempt, handler.Version);
        events.RunStarted(run);

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
        var returned = await WaitWithGraceAsync(job, registration.Token).ConfigureAwait(false);
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

    private async Task<bool> WaitWithGraceAsync(Task job, CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (token.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), cancelled))
        {
            await Task.WhenAny(job, cancelled.Task).ConfigureAwait(false);
        }
        if (job.IsCompleted)
        {
            return true;
        }
        using var graceOver = new CancellationTokenSource();
        var grace = Task.Delay(_cancellationGrace, time, graceOver.Token);
        await Task.WhenAny(job, grace).ConfigureAwait(false);
        await graceOver.CancelAsync().ConfigureAwait(false);
        return job.IsCompleted;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Run {RunId} of {JobId} started (attempt {Attempt}, version {Version})")]
    private static partial void LogStarted(ILogger logger, string jobId, string runId, int attempt, string version);
}
