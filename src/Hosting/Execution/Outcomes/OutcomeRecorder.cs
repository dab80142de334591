using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Kairos.Host.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Outcomes;

/// <summary>Outcomes: what a run ended as, its retry, and skipped fires; written through the <see cref="RunWriter"/>.</summary>
internal sealed partial class OutcomeRecorder(
    RunWriter writer,
    OutcomeFollowUp followUp,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<OutcomeRecorder> logger)
{
    private readonly KairosOptions _options = options.Value;

    /// <summary>
    /// Records the outcome of <paramref name="execution"/>'s run, with its retry; never throws. <paramref name="returned"/>:
    /// the job's code returned (within the cancellation grace); <paramref name="cancelRequested"/>: the host cancelled it.
    /// </summary>
    public async Task RecordAsync(Execution execution, JobHandler handler, CapturingLogger jobLogger, Task job, bool returned, bool cancelRequested)
    {
        try
        {
            await WriteOutcomeAsync(execution, handler, jobLogger, job, returned, cancelRequested).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The store is unreachable: the run stays "running" until its lease expires, then recovery applies.
            LogRecordFailed(logger, e, execution.Run.JobId, execution.Run.Id);
            execution.Recorded.TrySetResult();
        }
    }

    /// <summary>
    /// Records <paramref name="run"/> skipped: its key is still running and its overlap policy skips. Written by the
    /// writer, not here: dispatching must never wait for the store's writer lock.
    /// </summary>
    public void RecordSkipped(RunRecord run, JobPolicies policies, DateTimeOffset now)
    {
        var skipped = (run with { Node = _options.EffectiveNodeId })
            .Ended(RunStatus.Skipped, now, $"skipped: {policies.ConcurrencyLimit} run(s) of '{run.ConcurrencyKey}' still running (overlap policy {policies.Overlap})");
        _ = WriteSkippedAsync(skipped);
    }

    private async Task WriteOutcomeAsync(Execution execution, JobHandler handler, CapturingLogger jobLogger, Task job, bool returned, bool cancelRequested)
    {
        var started = execution.Run;
        var policies = handler.Definition.Policies;
        var now = time.GetUtcNow();
        RunRecord run;
        RunRecord? retry = null;
        Exception? error = null;
        if (returned && job.IsCompletedSuccessfully)
        {
            run = started.Ended(RunStatus.Succeeded, now);
        }
        else if (cancelRequested && (!returned || job.IsCanceled || job.Exception?.InnerException is OperationCanceledException))
        {
            var reason = execution.Reason == StopReason.None ? StopReason.Drained : execution.Reason;
            var status = reason switch
            {
                StopReason.Timeout => RunStatus.TimedOut,
                StopReason.Shutdown => RunStatus.Interrupted,
                _ => RunStatus.Cancelled,
            };
            var message = reason switch
            {
                StopReason.Timeout => $"timed out after {policies.Timeout}",
                StopReason.Replaced => "cancelled: a newer fire replaced it (overlap policy Replace)",
                StopReason.Operator => $"cancelled by {execution.StoppedBy}",
                StopReason.Shutdown => "interrupted: the host shut down before the run finished",
                _ => $"cancelled: version {handler.Version} was replaced and the run outlived the drain grace",
            };
            if (!returned)
            {
                message += $"; the job ignored cancellation for {_options.CancellationGrace} and still holds its slot";
                LogIgnoredCancellation(logger, started.JobId, started.Id, _options.CancellationGrace);
            }
            run = started.Ended(status, now, message);
        }
        else
        {
            error = job.Exception?.InnerException ?? (Exception?)job.Exception ?? new OperationCanceledException("the job cancelled itself");
            if (started.Attempt < policies.MaxAttempts)
            {
                run = started.Failed(RunStatus.Retrying, now, error);
                var delay = RetryBackoff.Delay(policies.RetryBackoff, run.Attempt, Random.Shared.NextDouble());
                retry = RunRecords.NextAttempt(run, now + delay);
                LogRetrying(logger, run.JobId, run.Attempt, policies.MaxAttempts, delay, error.Message);
            }
            else
            {
                run = started.Failed(RunStatus.Failed, now, error);
                LogFailed(logger, error, run.JobId, run.Id, run.Attempt);
            }
        }
        run = run with { Log = jobLogger.Lines() };
        RunActivity.Ended(execution.Activity, run, error);
        // A finished fire's chained runs go in with its outcome too, so that a crash cannot lose them either.
        var chained = followUp.Chained(run, retry, policies, now, execution.Activity?.Id);
        // The retry goes in with the outcome, in one transaction: a crash between two writes lost it.
        if (!await writer.CompleteAsync(run, retry, chained).ConfigureAwait(false))
        {
            LogFenced(logger, run.JobId, run.Id, run.Status);
        }
        else
        {
            followUp.Written(run, retry, chained, policies);
            foreach (var next in chained)
            {
                LogChained(logger, run.JobId, run.Id, next.JobId, next.Id);
            }
        }
        LogEnded(logger, run.JobId, run.Id, run.Status, (run.EndedUtc - run.StartedUtc) ?? TimeSpan.Zero);
        execution.Recorded.TrySetResult();
    }

    private async Task WriteSkippedAsync(RunRecord run)
    {
        try
        {
            if (await writer.CompleteAsync(run).ConfigureAwait(false))
            {
                LogSkipped(logger, run.JobId, run.ScheduledUtc, run.ConcurrencyKey);
                followUp.SkippedWritten(run);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRecordFailed(logger, e, run.JobId, run.Id);
        }
    }

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Run {RunId} of {JobId} ended {Status} in {Duration}")]
    private static partial void LogEnded(ILogger logger, string jobId, string runId, string status, TimeSpan duration);

    /// <summary>Event 501 with the status as its word (<c>succeeded</c>, <c>timed-out</c>), as the history shows it.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1873", Justification = "Guarded by IsEnabled; the word is a table lookup.")]
    private static void LogEnded(ILogger logger, string jobId, string runId, RunStatus status, TimeSpan duration)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogEnded(logger, jobId, runId, status.Word(), duration);
        }
    }

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Fire of {JobId} scheduled {Scheduled:O} skipped: '{ConcurrencyKey}' is still running")]
    private static partial void LogSkipped(ILogger logger, string jobId, DateTimeOffset scheduled, string concurrencyKey);

    [LoggerMessage(EventId = 504, Level = LogLevel.Warning, Message = "{JobId} attempt {Attempt} of {MaxAttempts} failed, retrying in {Delay}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string jobId, int attempt, int maxAttempts, TimeSpan delay, string error);

    [LoggerMessage(EventId = 505, Level = LogLevel.Error, Message = "Run {RunId} of {JobId} FAILED after {Attempt} attempt(s)")]
    private static partial void LogFailed(ILogger logger, Exception error, string jobId, string runId, int attempt);

    [LoggerMessage(EventId = 506, Level = LogLevel.Error, Message = "Run {RunId} of {JobId} ignored cancellation for {Grace}; its slot stays busy until it returns")]
    private static partial void LogIgnoredCancellation(ILogger logger, string jobId, string runId, TimeSpan grace);

    [LoggerMessage(EventId = 507, Level = LogLevel.Warning, Message = "Outcome {Status} of run {RunId} of {JobId} not written: the run was taken over (its lease expired)")]
    private static partial void LogFenced(ILogger logger, string jobId, string runId, string status);

    /// <summary>Event 507 with the status as its word.</summary>
    private static void LogFenced(ILogger logger, string jobId, string runId, RunStatus status)
    {
        if (logger.IsEnabled(LogLevel.Warning))
        {
            LogFenced(logger, jobId, runId, status.Word());
        }
    }

    [LoggerMessage(EventId = 1061, Level = LogLevel.Information, Message = "Run {RunId} of {JobId} chained to {Target}: queued run {ChainedRunId}")]
    private static partial void LogChained(ILogger logger, string jobId, string runId, string target, string chainedRunId);

    [LoggerMessage(EventId = 509, Level = LogLevel.Error, Message = "Outcome of run {RunId} of {JobId} could not be written; its lease will expire and recovery applies")]
    private static partial void LogRecordFailed(ILogger logger, Exception error, string jobId, string runId);
}
