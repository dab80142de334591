using Kairos.Host.Listeners.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kairos.Host.Listeners;

/// <summary>
/// Adds the application's listeners (<see cref="ISchedulerListener"/> services) and the configured webhook notifiers
/// before the scheduler starts, and at shutdown, after the scheduler has stopped and recorded its runs, delivers what
/// is queued (within the call timeout) and stops every listener.
/// </summary>
internal sealed class ListenerService(ListenerHub hub, IServiceProvider services, WebhookNotifiers webhooks) : IHostedService
{
    public const string AppSource = "app";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the hub's constructor: a listener may depend on services that publish events.
        hub.Add(AppSource, services.GetServices<ISchedulerListener>());
        foreach (var webhook in webhooks.Create())
        {
            hub.Add(webhook.Key, [webhook]);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => hub.StopAsync(cancellationToken);
}
