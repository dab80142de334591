using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>
/// Binds <c>Kairos:Notifications:Webhooks</c>: each entry's single values with <see cref="SettingsBinder"/> (durations as
/// <c>1s</c>, <c>00:00:01</c>), its lists from a JSON array or one comma-separated value (an environment variable), its
/// headers from a JSON object. A value that cannot be read fails the start like any invalid setting, naming it.
/// </summary>
internal sealed class NotificationSettingsSetup(IConfiguration? configuration) : IConfigureOptions<NotificationOptions>
{
    public void Configure(NotificationOptions options)
    {
        if (configuration is null)
        {
            return;
        }
        var failures = new List<string>();
        foreach (var entry in configuration.GetSection(NotificationOptions.SectionName + ":Webhooks").GetChildren())
        {
            var webhook = new WebhookOptions { Key = entry.Path };
            failures.AddRange(SettingsBinder.Bind(configuration, entry.Path, webhook));
            webhook.Events.AddRange(List(entry.GetSection(nameof(WebhookOptions.Events))));
            webhook.Statuses.AddRange(List(entry.GetSection(nameof(WebhookOptions.Statuses))));
            webhook.Jobs.AddRange(List(entry.GetSection(nameof(WebhookOptions.Jobs))));
            foreach (var header in entry.GetSection(nameof(WebhookOptions.Headers)).GetChildren())
            {
                webhook.Headers[header.Key] = header.Value ?? "";
            }
            options.Webhooks.Add(webhook);
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(NotificationOptions), failures);
        }
    }

    private static IEnumerable<string> List(IConfigurationSection section) =>
        (section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
            .Select(v => v.Trim())
            .Where(v => v.Length > 0);
}
