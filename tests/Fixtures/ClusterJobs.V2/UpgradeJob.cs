namespace Kairos.ClusterJobs.V2;

/// <summary>Version 2 of the job the rolling-upgrade test rolls out.</summary>
[Job("cluster.upgrade", Description = "rolling upgrade probe, v2", Overlap = OverlapPolicy.Queue)]
[CronTrigger("* * * * * *")]
public sealed class UpgradeJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
