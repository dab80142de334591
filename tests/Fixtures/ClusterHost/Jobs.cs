using System.Text.Json;

namespace Kairos.ClusterHost;

/// <summary>Fires of the exactly-once test: the test adds the triggers (dynamic, one key each) and counts the records.</summary>
[Job("cluster.tick", Overlap = OverlapPolicy.Allow, MaxConcurrency = 4, ConcurrencyScope = ConcurrencyScope.Trigger)]
public sealed class TickJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A long run for the failover test: runs <c>{"seconds": N}</c>, and is re-run when its host dies.</summary>
[Job("cluster.slow", Recovery = RecoveryPolicy.Rerun, Overlap = OverlapPolicy.Queue)]
public sealed class SlowJob : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var seconds = context.DataJson is { } json ? JsonDocument.Parse(json).RootElement.GetProperty("seconds").GetDouble() : 5;
        await Task.Delay(TimeSpan.FromSeconds(seconds), context.TimeProvider, cancellationToken);
    }
}

/// <summary>Version 1 of the job the rolling-upgrade test rolls out (this assembly is version 1.0.0).</summary>
[Job("cluster.upgrade", Description = "rolling upgrade probe, v1", Overlap = OverlapPolicy.Queue)]
[CronTrigger("* * * * * *")]
public sealed class UpgradeJobV1 : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
