using Microsoft.Extensions.Logging;

namespace Kairos.Host.Listeners;

/// <summary>Log events of the listeners (600–604; 620–623 are the webhook notifier's).</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Listener {Listener} threw on {Event} of {JobId}; the run is not affected")]
    public static partial void Failed(ILogger logger, Exception error, string listener, string @event, string jobId);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning,
        Message = "Listener {Listener} did not return from {Event} of {JobId} within {Timeout}; its token is cancelled and its next event is called")]
    public static partial void TimedOut(ILogger logger, string listener, string @event, string jobId, TimeSpan timeout);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning,
        Message = "Listener {Listener} falls behind: {Dropped} event(s) dropped, the oldest first ({Total} in all; Kairos:Listeners:QueueCapacity is {Capacity})")]
    public static partial void Dropped(ILogger logger, string listener, long dropped, long total, int capacity);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Listener {Listener} added ({Source})")]
    public static partial void Added(ILogger logger, string listener, string source);

    [LoggerMessage(EventId = 604, Level = LogLevel.Information, Message = "Listener {Listener} removed ({Source})")]
    public static partial void Removed(ILogger logger, string listener, string source);
}
