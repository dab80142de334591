using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations.Control;

/// <summary>
/// A job paused, resumed, disabled or enabled by an actor: stored, the scheduler woken, pauses published as events. Each
/// returns false when the store has no such job.
/// </summary>
internal sealed class JobSwitches(ICatalogStore jobs, SchedulerSignal signal, IEventSink events, TimeProvider time, IOptions<KairosOptions> options)
{
    /// <summary>Pauses the job until <paramref name="untilUtc"/> (null: until resumed): the pause stored, or null if the store has no such job.</summary>
    public JobPause? Pause(string actor, string jobId, string? reason, DateTimeOffset? untilUtc)
    {
        var now = time.GetUtcNow();
        if (untilUtc is { } until && until <= now)
        {
            throw new ArgumentException(
                $"pause until {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'} is not in the future (now is {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}): expected a later instant, or none to pause until resumed",
                nameof(untilUtc));
        }
        var pause = new JobPause(reason, actor, StoreInstants.Milliseconds(untilUtc));
        if (!jobs.SetPaused(jobId, pause, now))
        {
            return null;
        }
        signal.Wake();
        events.Publish(new JobPausedEvent
        {
            JobId = jobId, OccurredUtc = now, Node = options.Value.EffectiveNodeId, By = actor, Reason = reason, UntilUtc = pause.UntilUtc,
        });
        return pause;
    }

    public bool Resume(string actor, string jobId)
    {
        var now = time.GetUtcNow();
        if (!jobs.SetPaused(jobId, null, now))
        {
            return false;
        }
        signal.Wake();
        events.Publish(new JobResumedEvent { JobId = jobId, OccurredUtc = now, Node = options.Value.EffectiveNodeId, By = actor });
        return true;
    }

    /// <summary>Disables the job by hand (<paramref name="disable"/>) or clears an operator's disable (null).</summary>
    public bool SetDisabled(string jobId, JobDisable? disable) => jobs.SetDisabled(jobId, disable, time.GetUtcNow());

    /// <summary>Wakes the scheduler: a job's switch changed.</summary>
    public void Changed() => signal.Wake();
}
