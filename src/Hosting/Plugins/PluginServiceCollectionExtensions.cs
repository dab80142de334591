using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Watching;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

internal static class PluginServiceCollectionExtensions
{
    /// <summary>
    /// Registers the plugin folder source (<see cref="PluginJobSource"/>, a hosted service) and the
    /// <see cref="PluginStatusBoard"/> that <c>info --json</c> reads. Needs the <see cref="Catalog.JobCatalog"/> and
    /// <see cref="Hosting.KairosOptions"/> that <c>AddKairos</c> registers.
    /// </summary>
    public static IServiceCollection AddKairosPlugins(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PluginSourceOptions>();
        services.AddKairosListeners();
        services.TryAddSingleton<PluginStatusBoard>();
        services.TryAddSingleton<PluginShadowCopy>();
        services.TryAddSingleton(sp => new PluginSettings(sp.GetService<IConfiguration>()));
        services.TryAddSingleton(sp => new PluginVersionLoader(
            sp.GetRequiredService<PluginShadowCopy>(),
            sp.GetRequiredService<PluginSettings>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<KairosOptions>>().Value.AllowProcessExit,
            sp.GetService<Execution.Running.IJobSchedulerFactory>()));
        services.TryAddSingleton<PluginRetirement>();
        services.TryAddSingleton(sp => new VersionRetirer<LoadedPlugin>(
            sp.GetRequiredService<PluginRetirement>(),
            sp.GetRequiredService<IOptions<KairosOptions>>(),
            sp.GetRequiredService<IOptions<PluginSourceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetRequiredService<KairosMetrics>().VersionLeaked(PluginTrust.Kind)));
        services.TryAddSingleton<SourceLoadReport>();
        services.TryAddSingleton<PluginPublication>();
        services.TryAddSingleton<PluginFolderLoader>();
        services.TryAddSingleton(sp => new FolderSource<PluginEntry, LoadedPlugin, PluginCandidate, PluginLoadResult>(
            sp.GetRequiredService<PluginFolderLoader>(),
            sp.GetRequiredService<VersionRetirer<LoadedPlugin>>(),
            sp.GetRequiredService<ILogger<PluginFolderLoader>>()));
        services.TryAddKeyedSingleton(PluginJobSource.FolderKey, (sp, _) => new ConfiguredFolder(
            PluginTrust.Kind,
            () => sp.GetRequiredService<IOptions<KairosOptions>>().Value.PluginsPath,
            sp.GetRequiredService<IOptions<PluginSourceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<PluginJobSource>();
        services.AddHostedService(sp => sp.GetRequiredService<PluginJobSource>());
        services.AddSingleton<IInfoContributor, PluginInfoContributor>();
        return services;
    }
}
