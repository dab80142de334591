using System.Globalization;
using Kairos.Host.Text;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>Checks each webhook at start-up; a failure names the setting (<c>Kairos:Notifications:Webhooks:0:Url</c>), its value and what was expected.</summary>
internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var failures = new List<string>();
        foreach (var webhook in options.Webhooks)
        {
            Check(webhook, failures);
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The URL to POST to, when <paramref name="url"/> is an absolute http or https URL.</summary>
    public static Uri? ParseUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static void Check(WebhookOptions webhook, List<string> failures)
    {
        var key = webhook.Key;
        if (string.IsNullOrWhiteSpace(webhook.Url))
        {
            failures.Add($"{key}:Url is missing: expected an absolute http or https URL such as 'https://hooks.example.com/kairos'");
        }
        else if (ParseUrl(webhook.Url) is null)
        {
            failures.Add($"{key}:Url is '{webhook.Url}': expected an absolute http or https URL such as 'https://hooks.example.com/kairos'");
        }
        foreach (var name in webhook.Events.Where(e => !WebhookFilter.EventNames.Contains(e)))
        {
            failures.Add($"{key}:Events has '{name}': expected one of {string.Join(", ", WebhookFilter.EventNames)}");
        }
        foreach (var status in webhook.Statuses.Where(s => !KebabCase.TryParse<RunStatus>(s, out _, ignoreCase: true)))
        {
            failures.Add($"{key}:Statuses has '{status}': expected one of {string.Join(", ", KebabCase.Words<RunStatus>())}");
        }
        foreach (var header in webhook.Headers.Keys.Where(h => h.Length == 0 || h.Any(c => c <= ' ' || c >= 127 || c == ':')))
        {
            failures.Add($"{key}:Headers has '{header}': expected an HTTP header name (letters, digits and '-')");
        }
        if (webhook.Retries < 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Retries is '{webhook.Retries}': expected a whole number of at least 0"));
        }
        if (webhook.RetryBackoff < TimeSpan.Zero)
        {
            failures.Add($"{key}:RetryBackoff is '{webhook.RetryBackoff}': expected a duration of at least zero such as '1s'");
        }
        if (webhook.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Timeout is '{webhook.Timeout}': expected a positive duration such as '10s'");
        }
    }
}
