using Kairos;
using Microsoft.Extensions.Logging;

namespace Reports;

/// <summary>
/// Reports every failed or timed-out run of any job, and every job auto-paused, as an error-reporting service would get
/// them: one line each in <c>data/failures.log</c>. It runs off the runs' path: a slow disk here never delays a run.
/// </summary>
public sealed partial class FailureReporter(ReportSettings settings, ILogger logger) : ISchedulerListener
{
    public async ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken)
    {
        if (e.Status is RunStatus.Failed or RunStatus.TimedOut)
        {
            await AppendAsync($"{e.EndedUtc:O} {e.JobId} run {e.RunId} {e.Status} on {e.Node}: {e.ErrorType}: {e.ErrorMessage}", cancellationToken);
        }
    }

    public async ValueTask OnJobPausedAsync(JobPausedEvent e, CancellationToken cancellationToken)
    {
        if (e.By == "auto-pause")
        {
            await AppendAsync($"{e.OccurredUtc:O} {e.JobId} auto-paused: {e.Reason}", cancellationToken);
        }
    }

    private async Task AppendAsync(string line, CancellationToken cancellationToken)
    {
        // The host calls a listener with one event at a time, in order: no lock is needed around the file.
        Directory.CreateDirectory(settings.DataFolder);
        await File.AppendAllLinesAsync(Path.Combine(settings.DataFolder, "failures.log"), [line], cancellationToken);
        LogReported(logger, line);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Reported: {Line}")]
    private static partial void LogReported(ILogger logger, string line);
}
