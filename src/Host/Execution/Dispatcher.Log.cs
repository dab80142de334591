using Kairos.Host.Storage;
using Kairos.Host.Text;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution;

internal sealed partial class Dispatcher
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Run {RunId} of {JobId} started (attempt {Attempt}, version {Version})")]
    private static partial void LogStarted(ILogger logger, string jobId, string runId, int attempt, string version);

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

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} is cancelled: run {NewRunId} replaces it")]
    private static partial void LogReplacing(ILogger logger, string jobId, string runId, string newRunId);

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

    [LoggerMessage(EventId = 508, Level = LogLevel.Information, Message = "Shutting down: waiting up to {Grace} for {Count} running job(s)")]
    private static partial void LogDraining(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = 509, Level = LogLevel.Error, Message = "Outcome of run {RunId} of {JobId} could not be written; its lease will expire and recovery applies")]
    private static partial void LogRecordFailed(ILogger logger, Exception error, string jobId, string runId);

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} on node {Node} is asked to stop: run {NewRunId} replaces it")]
    private static partial void LogReplacingRemote(ILogger logger, string jobId, string runId, string node, string newRunId);

    [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} is cancelled: another node's newer fire replaces it")]
    private static partial void LogReplacedElsewhere(ILogger logger, string jobId, string runId);

    [LoggerMessage(EventId = 512, Level = LogLevel.Error, Message = "Could not ask other nodes to stop the running run of '{ConcurrencyKey}' for {JobId}; asking again at the next dispatch")]
    private static partial void LogReplaceRequestFailed(ILogger logger, Exception error, string jobId, string concurrencyKey);

    [LoggerMessage(EventId = 513, Level = LogLevel.Error, Message = "Starting the next due runs after a run returned failed; the scheduler loop retries")]
    private static partial void LogDispatchFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 514, Level = LogLevel.Information, Message = "Shutting down: released {Count} run(s) claimed ahead but not started; they are due again")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 515, Level = LogLevel.Warning,
        Message = "The process is exiting without a graceful shutdown: {Interrupted} run(s) in flight recorded interrupted, {Released} run(s) claimed ahead released")]
    private static partial void LogProcessExit(ILogger logger, int interrupted, int released);
}
