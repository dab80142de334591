using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Kairos.Host.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers Kairos's meter and run spans (<see cref="KairosMetrics"/>, <see cref="RunActivity"/>) and the gauges of
    /// the dispatcher; once, whoever calls it first (the engine, the listeners, the plugin and script sources).
    /// </summary>
    public static IServiceCollection AddKairosTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<KairosMetrics>();
        services.TryAddSingleton<RunActivity>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RunGauges>());
        return services;
    }
}
