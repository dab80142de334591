using Microsoft.Extensions.Logging;

namespace Kairos;

/// <summary>Everything a job knows about the run it is executing. Created by the host for each run.</summary>
public abstract class JobContext
{
    /// <summary>The stable id of the job, as declared (for example <c>billing.invoice-reminder</c>).</summary>
    public abstract string JobId { get; }

    /// <summary>The key of the trigger that fired, unique within the job (for example <c>default</c>).</summary>
    public abstract string TriggerKey { get; }

    /// <summary>The id of the run record for this run; the same id appears in <c>kairos history</c>.</summary>
    public abstract string RunId { get; }

    /// <summary>
    /// The instant (UTC) the trigger was scheduled to fire: the run's <c>scheduledUtc</c> in <c>kairos history</c>. The
    /// same in every attempt of the run.
    /// </summary>
    /// <remarks>Virtual, not abstract, so that a <see cref="JobContext"/> subclass built against 1.0 still loads: by default it reads <see cref="ScheduledFireTimeUtc"/>.</remarks>
#pragma warning disable CS0618 // The default reads the 1.0 member, which every subclass implements.
    public virtual DateTimeOffset ScheduledUtc => ScheduledFireTimeUtc;

    /// <summary>The instant (UTC) this attempt started: the run's <c>startedUtc</c> in <c>kairos history</c>.</summary>
    /// <remarks>Virtual, not abstract, so that a <see cref="JobContext"/> subclass built against 1.0 still loads: by default it reads <see cref="FireTimeUtc"/>.</remarks>
    public virtual DateTimeOffset StartedUtc => FireTimeUtc;
#pragma warning restore CS0618

    /// <summary>The instant (UTC) the trigger was scheduled to fire. Obsolete: read <see cref="ScheduledUtc"/>.</summary>
    [Obsolete("Use ScheduledUtc: the same instant, named as the run record and kairos history name it (scheduledUtc).")]
    public abstract DateTimeOffset ScheduledFireTimeUtc { get; }

    /// <summary>The instant (UTC) this attempt actually started. Obsolete: read <see cref="StartedUtc"/>.</summary>
    [Obsolete("Use StartedUtc: the same instant (this attempt's start), named as the run record and kairos history name it (startedUtc).")]
    public abstract DateTimeOffset FireTimeUtc { get; }

    /// <summary>The attempt number, starting at 1; greater than 1 when the run is retried.</summary>
    public abstract int Attempt { get; }

    /// <summary>The trigger's data as a JSON text, or <see langword="null"/> when the trigger has none.</summary>
    public abstract string? DataJson { get; }

    /// <summary>A logger whose lines are written to the host log and kept (the last 100) in the run record.</summary>
    public abstract ILogger Logger { get; }

    /// <summary>The host's clock. Use it instead of the wall clock so jobs can be tested.</summary>
    public abstract TimeProvider TimeProvider { get; }

    /// <summary>Adds, changes or removes this job's triggers while it runs (for example one trigger per subscription).</summary>
    public abstract IJobTriggers Triggers { get; }

    /// <summary>
    /// The scheduler: trigger, schedule, pause or query any job (for example trigger the next job of a chain with data).
    /// </summary>
    /// <remarks>Virtual, not abstract, so that a <see cref="JobContext"/> subclass built against 1.0 still loads: by default it throws <see cref="NotSupportedException"/>.</remarks>
    public virtual IScheduler Scheduler => throw new NotSupportedException($"{GetType().Name} does not provide a scheduler: override JobContext.Scheduler");
}
