using Microsoft.Data.Sqlite;
using Quartz;
using Quartz.Extensibility;

namespace Kairos.Bench.Harness;

/// <summary>Where a Quartz scheduler keeps its schedule.</summary>
internal enum QuartzStore
{
    /// <summary>RAMJobStore: nothing persisted.</summary>
    Ram,

    /// <summary>AdoJobStore on a SQLite file through Microsoft.Data.Sqlite; Quartz creates its own schema.</summary>
    Sqlite,

    /// <summary>
    /// AdoJobStore on PostgreSQL through Npgsql (Quartz's PostgreSQL delegate), clustered: database locks and a check-in
    /// row per scheduler; Quartz creates its own schema.
    /// </summary>
    Postgres,
}

/// <summary>A standalone Quartz.NET 4 scheduler with a fixed thread pool and a job factory that hands out the bench's jobs.</summary>
internal sealed class QuartzInstance : IAsyncDisposable
{
    private readonly StandaloneSchedulerFactory _factory;
    private readonly string _dir;
    private bool _stopped;

    private QuartzInstance(StandaloneSchedulerFactory factory, Quartz.IScheduler scheduler, string dir)
    {
        _factory = factory;
        Scheduler = scheduler;
        _dir = dir;
    }

    public Quartz.IScheduler Scheduler { get; }

    public static string Name(QuartzStore store) => store switch
    {
        QuartzStore.Ram => "quartz-ram",
        QuartzStore.Sqlite => "quartz-sqlite",
        _ => "quartz-pg",
    };

    /// <summary>Builds and starts a scheduler; with <see cref="QuartzStore.Postgres"/>, <c>postgres</c> names the database and this scheduler's id in the cluster.</summary>
    public static async Task<QuartzInstance> StartAsync(QuartzStore store, int threads, Func<Quartz.IJob> createJob, (string ConnectionString, string InstanceId)? postgres = null)
    {
        var dir = BenchPaths.NewTempDir("quartz");
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                // Clustered schedulers share their name (the database's SCHED_NAME) and differ in instance id.
                o.InstanceName = postgres is null ? "bench-" + Guid.NewGuid().ToString("N") : "bench";
                if (postgres is { } pg)
                {
                    o.InstanceId = pg.InstanceId;
                }
            });
            q.UseDefaultThreadPool(threads);
            q.UseJobFactory(new BenchJobFactory(createJob));
            if (store == QuartzStore.Ram)
            {
                q.UseInMemoryStore();
            }
            else if (store == QuartzStore.Postgres)
            {
                var pg = postgres ?? throw new ArgumentNullException(nameof(postgres), "the PostgreSQL store needs a connection string");
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(pg.ConnectionString);
                    s.UseClustering();
                    s.ProvisionSchema();
                    s.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                });
            }
            else
            {
                q.UsePersistentStore(s =>
                {
                    s.UseSqlite($"Data Source={Path.Combine(dir, "quartz.db")}");
                    s.ProvisionSchema();
                    s.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                });
            }
        }).Build();
        var scheduler = await factory.GetScheduler().ConfigureAwait(false);
        await scheduler.Start().ConfigureAwait(false);
        return new QuartzInstance(factory, scheduler, dir);
    }

    /// <summary>Shuts down waiting for running jobs, like <see cref="KairosInstance.StopAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_factory is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (_factory is IDisposable disposable)
        {
            disposable.Dispose();
        }
        SqliteConnection.ClearAllPools();
        BenchPaths.TryDelete(_dir);
    }

    private sealed class BenchJobFactory(Func<Quartz.IJob> createJob) : IJobFactory
    {
        public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, Quartz.IScheduler scheduler, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new JobScope(createJob(), null));

        public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
