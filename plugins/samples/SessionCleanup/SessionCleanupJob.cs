using Kairos;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace SessionCleanup;

/// <summary>
/// Removes sessions not seen for <see cref="CleanupSettings.MaxAge"/> from a JSON-lines file (one session per line,
/// with a <c>lastSeenUtc</c> field). The file is rewritten through a temporary file and a rename, so a reader never
/// sees half of it. Lines that are not valid JSON are kept and counted, never silently dropped.
/// </summary>
[Job("sessions.cleanup", Description = "Prunes sessions not seen for a while from data/sessions.jsonl", TimeoutSeconds = 120)]
[CronTrigger("*/5 * * * *")]
public sealed partial class SessionCleanupJob(CleanupSettings settings) : IJob
{
    private static readonly Version? JsonVersion = typeof(JsonConvert).Assembly.GetName().Version;

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            LogNoFile(context.Logger, settings.File);
            return;
        }
        var cutoff = context.TimeProvider.GetUtcNow() - settings.MaxAge;
        var kept = new List<string>();
        int removed = 0, unreadable = 0;
        foreach (var line in await File.ReadAllLinesAsync(settings.File, cancellationToken))
        {
            switch (LastSeen(line))
            {
                case null when string.IsNullOrWhiteSpace(line):
                    break;
                case null:
                    unreadable++;
                    kept.Add(line);
                    break;
                case { } lastSeen when lastSeen < cutoff:
                    removed++;
                    break;
                default:
                    kept.Add(line);
                    break;
            }
        }
        if (removed > 0)
        {
            var temporary = settings.File + ".tmp";
            await File.WriteAllLinesAsync(temporary, kept, cancellationToken);
            File.Move(temporary, settings.File, overwrite: true);
        }
        LogPruned(context.Logger, removed, kept.Count, unreadable, settings.File, JsonVersion);
    }

    private static DateTimeOffset? LastSeen(string line)
    {
        try
        {
            return JObject.Parse(line).Value<DateTime?>("lastSeenUtc") is { } seen
                ? new DateTimeOffset(DateTime.SpecifyKind(seen.ToUniversalTime(), DateTimeKind.Utc))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{File} does not exist yet: nothing to prune")]
    private static partial void LogNoFile(ILogger logger, string file);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Pruned {Removed} stale session(s), kept {Kept} ({Unreadable} unreadable) in {File} (Newtonsoft.Json {JsonVersion})")]
    private static partial void LogPruned(ILogger logger, int removed, int kept, int unreadable, string file, Version? jsonVersion);
}
