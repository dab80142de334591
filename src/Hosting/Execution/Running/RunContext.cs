using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution.Running;

/// <summary>The <see cref="JobContext"/> the host gives a job for one run.</summary>
internal sealed class RunContext(
    Storage.Runs.RunRecord run,
    DateTimeOffset startedUtc,
    CapturingLogger log,
    TimeProvider time,
    IJobTriggers triggers,
    IJobSchedulerFactory? schedulers = null) : JobContext
{
    private IScheduler? _scheduler;

    public override string JobId => run.JobId;
    public override string TriggerKey => run.TriggerKey;
    public override string RunId => run.Id;
    public override DateTimeOffset ScheduledUtc => run.ScheduledUtc;
    public override DateTimeOffset StartedUtc => startedUtc;
    [Obsolete("Use ScheduledUtc.")]
    public override DateTimeOffset ScheduledFireTimeUtc => ScheduledUtc;
    [Obsolete("Use StartedUtc.")]
    public override DateTimeOffset FireTimeUtc => StartedUtc;
    public override int Attempt => run.Attempt;
    public override string? DataJson => run.DataJson;
    public override ILogger Logger => log;
    public override TimeProvider TimeProvider => time;
    public override IJobTriggers Triggers => triggers;

    /// <summary>The scheduler acting as <c>job:ID</c>, made on first use (most runs never ask for it).</summary>
    public override IScheduler Scheduler => _scheduler ??= schedulers is null
        ? base.Scheduler
        : schedulers.For("job:" + run.JobId);

    /// <summary>The job's logger, whose last lines go into the run record.</summary>
    public CapturingLogger Log => log;
}
