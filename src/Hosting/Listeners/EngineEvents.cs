using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners;

/// <summary>
/// The events the engine publishes, made from what it records (run records, source problems) with this host's node id.
/// Each method builds its event only when a listener is registered, so the run's path allocates nothing otherwise.
/// The run facts are counted in <see cref="KairosMetrics"/> here too, listeners or not.
/// </summary>
internal sealed class EngineEvents(IEventSink sink, KairosMetrics metrics, TimeProvider time, IOptions<KairosOptions> options)
{
    private readonly string _node = options.Value.EffectiveNodeId;

    /// <summary>Someone is told about fires not run: a listener, or a metrics listener counting misfires and skips.</summary>
    public bool HasListeners => sink.HasListeners || metrics.CountsFiresNotRun;

    /// <summary>A run started here (<paramref name="run"/> is its started record).</summary>
    public void RunStarted(RunRecord run)
    {
        metrics.RunStarted(run);
        if (!sink.HasListeners)
        {
            return;
        }
        var started = run.StartedUtc ?? time.GetUtcNow();
        sink.Publish(new RunStartedEvent
        {
            JobId = run.JobId,
            OccurredUtc = started,
            Node = _node,
            RunId = run.Id,
            TriggerKey = run.TriggerKey,
            Attempt = run.Attempt,
            ScheduledUtc = run.ScheduledUtc,
            StartedUtc = started,
            Version = run.Version,
        });
    }

    /// <summary>A run's outcome was recorded: succeeded, failed, retrying, timed out, cancelled or interrupted.</summary>
    public void RunEnded(RunRecord run)
    {
        metrics.RunEnded(run);
        if (!sink.HasListeners)
        {
            return;
        }
        var ended = run.EndedUtc ?? time.GetUtcNow();
        sink.Publish(new RunEndedEvent
        {
            JobId = run.JobId,
            OccurredUtc = ended,
            Node = _node,
            RunId = run.Id,
            TriggerKey = run.TriggerKey,
            Status = run.Status,
            Attempt = run.Attempt,
            ScheduledUtc = run.ScheduledUtc,
            StartedUtc = run.StartedUtc,
            EndedUtc = ended,
            Duration = run.Duration,
            Version = run.Version,
            ErrorType = run.ErrorType,
            ErrorMessage = run.ErrorMessage,
            ErrorStackTrace = run.ErrorStack,
        });
    }

    /// <summary>A fire was recorded but not run: <paramref name="run"/> is its skipped or misfired record.</summary>
    public void FireNotRun(RunRecord run)
    {
        metrics.FireNotRun(run);
        if (!sink.HasListeners)
        {
            return;
        }
        sink.Publish(new FireNotRunEvent
        {
            JobId = run.JobId,
            OccurredUtc = run.EndedUtc ?? time.GetUtcNow(),
            Node = _node,
            RunId = run.Id,
            TriggerKey = run.TriggerKey,
            Status = run.Status,
            ScheduledUtc = run.ScheduledUtc,
            Reason = run.ErrorMessage ?? run.Status.ToString(),
        });
    }

    /// <summary>A source failed to load or compile (reported once per failing version).</summary>
    public void JobFaulted(string source, string? jobId, string message)
    {
        if (!sink.HasListeners)
        {
            return;
        }
        sink.Publish(new JobFaultedEvent
        {
            JobId = jobId,
            OccurredUtc = time.GetUtcNow(),
            Node = _node,
            Source = source,
            Message = message,
        });
    }
}
