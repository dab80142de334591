using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Settings;

/// <summary>
/// Registers settings read once, at start: an options class bound from its configuration section by
/// <see cref="SettingsSetup{TOptions}"/>, checked by its validator before the host starts (a bad value stops it, named),
/// and listed as a <see cref="StartSettingsCheck"/>, so that a change of the configuration while the host runs is
/// checked by the same rules and reported (the hosting's start-settings watch).
/// </summary>
internal static class StartSettings
{
    /// <summary>Binds <typeparamref name="TOptions"/> from <paramref name="sectionPath"/>, validates it at start with <typeparamref name="TValidator"/>, and lists its check.</summary>
    public static IServiceCollection AddStartSettings<TOptions, TValidator>(this IServiceCollection services, string sectionPath)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => new SettingsSetup<TOptions>(sp.GetService<IConfiguration>(), sectionPath));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddStartSettingsCheck<TOptions>();
    }

    /// <summary>Lists the check of <typeparamref name="TOptions"/>, registered with their setup and validators by the caller.</summary>
    public static IServiceCollection AddStartSettingsCheck<TOptions>(this IServiceCollection services)
        where TOptions : class
    {
        services.AddSingleton(sp => new StartSettingsCheck(typeof(TOptions), () => Problems(sp.GetRequiredService<IOptionsFactory<TOptions>>())));
        return services;
    }

    /// <summary>The options built as a start builds them: the setup's and the validators' failures, or none.</summary>
    private static IReadOnlyList<string> Problems<TOptions>(IOptionsFactory<TOptions> factory)
        where TOptions : class
    {
        try
        {
            _ = factory.Create(Options.DefaultName);
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
    }
}
