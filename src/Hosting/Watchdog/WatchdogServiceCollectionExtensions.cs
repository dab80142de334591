using Kairos.Host.Diagnostics;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddOptions<WatchdogOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<WatchdogOptions>>(sp => new SettingsSetup<WatchdogOptions>(sp.GetService<IConfiguration>(), WatchdogOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WatchdogOptions>, WatchdogOptionsValidator>());
        services.TryAddSingleton<SchedulerProgress>();
        services.TryAddSingleton<StallReport>();
        services.TryAddSingleton<SchedulerWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulerWatchdog>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, WatchdogInfoContributor>());
        return services;
    }
}
