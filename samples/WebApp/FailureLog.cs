namespace Kairos.Samples.WebApp;

/// <summary>
/// Reports every run that ends failed or timed out, with its error: here to the log, in a real app to an error
/// tracker. The scheduler calls it off the run's path, so a slow tracker never delays a run.
/// </summary>
public sealed partial class FailureLog(ILogger<FailureLog> logger) : ISchedulerListener
{
    public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken)
    {
        if (e.Status is RunStatus.Failed or RunStatus.TimedOut or RunStatus.Retrying)
        {
            LogFailed(logger, e.JobId, e.RunId, e.Attempt, e.Status, e.ErrorMessage);
        }
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Job {JobId} run {RunId} attempt {Attempt} ended {Status}: {Error}")]
    private static partial void LogFailed(ILogger logger, string? jobId, string runId, int attempt, RunStatus status, string? error);
}
