using Kairos.Host.Diagnostics;
using Kairos.Host.Listeners.Webhooks;
using Kairos.Host.Settings;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kairos.Host.Listeners;

internal static class ListenerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IEventSink"/> (<see cref="ListenerHub"/>), its settings (<c>Kairos:Listeners</c>), the
    /// webhook notifiers (<c>Kairos:Notifications</c>) and the hosted service that adds the application's listeners.
    /// Register it before the scheduler's hosted service: it then starts first and stops last. Once: the plugin and
    /// script sources call it too (they publish faults and add plugin listeners), for hosts made of them alone.
    /// </summary>
    public static IServiceCollection AddKairosListeners(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ListenerHub)))
        {
            return services;
        }
        services.AddStartSettings<ListenerOptions, ListenerOptionsValidator>(ListenerOptions.SectionName);
        services.AddKairosWebhooks();
        services.TryAddSingleton<ListenerHub>();
        services.TryAddSingleton<IEventSink>(sp => sp.GetRequiredService<ListenerHub>());
        services.AddKairosTelemetry();
        services.TryAddSingleton<EngineEvents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, ListenerInfoContributor>());
        services.AddHostedService<ListenerService>();
        return services;
    }
}
