namespace Kairos.Bench.Harness;

/// <summary>
/// One Quartz.NET scheduler, or (AdoJobStore on PostgreSQL, clustered) several sharing one database with instance ids
/// <c>bench-1</c>, <c>bench-2</c>, ...: each fire runs on one of them. Work is scheduled through the first.
/// </summary>
internal sealed class QuartzCluster : IAsyncDisposable
{
    private readonly List<QuartzInstance> _schedulers;

    private QuartzCluster(List<QuartzInstance> schedulers) => _schedulers = schedulers;

    public Quartz.IScheduler First => _schedulers[0].Scheduler;

    /// <summary>Starts the schedulers; the connection string (the database they all share) only with <see cref="QuartzStore.Postgres"/>.</summary>
    public static async Task<QuartzCluster> StartAsync(QuartzStore store, int schedulers, string? connectionString, int threads, Func<Quartz.IJob> createJob)
    {
        if (store != QuartzStore.Postgres && schedulers != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(schedulers), schedulers, $"only the clustered PostgreSQL store has more than one scheduler, not {store}");
        }
        var started = new List<QuartzInstance>();
        try
        {
            // One after another: the first provisions the schema.
            for (var i = 1; i <= schedulers; i++)
            {
                started.Add(await QuartzInstance.StartAsync(store, threads, createJob,
                    store == QuartzStore.Postgres ? (connectionString!, "bench-" + i) : null).ConfigureAwait(false));
            }
        }
        catch
        {
            await DisposeAllAsync(started).ConfigureAwait(false);
            throw;
        }
        return new QuartzCluster(started);
    }

    /// <summary>Halts firing on every scheduler (triggers can still be stored).</summary>
    public Task StandbyAsync() => Task.WhenAll(_schedulers.Select(s => s.Scheduler.Standby().AsTask()));

    /// <summary>Starts firing on every scheduler (again, after <see cref="StandbyAsync"/>).</summary>
    public Task StartAsync() => Task.WhenAll(_schedulers.Select(s => s.Scheduler.Start().AsTask()));

    /// <summary>Shuts every scheduler down at once, waiting for running jobs.</summary>
    public Task StopAsync() => Task.WhenAll(_schedulers.Select(s => s.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await DisposeAllAsync(_schedulers).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(List<QuartzInstance> schedulers)
    {
        foreach (var scheduler in schedulers)
        {
            await scheduler.DisposeAsync().ConfigureAwait(false);
        }
    }
}
