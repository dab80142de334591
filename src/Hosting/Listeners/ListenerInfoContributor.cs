using Kairos.Host.Diagnostics;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners;

/// <summary>The <c>listeners</c> section of <c>kairos info</c>: each listener with what it was sent, dropped and failed.</summary>
internal sealed class ListenerInfoContributor(ListenerHub hub, IOptions<ListenerOptions> options) : IInfoContributor
{
    public string Section => "listeners";

    public object Snapshot() => new ListenersInfo(options.Value.QueueCapacity, options.Value.CallTimeout, hub.Stats());

    internal sealed record ListenersInfo(int QueueCapacity, TimeSpan CallTimeout, IReadOnlyList<ListenerStats> Listeners);
}
