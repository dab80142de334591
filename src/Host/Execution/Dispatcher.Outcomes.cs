using Kairos.Host.Catalog;
using Kairos.Host.Storage;

namespace Kairos.Host.Execution;

/// <summary>Outcomes: what a run ended as, its retry, and skipped fires; written through the <see cref="RunWriter"/>.</summary>
internal sealed partial class Dispatcher
{
    private async Task RecordAsync(Execution execution, JobHandler handler, CapturingLogger jobLogger, Task job, bool returned, bool cancelRequested)
    {
        var run = execution.Run;
        var policies = handler.Definition.Policies;
        var now = time.GetUtcNow();
        run.EndedUtc = now;
        RunRecord? retry = null;
        if (returned && job.IsCompletedSuccessfully)
        {
            run.Status = RunStatus.Succeeded;
        }
        else if (cancelRequested && (!returned || job.IsCanceled || job.Exception?.InnerException is OperationCanceledException))
        {
            var reason = execution.Reason == StopReason.None ? StopReason.Drained : execution.Reason;
            run.Status = reason switch
            {
                StopReason.Timeout => RunStatus.TimedOut,
                StopReason.Shutdown => RunStatus.Interrupted,
                _ => RunStatus.Cancelled,
            };
            run.ErrorMessage = reason switch
            {
                StopReason.Timeout => $"timed out after {policies.Timeout}",
                StopReason.Replaced => "cancelled: a newer fire replaced it (overlap policy Replace)",
                StopReason.Shutdown => "interrupted: the host shut down before the run finished",
                _ => $"cancelled: version {handler.Version} was replaced and the run outlived the drain grace",
            };
            if (!returned)
            {
                run.ErrorMessage += $"; the job ignored cancellation for {_options.CancellationGrace} and still holds its slot";
                LogIgnoredCancellation(logger, run.JobId, run.Id, _options.CancellationGrace);
            }
        }
        else
        {
            var error = job.Exception?.InnerException ?? (Exception?)job.Exception ?? new OperationCanceledException("the job cancelled itself");
            run.ErrorType = error.GetType().FullName;
            run.ErrorMessage = error.Message;
            run.ErrorStack = error.StackTrace;
            if (run.Attempt < policies.MaxAttempts)
            {
                run.Status = RunStatus.Retrying;
                var delay = RetryBackoff.Delay(policies.RetryBackoff, run.Attempt, Random.Shared.NextDouble());
                retry = NextAttempt(run, now + delay);
                LogRetrying(logger, run.JobId, run.Attempt, policies.MaxAttempts, delay, error.Message);
            }
            else
            {
                run.Status = RunStatus.Failed;
                LogFailed(logger, error, run.JobId, run.Id, run.Attempt);
            }
        }
        run.Log = jobLogger.Lines();
        // The retry goes in with the outcome, in one transaction: a crash between two writes lost it.
        if (!await writer.CompleteAsync(run, retry).ConfigureAwait(false))
        {
            LogFenced(logger, run.JobId, run.Id, run.Status);
        }
        else if (retry is not null)
        {
            signal.PendingAdded();
        }
        LogEnded(logger, run.JobId, run.Id, run.Status, (run.EndedUtc - run.StartedUtc) ?? TimeSpan.Zero);
        execution.Recorded.TrySetResult();
    }

    public static RunRecord NextAttempt(RunRecord run, DateTimeOffset notBefore) => new()
    {
        Id = RunIds.New(notBefore),
        JobId = run.JobId,
        TriggerKey = run.TriggerKey,
        ConcurrencyKey = run.ConcurrencyKey,
        ScheduledUtc = run.ScheduledUtc,
        NotBeforeUtc = notBefore,
        Status = RunStatus.Pending,
        Attempt = run.Attempt + 1,
        Priority = run.Priority,
        DataJson = run.DataJson,
    };


    private async Task RecordSkippedAsync(RunRecord run)
    {
        try
        {
            if (await writer.CompleteAsync(run).ConfigureAwait(false))
            {
                LogSkipped(logger, run.JobId, run.ScheduledUtc, run.ConcurrencyKey);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRecordFailed(logger, e, run.JobId, run.Id);
        }
    }
}
