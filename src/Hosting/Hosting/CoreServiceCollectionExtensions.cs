using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Execution;
using Kairos.Host.Execution.Running;
using Kairos.Host.Listeners;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Backfill;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Endpoint;
using Kairos.Host.Operations.Explain;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Chores;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Scheduling.Reconciling;
using Kairos.Host.Scheduling.Triggers;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the store (LiteDB or PostgreSQL, by <see cref="KairosOptions.Store"/>), the scheduler and the app job source, in the order they must start.</summary>
    public static IServiceCollection AddKairosCore(this IServiceCollection services)
    {
        services.TryAddSingleton<StoreClaim>();
        services.TryAddSingleton(sp => new LiteDbStore(
            sp.GetRequiredService<StoreClaim>().Take(), sp.GetService<Microsoft.Extensions.Logging.ILogger<LiteDbStore>>(),
            TriggerWriteBehind.Of(sp.GetRequiredService<IOptions<KairosOptions>>().Value.TriggerWriteWindow, sp.GetRequiredService<TimeProvider>())));
        services.TryAddSingleton<IRunnableJobs, RunnableJobs>();
        // Before the cluster membership: the node file is held around it.
        services.AddHostedService<ControlEndpointLock>();
        services.AddKairosPostgres();
        services.TryAddSingleton(sp => sp.SelectedStore<IClaimStore>());
        services.TryAddSingleton(sp => sp.SelectedStore<IRunRecorder>());
        services.TryAddSingleton(sp => sp.SelectedStore<ILeaseStore>());
        services.TryAddSingleton(sp => sp.SelectedStore<IRunHistory>());
        services.TryAddSingleton(sp => sp.SelectedStore<ICatalogStore>());
        services.TryAddSingleton(sp => sp.SelectedStore<IAuditLog>());
        services.TryAddSingleton(sp => CalendarSet.From(sp.GetRequiredService<IOptions<KairosOptions>>().Value));
        services.TryAddSingleton(sp => sp.SelectedStore<IBackfillStore>());
        services.TryAddSingleton(sp => sp.SelectedStore<IRunOnceLedger>());
        services.TryAddSingleton<TriggerSchedule>();
        services.TryAddSingleton<SchedulerSignal>();
        services.TryAddSingleton<IDispatchSignal>(sp => sp.GetRequiredService<SchedulerSignal>());
        services.TryAddSingleton<IJobTriggersFactory, JobTriggersFactory>();
        services.TryAddSingleton<Scheduling.RunOnce.RunOnceQueuer>();
        services.TryAddSingleton<CatalogReconciler>();
        services.TryAddSingleton<CatalogFollower>();
        services.AddKairosExecution();
        services.TryAddSingleton<DueFires>();
        services.TryAddSingleton<RunFeed>();
        services.TryAddSingleton<RunRetention>();
        services.TryAddSingleton<IHousekeepingTick>(sp => sp.GetRequiredService<IOptions<KairosOptions>>().Value.UsesPostgres
            ? ActivatorUtilities.CreateInstance<SharedHousekeepingTick>(sp)
            : ActivatorUtilities.CreateInstance<LocalHousekeepingTick>(sp));
        services.TryAddSingleton<PauseExpiry>();
        services.TryAddSingleton<Housekeeping>();
        services.TryAddSingleton<LoopIteration>();
        services.TryAddSingleton<SchedulerLoop>();
        services.TryAddSingleton<NodeSlots>();
        services.TryAddSingleton<SchedulerService>();
        services.TryAddSingleton<HostStartTime>();
        services.TryAddSingleton<JobLookup>();
        services.TryAddSingleton<HostReach>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<JobQueries>();
        services.TryAddSingleton<RunQueries>();
        services.TryAddSingleton<SchedulerState>();
        services.TryAddSingleton<ExplainReader>();
        services.TryAddSingleton<TriggerControl>();
        services.TryAddSingleton<JobSwitches>();
        services.TryAddSingleton<RunQueue>();
        services.TryAddSingleton<RunCancel>();
        services.TryAddSingleton<RunRetry>();
        services.TryAddSingleton<Backfiller>();
        services.TryAddSingleton<RunOnceControl>();
        services.TryAddSingleton<SchedulerReads>();
        services.TryAddSingleton<JobControls>();
        services.TryAddSingleton<RunControls>();
        services.TryAddSingleton<KairosScheduler>();
        services.TryAddSingleton<IScheduler>(sp => sp.GetRequiredService<KairosScheduler>());
        services.TryAddSingleton<IJobSchedulerFactory, KairosSchedulerFactory>();
        services.TryAddSingleton<OrphanRemoval>();
        services.TryAddSingleton<KairosOperations>();
        services.TryAddSingleton<Operations.Statistics.RunStatistics>();
        // Before the scheduler: listeners are added before it starts and called until after it stopped.
        services.AddKairosListeners();
        services.AddKairosWatchdog();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerService>());
        services.AddHostedService<RetentionService>();
        services.AddHostedService<AppJobSource>();
        return services;
    }
}
