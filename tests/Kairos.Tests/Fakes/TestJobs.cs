namespace Kairos.Tests.Fakes;

[Job("test.every-minute", Description = "fires every minute")]
[CronTrigger("* * * * *")]
public sealed class EveryMinuteJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.queue", Overlap = OverlapPolicy.Queue)]
[CronTrigger("* * * * *")]
public sealed class QueueJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.allow-two", Overlap = OverlapPolicy.Allow, MaxConcurrency = 2)]
[CronTrigger("* * * * *")]
public sealed class AllowTwoJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.replace", Overlap = OverlapPolicy.Replace)]
[CronTrigger("* * * * *")]
public sealed class ReplaceJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.retry", MaxAttempts = 3, RetryBackoffSeconds = 10)]
[CronTrigger("0 0 1 1 *")]
public sealed class RetryJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.stubborn", TimeoutSeconds = 30)]
[CronTrigger("* * * * *")]
public sealed class StubbornJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken, ignoreToken: true);
}

[Job("test.per-trigger", ConcurrencyScope = ConcurrencyScope.Trigger)]
[CronTrigger("* * * * *", Key = "a", DataJson = "{\"entity\":\"a\"}")]
[CronTrigger("* * * * *", Key = "b", DataJson = "{\"entity\":\"b\"}", Priority = 5)]
public sealed class PerTriggerJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.two-triggers")]
[CronTrigger("* * * * *", Key = "a")]
[CronTrigger("* * * * *", Key = "b")]
public sealed class TwoTriggersJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.skip-misfire")]
[CronTrigger("* * * * *", Misfire = MisfirePolicy.Skip)]
public sealed class SkipMisfireJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.fire-all")]
[CronTrigger("* * * * *", Misfire = MisfirePolicy.FireAll)]
public sealed class FireAllJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.recover", Recovery = RecoveryPolicy.Rerun)]
[CronTrigger("0 0 1 1 *")]
public sealed class RecoverJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}

[Job("test.dynamic")]
public sealed class DynamicTriggersJob(JobProbe probe) : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (context.TriggerKey == "manual")
        {
            await context.Triggers.UpsertAsync(TriggerSpec.Cron("customer-42", "*/5 * * * *") with { DataJson = "{\"customer\":42}" }, cancellationToken);
        }
        await probe.OnRunAsync(context, cancellationToken);
    }
}

public sealed class UndeclaredJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

[Job("test.weekdays-and-poll")]
[CronTrigger("0 9 * * 1-5", Key = "daily")]
[IntervalTrigger(10, Key = "poll")]
public sealed class WeekdaysAndPollJob(JobProbe probe) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => probe.OnRunAsync(context, cancellationToken);
}
