using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Host.Plugins;

internal static class PluginServiceCollectionExtensions
{
    /// <summary>Registers the plugin folder source.</summary>
    public static IServiceCollection AddKairosPlugins(this IServiceCollection services) => services;
}
