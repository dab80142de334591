using System.Text.Json;
using Kairos;
using Microsoft.Extensions.Logging;

namespace Reports;

/// <summary>
/// Counts the files under the data folder, then chains: when the count succeeds it triggers
/// <see cref="PublishJob"/> with the count as the run's data. A failure here triggers nothing (and is reported by
/// <see cref="FailureReporter"/>). It chains from code because the next job needs what this one counted; a chain that
/// needs only the finished run (its id, status, data and error) is declared instead:
/// <c>[Job("reports.collect", OnSuccess = PublishJob.Id)]</c> (README, "Chaining jobs").
/// </summary>
[Job("reports.collect", Description = "Counts the files under data/, then triggers reports.publish with the count", TimeoutSeconds = 60)]
[CronTrigger("*/2 * * * *")]
public sealed partial class CollectJob(ReportSettings settings) : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(settings.DataFolder)
            ? Directory.EnumerateFiles(settings.DataFolder, "*", SearchOption.AllDirectories).Count()
            : 0;
        var data = JsonSerializer.Serialize(new CollectedData(files, context.RunId, context.ScheduledUtc));
        var next = await context.Scheduler.TriggerAsync(PublishJob.Id, data, cancellationToken);
        LogChained(context.Logger, files, settings.DataFolder, PublishJob.Id, next);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Counted {Files} file(s) under {Folder}; triggered {Next} as run {RunId}")]
    private static partial void LogChained(ILogger logger, int files, string folder, string next, string runId);
}
