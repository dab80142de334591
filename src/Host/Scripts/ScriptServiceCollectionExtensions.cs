using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Host.Scripts;

internal static class ScriptServiceCollectionExtensions
{
    /// <summary>Registers the script folder source.</summary>
    public static IServiceCollection AddKairosScripts(this IServiceCollection services) => services;
}
