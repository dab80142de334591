namespace Kairos.Host.Listeners.Webhooks;

/// <summary>The built-in notifiers, bound from the <c>Kairos:Notifications</c> section.</summary>
internal sealed class NotificationOptions
{
    public const string SectionName = "Kairos:Notifications";

    /// <summary>
    /// <c>Kairos:Notifications:Webhooks</c>: each entry POSTs one JSON document per matching event to its URL. Default: none.
    /// </summary>
    public List<WebhookOptions> Webhooks { get; } = [];
}
