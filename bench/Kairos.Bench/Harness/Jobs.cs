using Quartz;

namespace Kairos.Bench.Harness;

/// <summary>Burst: the body only counts. Overlap is allowed, as Quartz allows concurrent runs of a job by default.</summary>
[Job(Id, Overlap = OverlapPolicy.Allow, MaxConcurrency = 1_000_000)]
internal sealed class KairosBurstJob(CountdownProbe probe) : Kairos.IJob
{
    public const string Id = "bench.burst";

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        probe.Hit(context.TriggerKey);
        return Task.CompletedTask;
    }
}

internal sealed class QuartzBurstJob(CountdownProbe probe) : Quartz.IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        probe.Hit(context.Trigger.Key.Name);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Latency: the first thing the body does is read the clock.</summary>
[Job(Id, Overlap = OverlapPolicy.Allow, MaxConcurrency = 1_000_000)]
internal sealed class KairosLatencyJob(LatencyProbe probe) : Kairos.IJob
{
    public const string Id = "bench.latency";

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        probe.Record(context.TriggerKey, context.ScheduledUtc, now);
        return Task.CompletedTask;
    }
}

internal sealed class QuartzLatencyJob(LatencyProbe probe) : Quartz.IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        probe.Record(context.Trigger.Key.Name, context.ScheduledFireTimeUtc ?? now, now);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Many: never expected to run during the test; counts if it does.</summary>
[Job(Id, Overlap = OverlapPolicy.Allow, MaxConcurrency = 1_000_000)]
internal sealed class KairosManyJob(CountdownProbe probe) : Kairos.IJob
{
    public const string Id = "bench.many";

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        probe.Hit();
        return Task.CompletedTask;
    }
}

internal sealed class QuartzManyJob(CountdownProbe probe) : Quartz.IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        probe.Hit();
        return ValueTask.CompletedTask;
    }
}
