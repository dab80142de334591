using Kairos;

namespace Fixtures.RefusedJobs;

/// <summary>Its id has upper-case letters: refused at load.</summary>
[Job("Fixtures.BadId")]
[IntervalTrigger(60)]
public sealed class InvalidIdJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A valid id with a cron expression that does not parse: refused at load.</summary>
[Job("fixtures.bad-cron")]
[CronTrigger("not a cron")]
public sealed class BadCronJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Implements IJob but declares no id: refused at load, listed under its class name.</summary>
public sealed class NoIdJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
