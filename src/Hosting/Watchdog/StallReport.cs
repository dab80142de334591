using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Watchdog;

/// <summary>
/// What the <see cref="SchedulerWatchdog"/> tells of a stall or a recovery: an error (or information) in the log under
/// the watchdog's category, the <c>stalled</c> counter and gauge, and a <see cref="SchedulerStalledEvent"/> to the listeners.
/// </summary>
internal sealed partial class StallReport(
    IEventSink events,
    IOptions<KairosOptions> kairos,
    TimeProvider time,
    ILogger<SchedulerWatchdog> logger,
    KairosMetrics? metrics = null)
{
    /// <summary>Observes the number of parts stalled now as a gauge.</summary>
    public void Observe(Func<int> stalled) => metrics?.ObserveStalled(stalled);

    /// <summary>Logs, counts and publishes <paramref name="change"/>, a stall past <paramref name="threshold"/> or its recovery.</summary>
    public void Report(StallChange change, TimeSpan threshold)
    {
        var stuck = change.Stuck;
        if (change.Recovered)
        {
            LogRecovered(logger, stuck.Part, stuck.Step, change.For, change.Current.Step);
        }
        else
        {
            LogStalled(logger, stuck.Part, stuck.Step, stuck.SinceUtc, change.For, threshold);
            metrics?.Stalled(stuck.Part);
        }
        events.Publish(new SchedulerStalledEvent
        {
            Part = stuck.Part, Step = stuck.Step, SinceUtc = stuck.SinceUtc, StalledFor = change.For, Recovered = change.Recovered,
            OccurredUtc = time.GetUtcNow(), Node = kairos.Value.EffectiveNodeId,
        });
    }

    [LoggerMessage(EventId = 1070, Level = LogLevel.Error,
        Message = "Watchdog: the {Part} has not advanced for {StalledFor} (threshold {Threshold}): stuck in '{Step}' since {Since:O}. Nothing is fired or re-queued because of it; a starved thread pool, a deadlock or a store call that does not return can cause it")]
    private static partial void LogStalled(ILogger logger, string part, string step, DateTimeOffset since, TimeSpan stalledFor, TimeSpan threshold);

    [LoggerMessage(EventId = 1071, Level = LogLevel.Information, Message = "Watchdog: the {Part} advanced again after {StalledFor} in '{Step}'; now '{Now}'")]
    private static partial void LogRecovered(ILogger logger, string part, string step, TimeSpan stalledFor, string now);
}
