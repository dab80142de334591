using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>Registers the webhook settings (<c>Kairos:Notifications:Webhooks</c>, validated at start) and the notifiers made from them.</summary>
    public static IServiceCollection AddKairosWebhooks(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<NotificationOptions>>(sp => new NotificationSettingsSetup(sp.GetService<IConfiguration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>());
        services.AddStartSettingsCheck<NotificationOptions>();
        services.TryAddSingleton<WebhookNotifiers>();
        return services;
    }
}
