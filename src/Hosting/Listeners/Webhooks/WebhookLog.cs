using Microsoft.Extensions.Logging;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>Log events of the webhook notifier (620–629).</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 620, Level = LogLevel.Debug, Message = "Webhook {Url}: {Event} of {JobId} sent (HTTP {Status})")]
    public static partial void Sent(ILogger logger, string url, string @event, string jobId, int status);

    [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "Webhook {Url}: {Event} of {JobId} not accepted ({Failure}); retry {Retry} of {Retries} in {Delay}")]
    public static partial void Retrying(ILogger logger, string url, string @event, string jobId, string failure, int retry, int retries, TimeSpan delay);

    [LoggerMessage(EventId = 622, Level = LogLevel.Error, Message = "Webhook {Url}: {Event} of {JobId} not delivered after {Attempts} attempt(s): {Failure}")]
    public static partial void GaveUp(ILogger logger, string url, string @event, string jobId, int attempts, string failure);

    [LoggerMessage(EventId = 623, Level = LogLevel.Information, Message = "Webhook {Url} notifies of {Events}")]
    public static partial void Configured(ILogger logger, string url, string events);
}
