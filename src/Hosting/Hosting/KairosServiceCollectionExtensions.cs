using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Chaining;
using Kairos.Host.Diagnostics;
using Kairos.Host.Plugins;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scripts;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

/// <summary>Adds Kairos to a Generic Host application.</summary>
public static class KairosServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Kairos scheduler: the store, the scheduler loop, plugin and script sources, and the loopback control
    /// API. Settings come from the <c>Kairos</c> configuration section and then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Optional changes to the settings after configuration is bound.</param>
    /// <returns>A builder to add the application's own jobs.</returns>
    public static IKairosBuilder AddKairos(this IServiceCollection services, Action<KairosOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<KairosOptions>();
        services.AddSingleton<IConfigureOptions<KairosOptions>>(sp => new UnknownSettingsCheck(
            sp.GetService<IConfiguration>(), sp.GetService<ILogger<KairosOptions>>()));
        services.AddSingleton<IConfigureOptions<KairosOptions>>(sp => new SettingsSetup<KairosOptions>(
            sp.GetService<IConfiguration>(), KairosOptions.SectionName));
        services.AddSingleton<IConfigureOptions<KairosOptions>>(sp => new CalendarSettings(sp.GetService<IConfiguration>()));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KairosOptions>, KairosOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KairosOptions>, JobOverridesValidator>());
        // The other keys of the Kairos section are read at start: a change while the host runs is reported, not applied.
        services.AddStartSettingsCheck<KairosOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StartSettingsWatch>());
        // The whole Kairos section's unknown keys, reported again when the configuration reloads.
        services.TryAddSingleton(sp => new JobSettings(sp.GetService<IConfiguration>(), sp.GetService<ILogger<JobSettings>>(),
            sp.GetService<CalendarSet>(), UnknownSettings.Find));
        services.TryAddSingleton<JobCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, ChainInfoContributor>());
        services.AddKairosCore();
        services.AddKairosPlugins();
        services.AddKairosScripts();
        return new KairosBuilder(services);
    }
}
