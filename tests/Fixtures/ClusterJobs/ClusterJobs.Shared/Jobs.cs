using System.Text.Json;

namespace Kairos.ClusterJobs;

/// <summary>
/// Fires of the exactly-once tests: the test adds the triggers (dynamic, one key each) and counts the records. A host
/// that fell behind (a stall on a loaded machine) catches up by starting a key's missed fires together, each counting
/// against the key's limit until its outcome is written: with a limit of 4, the fifth and later fires of a lag of
/// 4 s or more were recorded skipped (overlap policy Allow). 32 is above the fires a key has within the longest lease
/// of the tests (15 s) plus the expiry check, so the limit never decides a fire; a host stalled longer than that loses
/// its leases, which the tests catch.
/// </summary>
[Job("cluster.tick", Overlap = OverlapPolicy.Allow, MaxConcurrency = 32, ConcurrencyScope = ConcurrencyScope.Trigger)]
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

/// <summary>
/// A long run for the cluster-wide Replace test: waits <c>{"seconds": N}</c> (default 120) unless a newer fire replaces
/// it, and honours its token.
/// </summary>
[Job("cluster.replace", Overlap = OverlapPolicy.Replace)]
public sealed class ReplaceJob : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var seconds = context.DataJson is { } json ? JsonDocument.Parse(json).RootElement.GetProperty("seconds").GetDouble() : 120;
        await Task.Delay(TimeSpan.FromSeconds(seconds), context.TimeProvider, cancellationToken);
    }
}

#if V2
/// <summary>The job the rolling-upgrade test rolls out, version 2.</summary>
[Job("cluster.upgrade", Description = "rolling upgrade probe, v2", Overlap = OverlapPolicy.Queue)]
#else
/// <summary>The job the rolling-upgrade test rolls out, version 1.</summary>
[Job("cluster.upgrade", Description = "rolling upgrade probe, v1", Overlap = OverlapPolicy.Queue)]
#endif
[CronTrigger("* * * * * *")]
public sealed class UpgradeJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
