using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kairos.Host.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers Kairos's meter and run spans (<see cref="KairosMetrics"/>, <see cref="RunActivity"/>); once, whoever
    /// calls it first (the engine, the listeners, the plugin and script sources). The engine adds the dispatcher's gauges.
    /// </summary>
    public static IServiceCollection AddKairosTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<KairosMetrics>();
        services.TryAddSingleton<RunActivity>();
        return services;
    }
}
