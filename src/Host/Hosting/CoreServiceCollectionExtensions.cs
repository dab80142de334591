using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Operations;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the store, the scheduler and the app job source, in the order they must start.</summary>
    public static IServiceCollection AddKairosCore(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LiteDbStore(sp.GetRequiredService<IOptions<KairosOptions>>().Value.DatabasePath));
        services.TryAddSingleton<IJobStore>(sp => sp.GetRequiredService<LiteDbStore>());
        services.TryAddSingleton<ITriggerStore>(sp => sp.GetRequiredService<LiteDbStore>());
        services.TryAddSingleton<IRunStore>(sp => sp.GetRequiredService<LiteDbStore>());
        services.TryAddSingleton<TriggerSchedule>();
        services.TryAddSingleton<SchedulerSignal>();
        services.TryAddSingleton<CatalogReconciler>();
        services.TryAddSingleton<Dispatcher>();
        services.TryAddSingleton<SchedulerService>();
        services.TryAddSingleton<KairosOperations>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerService>());
        services.AddHostedService<RetentionService>();
        services.AddHostedService<ControlApiServer>();
        services.AddHostedService<AppJobSource>();
        return services;
    }
}
