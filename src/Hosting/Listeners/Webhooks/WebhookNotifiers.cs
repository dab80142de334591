using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>
/// The configured webhooks (<c>Kairos:Notifications:Webhooks</c>), one listener each (so a slow endpoint delays only its
/// own notifications), sharing one <see cref="HttpClient"/> that lives as long as the host. The client, and with it
/// System.Net.Http, is made only when a webhook is configured: a host without webhooks does not load it at start-up.
/// </summary>
internal sealed class WebhookNotifiers(IOptions<NotificationOptions> options, TimeProvider time, ILogger<WebhookNotifier> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private HttpClient? _http;

    public IReadOnlyList<WebhookNotifier> Create()
    {
        var notifiers = new List<WebhookNotifier>();
        foreach (var webhook in options.Value.Webhooks)
        {
            var notifier = new WebhookNotifier(webhook, Http(), time, logger);
            var events = webhook.Events.Count > 0 ? string.Join(", ", webhook.Events) : "failed, timed-out and interrupted runs, faulted and auto-paused jobs";
            var shown = new Uri(webhook.Url!).GetLeftPart(UriPartial.Path);
            WebhookLog.Configured(logger, shown, events);
            notifiers.Add(notifier);
        }
        return notifiers;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _http?.Dispose();
        }
    }

    private HttpClient Http()
    {
        lock (_gate)
        {
            return _http ??= new HttpClient(new SocketsHttpHandler
            {
                // Connections are renewed now and then, so a changed DNS entry of an endpoint is followed.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            {
                // Each request has its own timeout on the host's clock (WebhookOptions.Timeout).
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
    }
}
