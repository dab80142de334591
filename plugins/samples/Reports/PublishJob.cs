using System.Text.Json;
using Kairos;
using Microsoft.Extensions.Logging;

namespace Reports;

/// <summary>
/// Writes the report <see cref="CollectJob"/> collected to <c>data/reports/</c>. It has no trigger of its own: it runs
/// when the collector triggers it (or from <c>kairos trigger reports.publish --data '{...}'</c>).
/// </summary>
[Job(Id, Description = "Writes the collected counts to data/reports/ (triggered by reports.collect)", TimeoutSeconds = 60)]
public sealed partial class PublishJob(ReportSettings settings) : IJob
{
    /// <summary>The job id, for the jobs that trigger this one.</summary>
    public const string Id = "reports.publish";

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var collected = context.DataJson is { } json
            ? JsonSerializer.Deserialize<CollectedData>(json)
            : null;
        if (collected is null)
        {
            throw new InvalidOperationException($"run {context.RunId} has no data: {Id} publishes what reports.collect hands it ({{\"Files\": N, ...}})");
        }
        var folder = Path.Combine(settings.DataFolder, "reports");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"report-{collected.CollectedForUtc:yyyyMMdd-HHmm}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(collected), cancellationToken);
        LogPublished(context.Logger, file, collected.Files, collected.CollectedBy);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Wrote {File}: {Files} file(s), collected by run {CollectedBy}")]
    private static partial void LogPublished(ILogger logger, string file, int files, string collectedBy);
}
