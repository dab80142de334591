using Kairos.Host.Chaining;
using Kairos.Host.Execution.Admission;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Execution.Outcomes;
using Kairos.Host.Execution.Running;
using Kairos.Host.Execution.Starting;
using Kairos.Host.Hosting;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution;

internal static class ExecutionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dispatcher and its parts (and its gauges, <see cref="RunGauges"/>), with the start policy of the store in use (chosen here, once). The
    /// caller registers what the dispatcher tells and asks of the scheduler: <see cref="IDispatchSignal"/> and
    /// <see cref="IJobTriggersFactory"/> and <see cref="IJobSchedulerFactory"/>.
    /// </summary>
    public static IServiceCollection AddKairosExecution(this IServiceCollection services)
    {
        services.TryAddSingleton<RunEndSignal>();
        services.TryAddSingleton<RunWriter>();
        services.TryAddSingleton<ExecutingRuns>();
        services.TryAddSingleton<IStartPolicy>(sp => sp.GetRequiredService<IOptions<KairosOptions>>().Value.UsesPostgres
            ? ActivatorUtilities.CreateInstance<SharedStartPolicy>(sp)
            : ActivatorUtilities.CreateInstance<LocalStartPolicy>(sp));
        services.TryAddSingleton<AutoPause>();
        services.TryAddSingleton<ChainPlanner>();
        services.TryAddSingleton<OutcomeFollowUp>();
        services.TryAddSingleton<OutcomeRecorder>();
        services.TryAddSingleton<RunAdmission>();
        services.TryAddSingleton<RunContextFactory>();
        services.TryAddSingleton<RunLimits>();
        services.TryAddSingleton<RunStartNotice>();
        services.TryAddSingleton<RunExecutor>();
        services.TryAddSingleton<CrashLoopGuard>();
        services.TryAddSingleton<RunRecovery>();
        services.TryAddSingleton<LeaseKeeper>();
        services.TryAddSingleton<InFlightRuns>();
        services.TryAddSingleton<LeaseRelease>();
        services.TryAddSingleton<DispatchGate>();
        services.TryAddSingleton<DispatcherShutdown>();
        services.TryAddSingleton<Dispatcher>();
        services.AddKairosTelemetry();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RunGauges>());
        return services;
    }
}
