using Kairos.Host.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Host.Hosting;

internal static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the store, the scheduler and the app job source, in the order they must start.</summary>
    public static IServiceCollection AddKairosCore(this IServiceCollection services)
    {
        services.AddHostedService<AppJobSource>();
        return services;
    }
}
