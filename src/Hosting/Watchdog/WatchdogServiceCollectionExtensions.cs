using Kairos.Host.Diagnostics;
using Kairos.Host.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kairos.Host.Watchdog;

internal static class WatchdogServiceCollectionExtensions
{
    /// <summary>Registers the progress stamps, the watchdog (a hosted service with its own thread), its settings (<c>Kairos:Watchdog</c>) and its info section.</summary>
    public static IServiceCollection AddKairosWatchdog(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SchedulerWatchdog)))
        {
            return services;
        }
        services.AddStartSettings<WatchdogOptions, WatchdogOptionsValidator>(WatchdogOptions.SectionName);
        services.TryAddSingleton<SchedulerProgress>();
        services.TryAddSingleton<StallReport>();
        services.TryAddSingleton<SchedulerWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerWatchdog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, WatchdogInfoContributor>());
        return services;
    }
}
