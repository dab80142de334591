using Kairos.Host.Hosting;
using Kairos.Host.Storage.Operator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// The built-in retention job: deletes run records beyond each job's count and age limits (<see cref="RunRetention"/>),
/// and audit entries beyond
/// <see cref="KairosOptions.AuditRetentionCount"/> and <see cref="KairosOptions.AuditRetentionAge"/>.
/// </summary>
internal sealed partial class RetentionService(
    RunRetention runs,
    IAuditLog audit,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<RetentionService> logger) : BackgroundService
{
    private readonly KairosOptions _options = options.Value;

    /// <summary>Applies retention once now; returns the number of run records and audit entries deleted.</summary>
    public int ApplyOnce()
    {
        var deleted = runs.Apply(time.GetUtcNow());
        if (deleted > 0)
        {
            LogDeleted(logger, deleted);
        }
        var now = time.GetUtcNow();
        var audited = audit.ApplyAuditRetention(_options.AuditRetentionCount, now - _options.AuditRetentionAge);
        if (audited > 0)
        {
            LogAuditDeleted(logger, audited);
        }
        return deleted + audited;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RetentionInterval, time);
        do
        {
            try
            {
                ApplyOnce();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Retention deleted {Count} run record(s)")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 541, Level = LogLevel.Information, Message = "Retention deleted {Count} audit entry(ies)")]
    private static partial void LogAuditDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 421, Level = LogLevel.Error, Message = "Retention failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
